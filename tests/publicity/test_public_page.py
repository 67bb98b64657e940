"""The public page (no login): what it shows and never shows, noindex, taken down after the end, its queries."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhicheng.dossier import models as m
from zhicheng.publicity import services as ps

from .. import factories as f
from .conftest import FIRST, LAST, PUBLISHED, at
from .steps import recommended


def _get(url):
    return Client().get(url)


def test_the_public_page_shows_the_four_kinds_of_content_without_id_or_phone(notice, world):
    m.Publication.objects.create(application=world.app, kind="paper", title="配电网无功优化研究", author_rank=1,
                                 journal="电力系统自动化", published_on=datetime.date(2020, 5, 1))
    m.ProfessionalAward.objects.create(application=world.app, name="河北省科技进步奖", grade="二等奖", rank=2,
                                       awarded_on=datetime.date(2021, 6, 1), issuer="河北省人民政府")
    applicant = world.app.applicant
    with at(FIRST):
        r = _get(f"/gongshi/{notice.pk}/")
        person = _get(f"/gongshi/{notice.pk}/people/{notice.entries.get().pk}/")
        poster = _get(f"/gongshi/{notice.pk}/poster/")
    body = r.content.decode()
    assert r.status_code == 200
    for text in ("张建国", "河北电力设计院", world.app.title.name, world.app.specialty, "2026年9月29日—2026年10月10日",
                 "排序表", "推荐人员名单", "河北工业大学", "2008年7月1日起从事专业技术工作", "配电网无功优化研究",
                 "河北省科技进步奖", "个人工作总结（800字）", 'name="csrfmiddlewaretoken"'):
        assert text in body, text
    for page in (body, person.content.decode(), poster.content.decode()):
        assert applicant.id_number not in page and applicant.phone not in page
        assert applicant.id_number[:6] + "*" not in page  # not even a masked form on the public page
        assert "a@example.cn" not in page
        assert '<meta name="robots" content="noindex' in page
    assert "工程师（2015年12月）" in person.content.decode()  # the 一览表's own content
    assert "张建国" in poster.content.decode() and "打印" in poster.content.decode()
    for resp in (r, person, poster):
        assert "noindex" in resp["X-Robots-Tag"]


def test_linked_from_the_login_page_and_the_notices(notice, world):
    assert 'href="/gongshi/"' in _get("/login/").content.decode()
    assert 'href="/gongshi/"' in _get("/notices/").content.decode()
    with at(FIRST):
        listing = _get("/gongshi/").content.decode()
    assert f'href="/gongshi/{notice.pk}/"' in listing
    with at(LAST + datetime.timedelta(days=1)):
        assert f'href="/gongshi/{notice.pk}/"' not in _get("/gongshi/").content.decode()


def test_before_the_start_only_the_dates_after_the_end_taken_down(notice, world):
    with at(PUBLISHED):
        r = _get(f"/gongshi/{notice.pk}/")
    assert r.status_code == 200 and "本公示将于2026年9月29日开始" in r.content.decode()
    assert "张建国" not in r.content.decode()
    with at(LAST, 23, 59, 59):
        assert "张建国" in _get(f"/gongshi/{notice.pk}/").content.decode()
    with at(LAST + datetime.timedelta(days=1), 0, 0, 0):
        r = _get(f"/gongshi/{notice.pk}/")
        poster = _get(f"/gongshi/{notice.pk}/poster/")
        person = _get(f"/gongshi/{notice.pk}/people/{notice.entries.get().pk}/")
    assert r.status_code == 410 and "公示已结束" in r.content.decode() and "张建国" not in r.content.decode()
    assert poster.status_code == 410 and "张建国" not in poster.content.decode()
    assert person.status_code == 404
    assert _get("/gongshi/999999/").status_code == 404


def test_a_person_withdrawn_from_the_notice_is_no_longer_shown(notice, world):
    with at(FIRST):
        ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="139", facts="不实")
        ps.investigate(world.hr, world.app)
        ps.withdraw_recommendation(world.hr, world.app, reason="业绩不实", investigation="核对原件")
        entry = notice.entries.get()
        body = _get(f"/gongshi/{notice.pk}/").content.decode()
    # gone from the recommended list and its material; the ranking sheet (the unit's record) still ranks him
    assert "暂无公示人员" in body and f'id="person-{entry.pk}"' not in body


def test_public_page_queries_do_not_grow_with_people(world):
    others = f.submitted_applications(world.campaign, 1)
    recommended([world.app, *others], world.hr)
    with at(PUBLISHED):
        small = ps.start_notice(world.hr, campaign=world.campaign)
    # a second campaign of the unit (one collective decision per sheet), with more people
    camp2027 = f.campaign(world.unit, world.hr, year=2027)
    more = f.submitted_applications(camp2027, 4)
    recommended(more, world.hr)
    with at(PUBLISHED):
        big = ps.start_notice(world.hr, campaign=camp2027)
    counts = []
    with at(FIRST):
        for n in (small, big):
            with CaptureQueriesContext(connection) as q:
                assert _get(f"/gongshi/{n.pk}/").status_code == 200
            counts.append(len(q))
    assert counts[0] == counts[1], counts


def test_the_ranking_sheet_comes_from_scoring_when_it_offers_one(notice, world, monkeypatch):
    """The late lookup: a sheet scoring renders is shown as a table (escaped), else the recommended order."""
    import sys
    import types

    fake = types.ModuleType("zhicheng.scoring.ranking")
    fake.render_sheet = lambda campaign: [{"title": "工程系列（中级）", "header": ["排名", "姓名", "总分"],
                                           "rows": [[1, "张建国", "88.50"], [2, "<script>x</script>", "80"]]}]
    monkeypatch.setitem(sys.modules, "zhicheng.scoring.ranking", fake)
    with at(FIRST):
        body = _get(f"/gongshi/{notice.pk}/").content.decode()
    assert "工程系列（中级）" in body and "88.50" in body and "<script>x</script>" not in body
    monkeypatch.delitem(sys.modules, "zhicheng.scoring.ranking")
    with at(FIRST):
        body = _get(f"/gongshi/{notice.pk}/").content.decode()
    # the real scoring app offers its sheet: the unit's ranking, not the fake one
    assert "88.50" not in body and "张建国" in body
