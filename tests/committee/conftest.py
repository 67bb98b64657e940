import datetime
import zoneinfo

import pytest
import time_machine

from zhicheng.codes.models import Level
from zhicheng.committee import services
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f

TODAY = datetime.date(2026, 3, 2)
FROM = datetime.date(2026, 1, 1)
UNTIL = datetime.date(2028, 12, 31)  # exactly 3 years from FROM, the first day counted
MEETING_DAY = datetime.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def committee(user, *, specialty="", levels=(Level.SENIOR, Level.ASSOCIATE_SENIOR), valid_from=FROM,
              valid_until=UNTIL, name="河北省工程技术系列高级评审委员会", approval_date=None):
    """Approved on `valid_from`, or today (the fixed clock's) when the validity starts later."""
    approval_date = approval_date or min(valid_from, TODAY)
    return services.create_committee(user, name=name, series_code="080", specialty=specialty, levels=list(levels),
                                     approval_number="冀职改办〔2025〕12号", approval_date=approval_date,
                                     valid_from=valid_from, valid_until=valid_until)


def experts(user, n, *, title_code="Z0801", specialty="电气", start=FROM, end=UNTIL, name="专家"):
    return [services.add_expert(user, real_name=f"{name}{i}", unit_name="河北工业大学", title_code=title_code,
                                specialty=specialty, term_start=start, term_end=end) for i in range(n)]


def meeting(user, c, *, level=Level.SENIOR, date=MEETING_DAY):
    return services.create_meeting(user, c, level=level, date=date, place="石家庄市裕华区评审中心")


@pytest.fixture
def other_host(world):
    host = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
    return f.user(Role.COMMITTEE_HOST, host, name="卫组建")
