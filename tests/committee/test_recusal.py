"""Recusal (回避) before anyone sees a dossier: automatic for the applicant's unit, a declaration on first sight,
self and ordered recusal; a recused expert sees nothing of the candidate and does not vote on it."""

import pytest
from django.test import Client

from zhicheng.audit.models import AuditEvent
from zhicheng.committee import agenda, services
from zhicheng.committee.models import Declaration, MeetingSeat, Recusal
from zhicheng.dossier.permissions import can_view, visible_applications
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role

from .. import factories as f
from ..support import stage4_committee as s4c
from .conftest import FROM, MEETING_DAY, UNTIL

pytestmark = pytest.mark.dates


@pytest.fixture
def w(world):
    return s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _on_agenda(w):
    [cand] = agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])
    return cand


def test_a_member_from_the_applicants_unit_is_recused_when_the_candidate_is_added(w):
    cand = _on_agenda(w)
    [r] = Recusal.objects.all()
    assert (r.expert, r.kind, r.by) == (w.experts[-1], Recusal.Kind.SAME_UNIT, w.host_user)
    assert "河北电力设计院" in r.reason
    assert agenda.is_recused(w.meeting, w.experts[-1], w.app)
    assert agenda.eligible_voters(w.meeting, w.app) == [e for e in services.panel(w.meeting)[0]
                                                         if e != w.experts[-1].pk]
    assert AuditEvent.objects.filter(action="committee.recusal_same_unit").exists()
    assert cand.order == 1


def test_an_expert_whose_account_belongs_to_the_unit_is_recused_when_drawn_as_a_replacement(w):
    _on_agenda(w)
    hr_expert = w.hr  # the unit's HR is also in the host's pool, under another unit name
    from zhicheng.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=hr_expert, role=Role.EXPERT, organization=w.host)
    e = services.add_expert(w.host_user, real_name=hr_expert.real_name, unit_name="某某大学", title_code="Z0801",
                            specialty="电气", term_start=FROM, term_end=UNTIL, user_id=hr_expert.pk)
    services.draw_replacements(w.host_user, w.meeting, replaced_ids=[w.experts[1].pk], seed="替换")
    assert MeetingSeat.objects.filter(meeting=w.meeting, expert=e).exists()
    assert not MeetingSeat.objects.filter(meeting=w.meeting, expert=w.experts[1]).exists()
    assert Recusal.objects.get(expert=e).kind == Recusal.Kind.SAME_UNIT
    assert e.pk not in agenda.eligible_voters(w.meeting, w.app)
    assert w.experts[1].pk not in agenda.eligible_voters(w.meeting, w.app)  # no longer on the panel


def test_the_dossier_opens_only_after_declaring_no_relation(w):
    cand = _on_agenda(w)
    page = f"/applications/{w.app.pk}/"
    expert_client = _client(w.expert)
    assert not can_view(w.expert, w.app)
    assert expert_client.get(page).status_code == 404
    agenda.declare(w.expert, cand, related=False)
    assert can_view(w.expert, w.app) and list(visible_applications(w.expert)) == [w.app]
    assert expert_client.get(page).status_code == 200
    with pytest.raises(Refusal):
        agenda.declare(w.expert, cand, related=False)  # once


def test_declaring_a_relation_recuses_and_keeps_the_dossier_closed(w):
    cand = _on_agenda(w)
    other = w.expert_users[1]
    with pytest.raises(Refusal) as exc:
        agenda.declare(other, cand, related=True)
    assert exc.value.fields == {"detail": ["请说明与申报人的关系。"]}
    agenda.declare(other, cand, related=True, detail="申报人系本人研究生同学")
    r = Recusal.objects.get(expert=w.experts[1])
    assert (r.kind, r.by, r.reason) == (Recusal.Kind.DECLARED, other, "申报人系本人研究生同学")
    assert Declaration.objects.get(expert=w.experts[1]).related
    assert _client(other).get(f"/applications/{w.app.pk}/").status_code == 404
    assert not visible_applications(other).exists()
    assert w.experts[1].pk not in agenda.eligible_voters(w.meeting, w.app)


def test_self_recusal_after_seeing_the_dossier_closes_it_again(w):
    cand = _on_agenda(w)
    agenda.declare(w.expert, cand, related=False)
    assert can_view(w.expert, w.app)
    with pytest.raises(Refusal):
        agenda.recuse_self(w.expert, cand, reason=" ")
    agenda.recuse_self(w.expert, cand, reason="与申报人曾合作发表论文")
    assert Recusal.objects.get(expert=w.experts[0]).kind == Recusal.Kind.SELF
    assert not can_view(w.expert, w.app) and not visible_applications(w.expert).exists()
    assert _client(w.expert).get(f"/applications/{w.app.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="committee.recusal_self", actor=w.expert).exists()


def test_the_host_orders_a_recusal_with_a_reason_and_the_expert_is_told(w):
    from zhicheng.messaging.models import Message

    cand = _on_agenda(w)
    agenda.declare(w.expert, cand, related=False)
    with pytest.raises(Refusal) as exc:
        agenda.order_recusal(w.host_user, cand, w.experts[0].pk, reason="")
    assert "reason" in exc.value.fields
    r = agenda.order_recusal(w.host_user, cand, w.experts[0].pk, reason="收到实名反映，存在师生关系")
    assert (r.kind, r.by) == (Recusal.Kind.ORDERED, w.host_user)
    assert not can_view(w.expert, w.app)
    assert Message.objects.filter(recipient=w.expert, subject="评审回避通知").exists()
    with pytest.raises(Refusal) as exc:
        agenda.order_recusal(w.host_user, cand, w.experts[0].pk, reason="重复")
    assert exc.value.status == 409


def test_an_expert_off_the_panel_or_of_another_host_cannot_declare_or_be_ordered(w, other_host):
    cand = _on_agenda(w)
    stranger = f.user(Role.EXPERT, w.host, name="库外专家")
    from django.http import Http404

    with pytest.raises(Http404):
        agenda.declare(stranger, cand, related=False)
    with pytest.raises(Http404):
        agenda.order_recusal(other_host, cand, w.experts[0].pk, reason="越权")
    with pytest.raises(Refusal) as exc:
        agenda.order_recusal(w.host_user, cand, 999999, reason="不在本会议")
    assert "expert_id" in exc.value.fields
    assert not can_view(stranger, w.app)


def test_a_replaced_member_loses_the_dossier(w):
    cand = _on_agenda(w)
    agenda.declare(w.expert, cand, related=False)
    services.add_expert(w.host_user, real_name="候补", unit_name="燕山大学", title_code="Z0801", specialty="电气",
                        term_start=FROM, term_end=UNTIL)
    services.draw_replacements(w.host_user, w.meeting, replaced_ids=[w.experts[0].pk], seed="换人")
    assert not can_view(w.expert, w.app)
