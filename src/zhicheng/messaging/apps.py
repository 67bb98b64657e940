from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """消息: what the system tells a person — in the system's inbox, by e-mail (Django's mail backend) and, where
    asked, by SMS through a pluggable backend (a logging one by default)."""

    name = "zhicheng.messaging"
    verbose_name = "消息通知"
