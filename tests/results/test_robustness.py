"""No 500 and a Chinese answer for hostile input to §五's forms and API: the result notice and its objections,
the report, 备案/核准, 发文, appeals and the public certificate lookup (tests/support/robustness.py)."""

import pytest
from django.test import Client

from zhicheng.results import appeals
from zhicheng.results import result_notice as rn
from zhicheng.results.models import Certificate

from ..support import stage5 as s5
from ..support import stage5_appeals as s5a
from ..support.robustness import (
    API,
    HOSTILE,
    Findings,
    hostile_api,
    hostile_bodies,
    hostile_form,
    logged_in,
    send,
)

pytestmark = pytest.mark.dates
NEVER = ("long-10000", "nul", "control-char")
FLOW = "/results/flow"


def test_hostile_input_to_the_result_notice_and_objections(world):
    s5.passed(world)
    host = logged_in(world.host_user)
    found = Findings()
    with s5.at(s5.PUBLISHED):
        url = f"{FLOW}/notices/new/{world.committee.pk}/"
        valid = {"starts_on": "", "title": "评审结果公示", "applications": [world.senior.pk]}
        hostile_form(found, host, url, valid, valid, never=lambda field, hostile_id: hostile_id in NEVER or (
            field == "starts_on" and hostile_id not in ("empty", "date-9999")) or (
            field == "applications" and hostile_id != "empty"))
        hostile_api(found, host, "post", f"{API}/results/notices",
                    {"committee_id": world.committee.pk, "application_ids": [world.senior.pk],
                     "starts_on": None, "title": "评审结果公示"})
        world.notice = rn.start_result_notice(world.host_user, committee=world.committee)
    entry = world.notice.entries.get(application=world.senior)
    public = Client(raise_request_exception=False)
    with s5.at(s5.RUNNING):
        url = f"/gongshi/jieguo/{world.notice.pk}/"
        valid = {"entry": entry.pk, "real_name": "王监督", "contact": "13900000000", "facts": "论文抄袭"}
        hostile_form(found, public, url, valid, valid,
                     never=lambda field, hostile_id: hostile_id in NEVER or (
                         field == "entry" and hostile_id != "script-emoji") or (
                         hostile_id in ("empty", "blank")))
        found.page(send(public, "get", url))
        found.page(send(public, "get", f"{API}/results/public/notices/{world.notice.pk}"))
        objection = rn.raise_objection(world.notice, entry_id=entry.pk, real_name="王监督", contact="139",
                                       facts="论文抄袭")
        url = f"{FLOW}/objections/{objection.pk}/"
        valid = {"founded": "0", "reason": "经核查，论文真实。", "investigation": "查阅原件"}
        hostile_form(found, host, url, valid, valid, never=lambda field, hostile_id: hostile_id in NEVER or (
            field == "founded") or (field == "reason" and hostile_id in ("empty", "blank")))
        valid = {"fraud": "1", "reason": "伪造论文", "authority": "河北省职称改革领导小组办公室", "investigation": "查阅原件"}
        hostile_form(found, host, url, valid, ["reason", "authority", "investigation"],
                     never=lambda field, hostile_id: hostile_id in NEVER)
        hostile_api(found, host, "post", f"{API}/results/objections/{objection.pk}/finding",
                    {"founded": False, "reason": "经核查，论文真实。", "investigation": "查阅原件"})
        rn.record_finding(world.host_user, objection, founded=False, reason="经核查，论文真实。")
    with s5.at(s5.AFTER):
        for hostile_id, value in HOSTILE.items():
            found.ui(send(host, "post", f"{FLOW}/notices/{world.notice.pk}/report/", {"x": value}),
                     context=f"report {hostile_id}")
        hostile_bodies(found, host, "post", f"{API}/results/notices/{world.notice.pk}/report", "report body=")
        for page in (f"{FLOW}/", f"{FLOW}/?notices=abc&objections=-1&refused=99999999999999999999",
                     f"{FLOW}/notices/{world.notice.pk}/", f"{FLOW}/objections/{objection.pk}/",
                     f"{API}/results/notices?page=abc"):
            found.page(send(host, "get", page))
    found.check()


def test_hostile_input_to_the_report_and_decisions(world):
    report = s5.reported(world)
    with s5.at(s5.AFTER):
        prov = logged_in(world.provincial)
        found = Findings()
        url = f"{FLOW}/reports/{report.pk}/"
        valid = {"action": "file_result", "scope": "page", "applications": [world.middle.pk], "seen": "2",
                 "reason": ""}
        hostile_form(found, prov, url, valid, ["action", "scope", "applications", "reason"],
                     never=lambda field, hostile_id: hostile_id in NEVER or (
                         field in ("action", "applications")) or (
                         field == "scope" and hostile_id not in ("empty", "blank")))
        every = {**valid, "scope": "all", "applications": []}
        hostile_form(found, prov, url, every, ["seen"], never=lambda field, hostile_id: True)
        refuse = {**valid, "action": "refuse_result", "reason": "出席人数不足"}
        hostile_form(found, prov, url, refuse, ["reason"],
                     never=lambda field, hostile_id: hostile_id in (*NEVER, "empty", "blank"))
        for action in ("file_result", "refuse_result"):  # the dossier page's buttons
            for hostile_id, value in HOSTILE.items():
                found.ui(send(prov, "post", f"/applications/{world.middle.pk}/actions/{action}/", {"reason": value}),
                         must_refuse=hostile_id in NEVER or (action == "refuse_result" and hostile_id in (
                             "empty", "blank")), context=f"action {action} reason={hostile_id}")
        hostile_api(found, prov, "post", f"{API}/results/reports/{report.pk}/decisions",
                    {"action": "file_result", "application_ids": [world.middle.pk], "reason": ""})
        for page in (f"{FLOW}/province/", f"{FLOW}/province/?reports=abc&documents=-1", url, f"{url}?page=²",
                     f"{API}/results/reports"):
            found.page(send(prov, "get", page))
    found.check()


