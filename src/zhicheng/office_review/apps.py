from django.apps import AppConfig


class OfficeReviewConfig(AppConfig):
    """§三 审查上报, by the office (主管部门): 资格预审 with one-time notice (`prereview`, its guards and wiring in `prereview_guards`), 网上申报 and 网上审核
    (`online`), 交卷审查 — paper dossier, fee, 呈报意见 — and 报送 by level (`handin`)."""

    name = "zhicheng.office_review"
    verbose_name = "主管部门审查上报"

    def ready(self):
        from . import handin, online, prereview_guards

        for part in (prereview_guards, online, handin):
            part.register()
        from .reminders import register_jobs

        register_jobs()
