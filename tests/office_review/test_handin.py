"""§三(三) 交卷审查: the paper dossier against the 组卷要求, binding only after the online submission, the fee
from its rule through the payment gateway, and the 呈报意见 with every missing thing listed at once."""

import datetime
from decimal import Decimal

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.documents import registry
from zhicheng.dossier import documents as forms
from zhicheng.office_review import handin, payment
from zhicheng.office_review.models import AssemblyItem, Endorsement, FeePayment, FeeRule, PaperDossier
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from ..documents.pdfs import flat, text
from ..support import stage3_handin as s3


@pytest.fixture
def app(world):
    (app,) = s3.unit_submitted(world, [world.app])
    return app


def all_items(app):
    return [i.name for i in handin.checklist(app.series)]


def test_the_default_checklist_follows_the_assembly_order_of_the_seed(world):
    names = all_items(world.app)
    assert names[0].startswith("《专业技术职务任职资格评审表》") and names[1].startswith("《申报评审XX系列")
    assert "《职称申报评审真实性承诺书》" in names and "工作总结" in names
    # A series with lines of its own uses those only.
    AssemblyItem.objects.create(series=world.app.series, order=1, name="工程技术专用材料")
    assert all_items(world.app) == ["工程技术专用材料"]


def test_binding_is_refused_before_the_online_application_is_submitted(world, app):
    s3.prereview_passed(world, app)
    paper = handin.record_paper(world.office_reviewer, app, received_on=datetime.date(2026, 11, 20),
                                items=all_items(app))
    assert paper.complete and paper.missing == []
    with pytest.raises(handin.HandinError) as e:
        handin.bind(world.office_reviewer, app)
    assert e.value.problems == ["网上申报尚未提交，不能登记胶装：纸质材料须在网上申报提交后胶装。"]
    assert PaperDossier.objects.get(application=app).bound_at is None
    s3.online_submitted(world, app)
    paper = handin.bind(world.office_reviewer, app)
    assert paper.bound_by == world.office_reviewer and paper.bound_at is not None
    assert AuditEvent.objects.filter(action="paper_bound", object_id=str(app.pk)).count() == 1
    with pytest.raises(handin.HandinError, match="纸质材料已胶装，不能再修改接收登记。"):
        handin.record_paper(world.office_reviewer, app, received_on=datetime.date(2026, 11, 20), items=[])


def test_an_incomplete_paper_dossier_names_what_is_missing_and_cannot_be_bound(world, app):
    s3.online_submitted(world, app)
    names = all_items(app)
    paper = handin.record_paper(world.office_reviewer, app, received_on=datetime.date(2026, 11, 20),
                                items=[n for n in names if n != "工作总结"][::-1])
    assert not paper.complete and paper.missing == ["工作总结"]
    assert paper.items == [n for n in names if n != "工作总结"]  # kept in the order of the 组卷要求
    with pytest.raises(handin.HandinError, match="缺少工作总结"):
        handin.bind(world.office_reviewer, app)
    with pytest.raises(handin.HandinError, match="组卷要求中没有以下材料：房产证"):
        handin.record_paper(world.office_reviewer, app, received_on=datetime.date(2026, 11, 20), items=["房产证"])


def test_paper_and_fee_are_refused_before_the_prereview_passed(world, app):
    with pytest.raises(handin.HandinError, match="当前状态为“单位已推荐上报”"):
        handin.record_paper(world.office_reviewer, app, received_on=datetime.date(2026, 11, 20), items=[])


def test_the_fee_comes_from_the_rule_of_the_series_and_level(world, app):
    s3.online_submitted(world, app)
    with pytest.raises(handin.HandinError, match="尚未设置工程技术系列副高级的评审费标准"):
        handin.record_fee(world.office_reviewer, app, receipt_no="PJ1", paid_on=datetime.date(2026, 11, 20))
    s3.fee_rules()
    assert handin.fee_amount(app) == Decimal("500")
    FeeRule.objects.create(series=app.series, level="associate_senior", amount=Decimal("550"))
    assert handin.fee_amount(app) == Decimal("550")  # the series' own row wins
    with pytest.raises(handin.HandinError) as e:
        handin.record_fee(world.office_reviewer, app, receipt_no="  ", paid_on=datetime.date(2026, 11, 20))
    assert e.value.fields == {"receipt_no": ["请填写票据号。"]}
    paid = handin.record_fee(world.office_reviewer, app, receipt_no="PJ2026-001", paid_on=datetime.date(2026, 11, 20))
    assert (paid.amount, paid.receipt_no, paid.method, paid.recorded_by) == (
        Decimal("550"), "PJ2026-001", "manual", world.office_reviewer)
    ev = AuditEvent.objects.get(action="fee_paid")
    assert ev.details["amount"] == "550.00" and ev.details["receipt_no"] == "PJ2026-001"


