"""An application of world's 2026 campaign for 高级工程师 (副高级) whose dossier meets a plain condition set, the
clock fixed on 2026年12月1日 (Beijing), and `rules()` to give a series and level the conditions a test wants."""

import datetime

import pytest
import time_machine

from zhicheng.codes.models import Series, Title
from zhicheng.dossier import models as m
from zhicheng.eligibility.models import Condition, ConditionSet

from .. import factories as f

TODAY = datetime.date(2026, 12, 1)

# A plain set: every kind, passed by the `dossier` fixture.
PLAIN = [
    ("min_education", {"education": "21"}),
    ("years_since_title", {"by_education": [{"education": "11", "years": 2}, {"education": "21", "years": 5}]}),
    ("level_step", {"max_levels": 1}),
    ("assessments", {"years": 5, "min_result": "competent"}),
    ("continuing_education", {"years": 1, "per_year": 90}),
    ("in_post", {"male_age": 60, "female_age": 55}),
    ("no_sanction", {"kinds": ["demerit", "major_demerit", "demotion", "removal"]}),
    ("no_ban", {}),
]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                             tick=False):
        yield


def rules(series_code: str, level: str, conditions, *, exceptional: bool = False) -> ConditionSet:
    """The set of a series and level (created or emptied) with exactly `conditions`, in order."""
    cset, _ = ConditionSet.objects.get_or_create(series=Series.objects.get(code=series_code), level=level,
                                                 exceptional=exceptional)
    cset.conditions.all().delete()
    for i, (kind, params) in enumerate(conditions):
        Condition.objects.create(condition_set=cset, order=i, kind=kind, params=params)
    return cset


def current_title(app, code: str = "083", obtained: datetime.date = datetime.date(2020, 12, 31)):
    m.CurrentTitle.objects.filter(application=app).delete()
    return m.CurrentTitle.objects.create(application=app, title=Title.objects.get(code=code), title_name="",
                                         obtained_on=obtained, approval_document="冀职改办字〔2020〕1号")


@pytest.fixture
def dossier(world):
    """world.app (高级工程师, 2026): 大学本科毕业 2008, 工程师 since 2020-12-31, 2021–2025 合格, 2025 90学时,
    in post, born 1985 (male); the plain set for 工程技术·副高级."""
    rules("080", "associate_senior", PLAIN)
    f.fill_required(world.app, skip={"current_title", "summary"})
    current_title(world.app)
    return world.app
