"""The input of a return (退回修改): the sections to reopen. Its reason is the transition's own.

Later stages may know the problems of a dossier before it is returned (§二(一) 材料核实 records them item
by item): they register a findings function, and a return then lists them all at once — prefilled into
the reason with their sections preselected on the form, and kept as the items of the ReturnRecord."""

from collections.abc import Callable

from django import forms

from .sections import BY_KEY, RETURN_CHOICES


class ReturnSectionsForm(forms.Form):
    """The input of the 退回修改 action besides its reason (UI and API alike)."""

    sections = forms.MultipleChoiceField(label="允许修改的部分", widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "请至少选择一个允许修改的部分。",
                                                         "invalid_choice": "未知的材料部分：%(value)s"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = RETURN_CHOICES


# fn(application) -> [{"section": key, "reason": text, ...}]: the problems recorded so far.
Findings = Callable[..., list[dict]]
_FINDINGS: list[Findings] = []


def register_findings(fn: Findings) -> Findings:
    if fn not in _FINDINGS:
        _FINDINGS.append(fn)
    return fn


def findings(application) -> list[dict]:
    """Every problem the registered stages recorded on this dossier, in their order."""
    return [item for fn in _FINDINGS for item in fn(application)]


def section_of(item: dict) -> str:
    """The section a problem reopens (an attachment's problem reopens 附件)."""
    return str(item.get("section", ""))


def initial(application) -> dict:
    """The return form prefilled from the findings: the reason lists every problem, numbered, and the
    sections that have problems are preselected. Empty when nothing was recorded."""
    items = findings(application)
    if not items:
        return {}
    lines = [f"{i}. {item.get('label') or BY_KEY[section_of(item)].label}：{item.get('reason', '')}"
             for i, item in enumerate(items, 1)]
    sections = list(dict.fromkeys(s for s in map(section_of, items) if s in BY_KEY))
    from zhicheng.workflow.services import REASON_MAX_CHARS

    head = "经核实，申报材料存在以下问题，请一并修改后重新提交：\n"
    tail = f"\n……共{len(lines)}个问题，其余见问题清单。"
    text = head + "\n".join(lines)
    while len(text) > REASON_MAX_CHARS and lines:  # a reason is one page: the record keeps every item
        lines.pop()
        text = head + "\n".join(lines) + tail
    return {"reason": text, "sections": sections}
