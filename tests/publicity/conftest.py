import datetime
import zoneinfo

import pytest
import time_machine

from zhicheng.publicity import services as ps

from .steps import recommended

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime.date(2026, 9, 28)  # Monday before 国庆 2026: a notice 9月29日—10月10日 (10月10日 is 调休)
FIRST, LAST = datetime.date(2026, 9, 29), datetime.date(2026, 10, 10)


def at(day: datetime.date, hour: int = 10, minute: int = 0, second: int = 0):
    """Beijing time, the clock stopped."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SH),
                               tick=False)


@pytest.fixture
def notice(world):
    """world.app recommended, then a notice published by the unit's HR on PUBLISHED (starts the next working
    day). world.app refreshed."""
    recommended([world.app], world.hr)
    with at(PUBLISHED):
        n = ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    return n
