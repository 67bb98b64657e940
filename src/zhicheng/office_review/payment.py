"""The review fee's payment integration point (评审费): a gateway records a payment. The default records what
the office's staff type in from the paper receipt; a province with an online payment platform plugs its own
class in with the setting PAYMENT_GATEWAY (a dotted path)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_GATEWAY = "zhicheng.office_review.payment.ManualEntryGateway"


class PaymentGateway:
    """Records one payment of an application's review fee and returns the saved FeePayment."""

    method = "manual"

    def record(self, application, amount: Decimal, receipt_no: str, paid_on: datetime.date, actor):
        raise NotImplementedError


class ManualEntryGateway(PaymentGateway):
    """手工登记: the office's staff copy the receipt number and date from the paper receipt."""

    method = "manual"

    def record(self, application, amount, receipt_no, paid_on, actor):
        from .models import FeePayment

        row, _ = FeePayment.objects.update_or_create(
            application=application,
            defaults={"amount": amount, "receipt_no": receipt_no, "paid_on": paid_on, "method": self.method,
                      "recorded_by": actor})
        return row


def gateway() -> PaymentGateway:
    return import_string(getattr(settings, "PAYMENT_GATEWAY", DEFAULT_GATEWAY))()
