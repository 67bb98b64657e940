"""§三(三) 交卷审查: paper dossier, fee, 呈报意见, and 报送 by level — services, guards, actions (provisional)."""

from zhicheng.workflow import guards


def register():
    for name in ("endorsement_ready", "routed_to_host", "routed_to_province"):
        guards.register(name)(lambda app, actor, details: [])
