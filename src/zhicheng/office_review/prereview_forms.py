"""The inputs of §三(一)'s actions (the dossier page's buttons and the API): the same forms everywhere."""

from django import forms

from zhicheng.dossier import sections as sec

SECTION_CHOICES = [(s.key, s.label) for s in sec.SECTIONS]


class ReturnForm(forms.Form):
    """预审不通过 from the dossier page or the API: the reason is the transition's; the sections it concerns."""

    sections = forms.MultipleChoiceField(label="涉及的材料部分", choices=SECTION_CHOICES,
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "请选择原因涉及的材料部分。"})
    override = forms.BooleanField(label="确认仍就未修改的材料提出新的问题", required=False)


class PassForm(forms.Form):
    justification = forms.CharField(label="通过理由（申报条件核对未通过时必填）", required=False, max_length=500,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label="手机号码（线下推荐人员开通账号用）", required=False, max_length=11)
    email = forms.EmailField(label="电子邮箱（可选）", required=False)

    def clean_phone(self):
        from django.core.exceptions import ValidationError

        from zhicheng.orgs.validators import validate_phone

        phone = self.cleaned_data["phone"].strip()
        if phone:
            try:
                validate_phone(phone)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return phone
