"""评议组: at least `discipline_panel_min` (3) of the meeting's members; a candidate only to a panel with that
many members not recused for it; opinions written by its members, read by the host and unrecused members."""

import pytest
from django.core.cache import cache
from django.http import Http404

from zhicheng.codes.models import Parameter
from zhicheng.committee import agenda, agenda_panels
from zhicheng.committee.models import PanelOpinion
from zhicheng.errors import Refusal

from ..support import stage4_committee as s4c
from .conftest import FROM, MEETING_DAY, UNTIL

pytestmark = pytest.mark.dates


@pytest.fixture
def w(world):
    w = s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL)
    [w.cand] = agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])  # experts[-1] recused (same unit)
    return w


def _ids(experts):
    return [e.pk for e in experts]


def test_a_panel_needs_the_minimum_of_the_meetings_members(w):
    assert agenda_panels.panel_min() == 3
    with pytest.raises(Refusal) as exc:
        agenda_panels.form_panel(w.host_user, w.meeting, name="电气组", expert_ids=_ids(w.experts[:2]))
    assert exc.value.fields["expert_ids"] == ["评议组至少需要3名专家，现选2名。"]
    p = agenda_panels.form_panel(w.host_user, w.meeting, name="电气组", expert_ids=_ids(w.experts[:3]))
    assert sorted(e.pk for e in p.members.all()) == sorted(_ids(w.experts[:3]))
    with pytest.raises(Refusal) as exc:  # one panel per expert and meeting
        agenda_panels.form_panel(w.host_user, w.meeting, name="第二组", expert_ids=_ids(w.experts[2:5]))
    assert "其他评议组" in exc.value.problems[0]
    with pytest.raises(Refusal):
        agenda_panels.form_panel(w.host_user, w.meeting, name=" ", expert_ids=_ids(w.experts[3:5]))


def test_the_minimum_is_a_parameter(w):
    Parameter.objects.filter(key="discipline_panel_min").update(value=2)
    cache.delete("param:discipline_panel_min")
    agenda_panels.form_panel(w.host_user, w.meeting, name="小组", expert_ids=_ids(w.experts[:2]))


def test_a_panel_below_the_minimum_for_a_candidate_is_refused_and_a_later_recusal_flags_it(world):
    w = s4c.prepared(world, day=MEETING_DAY, valid_from=FROM, valid_until=UNTIL, members=7)
    [cand] = agenda.add_candidates(w.host_user, w.meeting, [w.app.pk])  # experts[6] recused (same unit)
    with_recused = agenda_panels.form_panel(w.host_user, w.meeting, name="甲组", expert_ids=_ids(w.experts[4:7]))
    with pytest.raises(Refusal) as exc:
        agenda_panels.assign(w.host_user, with_recused, cand)
    assert "未回避的专家只有2名" in exc.value.problems[0] and w.experts[6].real_name in exc.value.problems[0]
    ok = agenda_panels.form_panel(w.host_user, w.meeting, name="乙组", expert_ids=_ids(w.experts[:3]))
    agenda_panels.assign(w.host_user, ok, cand)  # exactly 3: enough
    rows = agenda_panels.agenda_rows(w.meeting)["rows"]
    assert rows[0].panel == ok and rows[0].short is None
    agenda.recuse_self(w.expert_users[0], cand, reason="与申报人同一课题组")
    rows = agenda_panels.agenda_rows(w.meeting)["rows"]
    assert rows[0].short == 2
    assert [e.recused_here for e in rows[0].panel.members.all()].count(True) == 1
    with pytest.raises(Refusal):
        agenda_panels.assign(w.host_user, ok, cand)


def test_opinions_are_written_by_panel_members_and_read_by_the_host_and_unrecused_members(w):
    p = agenda_panels.form_panel(w.host_user, w.meeting, name="电气组", expert_ids=_ids(w.experts[:3]))
    agenda_panels.assign(w.host_user, p, w.cand)
    writer, outsider, recused = w.expert_users[0], w.expert_users[3], w.expert_users[4]
    with pytest.raises(Http404):  # not declared yet: sees nothing
        agenda_panels.write_opinion(writer, w.cand, text="业绩突出")
    agenda.declare(writer, w.cand, related=False)
    with pytest.raises(Refusal) as exc:
        agenda_panels.write_opinion(writer, w.cand, text="  ")
    assert exc.value.fields == {"text": ["请填写评议意见。"]}
    agenda_panels.write_opinion(writer, w.cand, text="业绩突出，论文质量较高。")
    agenda_panels.write_opinion(writer, w.cand, text="业绩突出，论文质量高，建议通过。")
    assert PanelOpinion.objects.get().text == "业绩突出，论文质量高，建议通过。"
    agenda.declare(outsider, w.cand, related=False)
    with pytest.raises(Refusal) as exc:  # a member not on the panel reads but does not write
        agenda_panels.write_opinion(outsider, w.cand, text="同意")
    assert exc.value.status == 403
    assert agenda_panels.can_read_opinions(w.host_user, w.cand)
    assert agenda_panels.can_read_opinions(outsider, w.cand)
    assert not agenda_panels.can_read_opinions(recused, w.cand)  # same unit
    assert not agenda_panels.can_read_opinions(w.expert_users[1], w.cand)  # on the panel but not declared
