from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """§五 结果: today the certificates (职称证书) — issued to each person who passed, verified on the public
    page 证书查询, revoked (撤销) after fraud with a ban. The result notice, filing/approval and the result
    document (发文) join this app later; they call `services.issue_certificate`."""

    name = "zhicheng.results"
    verbose_name = "评审结果与证书"

    def ready(self):
        from zhicheng.scheduling import jobs

        from .services import purge_lookups

        jobs.register("purge_certificate_lookups", purge_lookups, "§五证书查询记录清理")
        from . import steps

        steps.register()  # §五 result notice, filing/approval, 发文, 撤销
