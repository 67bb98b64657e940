from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    """§四 资格审查与评审. Today it holds what the data scope needs: which committee an application is
    assigned to, and the rules through which committee hosts and experts see those applications.
    Its steps (spot check, host review, meetings and votes) are not built yet and are refused."""

    name = "zhicheng.committee"
    verbose_name = "评审委员会"

    def ready(self):
        from . import permissions

        permissions.register_rules()
