from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """§五 结果: the result notice with objections (result_notice.py), 备案/核准 or refusal (filing.py), the result
    document (发文) issuing the certificates (issuance.py → services.issue_certificate), 撤销, the public 证书查询,
    and 复查/投诉 (appeals.py)."""

    name = "zhicheng.results"
    verbose_name = "评审结果与证书"

    def ready(self):
        from zhicheng.scheduling import jobs

        from .services import purge_lookups

        jobs.register("purge_certificate_lookups", purge_lookups, "§五证书查询记录清理")
        from . import steps

        steps.register()  # §五 result notice, filing/approval, 发文, 撤销
