"""消息 page: one's own messages only (another's is a 404), newest first, unread bold, opening marks read,
全部标为已读, the unread count in the header."""

import re

import pytest

from zhicheng.messaging.models import Message
from zhicheng.messaging.services import notify, unread_count
from zhicheng.orgs.roles import Role

from .. import factories as f
from ..support.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    unit = f.org("测试单位", "unit")
    return f.user(Role.APPLICANT, unit, name="张三"), f.user(Role.APPLICANT, unit, name="李四")


def test_the_inbox_lists_ones_own_messages_newest_first_unread_bold(client, people):
    me, other = people
    first = notify(me, subject="第一条", body="a")
    notify(me, subject="第二条", body="b")
    notify(other, subject="别人的消息", body="c")
    Message.objects.filter(pk=first.pk).update(read_at="2026-11-01T00:00:00Z")
    client.force_login(me)
    html = client.get("/messages/").content.decode()
    assert "别人的消息" not in html
    assert html.index("第二条") < html.index("第一条")
    assert re.search(r'<tr class="unread"><td><strong><a href="[^"]+">第二条', html)
    assert not re.search(r'<strong><a href="[^"]+">第一条', html)
    assert 'id="nav-messages">消息<span class="badge" title="未读消息">（1）' in html


def test_opening_a_message_marks_it_read_and_links_inside_the_site_only(client, people):
    me, _ = people
    msg = notify(me, subject="网上申报将于2026年10月8日截止", body="请在截止前提交。", link="/applications/1/")
    evil = notify(me, subject="外链", body="x", link="https://evil.example/")
    client.force_login(me)
    html = client.get(f"/messages/{msg.pk}/").content.decode()
    assert "请在截止前提交。" in html and 'href="/applications/1/"' in html
    msg.refresh_from_db()
    assert msg.read_at is not None and unread_count(me) == 1
    assert "（1）" in html  # the header counts the other one only
    assert "evil.example" not in client.get(f"/messages/{evil.pk}/").content.decode()


def test_nobody_reads_anothers_message(client, people):
    me, other = people
    theirs = notify(other, subject="别人的消息", body="保密")
    client.force_login(me)
    assert client.get(f"/messages/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(client, people):
    me, other = people
    for i in range(3):
        notify(me, subject=f"消息{i}", body="x")
    notify(other, subject="别人的", body="y")
    client.force_login(me)
    assert client.get("/messages/read-all/").status_code == 405
    r = client.post("/messages/read-all/", follow=True)
    assert "已将3条消息标为已读。" in r.content.decode()
    assert unread_count(me) == 0 and unread_count(other) == 1
    r = client.post("/messages/read-all/", follow=True)
    assert "没有未读消息。" in r.content.decode()


def test_the_inbox_needs_a_login(client):
    r = client.get("/messages/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_the_inbox_does_not_grow_with_messages(client, people):
    me, _ = people
    notify(me, subject="一条", body="x")
    client.force_login(me)
    client.get("/")
    small = count_queries(client, "/messages/")
    for i in range(30):
        notify(me, subject=f"消息{i}", body="x")
    assert count_queries(client, "/messages/") <= small
