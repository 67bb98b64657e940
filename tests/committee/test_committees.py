"""Committees: validity at most 3 years (at the edge), expired committees cannot sit or draw; the expert pool."""

import datetime
import zoneinfo

import pytest
import time_machine

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Level, Parameter
from zhicheng.committee import services
from zhicheng.committee.models import Committee
from zhicheng.errors import Refusal

from .conftest import FROM, MEETING_DAY, UNTIL, committee, experts, meeting

pytestmark = pytest.mark.dates
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_validity_of_exactly_three_years_is_accepted_one_day_more_refused(world):
    c = committee(world.host_user)
    assert (c.valid_from, c.valid_until) == (FROM, UNTIL)
    assert c.org.parent_id == world.host.pk and c.org.kind == "committee" and c.host_id == world.host.pk
    with pytest.raises(Refusal) as exc:
        committee(world.host_user, valid_until=UNTIL + datetime.timedelta(days=1), name="另一个")
    assert exc.value.fields["valid_until"] == ["评审委员会核准有效期不超过3年：自2026年1月1日起，最晚至2028年12月31日。"]
    assert Committee.objects.count() == 1
    assert AuditEvent.objects.filter(action="committee.create").count() == 1


def test_validity_from_29_february_and_the_limit_is_data(world):
    leap = datetime.date(2028, 2, 29)
    c = committee(world.host_user, valid_from=leap, valid_until=datetime.date(2031, 2, 28))
    assert c.valid_until == datetime.date(2031, 2, 28)
    Parameter.objects.update_or_create(key="committee_validity_years", defaults={"name": "x", "value": 2})
    with pytest.raises(Refusal):
        committee(world.host_user, name="二")


def test_approval_date_today_accepted_tomorrow_refused(world):
    from .conftest import TODAY

    with pytest.raises(Refusal) as exc:
        committee(world.host_user, approval_date=TODAY + datetime.timedelta(days=1),
                  valid_from=TODAY + datetime.timedelta(days=1), valid_until=UNTIL)
    assert exc.value.fields["approval_date"] == ["核准日期不能晚于今天（2026年3月2日）。"]
    assert committee(world.host_user, approval_date=TODAY, valid_from=TODAY, valid_until=UNTIL).approval_date == TODAY


def test_create_refuses_every_problem_at_once(world):
    with pytest.raises(Refusal) as exc:
        services.create_committee(world.host_user, name=" ", series_code="nope", levels=["x"], approval_number="",
                                  approval_date=FROM, valid_from=FROM, valid_until=FROM - datetime.timedelta(days=1))
    assert set(exc.value.fields) == {"name", "series_code", "levels", "approval_number", "valid_until"}


def test_only_a_host_may_create(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        committee(world.office_reviewer)


def test_expired_committee_cannot_hold_a_meeting_nor_draw(world):
    c = committee(world.host_user, valid_until=datetime.date(2026, 6, 30))
    experts(world.host_user, 25)
    with pytest.raises(Refusal) as exc:
        meeting(world.host_user, c, date=datetime.date(2026, 7, 1))
    assert "有效期外不能召开评审会议" in exc.value.problems[0]
    m = meeting(world.host_user, c, date=datetime.date(2026, 6, 30))
    with time_machine.travel(datetime.datetime(2026, 7, 1, 10, tzinfo=SH), tick=False):
        with pytest.raises(Refusal) as exc:
            services.draw_panel(world.host_user, m, size=25)
    assert "有效期为2026年1月1日至2026年6月30日" in exc.value.problems[0]
    assert not m.draws.exists()


def test_meeting_level_must_be_covered(world):
    c = committee(world.host_user, levels=[Level.ASSOCIATE_SENIOR])
    with pytest.raises(Refusal) as exc:
        meeting(world.host_user, c, level=Level.SENIOR)
    assert exc.value.fields["level"] == ["该评审委员会不评审正高级。"]


def test_expert_pool_add_edit_and_account_link(world):
    e = experts(world.host_user, 1)[0]
    assert e.level == Level.SENIOR and e.host_id == world.host.pk
    services.edit_expert(world.host_user, e, real_name="王工", unit_name="河北工业大学", title_code="082",
                         specialty="电气", term_start=FROM, term_end=UNTIL, user_id=world.expert.pk)
    e.refresh_from_db()
    assert e.level == Level.ASSOCIATE_SENIOR and e.user_id == world.expert.pk
    with pytest.raises(Refusal) as exc:  # an account that is not an expert of this host
        services.edit_expert(world.host_user, e, real_name="王工", unit_name="河北工业大学", title_code="082",
                             specialty="电气", term_start=FROM, term_end=UNTIL, user_id=world.hr.pk)
    assert "user_id" in exc.value.fields
    assert AuditEvent.objects.filter(action="committee.expert_edit").count() == 1


def test_meeting_date_in_the_past_refused(world):
    c = committee(world.host_user)
    with pytest.raises(Refusal):
        meeting(world.host_user, c, date=datetime.date(2026, 3, 1))
    assert meeting(world.host_user, c).date == MEETING_DAY
