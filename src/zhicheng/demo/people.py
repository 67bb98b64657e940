"""The demo's people, planned before anything is written: pure and seeded, so every run plans the same province.

Careers are plausible: the highest degree first, the first title a year or more after graduation, each
later title the years the conditions ask for after the one before (engineers and teachers 4-5 years,
fewer with a master's or doctor's degree), and the current title dated before the campaign.
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass

from zhicheng.orgs.roles import Role
from zhicheng.orgs.validators import id_number_check_char

from .data import (
    CURRENT_TITLE_YEARS,
    DEMO_USERNAMES,
    EXPERT_ACCOUNTS,
    EXPERT_POOL,
    EXPERT_STAFF,
    EXTRA_CHAIN,
    EXTRA_OFFICE,
    EXTRA_SUBMITTED,
    SCENARIOS,
    SEED,
    STAFF,
    TEACHER_TITLES_SINCE,
    UNITS,
    D,
    Person,
    Specialty,
)

# 河北省 county-level 行政区划代码 (石家庄、唐山、秦皇岛、邯郸、邢台、保定、张家口、承德、沧州、廊坊、衡水)
REGIONS = ["130102", "130104", "130105", "130108", "130110", "130123", "130181", "130203", "130204",
           "130302", "130402", "130503", "130602", "130606", "130702", "130802", "130902", "131002",
           "131102", "130681", "130984"]
PHONE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                  "157", "158", "159", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188",
                  "189", "199"]
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁"
            "魏薛叶阎潘杜戴夏钟汪田任姜范方石姚谭邹金陆郝孔白崔康毛邱秦江史顾侯邵孟段雷钱汤尹常武乔贺")
GIVEN_MALE = ["建国", "志强", "海波", "立新", "振华", "文博", "磊", "伟", "强", "军", "勇", "杰", "涛", "明",
              "超", "鹏", "浩", "宇", "凯", "斌", "晓东", "建华", "国庆", "永刚", "俊杰", "博文", "志刚", "庆华",
              "建军", "宏伟", "春雷", "云飞", "德明", "少华", "卫东", "晨阳", "思远", "天宇", "子轩", "一鸣",
              "广利", "长青", "树林", "海军", "学军", "新民", "占国", "红旗"]
GIVEN_FEMALE = ["秀英", "丽娟", "淑芳", "晓燕", "红梅", "敏", "静", "丽", "娜", "婷", "雪", "芳", "玉兰", "桂英",
                "海燕", "春燕", "慧", "洁", "欣怡", "雨桐", "佳琪", "梦瑶", "文静", "晓红", "丽华", "彩霞", "玉梅",
                "艳", "璐", "倩", "颖", "晶晶", "思琪", "佳慧", "亚楠", "素霞", "立敏", "秋菊", "晓蕾", "雅琴"]




@dataclass
class ApplicantPlan:
    person: Person
    unit: str
    specialty: Specialty
    rung: int  # rung applied for (1 中级, 2 副高, 3 正高)
    degree: str  # junior / bachelor / master / doctor
    final_year: int  # year of the highest degree
    current_obtained: datetime.date
    scenario: str
    return_index: int = 0


def _name(rng: random.Random, gender: str) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if gender == "1" else GIVEN_FEMALE)


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(name)).lower())


def study_age(degree: str, track: str) -> int:
    """Age at graduation: 临床医学 takes five years for a bachelor's degree, one more than the others."""
    extra = 1 if track == "doctor" and degree != "junior" else 0
    return {"junior": 21, "bachelor": 22, "master": 25, "doctor": 28}[degree] + extra


# Years from graduation to the first (初级) title, then from the first to the 中级 one (the conditions:
# 4 years with a bachelor's degree, 2 with a master's or a doctor's; a 大专 nurse is a 护士 for 3 years
# before 护师, then 5 more before 主管护师).
_TO_FIRST = {"junior": 3, "bachelor": 1, "master": 1, "doctor": 1}
_FIRST_TO_MID = {"junior": 5, "bachelor": 4, "master": 2, "doctor": 2}


