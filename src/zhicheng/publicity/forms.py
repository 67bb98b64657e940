"""Inputs of the publicity steps (the same forms for the screens and the API)."""

import datetime

from django import forms

from zhicheng.dossier.returns import ReturnSectionsForm


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="不填则为下一个工作日；结束日期按工作日自动计算。",
                                error_messages={"invalid": "请输入有效的日期，如2026-11-02。"})
    title = forms.CharField(label="公示标题", max_length=200, required=False,
                            error_messages={"max_length": "标题不超过200字。"})

    def clean_starts_on(self):
        value = self.cleaned_data.get("starts_on")
        if value and not (datetime.date(2000, 1, 1) <= value <= datetime.date(2099, 12, 31)):
            raise forms.ValidationError("请输入有效的公示开始日期。")
        return value


_INVESTIGATION = {"label": "核查情况", "max_length": 2000, "widget": forms.Textarea(attrs={"rows": 4}),
                  "error_messages": {"required": "请填写核查情况（核查了什么、如何核查）。",
                                     "max_length": "核查情况不超过2000字。"}}


class InvestigationForm(forms.Form):
    """异议不成立 / 撤销推荐: the investigation record (the finding is the step's reason)."""

    investigation = forms.CharField(**_INVESTIGATION)


class ObjectionReturnForm(ReturnSectionsForm):
    """异议属实，退回更正: the investigation and the sections to correct."""

    investigation = forms.CharField(**_INVESTIGATION)


class FraudFindingForm(forms.Form):
    investigation = forms.CharField(**_INVESTIGATION)
    authority = forms.CharField(label="认定机关", max_length=100,
                                error_messages={"required": "请填写认定机关。", "max_length": "认定机关不超过100个字。"})


class ObjectionForm(forms.Form):
    """反映问题 on the public page (files come separately: request.FILES.getlist("evidence"))."""

    entry = forms.TypedChoiceField(label="所反映的公示人员", coerce=int,
                                   error_messages={"required": "请选择所反映的公示人员。",
                                                   "invalid_choice": "请选择所反映的公示人员。"})
    real_name = forms.CharField(label="反映人真实姓名", max_length=50,
                                error_messages={"required": "请填写真实姓名。", "max_length": "姓名不超过50个字。"})
    contact = forms.CharField(label="联系方式", max_length=100,
                              error_messages={"required": "请填写联系方式（电话或地址），以便核实。",
                                              "max_length": "联系方式不超过100个字。"})
    facts = forms.CharField(label="反映的问题与事实", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                            error_messages={"required": "请写明反映的问题与事实。",
                                            "max_length": "反映的问题不超过2000字，更多内容请作为证据文件上传。"})

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择")] + [
            (e.pk, f"{e.application.applicant.real_name}（{e.application.title.name}）") for e in entries]
