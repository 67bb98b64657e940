"""§二(五) 量化赋分: scheme, assessors, conflicts, scores, aggregation, finishing."""

from decimal import Decimal

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier.permissions import can_view, visible_applications
from zhicheng.scoring import defaults, services
from zhicheng.scoring.models import Assignment, Relation, Scheme
from zhicheng.workflow.models import Task
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .helpers import assign_all, full, panel, score_all, verified_apps

pytestmark = pytest.mark.usefixtures("verify_built")


def test_default_scheme_is_the_twelve_categories_in_order_totalling_100(world):
    scheme = services.campaign_scheme(world.campaign)
    cats = list(scheme.categories.all())
    assert [c.name for c in cats] == ["工作任务及成绩", "工作经历与能力", "科研成果或科研项目", "专业奖励", "著作、论文",
                                      "综合奖励（荣誉称号）", "答辩水平", "年度及任职期满考核", "学历（学位）",
                                      "从事专业技术工作年限", "继续教育", "其他"]
    assert sum(c.max_points for c in cats) == Decimal(100)
    assert {c.code: c.rule for c in cats if c.method == "rule"} == {
        "assessment": "assessment", "education": "education", "years": "years", "training": "training"}
    assert scheme.tie_break == defaults.TIE_BREAK == ["defense", "work"]


def test_computed_categories_show_their_working(world):
    (app,) = verified_apps(world, 1)
    scheme = services.campaign_scheme(world.campaign)
    row = services.score_rows(scheme, [app])[0]
    # factory dossier: 大学本科毕业 + 学士; 专业技术工作 since 2008-07-01; 5 years 合格; 90 hours last year
    assert row.working["education"] == "本科学士 → 10分" and row.cells["education"] == Decimal("10.00")
    # years to 31 December of the campaign year (2026), whatever today is
    assert row.working["years"] == "2008年7月起18年（满15年） → 5分" and row.cells["years"] == Decimal("5.00")
    assert row.cells["assessment"] == Decimal("5.00")
    assert row.working["assessment"].endswith("→ 5分")
    assert row.working["training"] == "近5年共90学时（满90学时） → 1分"


def test_rule_tables_are_data_edited_per_campaign(world):
    scheme = services.campaign_scheme(world.campaign)
    edu = scheme.categories.get(code="education")
    table = [dict(r) for r in edu.rule_table]
    table[4]["points"] = "12"  # 本科学士
    services.update_scheme(world.hr, scheme, aggregation="mean", tie_break=["defense"],
                           categories={edu.pk: {"name": edu.name, "max_points": "12", "method": "rule",
                                                "rule_table": table}})
    (app,) = verified_apps(world, 1)
    row = services.score_rows(scheme, [app])[0]
    assert row.working["education"] == "本科学士 → 12分"


def test_scheme_maxima_must_total_the_parameter(world):
    scheme = services.campaign_scheme(world.campaign)
    work = scheme.categories.get(code="work")
    with pytest.raises(services.ScoringError) as e:
        services.update_scheme(world.hr, scheme, aggregation="mean", tie_break=[],
                               categories={work.pk: {"max_points": "25"}})
    assert e.value.problems == ["各分项满分合计须为100分，现为105分。"]


def test_series_level_scheme_is_copied_and_used(world):
    (app,) = verified_apps(world, 1)
    own = services.add_series_scheme(world.hr, world.campaign, app.series, app.level)
    assert services.scheme_for(world.campaign, app.series_id, app.level) == own
    assert own.categories.count() == 12
    with pytest.raises(services.ScoringError, match="已有单独的量化赋分方案"):
        services.add_series_scheme(world.hr, world.campaign, app.series, app.level)


