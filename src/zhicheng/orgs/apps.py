from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "单位与人员"

    def ready(self):
        from zhicheng.scheduling import jobs

        from . import scope, sessions

        scope.connect_generation_signals()
        jobs.register("clear_expired_sessions", sessions.clear_expired_job, "清理过期登录会话")
