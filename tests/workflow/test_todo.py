"""待办 derived from the map, and the task table for work that is not a transition."""

from django.test import Client

from zhicheng.orgs.roles import Role
from zhicheng.workflow.todo import add_task, complete_tasks, open_tasks, todo_states

from .. import factories as f

HOST_RESULTS = [
    (Role.COMMITTEE_HOST, "in_committee", ("评审通过", "评审未通过")),
    (Role.COMMITTEE_HOST, "passed", ("公示评审结果",)),
    (Role.COMMITTEE_HOST, "result_notice", ("公示期满，报送备案/核准",)),
    (Role.COMMITTEE_HOST, "result_refused", ("整改后重新报送备案/核准",)),
    (Role.COMMITTEE_HOST, "result_filed", ("发文（中级、初级）",))]


def test_todo_states_come_from_built_transitions():
    # §二(八) (unit_submission): 上报 waits in 公示无异议; the paper path may be taken in any §二 state.
    assert [(t.role, t.state) for t in todo_states({Role.UNIT_HR})] == [
        (Role.UNIT_HR, "submitted"), (Role.UNIT_HR, "unit_verified"), (Role.UNIT_HR, "scored"),
        (Role.UNIT_HR, "recommended"), (Role.UNIT_HR, "in_notice"), (Role.UNIT_HR, "under_investigation"),
        (Role.UNIT_HR, "notice_passed"), (Role.UNIT_HR, "prereview_returned")]
    # scoring (§二(五)(六)): the collective decision waits for the unit's leaders once scoring is finished
    assert [(t.role, t.state) for t in todo_states({Role.UNIT_LEADER})] == [(Role.UNIT_LEADER, "scored")]
    # §三(一) 资格预审 waits in 单位已推荐上报 (逾期视为放弃 is the scheduled job's, no 待办 line); §三(三) 网上审核
    # waits in 网上已申报
    assert [(t.role, t.state, t.actions) for t in todo_states({Role.OFFICE_REVIEWER, Role.COMMITTEE_HOST})] == [
        (Role.OFFICE_REVIEWER, "unit_submitted", ("预审不通过（一次性告知）", "预审通过")),
        (Role.OFFICE_REVIEWER, "online_submitted", ("网上审核退回（一次性告知）", "网上审核通过")),
        (Role.OFFICE_REVIEWER, "online_passed", ("签署呈报意见",)),
        (Role.OFFICE_REVIEWER, "office_endorsed", ("报送评委会组建单位（中级、初级）", "报送省职改办（高级）")),
        # §四(一) the office corrects what the spot check returned; §四(二) the host's 资格审查, and the office's
        # correction of what the host returned; §四(三) the vote decides in 评审中
        (Role.OFFICE_REVIEWER, "spot_returned", ("补正后重新报送省职改办",)),
        (Role.COMMITTEE_HOST, "host_review", ("资格审查不通过，退回主管部门（一次性告知）", "资格审查通过，提交评审委员会")),
        (Role.OFFICE_REVIEWER, "host_returned", ("补正后重新报送组建单位",)),
        *HOST_RESULTS]
    # §五 (results): the result notice, 报送 and 发文 (中级、初级) wait for the host; 备案/核准 and 发文 (高级) for the province
    assert [(t.role, t.state, t.actions) for t in todo_states({Role.COMMITTEE_HOST})] == [
        (Role.COMMITTEE_HOST, "host_review", ("资格审查不通过，退回主管部门（一次性告知）", "资格审查通过，提交评审委员会")),
        *HOST_RESULTS]
    assert [(t.state, t.actions) for t in todo_states({Role.PROVINCIAL_OFFICE})] == [
        ("spot_check", ("抽查未通过，退回主管部门（一次性告知）", "委托评委会组建单位")),
        ("result_reported", ("备案（中级、初级）", "核准（高级）", "不予备案/核准，退回组建单位")),
        ("result_approved", ("发文（高级）",))]


def test_home_shows_hr_work_with_its_count_and_says_so_when_a_role_has_none(world):
    f.submitted(world.app)
    c = Client()
    c.force_login(world.hr)
    page = c.get("/").content.decode()
    assert "待单位审核</a> <span class=\"count\">1</span> <small>（退回修改、核实通过）</small>" in page
    c.force_login(world.office_reviewer)  # the office reviewer has work since §三
    page = c.get("/").content.decode()
    assert "单位已推荐上报</a> <span class=\"count\">0</span>" in page and 'id="no-todo"' not in page
    c.force_login(world.host_user)  # the host has work since §四(二)
    page = c.get("/").content.decode()
    assert "评委会组建单位审查</a> <span class=\"count\">0</span>" in page and 'id="no-todo"' not in page
    assert "评审通过</a> <span class=\"count\">0</span>" in page  # and since §五
    c.force_login(world.expert)
    assert 'id="no-todo"' in c.get("/").content.decode()


def test_tasks_show_until_done(world):
    add_task(world.assessor, kind="score", label="为张建国的申报量化赋分", url=f"/applications/{world.app.pk}/",
             obj=world.app)
    c = Client()
    c.force_login(world.assessor)
    assert "为张建国的申报量化赋分" in c.get("/").content.decode()
    assert complete_tasks(world.assessor, kind="score", obj=world.app) == 1
    assert not open_tasks(world.assessor).exists()
    assert "为张建国的申报量化赋分" not in c.get("/").content.decode()
