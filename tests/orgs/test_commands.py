import re

from django.core.management import call_command

from zhicheng.orgs.models import ApiToken


def test_create_api_token_prints_key_once_and_stores_only_hash(world, capsys, client):
    call_command("create_api_token", world.hr.username, "数据交换")
    key = re.search(r"：(\S+)", capsys.readouterr().out).group(1)
    token = ApiToken.objects.get(user=world.hr)
    assert key not in token.key_hash and len(token.key_hash) == 64
    r = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and r.json()["real_name"] == world.hr.real_name


def test_code_tables_and_scoped_organizations_in_the_api(client, world):
    client.force_login(world.applicant)
    levels = client.get("/api/v1/codes/education-levels").json()
    assert any(e["name"] == "大学本科毕业" for e in levels)
    results = [r["name"] for r in client.get("/api/v1/codes/assessment-results").json()]
    assert results == ["优秀", "合格", "基本合格", "不合格"]
    params = {p["key"]: p["value"] for p in client.get("/api/v1/codes/parameters").json()}
    assert params["upload_max_bytes"] == 10 * 1024 * 1024 and params["summary_min_chars"] == 600
    titles = client.get("/api/v1/codes/titles").json()
    assert any(t["code"] == "082" and t["name"] == "高级工程师" for t in titles)
    assert [o["name"] for o in client.get("/api/v1/organizations").json()] == [world.unit.name]
    client.force_login(world.office_reviewer)
    names = {o["name"] for o in client.get("/api/v1/organizations").json()}
    assert names == {world.office.name, world.unit.name}
    client.force_login(world.provincial)
    assert len(client.get("/api/v1/organizations").json()) >= 6
