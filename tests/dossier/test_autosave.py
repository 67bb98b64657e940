"""Nothing typed is lost (issue 6 §1): autosave answers JSON or fails loudly, refused input stays a draft,
and the browser forgets its own copy only once the server holds the same values."""

import html
import json
import re

from zhicheng.dossier import models as m

JSON = {"HTTP_ACCEPT": "application/json"}


def _section(world, key="achievement"):
    return f"/applications/{world.app.pk}/s/{key}/"


def test_autosave_without_a_session_is_a_json_401_not_a_redirect(client, world):
    r = client.post(_section(world) + "draft/new/", {"content": "会话已结束时输入的内容"}, **JSON)
    assert r.status_code == 401
    assert r["Content-Type"] == "application/json"
    assert r.json() == {"ok": False, "error": "登录已超时，请重新登录后继续。", "login_url": "/login/"}
    assert not m.Draft.objects.exists()


def test_autosave_after_the_idle_timeout_is_a_json_401_and_logs_out(client, world):
    client.force_login(world.applicant)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] -= 30 * 60 + 1  # one second past the idle timeout
    session.save()
    r = client.post(_section(world) + "draft/new/", {"content": "超时后输入"}, **JSON)
    assert r.status_code == 401 and r.json()["ok"] is False
    assert not m.Draft.objects.exists()
    assert client.get("/").status_code == 302  # the session really ended


def test_a_page_request_after_the_idle_timeout_still_goes_to_the_login_page(client, world):
    client.force_login(world.applicant)
    client.get("/")
    session = client.session
    session["last_seen"] -= 30 * 60 + 1
    session.save()
    r = client.get(_section(world))
    assert r.status_code == 302 and r["Location"] == "/login/?timeout=1"


def test_autosave_at_exactly_the_idle_timeout_is_still_stored(client, world):
    client.force_login(world.applicant)
    client.get("/")
    session = client.session
    session["last_seen"] -= 30 * 60 - 1  # a second to spare (the clock may tick during the request)
    session.save()
    r = client.post(_section(world) + "draft/new/", {"content": "最后一秒"}, **JSON)
    assert r.status_code == 200
    assert m.Draft.objects.get(application=world.app).data == {"content": "最后一秒"}


def test_autosave_echoes_the_stored_values(client, world):
    """The browser drops its copy only when the echo equals what it sent; a truncated value differs."""
    client.force_login(world.applicant)
    r = client.post(_section(world) + "draft/new/", {"content": "甲" * 5001}, **JSON)
    body = r.json()
    assert r.status_code == 200 and body["ok"] is True
    assert body["data"] == {"content": "甲" * 5000}
    assert int(r["X-Session-Seconds-Left"]) > 29 * 60


def test_autosave_out_of_scope_is_a_json_404(client, world):
    client.force_login(world.other_applicant)
    r = client.post(_section(world) + "draft/new/", {"content": "x"}, **JSON)
    assert r.status_code == 404 and r.json()["ok"] is False
    assert not m.Draft.objects.exists()


def test_a_save_refused_by_validation_keeps_the_typed_values_as_the_server_draft(client, world):
    client.force_login(world.applicant)
    typed = {"school": "河北工业大学", "major": "", "start_date": "2030-01-01"}
    r = client.post(_section(world, "education"), typed)
    assert r.status_code == 200 and "请填写所学专业。" in r.content.decode()
    assert not m.Education.objects.exists()
    draft = m.Draft.objects.get(application=world.app, section="education", form_key="new")
    assert draft.data == typed
    # After a new login the form opens with what was typed.
    client.logout()
    client.force_login(world.applicant)
    page = client.get(_section(world, "education")).content.decode()
    assert 'value="河北工业大学"' in page and "已恢复自动保存的未保存内容" in page


def test_a_refused_save_shows_the_errors_not_a_restored_draft_note(client, world):
    client.force_login(world.applicant)
    page = client.post(_section(world, "education"), {"school": "某大学"}).content.decode()
    assert "请填写所学专业。" in page and "已恢复自动保存的未保存内容" not in page


def test_a_refused_edit_of_an_item_keeps_its_draft_under_the_item(client, world):
    client.force_login(world.applicant)
    client.post(_section(world), {"content": "原有业绩"})
    item = m.Achievement.objects.get(application=world.app)
    client.post(_section(world), {"content": ""})
    assert m.Achievement.objects.get(pk=item.pk).content == "原有业绩"
    assert m.Draft.objects.get(application=world.app, section="achievement", form_key=str(item.pk)).data == {
        "content": ""}


def test_a_successful_save_hands_the_stored_values_to_the_page_once(client, world):
    client.force_login(world.applicant)
    r = client.post(_section(world), {"content": "第一行\r\n第二行"}, follow=True)
    page = r.content.decode()
    found = re.search(r'data-clear-local="([^"]+)" data-user="(\d+)" data-saved-values="([^"]*)"', page)
    assert found
    assert found[1] == _section(world) + "draft/new/" and found[2] == str(world.applicant.pk)
    assert json.loads(html.unescape(found[3])) == {"content": "第一行\r\n第二行"}
    again = client.get(_section(world) + "?saved=new").content.decode()
    assert 'data-saved-values=""' in again  # used once: a later visit cannot clear a newer local copy
