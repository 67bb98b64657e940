"""Forms of the spot check's pages (§四(一)); the rules stay in committee.spotcheck."""

from django import forms


class FindingForm(forms.Form):
    result = forms.ChoiceField(label="抽查结论", choices=[("ok", "合格"), ("problem", "存在问题")],
                               widget=forms.RadioSelect, error_messages={"required": "请选择抽查结论。"})
    items = forms.CharField(label="存在的问题（每行一条，一次性列全）", required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="结论为“存在问题”时必填；退回主管部门时逐条告知。")

    def item_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("items") or "").splitlines() if line.strip()]


class ReturnForm(forms.Form):
    reason = forms.CharField(label="补充说明（可选）", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
