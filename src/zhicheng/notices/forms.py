from django import forms

from .models import Notice


class NoticeForm(forms.Form):
    publisher = forms.TypedChoiceField(label="发布单位", coerce=int, error_messages={
        "required": "请选择发布单位。", "invalid_choice": "请选择您所在的发布单位。"})
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题。"})
    body = forms.CharField(label="正文", max_length=Notice._meta.get_field("body").max_length,
                           widget=forms.Textarea(attrs={"rows": 12}), error_messages={"required": "请填写正文。"})
    attachment = forms.FileField(label="附件（PDF，可不上传）", required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [(o.pk, o.name) for o in orgs]
