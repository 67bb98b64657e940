"""Inputs of the committee pages (formats only; the rules are the services')."""

from django import forms

from zhicheng.codes.models import Level, Series, Title

_DATE = {"widget": forms.DateInput(attrs={"type": "date"}),
         "error_messages": {"required": "请填写日期。", "invalid": "请输入有效的日期，如2026-11-26。"}}


def _text(label: str, max_length: int, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           error_messages={"required": f"请填写{label}。", "max_length": f"{label}不超过{max_length}字。"})


class CommitteeForm(forms.Form):
    name = _text("评审委员会名称", 200)
    series_code = forms.ChoiceField(label="系列", error_messages={"required": "请选择系列。",
                                                                 "invalid_choice": "请选择系列。"})
    specialty = _text("专业（按系列组建的留空）", 100, required=False)
    levels = forms.MultipleChoiceField(label="评审级别", choices=Level.choices, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "请选择评审级别。",
                                                       "invalid_choice": "请选择评审级别。"})
    approval_number = _text("核准文号", 100)
    approval_date = forms.DateField(label="核准日期", **_DATE)
    valid_from = forms.DateField(label="有效期起", **_DATE)
    valid_until = forms.DateField(label="有效期止", **_DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series_code"].choices = [("", "——")] + list(
            Series.objects.filter(active=True).values_list("code", "name"))


class ExpertForm(forms.Form):
    real_name = _text("姓名", 50)
    unit_name = _text("工作单位", 200)
    title_code = forms.ChoiceField(label="职称", error_messages={"required": "请选择职称。",
                                                                "invalid_choice": "请选择职称。"})
    specialty = _text("专业", 100)
    term_start = forms.DateField(label="聘期起", **_DATE)
    term_end = forms.DateField(label="聘期止", **_DATE)
    user_id = forms.IntegerField(label="系统账号编号（可选）", required=False,
                                 error_messages={"invalid": "请填写账号编号（数字）。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_code"].choices = [("", "——")] + [
            (code, f"{name}（{series}·{Level(level).label}）") for code, name, series, level in
            Title.objects.filter(active=True).values_list("code", "name", "series__name", "level")]


class MeetingForm(forms.Form):
    level = forms.ChoiceField(label="评审级别", choices=Level.choices,
                              error_messages={"required": "请选择评审级别。", "invalid_choice": "请选择评审级别。"})
    date = forms.DateField(label="评审日期", **_DATE)
    place = _text("评审地点", 200)


class DrawForm(forms.Form):
    size = forms.IntegerField(label="抽取人数（单数）", min_value=1, max_value=999,
                              error_messages={"required": "请填写抽取人数。", "invalid": "请填写抽取人数。",
                                              "min_value": "抽取人数至少为1。", "max_value": "抽取人数过多。"})
    seed = _text("随机种子（留空则系统生成）", 64, required=False)


class ReplacementForm(forms.Form):
    replaced_ids = forms.TypedMultipleChoiceField(label="需要替换的专家", coerce=int,
                                                  widget=forms.CheckboxSelectMultiple,
                                                  error_messages={"required": "请选择需要替换的专家。",
                                                                  "invalid_choice": "只能替换本次会议现有的评审专家。"})
    seed = _text("随机种子（留空则系统生成）", 64, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_ids"].choices = [(e.pk, e.real_name) for e in members]
