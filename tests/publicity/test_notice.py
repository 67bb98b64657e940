"""Publishing the notice: dates on the working-day calendar, one notice for the batch, what each entry keeps."""

import datetime

import pytest

from zhicheng.campaigns.models import CampaignStage
from zhicheng.codes.models import Parameter
from zhicheng.dossier.services import fingerprint
from zhicheng.publicity import services as ps
from zhicheng.publicity.models import NoticeEntry
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from .conftest import FIRST, LAST, PUBLISHED, at
from .steps import recommended


def test_a_notice_over_national_day_lasts_five_working_days(notice, world):
    assert (notice.starts_on, notice.ends_on, notice.working_days) == (FIRST, LAST, 5)
    assert ps.period_text(notice) == "2026年9月29日—2026年10月10日"
    assert world.app.state == State.IN_NOTICE
    entry = NoticeEntry.objects.get(notice=notice)
    version = world.app.versions.get()
    assert (entry.application_id, entry.version_number) == (world.app.pk, version.number)
    assert entry.fingerprint == fingerprint(version.snapshot)


def test_one_notice_moves_the_units_whole_batch(world):
    others = f.submitted_applications(world.campaign, 2)
    recommended([world.app, *others], world.hr)
    with at(PUBLISHED):
        n = ps.start_notice(world.hr, campaign=world.campaign, starts_on=datetime.date(2026, 11, 2), title="公示")
    assert (n.starts_on, n.ends_on) == (datetime.date(2026, 11, 2), datetime.date(2026, 11, 6))
    assert ps.period_text(n) == "2026年11月2日—2026年11月6日"
    assert n.entries.count() == 3
    for app in [world.app, *others]:
        app.refresh_from_db()
        assert app.state == State.IN_NOTICE


def test_the_campaigns_notice_stage_lengthens_it_never_shortens_it(world):
    recommended([world.app], world.hr)
    stage = CampaignStage.objects.create(campaign=world.campaign, stage="notice", starts_on=FIRST, working_days=7,
                                         ends_on=FIRST)
    with at(PUBLISHED):
        assert ps.start_notice(world.hr, campaign=world.campaign).ends_on == datetime.date(2026, 10, 13)
    stage.working_days = 3
    stage.save()
    assert ps.notice_working_days(world.campaign) == 5
    Parameter.objects.filter(key="notice_working_days").update(value=6)
    from django.core.cache import cache

    cache.clear()
    assert ps.notice_working_days(world.campaign) == 6


def test_refusals_when_publishing(world):
    with pytest.raises(ps.PublicityRefusal) as e:
        ps.start_notice(world.hr, campaign=world.campaign)
    assert "没有“拟推荐”的人选" in e.value.problems[0]
    recommended([world.app], world.hr)
    with pytest.raises(ps.PublicityRefusal) as e:
        ps.start_notice(world.other_hr, campaign=world.campaign)
    assert e.value.forbidden
    with at(PUBLISHED), pytest.raises(ps.PublicityRefusal) as e:
        ps.start_notice(world.hr, campaign=world.campaign, starts_on=PUBLISHED - datetime.timedelta(days=1))
    assert e.value.problems == ["公示开始日期不能早于今天（2026年9月28日）。"]
    world.app.refresh_from_db()
    assert world.app.state == State.RECOMMENDED


def test_start_notice_is_not_offered_one_by_one(world):
    recommended([world.app], world.hr)
    assert "start_notice" not in {t.action for t in actions.available(world.hr, world.app)}
    with pytest.raises(ps.PublicityRefusal, match="单位公示"):
        actions.perform(world.app, "start_notice", actor=world.hr)


def test_close_on_the_last_day_is_refused_and_the_day_after_passes(notice, world):
    with at(LAST, 23, 59, 59), pytest.raises(TransitionError) as e:
        ps.close_notice(world.hr, notice)
    assert e.value.problems == ["公示期为2026年9月29日—2026年10月10日，2026年10月11日起方可结束公示。"]
    assert ps.completed_notice(world.app) is None and ps.published_fingerprint(world.app) is None
    with at(LAST + datetime.timedelta(days=1), 0, 0, 0):
        ps.close_notice(world.hr, notice)
    world.app.refresh_from_db()
    notice.refresh_from_db()
    assert world.app.state == State.NOTICE_PASSED and notice.closed_at is not None
    assert ps.completed_notice(world.app) == notice
    assert ps.published_fingerprint(world.app) == NoticeEntry.objects.get(notice=notice).fingerprint


def test_close_from_the_dossier_button(notice, world):
    with at(LAST + datetime.timedelta(days=1)):
        assert "close_notice" in {t.action for t in actions.available(world.hr, world.app)}
        actions.perform(world.app, "close_notice", actor=world.hr)
    world.app.refresh_from_db()
    assert world.app.state == State.NOTICE_PASSED and ps.completed_notice(world.app) == notice


def test_an_open_objection_keeps_the_notice_open(notice, world):
    with at(FIRST):
        ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="13900000000",
                           facts="论文涉嫌抄袭。")
    with at(LAST + datetime.timedelta(days=1)), pytest.raises(TransitionError) as e:
        ps.close_notice(world.hr, notice)
    assert "该申报尚有未办结的异议，不能结束公示。" in e.value.problems
    world.app.refresh_from_db()
    assert world.app.state == State.IN_NOTICE


def test_an_objection_being_checked_does_not_hold_the_others(world):
    other = f.submitted_applications(world.campaign, 1)[0]
    recommended([world.app, other], world.hr)
    with at(PUBLISHED):
        notice = ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    with at(FIRST):
        ps.raise_objection(notice, entry_id=notice.entries.get(application=world.app).pk, real_name="王五",
                           contact="1", facts="x")
        ps.investigate(world.hr, world.app)
    with at(LAST + datetime.timedelta(days=1)):
        assert [a.pk for a in ps.close_notice(world.hr, notice)] == [other.pk]
        notice.refresh_from_db()
        assert notice.closed_at is None  # still open for the one being checked
        with pytest.raises(ps.PublicityRefusal, match="均在异议核查中"):
            ps.close_notice(world.hr, notice)
        world.app.refresh_from_db()
        ps.clear_objection(world.hr, world.app, reason="不成立", investigation="核对")
        ps.close_notice(world.hr, notice)
    notice.refresh_from_db()
    world.app.refresh_from_db()
    assert world.app.state == State.NOTICE_PASSED and notice.closed_at is not None


def test_open_objection_problems_for_the_submission(notice, world):
    assert ps.open_objection_problems(world.app) == []
    with at(FIRST):
        ps.raise_objection(notice, entry_id=notice.entries.get().pk, real_name="王五", contact="1", facts="x")
    assert ps.open_objection_problems(world.app) == ["该申报尚有未办结的公示异议，不能上报。"]
