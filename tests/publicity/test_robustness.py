"""No 500 on the publicity writes: hostile values to the public objection form (UI and API), the notice
form and the fraud finding form (see tests/support/robustness.py for what each answer must pass)."""

from django.test import Client

from ..support.robustness import API, HOSTILE, Findings, logged_in, send
from .conftest import FIRST, PUBLISHED, at

TEXT = ("long-10000", "nul", "control-char", "script-emoji", "empty", "blank")


def _objection(notice, **override):
    return {"entry": notice.entries.get().pk, "real_name": "王五", "contact": "13912345678", "facts": "论文抄袭",
            **override}


def test_public_objection_form_and_api(notice):
    findings = Findings()
    c = Client(raise_request_exception=False)
    with at(FIRST):
        for name in ("entry", "real_name", "contact", "facts"):
            for hid in (*TEXT, "abc", "minus-one", "huge-int", "superscript-digit"):
                r = send(c, "post", f"/gongshi/{notice.pk}/objection/", _objection(notice, **{name: HOSTILE[hid]}),
                         REMOTE_ADDR=f"10.1.{len(name)}.{len(hid)}")
                findings.ui(r, must_refuse=hid in ("empty", "blank", "long-10000", "nul", "control-char")
                            or name == "entry", context=f"{name}={hid}")
                api_data = {"entry_id": HOSTILE[hid] if name == "entry" else notice.entries.get().pk,
                            **{k: v for k, v in _objection(notice).items() if k != "entry"}}
                if name != "entry":
                    api_data[name] = HOSTILE[hid]
                r = send(c, "post", f"{API}/publicity/public/{notice.pk}/objections", api_data,
                         REMOTE_ADDR=f"10.2.{len(name)}.{len(hid)}")
                findings.api(r, context=f"api {name}={hid}")
        for path in ("abc", "99999999999999999999", "-1"):
            findings.page(c.get(f"/gongshi/{path}/"), context=path)
            findings.page(c.get(f"/gongshi/{notice.pk}/people/{path}/"), context=path)
    findings.check()


def test_notice_and_finding_forms(world):
    from .steps import recommended

    recommended([world.app], world.hr)
    findings = Findings()
    with at(PUBLISHED):
        c = logged_in(world.hr)
        for hid in ("date-feb30", "abc", "date-1900", "date-9999", "huge-int", "script-emoji", "nul"):
            r = send(c, "post", f"/publicity/new/{world.campaign.pk}/", {"starts_on": HOSTILE[hid]})
            findings.ui(r, must_refuse=True, context=f"starts_on={hid}")
        for hid in TEXT:
            r = send(c, "post", f"/publicity/new/{world.campaign.pk}/", {"title": HOSTILE[hid]})
            findings.ui(r, must_refuse=hid in ("long-10000", "nul", "control-char"), context=f"title={hid}")
    findings.check()
