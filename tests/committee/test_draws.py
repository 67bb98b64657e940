"""The panel draw: reproducible from the recorded seed and eligible list, odd, at least the minimum by
committee type (at the edge), the senior level rule, replacements never redraw a drawn expert."""

import datetime
import random

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Level, Parameter
from zhicheng.committee import services
from zhicheng.committee.models import PanelDraw, ReviewMeeting
from zhicheng.errors import Refusal

from .conftest import MEETING_DAY, committee, experts, meeting

pytestmark = pytest.mark.dates


def test_draw_is_reproducible_from_seed_and_eligible_list(world):
    c = committee(world.host_user)
    experts(world.host_user, 40)
    m = meeting(world.host_user, c)
    d = services.draw_panel(world.host_user, m, size=25, seed="冀评2026-电气")
    assert d.seed == "冀评2026-电气" and len(d.drawn_ids) == 25 == len(set(d.drawn_ids)) and d.size == 25
    assert d.eligible_ids == sorted(d.eligible_ids) and len(d.eligible_ids) == 40
    # Anyone re-running the recorded method gets the same sample, in the same order.
    assert random.Random(d.seed).sample(d.eligible_ids, 25) == d.drawn_ids
    assert services.sample(d.seed, list(reversed(d.eligible_ids)), 25) == d.drawn_ids
    assert d.chair_id == d.drawn_ids[0] and "random.Random" in d.method
    assert services.sample("another seed", d.eligible_ids, 25) != d.drawn_ids
    m.refresh_from_db()
    assert m.status == ReviewMeeting.Status.DRAWN
    event = AuditEvent.objects.get(action="committee.draw_initial")
    assert event.details["seed"] == d.seed and event.details["drawn_ids"] == d.drawn_ids


def test_a_seed_is_generated_when_not_given_and_differs(world):
    c = committee(world.host_user, specialty="电气")
    experts(world.host_user, 30)
    a = services.draw_panel(world.host_user, meeting(world.host_user, c), size=11)
    b = services.draw_panel(world.host_user, meeting(world.host_user, c), size=11)
    assert len(a.seed) == 32 and a.seed != b.seed and a.eligible_ids == b.eligible_ids
    assert a.drawn_ids != b.drawn_ids  # 30 choose 11 orderings: equal only by a vanishing chance


def test_senior_by_series_minimum_25_at_the_edge_and_odd(world):
    c = committee(world.host_user)
    experts(world.host_user, 30)
    m = meeting(world.host_user, c)
    with pytest.raises(Refusal) as exc:
        services.draw_panel(world.host_user, m, size=23)
    assert exc.value.problems == ["按系列组建的高级评审委员会评审正高级的会议至少需要25名专家，23人不足。"]
    with pytest.raises(Refusal) as exc:
        services.draw_panel(world.host_user, m, size=24)
    assert "评审专家人数须为单数，24人为双数。" in exc.value.problems
    assert "按系列组建的高级评审委员会评审正高级的会议至少需要25名专家，24人不足。" in exc.value.problems
    with pytest.raises(Refusal) as exc:
        services.draw_panel(world.host_user, m, size=26)
    assert exc.value.problems == ["评审专家人数须为单数，26人为双数。"]
    assert not PanelDraw.objects.exists()
    assert len(services.draw_panel(world.host_user, m, size=25).drawn_ids) == 25
    with pytest.raises(Refusal):  # one initial draw per meeting
        services.draw_panel(world.host_user, m, size=25)


def test_pool_too_small_is_refused_naming_the_numbers(world):
    c = committee(world.host_user)
    experts(world.host_user, 24)
    m = meeting(world.host_user, c)
    with pytest.raises(Refusal) as exc:
        services.draw_panel(world.host_user, m, size=25)
    assert exc.value.problems == ["专家库中符合条件的专家只有24名，不足抽取的25名（按系列组建的高级评审委员会至少25名，且须为单数）。"
                                  "请先补充专家库。"]