def _career(rng: random.Random, track: str, rung: int) -> tuple[str, int, datetime.date, datetime.date]:
    """Degree, year of the highest degree, date the current title was obtained, birth date."""
    if track == "nurse":
        degree = rng.choice(["junior", "bachelor", "bachelor", "bachelor"])
    elif track == "doctor":
        degree = rng.choice(["bachelor", "master", "master"] + (["doctor"] if rung >= 2 else []))
    else:
        degree = rng.choice(["bachelor", "bachelor", "master"] + (["doctor"] if rung >= 2 and track == "engineer"
                                                                  else []))
    # current title (one rung below the one applied for) obtained this many years ago
    first, last = CURRENT_TITLE_YEARS[rung]
    if track == "teacher":
        first = max(first, TEACHER_TITLES_SINCE)
    cur_year = rng.randint(first, last)
    to_mid = _TO_FIRST[degree] + _FIRST_TO_MID[degree]
    offset = _TO_FIRST[degree] if rung == 1 else to_mid + rng.randint(0, 2) + (5 + rng.randint(0, 2) if rung == 3
                                                                                   else 0)
    final_year = cur_year - offset  # at least a year before the title: graduation is in July
    birth_year = final_year - study_age(degree, track)
    birth = D(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    obtained = D(cur_year, rng.choice([6, 9, 12]), rng.randint(5, 28))
    return degree, final_year, obtained, birth


def _rung(rng: random.Random, track: str) -> int:
    """The rung applied for. Health staff apply for 副高 or above: 中级 health titles come by examination."""
    rung = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    if track == "nurse":
        return 2  # 副主任护师 (主任护师 is not opened by the demo hospital)
    if track == "doctor":
        return max(rung, 2)
    return rung


def plan_people() -> tuple[list[Person], list[ApplicantPlan]]:
    """Staff and applicants with valid, unique identifiers, the same on every run."""
    rng = random.Random(SEED)
    staff = [Person(**vars(p)) for p in STAFF]
    experts = [Person(**vars(p)) for p in EXPERT_STAFF]
    used_names = {p.real_name for p in staff}
    used_usernames = {p.username for p in staff}

    applicants: list[ApplicantPlan] = []
    scenarios = [s for s, n in SCENARIOS.items() for _ in range(n)]
    scenarios.remove("complete")  # demo_applicant's
    rng.shuffle(scenarios)
    returns = {"returned": 0, "resubmitted": 0}

    for unit in UNITS:
        for i in range(unit.applicants):
            if unit.key == "u_power" and i == 0:
                # demo_applicant: an electrical engineer applying for 高级工程师, dossier complete, not submitted
                sp = unit.specialties[0]
                person = Person(DEMO_USERNAMES[Role.APPLICANT], "张建国", "1", D(1986, 5, 18), Role.APPLICANT,
                                unit.key)
                applicants.append(ApplicantPlan(person, unit.key, sp, 2, "bachelor", 2008, D(2014, 12, 16),
                                                "complete"))
                used_names.add(person.real_name)
                continue
            sp = rng.choice(unit.specialties)
            rung = _rung(rng, sp.track)
            degree, final_year, obtained, birth = _career(rng, sp.track, rung)
            gender = "2" if rng.random() < (0.85 if sp.track == "nurse" else 0.6 if sp.track == "teacher" else 0.4) \
                else "1"
            name = _name(rng, gender)
            while name in used_names:
                name = _name(rng, gender)
            used_names.add(name)
            username = base = _pinyin(name)
            n = 2
            while username in used_usernames:
                username, n = f"{base}{n}", n + 1
            used_usernames.add(username)
            scenario = scenarios.pop()
            plan = ApplicantPlan(Person(username, name, gender, birth, Role.APPLICANT, unit.key), unit.key, sp,
                                 rung, degree, final_year, obtained, scenario)
            if scenario in returns:
                plan.return_index = returns[scenario]
                returns[scenario] += 1
            applicants.append(plan)

    by_key = {u.key: u for u in UNITS}
    # the forty above draw from `rng` exactly as before; each later list has its own seed
    for extras, seed, scenario in ((EXTRA_SUBMITTED, SEED + 1, "submitted"), (EXTRA_OFFICE, SEED + 2, "office"),
                                   (EXTRA_CHAIN, SEED + 3, "chain")):
        extra = random.Random(seed)
        for unit_key, rung in extras:
            unit = by_key[unit_key]
            sp = extra.choice(unit.specialties)
            degree, final_year, obtained, birth = _career(extra, sp.track, rung)
            gender = "2" if extra.random() < 0.4 else "1"
            name = _name(extra, gender)
            while name in used_names:
                name = _name(extra, gender)
            used_names.add(name)
            username = base = _pinyin(name)
            n = 2
            while username in used_usernames:
                username, n = f"{base}{n}", n + 1
            used_usernames.add(username)
            applicants.append(ApplicantPlan(Person(username, name, gender, birth, Role.APPLICANT, unit.key),
                                            unit.key, sp, rung, degree, final_year, obtained, scenario))

    # the extra people last (the expert accounts after the applicants): the others keep their IDs
    _identify(rng, staff + [a.person for a in applicants] + experts)
    return staff + experts, applicants


@dataclass
class ExpertPlan:
    real_name: str
    unit_name: str
    title_code: str
    specialty: str
    account: str = ""  # user name of the linked expert account, if any


def plan_experts(staff: list[Person], applicants: list[ApplicantPlan]) -> list[ExpertPlan]:
    """The host's expert pool: the linked accounts first (demo_expert's entry the first), then the others with
    seeded names no staff member or applicant has. Pure: the same pool on every run."""
    by_username = {p.username: p for p in staff}
    pool = [ExpertPlan(by_username[u].real_name, unit, code, sp, u) for u, code, unit, sp in EXPERT_ACCOUNTS]
    used = {p.real_name for p in staff} | {a.person.real_name for a in applicants}
    rng = random.Random(f"{SEED}:experts")
    for unit, specialty, senior, associate in EXPERT_POOL:
        for code in ["Z0801"] * senior + ["082"] * associate:
            name = _name(rng, "2" if rng.random() < 0.25 else "1")
            while name in used:
                name = _name(rng, "2" if rng.random() < 0.25 else "1")
            used.add(name)
            pool.append(ExpertPlan(name, unit, code, specialty))
    return pool


def _identify(rng: random.Random, people: list[Person]) -> None:
    """ID numbers (GB 11643) consistent with birth date and gender, and phone numbers; all unique."""
    ids: set[str] = set()
    phones: set[str] = set()
    for p in people:
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if p.gender == "1" else 0)  # 17th digit: odd 男, even 女
            body = f"{rng.choice(REGIONS)}{p.birth:%Y%m%d}{seq:03d}"
            idn = body + id_number_check_char(body)
            if idn not in ids:
                break
        ids.add(idn)
        p.id_number = idn
        while True:
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"
            if phone not in phones:
                break
        phones.add(phone)
        p.phone = phone
