"""The input of a return (退回修改): the sections to reopen. Its reason is the transition's own."""

from django import forms

from .sections import RETURN_CHOICES


class ReturnSectionsForm(forms.Form):
    """The input of the 退回修改 action besides its reason (UI and API alike)."""

    sections = forms.MultipleChoiceField(label="允许修改的部分", widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "请至少选择一个允许修改的部分。",
                                                         "invalid_choice": "未知的材料部分：%(value)s"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = RETURN_CHOICES
