"""Forms of §五's pages and of its steps on the dossier page (the same forms serve the API)."""

from django import forms

from .models_flow import ResultDocument


class ResultNoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="留空则从下一个工作日开始。")
    title = forms.CharField(label="标题", max_length=200, required=False)


class ObjectionForm(forms.Form):
    entry = forms.IntegerField(label="所涉人员")
    real_name = forms.CharField(label="您的真实姓名", max_length=50)
    contact = forms.CharField(label="联系方式", max_length=100)
    facts = forms.CharField(label="反映的问题与事实", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class FindingForm(forms.Form):
    founded = forms.TypedChoiceField(label="核查结论", choices=[("0", "异议不成立，继续公示"),
                                                           ("1", "异议属实，取消评审通过")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    investigation = forms.CharField(label="核查情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="结论与理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ResultDocument
        fields = ["number", "title", "authority", "issued_on"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"number": "如：冀职改〔2026〕12号，不可重复。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def validate_unique(self):
        pass  # the service says it in Chinese, inside its transaction


class RevokeTitleForm(forms.Form):
    on = forms.DateField(label="撤销日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label="认定机关", max_length=100, required=False)
