"""One way to act on an application: list what the user can do now, and do it.

Both go through `workflow.actions` — the same as the buttons of the dossier page: `available` offers only
actions that can be performed now, `perform` validates the action's input with the form its stage
registered and calls that stage's service. A step of a stage not built yet is refused with its name.
"""

from __future__ import annotations

from django import forms
from ninja import Router, Schema, Status

from zhicheng.http import client_ip
from zhicheng.workflow import actions
from zhicheng.workflow.states import TRANSITIONS, State, Transition

from .applications import ApplicationOut, application_out
from .common import Problem, Scalar, app_or_404
from .errors import NotFound

router = Router(tags=["办理"])


class ChoiceOut(Schema):
    value: str
    label: str


class ActionFieldOut(Schema):
    """One input of an action besides its reason (from the form the stage registered)."""

    name: str
    label: str
    kind: str  # text | integer | date | boolean | choice | multiple_choice
    required: bool
    choices: list[ChoiceOut] = []


class ActionOut(Schema):
    action: str
    label: str
    target: str
    target_label: str
    stage: str
    needs_reason: bool
    confirm: str
    fields: list[ActionFieldOut]


class ActionIn(Schema):
    reason: str = ""
    data: dict[str, Scalar | list[Scalar]] = {}


def _kind(field: forms.Field) -> str:
    for cls, kind in ((forms.MultipleChoiceField, "multiple_choice"), (forms.ModelMultipleChoiceField,
                      "multiple_choice"), (forms.ChoiceField, "choice"), (forms.ModelChoiceField, "choice"),
                      (forms.DateField, "date"), (forms.IntegerField, "integer"), (forms.BooleanField, "boolean")):
        if isinstance(field, cls):
            return kind
    return "text"


def _fields(t: Transition) -> list[dict]:
    form_class = actions.form_for(t.action)
    if form_class is None:
        return []
    out = []
    for name, field in form_class().fields.items():
        choices = getattr(field, "choices", None) or []
        out.append({"name": name, "label": str(field.label or name), "kind": _kind(field),
                    "required": field.required,
                    "choices": [{"value": str(v), "label": str(label)} for v, label in choices if str(v) != ""]})
    return out


def action_out(t: Transition) -> dict:
    return {"action": t.action, "label": t.label, "target": t.target, "target_label": State(t.target).label,
            "stage": t.stage, "needs_reason": t.needs_reason, "confirm": t.confirm, "fields": _fields(t)}


@router.get("/{id:pk}/actions", response={200: list[ActionOut], 404: Problem}, summary="当前用户现在可执行的操作")
def list_actions(request, pk: int):
    app = app_or_404(request, pk)
    return Status(200, [action_out(t) for t in actions.available(request.auth, app)])


@router.post("/{id:pk}/actions/{action}",
             response={200: ApplicationOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
             summary="执行操作（原因与该操作的表单数据）")
def perform_action(request, pk: int, action: str, payload: ActionIn | None = None):
    app = app_or_404(request, pk)
    if action not in TRANSITIONS:
        raise NotFound(f"没有名为“{action[:40]}”的操作。")
    payload = payload or ActionIn()
    app = actions.perform(app, action, actor=request.auth, ip=client_ip(request), reason=payload.reason,
                          data=payload.data)
    return Status(200, application_out(app))
