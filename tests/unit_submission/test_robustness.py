"""Hostile input to every write of §二(八), UI and API: never a 500, always a Chinese answer, nothing stored
that PostgreSQL would refuse (tests/support/robustness.py)."""

from ..support.robustness import (
    API,
    HOSTILE,
    JSON_HOSTILE,
    Findings,
    hostile_bodies,
    logged_in,
    send,
    send_json,
)

OPINION_FIELDS = ("review_text", "roster_text", "responsible_person", "opinion_date")
PAPER_FIELDS = ("notice_starts_on", "notice_ends_on", "opinion_text", "applications", "people")


def test_opinion_ui_and_api(passed):
    found = Findings()
    hr = logged_in(passed.hr)
    url = f"/unit-submission/applications/{passed.app.pk}/opinion/"
    api = f"{API}/applications/{passed.app.pk}/unit-opinion"
    for hostile_id, value in HOSTILE.items():
        found.ui(send(hr, "post", url, dict.fromkeys(OPINION_FIELDS, value)), context=f"UI {hostile_id}")
        found.api(send_json(hr, "put", api, dict.fromkeys(OPINION_FIELDS, value)), context=f"API {hostile_id}")
    for hostile_id, value in JSON_HOSTILE.items():
        found.api(send_json(hr, "put", api, dict.fromkeys(OPINION_FIELDS, value)), context=f"API {hostile_id}")
    hostile_bodies(found, hr, "put", api, "body ")
    found.check()


def test_submit_ui_and_api(passed):
    found = Findings()
    hr = logged_in(passed.hr)
    url = f"/unit-submission/campaigns/{passed.campaign.pk}/"
    api = f"{API}/unit-submission/campaigns/{passed.campaign.pk}/submit"
    for hostile_id, value in HOSTILE.items():
        found.ui(send(hr, "post", url, {"applications": value}), must_refuse=True, context=f"UI {hostile_id}")
        found.api(send_json(hr, "post", api, {"application_ids": [value]}), context=f"API {hostile_id}")
    for hostile_id, value in JSON_HOSTILE.items():
        found.api(send_json(hr, "post", api, {"application_ids": value}), context=f"API {hostile_id}")
    hostile_bodies(found, hr, "post", api, "body ")
    found.check()


def test_paper_ui_and_api(passed):
    found = Findings()
    hr = logged_in(passed.hr)
    url = f"/unit-submission/campaigns/{passed.campaign.pk}/paper/"
    api = f"{API}/unit-submission/campaigns/{passed.campaign.pk}/paper"
    for hostile_id, value in HOSTILE.items():
        data = dict.fromkeys(PAPER_FIELDS, value)
        found.ui(send(hr, "post", url, data), must_refuse=True, context=f"UI {hostile_id}")
        api_data = {**data, "application_ids": value}
        api_data.pop("applications")
        found.api(send(hr, "post", api, api_data), context=f"API {hostile_id}")
    found.check()


def test_pledge_writes(passed):
    found = Findings()
    for user in (passed.hr, passed.applicant, passed.leader, passed.other_hr, passed.office_reviewer):
        c = logged_in(user)
        found.page(send(c, "post", f"/unit-submission/applications/{passed.app.pk}/pledge/confirm/"))
        found.page(send(c, "post", f"/unit-submission/applications/{passed.app.pk}/pledge/scan/", {"file": "x"}))
        found.api(send(c, "post", f"{API}/applications/{passed.app.pk}/pledge/confirm"))
        found.api(send(c, "post", f"{API}/applications/{passed.app.pk}/pledge/scan", {"file": "x"}))
    found.check()
