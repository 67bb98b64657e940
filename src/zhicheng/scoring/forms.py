"""Forms of the scoring app; the same forms validate the UI and the API."""

from __future__ import annotations

from django import forms

from zhicheng.http import int_param
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role


class DecisionForm(forms.Form):
    """集体研究确定: the meeting, who attended, the decision, minutes (text or scan), who is recommended and,
    for each departure from the ranking order, the reason (fields reason_<application id>)."""

    meeting_date = forms.DateField(label="会议日期", input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"],
                                   error_messages={"required": "请填写会议日期。", "invalid": "会议日期格式不正确。"})
    leaders = forms.ModelMultipleChoiceField(label="出席领导", queryset=User.objects.none(),
                                             error_messages={"required": "请选择出席会议的单位领导。",
                                                             "invalid_choice": "出席领导须为本单位领导。",
                                                             "invalid_pk_value": "出席领导须为本单位领导。"})
    decision = forms.CharField(label="研究决定", max_length=5000,
                               error_messages={"required": "请填写研究决定。",
                                               "max_length": "研究决定不超过5000字。"})
    minutes = forms.CharField(label="会议纪要", required=False, max_length=20000,
                              error_messages={"max_length": "会议纪要不超过20000字。"})
    minutes_file = forms.FileField(label="会议纪要扫描件", required=False)
    recommended = forms.TypedMultipleChoiceField(label="推荐人选", required=False, coerce=int, choices=[])

    def __init__(self, data=None, *args, campaign, **kwargs):
        if data is not None:  # ids that cannot be ids are dropped (then refused as missing), never sent to the DB
            data = data.copy()
            for key in ("leaders", "recommended"):
                values = data.getlist(key) if hasattr(data, "getlist") else data.get(key, [])
                values = values if isinstance(values, list) else [values]
                kept = [str(v) for v in values if int_param(str(v)) is not None]
                if hasattr(data, "setlist"):
                    data.setlist(key, kept)
                else:
                    data[key] = kept
        super().__init__(data, *args, **kwargs)
        self.fields["leaders"].queryset = User.objects.filter(
            role_assignments__organization=campaign.unit, role_assignments__role=Role.UNIT_LEADER).distinct()
        raw = self.data.getlist("recommended") if hasattr(self.data, "getlist") else self.data.get("recommended", [])
        self.fields["recommended"].choices = [(v, v) for v in raw if str(v).isdigit()]
        self.fields["recommended"].error_messages["invalid_choice"] = "推荐名单中有无效的人员。"

    def service_args(self) -> dict:
        cd = self.cleaned_data
        reasons = {}
        for key, value in self.data.items():
            if key.startswith("reason_") and key[7:].isdigit():
                reasons[int(key[7:])] = str(value)[:2000]
        return {"meeting_date": cd["meeting_date"], "leaders": list(cd["leaders"]), "decision": cd["decision"],
                "minutes": cd["minutes"], "minutes_upload": cd.get("minutes_file"),
                "recommended": set(cd["recommended"]), "reasons": reasons}
