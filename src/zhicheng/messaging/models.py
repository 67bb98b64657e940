from django.conf import settings
from django.db import models


class Message(models.Model):
    """One message to one person. `key` makes a repeated notice (a daily reminder job) land once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE,
                                  related_name="messages")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", max_length=4000)
    link = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)
    texted = models.BooleanField("已发短信", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread"),
                   # the inbox, newest first, paged ids first
                   models.Index(fields=["recipient", "-created_at", "-id"], name="message_inbox")]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                               name="uniq_message_key")]

    def __str__(self) -> str:
        return self.subject