def test_scheme_is_frozen_once_the_first_score_is_submitted(world):
    (app,) = verified_apps(world, 1)
    (u,) = panel(world, 1)
    asgs = assign_all(world, [app], [u])
    scheme = services.campaign_scheme(world.campaign)
    work = scheme.categories.get(code="work")
    services.save_scores(u, asgs[(app.pk, u.pk)], full(app, 5), submit=False)  # saved, not submitted
    services.update_scheme(world.hr, scheme, aggregation="trimmed", tie_break=["defense"], categories={})
    score_all(asgs, {app.pk: 5})
    assert services.frozen(scheme)
    with pytest.raises(services.ScoringError) as e:
        services.update_scheme(world.hr, scheme, aggregation="mean", tie_break=[],
                               categories={work.pk: {"max_points": "20"}})
    assert e.value.problems == ["已有评分人提交评分，量化赋分方案已冻结，不能再修改。"]
    with pytest.raises(services.ScoringError, match="不能再设置单独的方案"):
        services.add_series_scheme(world.hr, world.campaign, app.series, app.level)


def test_only_the_units_hr_edits_the_scheme(world):
    scheme = services.campaign_scheme(world.campaign)
    for other in (world.other_hr, world.leader, world.assessor):
        with pytest.raises(services.ScoringError) as e:
            services.update_scheme(other, scheme, aggregation="mean", tie_break=[], categories={})
        assert e.value.forbidden


@pytest.mark.parametrize("value, message", [
    ("20", None), ("12.5", None), ("0", None),
    ("20.1", "“工作任务及成绩”的分数不能超过满分20分。"),
    ("-0.1", "“工作任务及成绩”的分数不能低于0分。"),
    ("10.25", "“工作任务及成绩”的分数最多保留一位小数。"),
    ("abc", "“工作任务及成绩”的分数须为数字。"),
    ("NaN", "“工作任务及成绩”的分数须为数字。"),
    ("", "请填写“工作任务及成绩”的分数。"),
])
def test_score_limits_are_refused_naming_the_category(world, value, message):
    (app,) = verified_apps(world, 1)
    (u,) = panel(world, 1)
    asg = assign_all(world, [app], [u])[(app.pk, u.pk)]
    sheet = full(app, 5, {"work": value})
    if message is None:
        services.save_scores(u, asg, sheet, submit=True)
        assert asg.scores.get(category__code="work").points == Decimal(value)
    else:
        with pytest.raises(services.ScoringError) as e:
            services.save_scores(u, asg, sheet, submit=True)
        assert e.value.problems == [message] and e.value.fields == {"work": [message]}
        asg.refresh_from_db()
        assert asg.submitted_at is None and not asg.scores.exists()


def test_each_assessor_submits_once_and_only_the_chair_reopens(world):
    (app,) = verified_apps(world, 1)
    chair, member = panel(world, 2)
    asgs = assign_all(world, [app], [chair, member])
    asg = asgs[(app.pk, member.pk)]
    services.save_scores(member, asg, full(app, 5), submit=True)
    with pytest.raises(services.ScoringError, match="您已提交评分"):
        services.save_scores(member, asg, full(app, 6), submit=True)
    for not_chair in (member, world.hr, world.leader):
        with pytest.raises(services.ScoringError) as e:
            services.reopen(not_chair, asg, reason="请复核")
        assert e.value.forbidden and e.value.problems == ["只有推荐组织组长可以退回已提交的评分。"]
    with pytest.raises(services.ScoringError, match="须填写原因"):
        services.reopen(chair, asg, reason=" ")
    services.reopen(chair, asg, reason="答辩水平分数明显偏高，请复核。")
    ev = AuditEvent.objects.get(action="scoring_reopen")
    assert ev.actor == chair and ev.reason == "答辩水平分数明显偏高，请复核。"
    assert ev.details["scores"]["work"] == "5.0"
    services.save_scores(member, asg, full(app, 6), submit=True)
    assert asg.scores.get(category__code="work").points == Decimal(6)
    assert Task.objects.filter(assignee=member, kind="scoring_score", done_at__isnull=True).count() == 0


