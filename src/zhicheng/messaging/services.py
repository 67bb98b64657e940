"""notify(): the one way the system tells a person something."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from . import sms
from .models import Message

log = logging.getLogger("zhicheng.messaging")


def notify(user, *, subject: str, body: str, link: str = "", key: str = "", email: bool = True,
           text: bool = False) -> Message | None:
    """Put a message in the person's inbox; e-mail it (if they have an address) and text it (if asked and
    they have a phone) once the surrounding transaction commits. With `key`, a second call for the same
    person and key does nothing and returns None (a reminder job may run many times a day)."""
    try:
        with transaction.atomic():
            msg = Message.objects.create(recipient=user, subject=subject[:200], body=body, link=link, key=key)
    except IntegrityError:
        if key:
            return None
        raise

    def deliver():
        sent = {}
        if email and user.email:
            try:
                send_mail(f"【职称申报】{subject}", f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL,
                          [user.email])
                sent["emailed"] = True
            except Exception:  # the inbox keeps the message; a mail outage must not undo the step
                log.exception("邮件发送失败：消息 %s", msg.pk)
        if text and user.phone:
            try:
                sms.backend().send(user.phone, f"【职称申报】{subject}。{body}"[:300])
                sent["texted"] = True
            except Exception:
                log.exception("短信发送失败：消息 %s", msg.pk)
        if sent:
            Message.objects.filter(pk=msg.pk).update(**sent)

    transaction.on_commit(deliver)
    return msg


def unread_count(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
