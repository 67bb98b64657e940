import pytest
from django.core import mail
from django.db import transaction

from zhicheng.messaging import services
from zhicheng.messaging.models import Message
from zhicheng.messaging.sms import LoggingSmsBackend

from .. import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _with_email():
    person = f.user()
    person.email = "li@example.cn"
    person.save()
    return person


def test_a_message_lands_in_the_inbox_and_is_mailed_and_texted_after_commit():
    person = _with_email()
    LoggingSmsBackend.sent.clear()
    with transaction.atomic():
        services.notify(person, subject="账号已开通", body="请登录后修改密码。", text=True)
        assert mail.outbox == []  # nothing leaves before the step commits
    assert services.unread_count(person) == 1
    assert [m.subject for m in mail.outbox] == ["【职称申报】账号已开通"]
    assert LoggingSmsBackend.sent[-1][0] == person.phone
    msg = Message.objects.get(recipient=person)
    assert msg.emailed and msg.texted


def test_nothing_is_sent_when_the_step_rolls_back():
    person = _with_email()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(person, subject="x", body="y")
        raise RuntimeError
    assert mail.outbox == [] and not Message.objects.exists()


def test_a_keyed_reminder_is_sent_once():
    person = f.user()
    assert services.notify(person, subject="提醒", body="b", key="remind:1") is not None
    assert services.notify(person, subject="提醒", body="b", key="remind:1") is None
    assert Message.objects.filter(recipient=person).count() == 1
    assert mail.outbox == []  # no address, no mail
