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
