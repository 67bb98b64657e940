from django import forms


class LookupForm(forms.Form):
    number = forms.CharField(label="证书编号", max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class RevokeForm(forms.Form):
    on = forms.DateField(label="撤销日期", widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label="认定机关", max_length=100)
    reason = forms.CharField(label="事实与理由", widget=forms.Textarea(attrs={"rows": 4}))
