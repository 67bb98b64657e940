from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    """§四 资格审查与评审: committees, expert pools, meetings and panel draws (services.py); the provincial
    office's spot check (spotcheck.py); the host's qualification review (host_review.py); the meeting's agenda,
    recusals and 评议组 (agenda.py); attendance, the secret ballot and the minutes (vote.py, minutes.py); the
    record rules of hosts and experts (permissions.py, agenda.expert_rule)."""

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
