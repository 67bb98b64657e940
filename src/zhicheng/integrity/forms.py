from django import forms


class DisqualifyForm(forms.Form):
    """The input of 查实弄虚作假 besides its reason (the facts found): the authority that found it."""

    authority = forms.CharField(label="认定机关", max_length=100,
                                error_messages={"required": "请填写认定机关。",
                                                "max_length": "认定机关不超过100个字。"})