def test_minimums_by_specialty_and_other_levels_are_data(world):
    c = committee(world.host_user, specialty="电气")
    experts(world.host_user, 12)
    with pytest.raises(Refusal):
        services.draw_panel(world.host_user, meeting(world.host_user, c), size=9)
    assert len(services.draw_panel(world.host_user, meeting(world.host_user, c), size=11).drawn_ids) == 11
    mid = committee(world.host_user, levels=[Level.INTERMEDIATE], name="中级评委会")
    with pytest.raises(Refusal) as exc:
        services.draw_panel(world.host_user, meeting(world.host_user, mid, level=Level.INTERMEDIATE), size=5)
    assert "中初级评审委员会评审中级的会议至少需要7名专家，5人不足。" in exc.value.problems
    Parameter.objects.update_or_create(key="committee_min_other", defaults={"name": "x", "value": 5})
    assert services.draw_panel(world.host_user, meeting(world.host_user, mid, level=Level.INTERMEDIATE), size=5)


def test_associate_senior_expert_cannot_review_senior(world):
    c = committee(world.host_user, specialty="电气")
    seniors = experts(world.host_user, 11, name="正高")
    associates = experts(world.host_user, 5, title_code="082", name="副高")
    senior_meeting = meeting(world.host_user, c, level=Level.SENIOR)
    ids = {e.pk for e in services.eligible_experts(senior_meeting)}
    assert ids == {e.pk for e in seniors}
    associate_meeting = meeting(world.host_user, c, level=Level.ASSOCIATE_SENIOR)
    assert {e.pk for e in services.eligible_experts(associate_meeting)} == {e.pk for e in seniors + associates}
    d = services.draw_panel(world.host_user, senior_meeting, size=11)
    assert not set(d.drawn_ids) & {e.pk for e in associates}


def test_eligibility_by_term_specialty_series_and_host(world, other_host):
    c = committee(world.host_user, specialty="电气")
    good = experts(world.host_user, 1)[0]
    experts(world.host_user, 1, end=MEETING_DAY - datetime.timedelta(days=1), name="聘期已满")
    experts(world.host_user, 1, start=MEETING_DAY + datetime.timedelta(days=1), name="未到聘期")
    experts(world.host_user, 1, specialty="机械", name="机械")
    experts(world.host_user, 1, title_code="Z0901", name="农业")
    experts(other_host, 1, name="他库")
    edge = experts(world.host_user, 1, end=MEETING_DAY, name="末日")[0]
    assert [e.pk for e in services.eligible_experts(meeting(world.host_user, c))] == [good.pk, edge.pk]


def test_replacement_excludes_already_drawn_and_keeps_the_size(world):
    c = committee(world.host_user, specialty="电气")
    experts(world.host_user, 14)
    m = meeting(world.host_user, c)
    first = services.draw_panel(world.host_user, m, size=11, seed="s1")
    chair = first.chair_id
    gone = [chair, first.drawn_ids[5]]
    rep = services.draw_replacements(world.host_user, m, replaced_ids=gone, seed="s2")
    assert rep.kind == PanelDraw.Kind.REPLACEMENT and rep.size == 2
    assert not set(rep.drawn_ids) & set(first.drawn_ids)
    assert rep.eligible_ids == sorted(set(range(min(first.eligible_ids), max(first.eligible_ids) + 1))
                                      - set(first.drawn_ids))
    assert services.sample("s2", rep.eligible_ids, 2) == rep.drawn_ids
    members, new_chair = services.panel(m)
    assert len(members) == 11 and not set(gone) & set(members) and new_chair == rep.drawn_ids[0]
    # One expert left never drawn: replacing two more is refused, naming the numbers.
    with pytest.raises(Refusal) as exc:
        services.draw_replacements(world.host_user, m, replaced_ids=members[:2])
    assert exc.value.problems == ["专家库中尚未抽取过的符合条件专家只有1名，不足替换的2名。"]
    with pytest.raises(Refusal):  # a replaced expert is no longer a member
        services.draw_replacements(world.host_user, m, replaced_ids=[gone[1]])
    again = services.draw_replacements(world.host_user, m, replaced_ids=[members[3]])
    assert again.chair_id is None and services.panel(m)[1] == new_chair
