"""§三(一) 资格预审 — services, guards and actions (provisional guards until the part is built)."""

from zhicheng.workflow import guards


def register():
    for name in ("prereview_reasons_listed", "correction_deadline_not_passed", "eligibility_checked",
                 "deadline_passed"):
        guards.register(name)(lambda app, actor, details: [])
