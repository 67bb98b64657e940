"""Inputs of §四(二) 资格审查 (the dossier page's buttons, the host's pages and the API): formats only."""

from django import forms


class ReturnForm(forms.Form):
    """资格审查不通过: one reason a line, all of them at once (一次性告知)."""

    reasons = forms.CharField(label="不通过原因（每行一条，一次性列明全部问题）", max_length=1800,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": "请至少填写一条原因。", "max_length": "原因合计不超过1800字。"})


class ResubmitForm(forms.Form):
    note = forms.CharField(label="补正说明（已补正的内容）", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "请填写补正说明。", "max_length": "补正说明不超过1000字。"})
