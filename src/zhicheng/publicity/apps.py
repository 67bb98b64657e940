from django.apps import AppConfig


class PublicityConfig(AppConfig):
    """§二(七) 结果公示: the unit's public notice of its recommended applicants (at least
    `notice_working_days` working days), its public page, objections (异议) and their findings."""

    name = "zhicheng.publicity"
    verbose_name = "单位公示"
