from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    """§四 资格审查与评审. Today it holds what the data scope needs: which committee an application is
    assigned to, and the rules through which committee hosts and experts see those applications.
    Committees, the hosts' expert pools, review meetings and the reproducible panel draws (experts.py).
    The other steps (spot check, host review, votes) are not built yet and are refused."""

    name = "zhicheng.committee"
    verbose_name = "评审委员会"

    def ready(self):
        from zhicheng.codes.models import PARAMETER_DEFAULTS

        from . import agenda, host_review, permissions, spotcheck, vote
        from .parameters import COMMITTEE_PARAMETERS

        permissions.register_rules()
        agenda.register()
        vote.register()  # §四(三) the meeting's vote: its guards and steps
        spotcheck.register()  # §四(一) the provincial office's spot check
        host_review.register()  # §四(二) the host's qualification review
        for key, default in COMMITTEE_PARAMETERS.items():  # get_param's fallback when a row is missing
            PARAMETER_DEFAULTS.setdefault(key, default)
