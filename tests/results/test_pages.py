"""证书查询 on the public page and the API (no login, masked, CSRF on the form, noindex), the QR code's page,
the holder's list and PDF (another's → 404), the provincial office's 撤销 page, and the login page's link."""

import datetime
import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from zhicheng.codes.models import Parameter
from zhicheng.integrity.models import Ban
from zhicheng.results import services

from .. import factories as f
from ..support.queries import count_queries
from .steps import issue


def masked(idn):
    return idn[:3] + "*" * 12 + idn[-3:]


def test_the_login_page_links_to_the_lookup(client):
    r = client.get("/login/")
    assert 'id="zhengshu-link"' in r.content.decode() and 'href="/zhengshu/"' in r.content.decode()


def test_lookup_page_confirms_with_masked_id_only(world, client):
    cert = issue(world)
    r = client.get("/zhengshu/")
    assert r.status_code == 200 and r["X-Robots-Tag"].startswith("noindex") and "证书编号" in r.content.decode()
    r = client.post("/zhengshu/", {"number": cert.number, "name": "张建国"})
    page = r.content.decode()
    assert r.status_code == 200 and "经查询，该证书真实有效。" in page
    assert masked(world.applicant.id_number) in page and world.applicant.id_number not in page
    assert 'data-found="1"' in page and "冀人社职〔2026〕12号" in page


@pytest.mark.parametrize("number,name", [("冀ZC2026000001", "李秀英"), ("冀ZC2026999999", "张建国")])
def test_lookup_page_wrong_name_or_unknown_number(world, client, number, name):
    issue(world)
    page = client.post("/zhengshu/", {"number": number, "name": name}).content.decode()
    assert "未查询到匹配的证书，请核对证书编号和姓名。" in page and 'data-found="0"' in page
    assert "张建国" not in page.split('id="certificate-result"')[1].split("</section>")[0]


def test_lookup_form_needs_csrf(world):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/zhengshu/", {"number": "x", "name": "y"}).status_code == 403


def test_revoked_certificate_shows_revoked_on_the_page(world, client):
    cert = issue(world)
    services.revoke(world.provincial, cert, reason="伪造", on=datetime.date(2027, 3, 1))
    page = client.post("/zhengshu/", {"number": cert.number, "name": "张建国"}).content.decode()
    assert "该证书已于2027年3月1日撤销，不再有效。" in page and 'data-revoked="1"' in page and "已撤销" in page


def test_rate_limited_page_answers_429(world, client):
    cert = issue(world)
    Parameter.objects.update_or_create(key="certificate_lookups_per_hour", defaults={"name": "x", "value": 1})
    client.post("/zhengshu/", {"number": cert.number, "name": "张建国"})
    r = client.post("/zhengshu/", {"number": cert.number, "name": "张建国"})
    assert r.status_code == 429 and "查询过于频繁" in r.content.decode()


def test_verification_code_page(world, client):
    cert = issue(world)
    r = client.get(f"/zhengshu/v/{cert.verification_code}/")
    page = r.content.decode()
    assert r.status_code == 200 and "经查询，该证书真实有效。" in page and masked(world.applicant.id_number) in page
    assert world.applicant.id_number not in page
    r = client.get("/zhengshu/v/AAAAAAAAAAAAAAAA/")
    assert r.status_code == 404 and "未查询到匹配的证书" in r.content.decode()


def test_api_verify_public(world):
    cert = issue(world)
    api = Client()
    r = api.post("/api/v1/certificates/verify", json.dumps({"number": cert.number, "name": "张建国"}),
                 content_type="application/json")
    body = r.json()
    assert r.status_code == 200 and body["found"] and not body["revoked"]
    assert body["certificate"]["id_number"] == masked(world.applicant.id_number)
    assert world.applicant.id_number not in r.content.decode()
    for payload in ({"number": cert.number, "name": "李秀英"}, {"number": "冀ZC2026999999", "name": "张建国"}):
        r = api.post("/api/v1/certificates/verify", json.dumps(payload), content_type="application/json")
        assert r.json() == {"found": False, "revoked": False, "message": "未查询到匹配的证书，请核对证书编号和姓名。",
                            "certificate": None}
    services.revoke(world.provincial, cert, reason="伪造", on=datetime.date(2027, 3, 1))
    r = api.get(f"/api/v1/certificates/verify/{cert.verification_code}")
    assert r.json()["revoked"] and r.json()["certificate"]["revoked_on"] == "2027-03-01"


def test_api_rate_limit(world):
    Parameter.objects.update_or_create(key="certificate_lookups_per_hour", defaults={"name": "x", "value": 1})
    api = Client()
    api.get("/api/v1/certificates/verify/AAAA")
    r = api.get("/api/v1/certificates/verify/AAAA")
    assert r.status_code == 429 and r.json()["detail"] == ["查询过于频繁，请一小时后再试。"]


def test_api_holder_list_is_own_only(world):
    cert = issue(world)
    issue(world, world.other_app)
    c = Client()
    c.force_login(world.applicant)
    rows = c.get("/api/v1/certificates").json()["items"]
    assert [r["number"] for r in rows] == [cert.number]
    assert rows[0]["id_number"] == masked(world.applicant.id_number)
    assert Client().get("/api/v1/certificates").status_code == 401


def test_holder_list_and_pdf_with_qr_code(world, client):
    cert = issue(world)
    other = issue(world, world.other_app)
    client.force_login(world.applicant)
    page = client.get("/results/certificates/").content.decode()
    assert cert.number in page and other.number not in page
    r = client.get(f"/results/certificates/{cert.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert cert.number in text and masked(world.applicant.id_number) in text
    assert world.applicant.id_number not in text
    assert f"/zhengshu/v/{cert.verification_code}/" in text.replace("\n", "")
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" re") > 100  # the QR code's modules drawn as rectangles
    assert client.get(f"/results/certificates/{other.pk}/pdf/").status_code == 404


def test_revoke_page_for_the_provincial_office_only(world, client):
    cert = issue(world)
    client.force_login(world.host_user)
    assert client.get(f"/results/certificates/{cert.pk}/revoke/").status_code == 404
    client.force_login(world.provincial)
    page = client.get(f"/results/certificates/{cert.pk}/revoke/").content.decode()
    assert masked(world.applicant.id_number) in page and world.applicant.id_number not in page
    r = client.post(f"/results/certificates/{cert.pk}/revoke/",
                    {"on": "2027-03-01", "authority": "河北省人力资源和社会保障厅", "reason": "论文剽窃"})
    assert r.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "revoked" and Ban.objects.get().ends_on == datetime.date(2030, 3, 1)


def test_holder_list_queries_do_not_grow(world, client):
    issue(world)
    client.force_login(world.applicant)
    count_queries(client, "/results/certificates/")  # the first request of a session reads more
    before = count_queries(client, "/results/certificates/")
    for i in range(3):
        app = f.application(world.applicant, f.campaign(world.unit, world.hr, year=2020 + i))
        issue(world, app)
    assert count_queries(client, "/results/certificates/") == before
