"""SMS: an interface and the default implementation that only logs (no gateway is contracted by default).

A province plugs its gateway in with `SMS_BACKEND = "dotted.path.Class"`; the class has `send(phone, text)`
and raises on failure (the message stays in the inbox either way)."""

import logging
from collections import deque

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("zhicheng.sms")


class SmsBackend:
    def send(self, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """Writes the SMS to the log with the phone masked; keeps the last 100 in `sent` (for tests: a long-running
    process must not keep every text it ever sent)."""

    sent: deque[tuple[str, str]] = deque(maxlen=100)

    def send(self, phone: str, text: str) -> None:
        masked = f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"
        log.info("短信 %s：%s", masked, text)
        type(self).sent.append((phone, text))


def backend() -> SmsBackend:
    return import_string(getattr(settings, "SMS_BACKEND", "zhicheng.messaging.sms.LoggingSmsBackend"))()
