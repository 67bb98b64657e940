"""§三(二) 网上申报 and the 网上审核 of §三(三) — services, guards and actions (provisional guards)."""

from zhicheng.workflow import guards


def register():
    for name in ("online_application_complete", "online_return_listed", "online_review_passable"):
        guards.register(name)(lambda app, actor, details: [])
