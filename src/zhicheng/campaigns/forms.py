from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from zhicheng.codes.models import Title
from zhicheng.http import int_param
from zhicheng.orgs.models import User

from .models import CampaignStage
from .schedule import plan

STAGES = CampaignStage.Stage


class IdsField(forms.ModelMultipleChoiceField):
    """Refuses values that are not database ids before they reach the query (no overflow on huge numbers)."""

    def _check_values(self, value):
        if any(not int_param(v) for v in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"] % {"value": "…"},
                                        code="invalid_choice")
        return super()._check_values(value)


class IdField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not int_param(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


TEXT_MAX_CHARS = 20000  # 申报条件, 政策规定: pages of text; a whole document belongs in a policy file


class CampaignForm(forms.Form):
    """The one validation of a campaign: the screen posts these fields, the API's JSON is read into them
    (`from_json`), so both get the same limits and the same Chinese messages."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。",
                                              "min_value": "年度应在2000至2100之间。",
                                              "max_value": "年度应在2000至2100之间。"})
    name = forms.CharField(label="名称", max_length=100,
                           error_messages={"required": "请填写名称。", "max_length": "名称不超过100个字。"})
    conditions = forms.CharField(label="申报条件", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                 max_length=TEXT_MAX_CHARS,
                                 error_messages={"max_length": f"申报条件不超过{TEXT_MAX_CHARS}字。"})
    policy_text = forms.CharField(label="政策规定与工作要求", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                  max_length=TEXT_MAX_CHARS,
                                  error_messages={"max_length": f"政策规定与工作要求不超过{TEXT_MAX_CHARS}字。"})
    titles = IdsField(
        label="开放申报的职称", queryset=Title.objects.filter(active=True).select_related("series"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        error_messages={"required": "请至少选择一个开放申报的职称。", "invalid_choice": "所选职称无效。",
                        "invalid_pk_value": "所选职称无效。"})
    panel = IdsField(label="推荐组织成员", queryset=User.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    panel_leader = IdField(label="推荐组织组长", queryset=User.objects.none(), required=False,
                                          empty_label="请选择")

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shape_errors: list[tuple[str | None, str]] = []  # what the JSON says that these fields cannot
        self.json_names = False
        staff = User.objects.filter(role_assignments__organization=unit).distinct().order_by("real_name")
        self.fields["panel"].queryset = staff
        self.fields["panel_leader"].queryset = staff
        self.fields["titles"].label_from_instance = lambda t: f"{t.series.name} · {t.name}（{t.get_level_display()}）"
        for stage in STAGES:
            self.fields[f"{stage.value}_start"] = forms.DateField(
                label=f"{stage.label}开始日期", required=stage == STAGES.APPLICATION,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"required": f"请填写{stage.label}开始日期。", "invalid": "日期格式应为2026-11-26。"})
            self.fields[f"{stage.value}_days"] = forms.IntegerField(
                label=f"{stage.label}工作日数", min_value=1, max_value=120, required=stage == STAGES.APPLICATION,
                error_messages={"required": f"请填写{stage.label}工作日数。",
                                "min_value": "工作日数至少为1。", "max_value": "工作日数不超过120。"})

    def clean(self):
        data = super().clean()
        for stage in STAGES:
            start, days = data.get(f"{stage.value}_start"), data.get(f"{stage.value}_days")
            if bool(start) != bool(days) and f"{stage.value}_start" not in self.errors:
                self.add_error(f"{stage.value}_days", f"{stage.label}的开始日期和工作日数须同时填写。")
        # Order, overlap, 公示 length and unknown holiday years: each message beside its stage's row.
        complete = [(s.value, data[f"{s.value}_start"], data[f"{s.value}_days"]) for s in STAGES
                    if data.get(f"{s.value}_start") and data.get(f"{s.value}_days")]
        for stage, cell, message in plan(complete)[1]:
            self.add_error(f"{stage}_{cell}", message)
        leader = data.get("panel_leader")
        if leader and leader not in (data.get("panel") or []):
            self.add_error("panel_leader", "组长须是推荐组织成员之一。")
        for field, message in self.shape_errors:
            self.add_error(field, message)
        return data

    @classmethod
    def from_json(cls, payload: dict, *, unit) -> CampaignForm:
        """The API's shape — `title_ids`, `stages` [{stage, starts_on, working_days}], `panel` [{user_id, duty}]
        — read into the fields the screen posts. What the screen cannot say (a stage twice, two leaders) is
        refused here, with the service's words."""
        data = {k: payload.get(k) for k in ("year", "name", "conditions", "policy_text")}
        data["titles"] = list(payload.get("title_ids") or [])
        panel = list(payload.get("panel") or [])
        data["panel"] = [p["user_id"] for p in panel]
        leaders = [p["user_id"] for p in panel if p.get("duty") == "leader"]
        data["panel_leader"] = leaders[0] if leaders else ""
        shape: list[tuple[str | None, str]] = []
        if len(leaders) > 1:
            shape.append(("panel_leader", "推荐组织只能有一名组长。"))
        seen = set()
        for s in payload.get("stages") or []:
            stage = getattr(s["stage"], "value", s["stage"])
            if stage not in STAGES.values:
                shape.append((None, f"未知阶段：{stage}"))
                continue
            if stage in seen:
                shape.append((None, f"“{STAGES(stage).label}”阶段只能设置一次。"))
            seen.add(stage)
            data[f"{stage}_start"], data[f"{stage}_days"] = s["starts_on"], s["working_days"]
        form = cls(data, unit=unit)
        form.shape_errors, form.json_names = shape, True
        return form

    def error_fields(self) -> dict[str, list[str]]:
        """The messages per field, named as the input named them (the API's JSON names after `from_json`)."""
        out: dict[str, list[str]] = {}
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            key = _JSON_NAMES.get(name, "stages" if name.endswith(("_start", "_days")) else name)
            out.setdefault(key if self.json_names else name, []).extend(str(e) for e in errors)
        return out

    def problems(self) -> list[str]:
        """Every message at once, each once."""
        return list(dict.fromkeys(str(e) for errors in self.errors.values() for e in errors))

    def stages(self) -> list:
        d = self.cleaned_data
        return [(s.value, d[f"{s.value}_start"], d[f"{s.value}_days"]) for s in STAGES
                if d.get(f"{s.value}_start") and d.get(f"{s.value}_days")]

    def panel_members(self) -> list:
        leader = self.cleaned_data.get("panel_leader")
        return [(u, "leader" if u == leader else "member") for u in self.cleaned_data.get("panel") or []]


_JSON_NAMES = {"titles": "title_ids", "panel": "panel", "panel_leader": "panel"}


class AttachmentForm(forms.Form):
    title = forms.CharField(label="文件名称", max_length=200, required=False)
    file = forms.FileField(label="文件", error_messages={"required": "请选择文件。"})