class RecordingGateway(payment.ManualEntryGateway):
    method = "online"
    calls: list = []

    def record(self, application, amount, receipt_no, paid_on, actor):
        RecordingGateway.calls.append((application.pk, amount, receipt_no))
        return super().record(application, amount, receipt_no, paid_on, actor)


def test_the_payment_gateway_is_pluggable(world, app, settings):
    settings.PAYMENT_GATEWAY = "tests.office_review.test_handin.RecordingGateway"
    s3.online_submitted(world, app)
    s3.fee_rules()
    handin.record_fee(world.office_reviewer, app, receipt_no="WX123", paid_on=datetime.date(2026, 11, 20))
    assert RecordingGateway.calls[-1] == (app.pk, Decimal("500"), "WX123")
    assert FeePayment.objects.get(application=app).method == "online"


def test_endorsement_lists_every_missing_thing_at_once(world, app):
    s3.online_passed(world, app)
    with pytest.raises(TransitionError) as e:
        handin.endorse(world.office_reviewer, app, text="", signer_name="")
    assert e.value.problems == ["纸质材料尚未接收。", "评审费尚未缴纳。", "呈报意见尚未填写。", "呈报意见尚未签名。"]
    s3.handed_in(world, app, fee=False, bind=False)
    with pytest.raises(TransitionError) as e:
        handin.endorse(world.office_reviewer, app, text="同意呈报。", signer_name="孙处长")
    assert e.value.problems == ["纸质材料尚未胶装。", "评审费尚未缴纳。"]
    assert not Endorsement.objects.exists()  # refused: nothing kept
    handin.bind(world.office_reviewer, app)
    with pytest.raises(TransitionError) as e:
        handin.endorse(world.office_reviewer, app, text="同意呈报。", signer_name="孙处长")
    assert e.value.problems == ["评审费尚未缴纳。"]
    app.refresh_from_db()
    assert app.state == State.ONLINE_PASSED


def test_endorsement_is_refused_before_the_online_review_passed(world, app):
    s3.online_submitted(world, app)
    with pytest.raises(TransitionError, match="当前状态为“网上已申报（待网上审核）”，不能执行“签署呈报意见”"):
        handin.endorse(world.office_reviewer, app, text="同意呈报。", signer_name="孙处长")


def test_the_signed_endorsement_is_printed_in_the_office_box_of_both_forms(world, app):
    s3.handed_in(world, app)
    ctx = forms.document_context(app)
    assert {b.key: b for b in ctx["review_form_boxes"]}[registry.OFFICE_OPINION].blank
    handin.endorse(world.office_reviewer, app, text="经审查，材料真实齐全，同意呈报。", signer_name="孙处长",
                   signed_on=datetime.date(2026, 11, 25))
    app.refresh_from_db()
    assert app.state == State.OFFICE_ENDORSED
    ctx = forms.document_context(app)
    for key in ("review_form_boxes", "roster_boxes"):
        box = {b.key: b for b in ctx[key]}[registry.OFFICE_OPINION]
        assert box.lines == ("经审查，材料真实齐全，同意呈报。", "签名：孙处长　　2026年11月25日")
    for make in (forms.review_form_pdf, forms.roster_pdf):
        content = flat(text(make(app)))
        assert "经审查，材料真实齐全，同意呈报。签名：孙处长2026年11月25日" in content.replace("　", "")
    assert AuditEvent.objects.filter(action="endorse", object_id=str(app.pk)).exists()


def test_only_the_offices_own_reviewers_record_the_handin(world, app):
    s3.online_submitted(world, app)
    for stranger in (world.other_office_reviewer, world.hr, world.provincial):
        with pytest.raises(handin.HandinError) as e:
            handin.record_paper(stranger, app, received_on=datetime.date(2026, 11, 20), items=[])
        assert e.value.forbidden
        with pytest.raises(handin.HandinError):
            handin.bind(stranger, app)
    assert not PaperDossier.objects.exists()


def test_endorse_through_the_action_of_the_dossier_page(world, app):
    from zhicheng.workflow import actions

    s3.handed_in(world, app)
    assert "endorse" in {t.action for t in actions.available(world.office_reviewer, app)}
    actions.perform(app, "endorse", actor=world.office_reviewer,
                    data={"text": "同意呈报。", "signer_name": "孙处长", "signed_on": "2026-11-25"})
    app.refresh_from_db()
    assert app.state == State.OFFICE_ENDORSED
    assert Endorsement.objects.get(application=app).signed_on == datetime.date(2026, 11, 25)
