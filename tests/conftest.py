import datetime
import os
import zoneinfo

import pytest

from zhicheng.orgs.roles import OrgKind, Role

from . import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_traveller = None


def pytest_configure(config):
    """ZC_TEST_TODAY=2027-01-04 runs the whole session on that day (10:00 Beijing time, the clock ticking),
    module fixtures included, so the date-sensitive tests (`-m dates`) can be tried on any day."""
    global _traveller
    today = os.environ.get("ZC_TEST_TODAY")
    if today:
        import time_machine

        day = datetime.date.fromisoformat(today)
        when = datetime.datetime(day.year, day.month, day.day, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
        _traveller = time_machine.travel(when, tick=True)
        _traveller.start()


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()


def pytest_report_header(config):
    today = os.environ.get("ZC_TEST_TODAY")
    return f"ZC_TEST_TODAY={today}: the clock is shifted to that day" if today else None


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Argon2 is the production hasher (test_production_hasher_is_argon2); tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "files")}}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()  # nothing a test cached (a parameter it changed) outlives its rolled-back rows


@pytest.fixture
def world(db):
    """A small province: province office → office → two units, a committee host; one user per role."""
    return build_world()


@pytest.fixture
def world_tx(transactional_db):
    """The same world, committed (for tests with threads or a live server), with world.app submitted."""
    f.ensure_code_tables()
    w = build_world()
    f.submitted(w.app)
    return w


def build_world():

    class W:
        pass

    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.office2 = f.org("河北省卫生健康委员会人事处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.other_unit = f.org("石家庄市第一医院", OrgKind.UNIT, w.office2)
    w.host = f.org("河北省工程技术评委会组建单位", OrgKind.COMMITTEE_HOST, w.province)
    w.applicant = f.user(Role.APPLICANT, w.unit, name="张建国", username="zhangjianguo")
    w.applicant2 = f.user(Role.APPLICANT, w.unit, name="李秀英")
    w.other_applicant = f.user(Role.APPLICANT, w.other_unit, name="王芳")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    w.other_hr = f.user(Role.UNIT_HR, w.other_unit, name="赵人事", username="hr2")
    w.leader = f.user(Role.UNIT_LEADER, w.unit, name="陈院长")
    w.assessor = f.user(Role.ASSESSOR, w.unit, name="周专家")
    w.office_reviewer = f.user(Role.OFFICE_REVIEWER, w.office, name="孙处长")
    w.other_office_reviewer = f.user(Role.OFFICE_REVIEWER, w.office2, name="吴处长")
    w.provincial = f.user(Role.PROVINCIAL_OFFICE, w.province, name="郑主任")
    w.host_user = f.user(Role.COMMITTEE_HOST, w.host, name="冯组建")
    w.expert = f.user(Role.EXPERT, w.host, name="褚专家")
    w.campaign = f.campaign(w.unit, w.hr)
    w.other_campaign = f.campaign(w.other_unit, w.other_hr)
    w.app = f.application(w.applicant, w.campaign)
    w.other_app = f.application(w.other_applicant, w.other_campaign)
    return w


# Real-browser tests: Debian's Chromium (Playwright cannot download browsers here), Chinese locale.
@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
