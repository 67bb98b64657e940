"""复查申请与投诉: filing by the owner only, handling by the host it went to only, the outcome shown to the
applicant, one open request per kind, notices and audit events."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.results.steps import issue
from tests.support import stage5_appeals as s5
from zhicheng.audit.models import AuditEvent
from zhicheng.errors import Refusal
from zhicheng.messaging.models import Message
from zhicheng.results import appeals
from zhicheng.results.models_appeals import Appeal
from zhicheng.workflow.states import State


@pytest.fixture
def failed(world):
    return s5.decided(world)


def file(world, app, kind="recheck", text="评审未通过的理由与本人材料不符，请求复查。", **kw):
    return appeals.file_appeal(world.applicant, app, kind=kind, text=text, **kw)


def test_owner_files_and_the_host_is_told(world, failed):
    a = file(world, failed)
    assert a.status == Appeal.Status.FILED and a.handler_org == world.host
    assert a.state_when_filed == State.FAILED
    assert Message.objects.filter(recipient=world.host_user, link=f"/results/appeals/{a.pk}/").exists()
    assert not Message.objects.filter(recipient=world.host2_user).exists()
    assert AuditEvent.objects.filter(action="appeal_filed", actor=world.applicant).exists()


@pytest.mark.parametrize("state", [State.PASSED, State.RESULT_NOTICE, State.ISSUED, State.HOST_RETURNED,
                                   State.SPOT_RETURNED, State.RESULT_REFUSED])
def test_states_that_may_be_appealed(world, state):
    app = s5.decided(world, state=state)
    assert file(world, app).pk


@pytest.mark.parametrize("state", [State.SUBMITTED, State.IN_COMMITTEE, State.HOST_REVIEW])
def test_too_early(world, state):
    app = s5.decided(world, state=state)
    with pytest.raises(Refusal) as exc:
        file(world, app)
    assert "评审结论作出后" in exc.value.problems[0]


def test_not_assigned_goes_to_the_provincial_office(world):
    app = s5.decided(world, state=State.SPOT_RETURNED, assigned=False)
    a = file(world, app)
    assert a.handler_org == world.province
    assert not appeals.can_handle(world.host_user, a) and appeals.can_handle(world.provincial, a)


def test_only_the_owner_files(world, failed):
    for who in (world.applicant2, world.hr, world.host_user, world.provincial):
        with pytest.raises(Refusal) as exc:
            appeals.file_appeal(who, failed, kind="recheck", text="x")
        assert exc.value.status == 403


def test_one_open_request_per_kind(world, failed):
    first = file(world, failed)
    with pytest.raises(Refusal) as exc:
        file(world, failed)
    assert "未办结的复查申请" in exc.value.problems[0]
    assert file(world, failed, kind="complaint").kind == "complaint"  # the other kind is allowed
    appeals.decide(world.host_user, first, outcome="rejected", reason="不属于复查范围。")
    assert file(world, failed).pk != first.pk  # once closed, a new one may be filed


def test_text_and_evidence_checked(world, failed):
    with pytest.raises(Refusal) as exc:
        file(world, failed, text=" ", files=[SimpleUploadedFile("a.png", f.png_bytes(), content_type="image/png")])
    assert set(exc.value.fields) == {"text", "evidence"}
    a = file(world, failed, files=[SimpleUploadedFile("证明.pdf", f.pdf_bytes("证明材料"),
                                                      content_type="application/pdf")])
    assert a.evidence.count() == 1


def test_handling_by_the_right_host_only(world, failed):
    a = file(world, failed)
    for who in (world.host2_user, world.provincial, world.office_reviewer, world.applicant):
        with pytest.raises(Refusal) as exc:
            appeals.accept(who, a)
        assert exc.value.status == 403
    appeals.accept(world.host_user, a, note="材料齐全。")
    appeals.add_step(world.host_user, a, note="调阅评审记录，核对投票结果。")
    with pytest.raises(Refusal):
        appeals.decide(world.host_user, a, outcome="rejected", reason="x")  # accepted: no longer 不予受理
    with pytest.raises(Refusal) as exc:
        appeals.decide(world.host_user, a, outcome="upheld", reason=" ")
    assert exc.value.fields == {"note": ["请写明结论理由。"]}
    a = appeals.decide(world.host_user, a, outcome="upheld", reason="评审程序合规，投票结果无误。")
    assert (a.status, a.outcome) == (Appeal.Status.CLOSED, Appeal.Outcome.UPHELD)
    assert [s.note[:3] for s in a.steps.all()] == ["已受理", "调阅评", "办结：" ]
    subjects = list(Message.objects.filter(recipient=world.applicant).values_list("subject", flat=True))
    assert "您的复查申请已受理" in subjects and "您的复查申请已办结：维持原结论" in subjects
    assert set(AuditEvent.objects.filter(action__startswith="appeal_").values_list("action", flat=True)) == {
        "appeal_filed", "appeal_accepted", "appeal_step", "appeal_decided"}
    with pytest.raises(Refusal) as exc:
        appeals.add_step(world.host_user, a, note="再补充")
    assert exc.value.status == 409


def test_fraud_found_links_to_revocation(world):
    app = s5.decided(world, state=State.ISSUED)
    cert = issue(world, app)
    a = file(world, app, kind="complaint")
    appeals.accept(world.host_user, a)
    a = appeals.decide(world.host_user, a, outcome="corrected", reason="论文系剽窃。", fraud_found=True)
    link = f"/results/certificates/{cert.pk}/revoke/"
    assert appeals.revocation_link(a) == link
    assert Message.objects.filter(recipient=world.provincial, link=link).exists()