def test_an_assessor_who_is_the_applicant_is_refused(world):
    (app,) = verified_apps(world, 1)
    from zhicheng.campaigns.models import PanelMember

    PanelMember.objects.create(campaign=world.campaign, user=app.applicant)
    with pytest.raises(services.ScoringError) as e:
        services.assign(world.hr, app, app.applicant)
    assert e.value.problems == [f"{app.applicant.real_name}是申报人本人，不能为本人评分。"]


def test_a_declared_relation_recuses_and_refuses_the_assessor(world):
    app, app2 = verified_apps(world, 2)
    (u,) = panel(world, 1)
    asg = services.assign(world.hr, app, u)
    assert Task.objects.get(assignee=u, kind="scoring_declare", done_at__isnull=True).url == \
        f"/scoring/assignments/{asg.pk}/declare/"
    assert services.declare(u, asg, relation=Relation.Kind.RESEARCH_GROUP) is None
    assert not Assignment.objects.filter(pk=asg.pk).exists()
    with pytest.raises(services.ScoringError) as e:
        services.assign(world.hr, app, u)
    assert e.value.problems == [f"{u.real_name}已申报与{app.applicant.real_name}存在同一课题组，须回避。"]
    services.assign(world.hr, app2, u)  # only that applicant


def test_an_assessor_sees_only_assigned_dossiers_after_declaring(world):
    app, app2 = verified_apps(world, 2)
    (u,) = panel(world, 1)
    asg = services.assign(world.hr, app, u)
    assert not can_view(u, app) and not visible_applications(u).exists()  # not before the declaration
    services.declare(u, asg)
    assert can_view(u, app) and not can_view(u, app2)
    assert list(visible_applications(u)) == [app]
    assert not can_view(world.assessor, app)  # an assessor of the unit not assigned


def test_declaring_is_recorded_with_its_time_and_opens_the_score_task(world):
    (app,) = verified_apps(world, 1)
    (u,) = panel(world, 1)
    asg = services.assign(world.hr, app, u)
    with pytest.raises(services.ScoringError, match="请先作出无利益冲突声明"):
        services.save_scores(u, asg, full(app, 5), submit=False)
    services.declare(u, asg)
    asg.refresh_from_db()
    assert asg.declared_at is not None
    assert AuditEvent.objects.filter(action="scoring_declare", actor=u).exists()
    assert Task.objects.filter(assignee=u, kind="scoring_score", done_at__isnull=True).count() == 1
    with pytest.raises(services.ScoringError, match="不是分配给您"):
        services.declare(world.assessor, asg)


@pytest.mark.parametrize("values, method, expected", [
    (["1", "2", "3", "10"], "trimmed", "4.00"),  # 4 assessors: plain mean even when trimmed is chosen
    (["1", "2", "3", "10", "9"], "trimmed", "4.67"),  # 5: drop 1 and 10 → (2+3+9)/3
    (["1", "2", "3", "10", "9"], "mean", "5.00"),
    (["3.3", "3.3", "3.4"], "mean", "3.33"),
    (["0.5", "0.6"], "mean", "0.55"),
    (["0.1", "0.2", "0.2"], "mean", "0.17"),  # 0.1666… half-up
])
def test_aggregation(values, method, expected):
    assert services.aggregate([Decimal(v) for v in values], method) == Decimal(expected)


def test_trimmed_mean_end_to_end_with_five_assessors(world):
    (app,) = verified_apps(world, 1)
    users = panel(world, 5)
    scheme = services.campaign_scheme(world.campaign)
    services.update_scheme(world.hr, scheme, aggregation=Scheme.Aggregation.TRIMMED, tie_break=["defense", "work"],
                           categories={})
    asgs = assign_all(world, [app], users)
    score_all(asgs, {(app.pk, u.pk): v for u, v in zip(users, [1, 2, 3, 10, 9], strict=True)})
    services.finish_scoring(world.hr, world.campaign, app.series, app.level)
    row = services.ranking_sheet(world.campaign, app.series, app.level).rows[0]
    assert row.cells["work"] == Decimal("4.67")
    assert row.cells["other"] == Decimal("2.00")  # max 2: sheets gave 1,2,2,2,2 → trimmed (2+2+2)/3
    assert row.total == sum(row.cells.values())


