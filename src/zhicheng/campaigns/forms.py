from django import forms

from zhicheng.codes.models import Title
from zhicheng.http import int_param
from zhicheng.orgs.models import User

from .models import CampaignStage

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


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。"})
    name = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写名称。"})
    conditions = forms.CharField(label="申报条件", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    policy_text = forms.CharField(label="政策规定与工作要求", widget=forms.Textarea(attrs={"rows": 4}), required=False)
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
        leader = data.get("panel_leader")
        if leader and leader not in (data.get("panel") or []):
            self.add_error("panel_leader", "组长须是推荐组织成员之一。")
        return data

    def stages(self) -> list:
        d = self.cleaned_data
        return [(s.value, d[f"{s.value}_start"], d[f"{s.value}_days"]) for s in STAGES
                if d.get(f"{s.value}_start") and d.get(f"{s.value}_days")]

    def panel_members(self) -> list:
        leader = self.cleaned_data.get("panel_leader")
        return [(u, "leader" if u == leader else "member") for u in self.cleaned_data.get("panel") or []]


class AttachmentForm(forms.Form):
    title = forms.CharField(label="文件名称", max_length=200, required=False)
    file = forms.FileField(label="文件", error_messages={"required": "请选择文件。"})