def test_hostile_input_to_the_documents(world):
    s5.decided(world)
    host = logged_in(world.host_user)
    found = Findings()
    with s5.at(s5.ISSUED_ON):
        url = f"{FLOW}/documents/new/"
        valid = {"number": "冀职改〔2026〕12号", "title": "", "authority": "河北省职称改革领导小组办公室",
                 "issued_on": "2026-10-20", "scope": "page", "applications": [world.middle.pk], "seen": "1"}
        hostile_form(found, host, url, valid, [f for f in valid if f != "seen"],
                     never=lambda field, hostile_id: hostile_id in NEVER or (
                         field in ("applications", "issued_on")) or (
                         field in ("number", "authority") and hostile_id in ("empty", "blank")) or (
                         field == "scope" and hostile_id not in ("empty", "blank")))
        every = {**valid, "scope": "all", "applications": []}
        hostile_form(found, host, url, every, ["seen"], never=lambda field, hostile_id: True)
        hostile_api(found, host, "post", f"{API}/results/documents",
                    {"number": "冀职改〔2026〕12号", "title": "", "authority": "河北省职称改革领导小组办公室",
                     "issued_on": "2026-10-20", "application_ids": [world.middle.pk]})
        for page in (url, f"{url}?committee=abc&page=99999999999999999999", f"{url}?committee=²"):
            found.page(send(host, "get", page))
    found.check()


def test_hostile_input_to_the_appeals(world):
    failed = s5a.decided(world)
    me, host = logged_in(world.applicant), logged_in(world.host_user)
    found = Findings()
    url = f"/results/appeals/new/{failed.pk}/"
    valid = {"kind": "recheck", "text": "请求复查。"}
    hostile_form(found, me, url, valid, valid,
                 never=lambda field, hostile_id: hostile_id in (*NEVER, "empty", "blank") or field == "kind")
    hostile_api(found, me, "post", f"{API}/appeals",
                {"application": failed.pk, "kind": "recheck", "text": "请求复查。"})
    a = appeals.file_appeal(world.applicant, failed, kind="complaint", text="评审专家应回避而未回避。")
    base = f"/results/appeals/{a.pk}"
    hostile_form(found, host, f"{base}/accept/", {"note": "已受理"}, ["note"],
                 never=lambda field, hostile_id: hostile_id in NEVER)
    hostile_api(found, host, "post", f"{API}/appeals/{a.pk}/accept", {"note": "已受理"})
    appeals.accept(world.host_user, a)
    hostile_form(found, host, f"{base}/step/", {"note": "调阅评审记录"}, ["note"],
                 never=lambda field, hostile_id: hostile_id in (*NEVER, "empty", "blank"))
    hostile_api(found, host, "post", f"{API}/appeals/{a.pk}/steps", {"note": "调阅评审记录"})
    valid = {"outcome": "upheld", "reason": "评审程序合规。", "fraud_found": ""}
    hostile_form(found, host, f"{base}/decide/", valid, ["outcome", "reason"],
                 never=lambda field, hostile_id: hostile_id in NEVER or field == "outcome" or (
                     field == "reason" and hostile_id in ("empty", "blank")))
    hostile_form(found, host, f"{base}/decide/", valid, ["fraud_found"],
                 never=lambda field, hostile_id: False)  # a checkbox
    hostile_api(found, host, "post", f"{API}/appeals/{a.pk}/decide",
                {"outcome": "upheld", "reason": "评审程序合规。", "fraud_found": False})
    for client, page in ((me, "/results/appeals/"), (me, f"{base}/"), (host, f"{base}/"),
                         (host, "/results/appeals/handling/?status=abc&page=²"), (host, f"{API}/appeals")):
        found.page(send(client, "get", page))
    found.check()


def test_hostile_input_to_the_certificate_lookup_and_revocation(world):
    s5.decided(world)
    s5.document(world, world.host_user, [world.middle])
    cert = Certificate.objects.get()
    public, prov = Client(raise_request_exception=False), logged_in(world.provincial)
    found = Findings()
    valid = {"number": cert.number, "name": cert.holder_name}
    hostile_form(found, public, "/zhengshu/", valid, valid,
                 never=lambda field, hostile_id: hostile_id in (*NEVER, "empty", "blank"))
    hostile_api(found, public, "post", f"{API}/certificates/verify", valid)
    for value in HOSTILE.values():
        for url in (f"/zhengshu/v/{value}/", f"{API}/certificates/verify/{value}"):
            found.page(send(public, "get", url.replace("//", "/x/")))
    url = f"/results/certificates/{cert.pk}/revoke/"
    valid = {"on": s5.ISSUED_ON.isoformat(), "authority": "河北省职称改革领导小组办公室", "reason": "查实伪造业绩。"}
    hostile_form(found, prov, url, valid, valid,
                 never=lambda field, hostile_id: hostile_id in (*NEVER, "empty", "blank") or field == "on")
    found.page(send(prov, "get", url))
    url = f"/applications/{world.middle.pk}/actions/revoke_title/"  # the dossier page's button
    hostile_form(found, prov, url, valid, valid, never=lambda field, hostile_id: hostile_id in NEVER or (
        field == "reason" and hostile_id in ("empty", "blank")) or (field == "on" and hostile_id != "empty"))
    found.check()