def test_finish_scoring_needs_every_assessor_and_moves_the_group_at_once(world):
    app, app2 = verified_apps(world, 2)
    a, b = panel(world, 2)
    asgs = assign_all(world, [app, app2], [a, b])
    services.save_scores(a, asgs[(app.pk, a.pk)], full(app, 5), submit=True)
    with pytest.raises(TransitionError) as e:
        services.finish_scoring(world.hr, world.campaign, app.series, app.level)
    names = {app.applicant.real_name, app2.applicant.real_name}
    assert {p.split("：")[0] for p in e.value.problems} == names
    assert f"{app.applicant.real_name}：评委2尚未提交评分。" in e.value.problems
    score_all({k: v for k, v in asgs.items() if v.submitted_at is None and k != (app.pk, a.pk)}, {})
    done = services.finish_scoring(world.hr, world.campaign, app.series, app.level)
    assert {x.pk for x in done} == {app.pk, app2.pk}
    app.refresh_from_db()
    assert app.state == State.SCORED
    assert AuditEvent.objects.filter(action="finish_scoring", details__batch=2).count() == 2


def test_finish_scoring_refused_without_assessors(world):
    (app,) = verified_apps(world, 1)
    with pytest.raises(TransitionError) as e:
        services.finish_scoring(world.hr, world.campaign, app.series, app.level)
    assert e.value.problems == ["尚未分配评分人。"]
    with pytest.raises(services.ScoringError) as e:
        services.finish_scoring(world.other_hr, world.campaign, app.series, app.level)
    assert e.value.forbidden


def test_assessor_cannot_see_others_scores_before_scoring_closes(client, world):
    (app,) = verified_apps(world, 1)
    a, b = panel(world, 2)
    asgs = assign_all(world, [app], [a, b])
    services.save_scores(b, asgs[(app.pk, b.pk)], full(app, 7), submit=True)
    client.force_login(a)
    body = client.get(f"/scoring/assignments/{asgs[(app.pk, a.pk)].pk}/").content.decode()
    assert "量化赋分结束前，不显示其他评分人的评分。" in body and "评委2" not in body
    r = client.get(f"/scoring/assignments/{asgs[(app.pk, b.pk)].pk}/")
    assert r.status_code == 404  # not theirs
    services.save_scores(a, asgs[(app.pk, a.pk)], full(app, 5), submit=True)
    services.finish_scoring(world.hr, world.campaign, app.series, app.level)
    body = client.get(f"/scoring/assignments/{asgs[(app.pk, a.pk)].pk}/").content.decode()
    assert 'id="others"' in body and "评委2" in body and "7.0" in body


def test_rule_tables_are_checked(world):
    scheme = services.campaign_scheme(world.campaign)
    years = scheme.categories.get(code="years")
    for table, message in [([{"min_years": 5, "points": "x"}], "“从事专业技术工作年限”的规则表中分值须为0至1000之间的数字。"),
                           ([{"min_years": [1], "points": "1"}], "“从事专业技术工作年限”的规则表格式无效。"),
                           ("abc", "“从事专业技术工作年限”的规则表格式无效。")]:
        with pytest.raises(services.ScoringError) as e:
            services.update_scheme(world.hr, scheme, aggregation="mean", tie_break=[],
                                   categories={years.pk: {"rule_table": table}})
        assert e.value.problems == [message]
    # a threshold that is not a number counts as 0 (never an error page)
    services.update_scheme(world.hr, scheme, aggregation="mean", tie_break=[],
                           categories={years.pk: {"rule_table": [{"min_years": "多年", "points": "2"}]}})
    (app,) = verified_apps(world, 1)
    assert services.score_rows(scheme, [app])[0].cells["years"] == Decimal("2.00")
