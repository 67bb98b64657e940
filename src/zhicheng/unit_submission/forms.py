"""Input of §二(八), the same for the pages and the API (Chinese messages)."""

from __future__ import annotations

import re

from django import forms

from .services import PaperPerson

REQUIRED = {"required": "此项为必填项。"}


class OpinionForm(forms.Form):
    review_text = forms.CharField(label="评审表单位意见（推荐意见）", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={**REQUIRED, "max_length": "不超过1000字。"})
    roster_text = forms.CharField(label="一览表单位意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={**REQUIRED, "max_length": "不超过500字。"})
    responsible_person = forms.CharField(label="负责人姓名", max_length=50,
                                         error_messages={**REQUIRED, "max_length": "不超过50字。"})
    opinion_date = forms.DateField(label="意见日期", widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={**REQUIRED, "invalid": "请输入有效日期，如2026-11-09。"})

    def clean_opinion_date(self):
        import datetime

        value = self.cleaned_data["opinion_date"]
        if not datetime.date(2000, 1, 1) <= value <= datetime.date(2100, 12, 31):
            raise forms.ValidationError("请输入有效日期。")
        return value


class SubmitForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(label="上报人员", coerce=int, choices=(),
                                                  error_messages={"required": "请至少选择一名拟上报人员。",
                                                                  "invalid_choice": "所选人员不可上报，请刷新页面后重试。"})

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = choices


PEOPLE_HELP = ("每行一人，依次为：姓名、身份证号、申报职称代码、申报专业，以逗号或空格分隔。"
               "例如：王明，130102198503150011，082，电气工程")


class PaperForm(forms.Form):
    ranking_scan = forms.FileField(label="推荐排名表（签字盖章扫描件）", required=False)
    notice_scan = forms.FileField(label="公示材料（扫描件）", required=False)
    opinion_scan = forms.FileField(label="单位意见（签字盖章扫描件）", required=False)
    notice_starts_on = forms.DateField(label="公示开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                       error_messages={"invalid": "请输入有效日期，如2026-11-02。"})
    notice_ends_on = forms.DateField(label="公示结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                     error_messages={"invalid": "请输入有效日期，如2026-11-06。"})
    opinion_text = forms.CharField(label="单位意见（文字）", required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 3}), error_messages={"max_length": "不超过1000字。"})
    applications = forms.TypedMultipleChoiceField(label="系统内的申报", coerce=int, choices=(), required=False,
                                                  error_messages={"invalid_choice": "所选申报不可登记，请刷新页面后重试。"})
    people = forms.CharField(label="系统外人员（线下申报）", required=False, max_length=20000, help_text=PEOPLE_HELP,
                             widget=forms.Textarea(attrs={"rows": 4}), error_messages={"max_length": "内容过长。"})

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = choices

    def clean_people(self) -> list[PaperPerson]:
        out, problems = [], []
        for n, line in enumerate((self.cleaned_data.get("people") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p for p in re.split(r"[,，、\t ]+", line.strip()) if p]
            if len(parts) != 4:
                problems.append(f"第{n}行应有姓名、身份证号、申报职称代码、申报专业四项，现有{len(parts)}项。")
                continue
            out.append(PaperPerson(*parts))
        if problems:
            raise forms.ValidationError(problems)
        return out
