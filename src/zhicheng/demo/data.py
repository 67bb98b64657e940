"""The demo province's tables: organisations, staff accounts, units with their campaigns and career tracks.

Organisations follow the real chain a dossier travels: 省职改办 → 主管部门 (a provincial department or a
city bureau) → 用人单位. A school belongs to the city education bureau, a provincial hospital to the
provincial health commission, an engineering institute to the department of its sector.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.validators import credit_code_check_char

PASSWORD = "Demo@2026zc"  # noqa: S105 — the published password of the demo accounts
SEED = 2026
EMAIL_DOMAIN = "example.com"
D = datetime.date

# --------------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    parent: str | None
    cc_prefix: str | None  # 登记管理部门 + 机构类别 + 登记管理机关行政区划码 (8 chars)
    org_code: str | None  # 8-digit body of the 组织机构代码 (GB 11714); its check char is computed


ORGS = [
    OrgSpec("province", "河北省职称改革领导小组办公室", OrgKind.PROVINCE, None, "11130000", "00012003"),
    # 主管部门: the power design institute's sector authority is the energy administration (省能源局,
    # part of the development and reform commission); building research belongs to 住建厅; a city
    # school to the city education bureau; a provincial hospital to the provincial health commission.
    OrgSpec("office_fgw", "河北省发展和改革委员会", OrgKind.OFFICE, "province", "11130000", "00012045"),
    OrgSpec("office_zjt", "河北省住房和城乡建设厅", OrgKind.OFFICE, "province", "11130000", "00012061"),
    OrgSpec("office_edu", "石家庄市教育局", OrgKind.OFFICE, "province", "11130100", "00043025"),
    OrgSpec("office_wjw", "河北省卫生健康委员会", OrgKind.OFFICE, "province", "11130000", "00012096"),
    OrgSpec("u_power", "河北省电力勘测设计研究院", OrgKind.UNIT, "office_fgw", "91130000", "10436021"),
    OrgSpec("u_build", "河北省建筑科学研究院有限公司", OrgKind.UNIT, "office_zjt", "91130100", "10432587"),
    OrgSpec("u_school", "石家庄市第一中学", OrgKind.UNIT, "office_edu", "12130100", "40170632"),
    OrgSpec("u_hosp", "河北省人民医院", OrgKind.UNIT, "office_wjw", "12130000", "40176915"),
    OrgSpec("host", "河北省工程技术系列高级评审委员会组建单位", OrgKind.COMMITTEE_HOST, "province", "12130000",
            "40001287"),
]
# The host's review committees are created by its own service (committee.services.create_committee: the
# committee organisation with its approval), after the host's account exists; see pool.py. A committee is
# not a legal person: it has no credit code.


def org_code_check_char(body8: str) -> str:
    """GB 11714 组织机构代码 check character for an 8-digit body."""
    total = sum(int(c) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code(prefix: str, body8: str) -> str:
    """A valid 统一社会信用代码 (GB 32100) from its prefix and the 组织机构代码 body."""
    first17 = prefix + body8 + org_code_check_char(body8)
    return first17 + credit_code_check_char(first17)


# --------------------------------------------------------------------------------------------------
# Staff accounts
# --------------------------------------------------------------------------------------------------


@dataclass
class Person:
    username: str
    real_name: str
    gender: str  # "1" 男 / "2" 女
    birth: datetime.date
    role: str
    org: str  # OrgSpec key
    is_staff: bool = False
    is_superuser: bool = False
    id_number: str = ""
    phone: str = ""


# One demo account per role: the keys of this dict are what the table prints (and the test checks).
DEMO_USERNAMES = {
    Role.APPLICANT: "demo_applicant",
    Role.UNIT_HR: "demo_hr",
    Role.ASSESSOR: "demo_assessor",
    Role.UNIT_LEADER: "demo_leader",
    Role.OFFICE_REVIEWER: "demo_office",
    Role.PROVINCIAL_OFFICE: "demo_province",
    Role.COMMITTEE_HOST: "demo_host",
    Role.EXPERT: "demo_expert",
    Role.SYSTEM_ADMIN: "demo_sysadmin",
    Role.SECURITY_ADMIN: "demo_secadmin",
    Role.AUDIT_ADMIN: "demo_auditor",
}

STAFF = [
    Person("demo_hr", "刘淑芳", "2", D(1982, 4, 17), Role.UNIT_HR, "u_power"),
    Person("demo_assessor", "王志强", "1", D(1975, 9, 3), Role.ASSESSOR, "u_power"),
    Person("demo_leader", "陈国华", "1", D(1968, 12, 8), Role.UNIT_LEADER, "u_power"),
    Person("demo_office", "孙立新", "1", D(1973, 6, 21), Role.OFFICE_REVIEWER, "office_fgw"),
    Person("demo_province", "郑晓燕", "2", D(1978, 2, 14), Role.PROVINCIAL_OFFICE, "province"),
    Person("demo_host", "冯海涛", "1", D(1976, 10, 30), Role.COMMITTEE_HOST, "host"),
    # experts hold their role in the host, whose pool they belong to (committee.services.add_expert)
    Person("demo_expert", "褚文博", "1", D(1966, 5, 12), Role.EXPERT, "host"),
    Person("demo_sysadmin", "韩磊", "1", D(1988, 8, 8), Role.SYSTEM_ADMIN, "province", True),
    Person("demo_secadmin", "杨帆", "1", D(1990, 3, 27), Role.SECURITY_ADMIN, "province", True),
    Person("demo_auditor", "何丽娟", "2", D(1985, 11, 5), Role.AUDIT_ADMIN, "province", True),
    # one reviewer in each of the other offices
    Person("demo_office2", "吴振华", "1", D(1971, 7, 19), Role.OFFICE_REVIEWER, "office_zjt"),
    Person("demo_office3", "曹丽华", "2", D(1979, 1, 11), Role.OFFICE_REVIEWER, "office_edu"),
    Person("demo_office4", "段卫东", "1", D(1972, 9, 16), Role.OFFICE_REVIEWER, "office_wjw"),
    # the other three units: HR, leader and the panel's leading assessor
    Person("demo_hr2", "赵敏", "2", D(1984, 1, 26), Role.UNIT_HR, "u_build"),
    Person("demo_hr3", "李红梅", "2", D(1980, 9, 9), Role.UNIT_HR, "u_school"),
    Person("demo_hr4", "周静", "2", D(1986, 3, 2), Role.UNIT_HR, "u_hosp"),
    Person("demo_leader2", "马振东", "1", D(1967, 4, 4), Role.UNIT_LEADER, "u_build"),
    Person("demo_leader3", "高文华", "1", D(1969, 10, 15), Role.UNIT_LEADER, "u_school"),
    Person("demo_leader4", "许建军", "1", D(1965, 6, 28), Role.UNIT_LEADER, "u_hosp"),
    Person("demo_assessor2", "罗宏伟", "1", D(1974, 2, 20), Role.ASSESSOR, "u_build"),
    Person("demo_assessor3", "梁静怡", "2", D(1977, 8, 1), Role.ASSESSOR, "u_school"),
    Person("demo_assessor4", "宋德明", "1", D(1972, 12, 12), Role.ASSESSOR, "u_hosp"),
    # second panel members: ordinary senior staff (user name = pinyin of the name)
    Person("lihaibo", "李海波", "1", D(1979, 5, 6), Role.ASSESSOR, "u_power"),
    Person("dongyaqin", "董雅琴", "2", D(1978, 11, 23), Role.ASSESSOR, "u_build"),
    Person("pengshulin", "彭树林", "1", D(1973, 3, 14), Role.ASSESSOR, "u_school"),
    Person("jiangsuxia", "姜素霞", "2", D(1975, 7, 7), Role.ASSESSOR, "u_hosp"),
]

# --------------------------------------------------------------------------------------------------
# Units: field, campaign, career tracks
# --------------------------------------------------------------------------------------------------

# (title code, current-title name) per rung: 0 初级, 1 中级, 2 副高, 3 正高. Teachers carry the unified
# titles of 人社部发〔2015〕79号 (codes Z050x), never the pre-2015 中学/小学 ones.
TRACKS = {
    "engineer": [("084", "助理工程师"), ("083", "工程师"), ("082", "高级工程师"), ("Z0801", "正高级工程师")],
    "teacher": [("Z0504", "二级教师"), ("Z0503", "一级教师"), ("Z0502", "高级教师"), ("Z0501", "正高级教师")],
    "doctor": [("234", "医师"), ("233", "主治医师"), ("232", "副主任医师"), ("231", "主任医师")],
    "nurse": [("254", "护师"), ("253", "主管护师"), ("252", "副主任护师"), ("251", "主任护师")],
}
HEALTH_TRACKS = ("doctor", "nurse")
# 中级 health titles (主治医师, 主管药师, 主管护师, 主管技师) are obtained by the 全国卫生专业技术资格考试,
# not by review: no campaign opens them, and no health applicant applies below 副高.
HEALTH_EXAM_TITLES = frozenset({"233", "243", "253", "263"})
# Years of the current title's date: teachers' titles date from the 2015 reform's transition on.
CURRENT_TITLE_YEARS = {1: (2019, 2022), 2: (2014, 2021), 3: (2012, 2021)}
TEACHER_TITLES_SINCE = 2016


@dataclass(frozen=True)
class Specialty:
    name: str
    track: str
    bachelor: str  # 本科（或专科）专业
    master: str  # 研究生专业
    department: str
    post: str


@dataclass(frozen=True)
class UnitSpec:
    key: str
    field: str
    hr: str
    panel: tuple[tuple[str, str], ...]
    titles: tuple[str, ...]
    applicants: int
    specialties: tuple[Specialty, ...]
    schools: tuple[tuple[str, str], ...]  # (name, 5-digit 学校代码)
    previous_employers: tuple[str, ...]
    approval: tuple[str, str]  # (文号 prefix, approving body) of the 初级/中级 titles its staff hold
    conditions: str
    policy: str


ENG_CONDITIONS = (
    "一、申报人须为本单位在职在岗的专业技术人员，遵守国家法律法规，具有良好的职业道德。\n"
    "二、申报工程师：大学本科毕业，取得助理工程师资格后从事本专业技术工作满4年；或取得硕士学位，取得助理工程师"
    "资格后从事本专业技术工作满2年；或取得博士学位。\n"
    "三、申报高级工程师：大学本科及以上学历，取得工程师资格后从事本专业技术工作满5年。\n"
    "四、申报正高级工程师：大学本科及以上学历，取得高级工程师资格后从事本专业技术工作满5年。\n"
    "五、近五年年度考核均为合格及以上，并按规定完成继续教育学时。"
)
ENG_POLICY = (
    "依据《职称评审管理暂行规定》（人力资源社会保障部令第40号）和河北省工程技术系列职称评价标准条件执行。"
    "申报人对所提交材料的真实性负责；单位对申报材料进行审核，组织述职、考核答辩和量化赋分，推荐人选公示不少于"
    "5个工作日。经查实弄虚作假的，取消申报资格，三年内不得申报。工作总结800字左右，PDF格式；单个上传文件不超过10MB。"
)

UNITS = [
    UnitSpec(
        "u_power", "power", "demo_hr", (("demo_assessor", "leader"), ("lihaibo", "member")),
        ("083", "082", "Z0801"), 11,
        (
            Specialty("电气工程", "engineer", "电气工程及其自动化", "电气工程", "变电工程设计室", "电气一次设计"),
            Specialty("输变电工程", "engineer", "电气工程及其自动化", "电气工程", "线路工程设计室", "输电线路设计"),
            Specialty("热能动力工程", "engineer", "热能与动力工程", "动力工程及工程热物理", "火电工程设计室",
                      "热机专业设计"),
            Specialty("岩土工程", "engineer", "土木工程", "岩土工程", "勘测室", "岩土工程勘察"),
            Specialty("工程测量", "engineer", "测绘工程", "测绘科学与技术", "勘测室", "工程测量"),
        ),
        (("华北电力大学", "10079"), ("河北工业大学", "10080"), ("燕山大学", "10216"), ("河北科技大学", "10082"),
         ("石家庄铁道大学", "10107")),
        ("河北省送变电有限公司", "国网河北省电力有限公司石家庄供电分公司", "河北建投能源投资股份有限公司"),
        ("冀发改人字", "河北省发展和改革委员会"),
        ENG_CONDITIONS, ENG_POLICY,
    ),
    UnitSpec(
        "u_build", "build", "demo_hr2", (("demo_assessor2", "leader"), ("dongyaqin", "member")),
        ("083", "082", "Z0801"), 10,
        (
            Specialty("建筑结构", "engineer", "土木工程", "结构工程", "结构检测鉴定所", "结构检测与鉴定"),
            Specialty("岩土工程", "engineer", "土木工程", "岩土工程", "地基基础检测所", "地基基础检测"),
            Specialty("建筑材料", "engineer", "材料科学与工程", "材料学", "建筑材料检测中心", "建筑材料检测"),
            Specialty("建筑节能", "engineer", "建筑环境与能源应用工程", "供热、供燃气、通风及空调工程",
                      "建筑节能研究所", "建筑节能检测与研究"),
        ),
        (("河北工业大学", "10080"), ("石家庄铁道大学", "10107"), ("河北建筑工程学院", "10092"),
         ("燕山大学", "10216"), ("河北科技大学", "10082")),
        ("中国建筑第八工程局有限公司", "河北建工集团有限责任公司", "石家庄市建筑设计院"),
        ("冀建人字", "河北省住房和城乡建设厅"),
        ENG_CONDITIONS, ENG_POLICY,
    ),
    UnitSpec(
        "u_school", "school", "demo_hr3", (("demo_assessor3", "leader"), ("pengshulin", "member")),
        ("Z0503", "Z0502", "Z0501"), 10,
        (
            Specialty("中学语文", "teacher", "汉语言文学", "学科教学（语文）", "高二年级组", "语文教学"),
            Specialty("中学数学", "teacher", "数学与应用数学", "学科教学（数学）", "高三年级组", "数学教学"),
            Specialty("中学英语", "teacher", "英语", "学科教学（英语）", "高一年级组", "英语教学"),
            Specialty("中学物理", "teacher", "物理学", "学科教学（物理）", "高二年级组", "物理教学"),
            Specialty("中学化学", "teacher", "化学", "学科教学（化学）", "高三年级组", "化学教学"),
            Specialty("中学历史", "teacher", "历史学", "学科教学（历史）", "高一年级组", "历史教学"),
        ),
        (("河北师范大学", "10094"), ("河北大学", "10075"), ("北京师范大学", "10027"), ("首都师范大学", "10028"),
         ("华中师范大学", "10511")),
        ("石家庄市第二十二中学", "正定县第一中学", "鹿泉区第一中学"),
        ("石人社职字", "石家庄市人力资源和社会保障局"),
        (
            "一、申报人须为本校在编在岗教师，热爱教育事业，师德高尚，近五年年度考核均为合格及以上。\n"
            "二、申报一级教师：大学本科毕业，取得二级教师职称后任教满4年；或取得硕士学位，取得二级教师职称后任教满2年。\n"
            "三、申报高级教师：大学本科及以上学历，取得一级教师职称后任教满5年，且担任班主任或其他学生管理工作满5年。\n"
            "四、申报正高级教师：大学本科及以上学历，取得高级教师职称后任教满5年，教育教学业绩突出。"
        ),
        (
            "依据《关于深化中小学教师职称制度改革的指导意见》（人社部发〔2015〕79号）和河北省中小学教师职称评价标准"
            "条件执行。学校组织述职、考核答辩和量化赋分，推荐人选在校内公示不少于5个工作日。申报人对材料的真实性负责，"
            "弄虚作假的三年内不得申报。工作总结800字左右，PDF格式；单个上传文件不超过10MB。"
        ),
    ),
    UnitSpec(
        "u_hosp", "hospital", "demo_hr4", (("demo_assessor4", "leader"), ("jiangsuxia", "member")),
        ("232", "231", "252"), 9,
        (
            Specialty("心血管内科", "doctor", "临床医学", "内科学", "心血管内科", "心血管内科临床"),
            Specialty("呼吸内科", "doctor", "临床医学", "内科学", "呼吸与危重症医学科", "呼吸内科临床"),
            Specialty("普通外科", "doctor", "临床医学", "外科学", "普通外科", "普通外科临床"),
            Specialty("儿科", "doctor", "临床医学", "儿科学", "儿科", "儿科临床"),
            Specialty("医学影像", "doctor", "医学影像学", "影像医学与核医学", "医学影像科", "影像诊断"),
            Specialty("内科护理", "nurse", "护理学", "护理学", "心血管内科", "临床护理"),
            Specialty("外科护理", "nurse", "护理学", "护理学", "普通外科", "临床护理"),
        ),
        (("河北医科大学", "10089"), ("华北理工大学", "10081"), ("承德医学院", "10093"), ("河北北方学院", "10095"),
         ("天津医科大学", "10062")),
        ("石家庄市第三医院", "藁城区人民医院", "栾城区人民医院"),
        ("", ""),  # 初级 and 中级 health titles come from the national examination, not from a review
        (
            "一、申报人须为本院在职在岗的卫生专业技术人员，取得相应执业资格并注册，医德医风良好。\n"
            "二、初级、中级卫生专业技术资格（含主治医师、主管护师）实行全国卫生专业技术资格考试，不在本次评审推荐范围。\n"
            "三、申报副主任医师、副主任护师：大学本科及以上学历，取得中级职称后从事本专业工作满5年；"
            "晋升前须到基层医疗卫生机构累计服务满一年。\n"
            "四、申报主任医师：取得副高级职称后从事本专业工作满5年。\n"
            "五、近五年年度考核均为合格及以上，按规定完成继续医学教育学分。"
        ),
        (
            "依据《关于深化卫生专业技术人员职称制度改革的指导意见》（人社部发〔2021〕51号）和河北省卫生系列职称评价"
            "标准条件执行。医院组织述职、考核答辩和量化赋分，推荐人选在院内公示不少于5个工作日。"
            "申报人对材料的真实性负责，弄虚作假的三年内不得申报。工作总结800字左右，PDF格式；单个上传文件不超过10MB。"
        ),
    ),
]
UNIT_BY_KEY = {u.key: u for u in UNITS}

# Working days of the stages after the application window, in order; the window itself and the dates are
# placed around the day the demo is built (stage_dossier.campaign_stages).
STAGE_DAYS = [("verification", 5), ("work_report", 5), ("scoring", 3), ("notice", 5), ("submission", 3)]

# Returns by the unit HR: (reason, sections to reopen)
RETURNS = [
    ("学历证书扫描件不清晰，请重新上传。", ["education", "attachments"]),
    ("现任专业技术职务的审批文件文号不完整，请按任职资格证书核对后修改。", ["current_title"]),
    ("年度考核结果与人事档案记载不一致，请核对后修改。", ["assessments"]),
    ("工作总结未突出近五年的工作业绩，请修改后重新上传。", ["summary"]),
    ("继续教育学时与继续教育证书记载不符，请核对后修改。", ["training"]),
]

# How many applications end in each §一 scenario (40 in all; demo_applicant is one complete draft).
SCENARIOS = {"partial": 10, "complete": 8, "submitted": 14, "resubmitted": 3, "returned": 5}

# §二 needs more submitted dossiers in demo_hr's unit than the shuffle above leaves there: one ranking sheet
# (series and level) per stage of the unit's work. (unit, rung) of each, planned after the forty above (own
# seed: the forty are the same as before) and all submitted (stage_recommendation takes them further).
EXTRA_SUBMITTED = [("u_power", 1), ("u_power", 1), ("u_power", 1), ("u_power", 3)]

# §三 needs dossiers at demo_office's office (the u_power unit's 主管部门): complete drafts planned after all the
# above (own seed), left 填写中 by stage_dossier (scenario "office"); stage_office has them submitted, recorded
# by the unit as recommended on paper and taken through the office's review. (unit, rung) of each.
EXTRA_OFFICE = [("u_power", 2)] * 6 + [("u_power", 3)]

# §四–§五 needs dossiers on the whole chain: complete drafts planned after all the above (own seed), left 填写中
# by stage_dossier (scenario "chain"); stage_forwarding takes them through §三 to 报送: the 中级 ones (rung 1,
# 工程师) to the host (评委会组建单位审查), the 副高级 ones (rung 2, 高级工程师) to the provincial office's spot check.
EXTRA_CHAIN = [("u_power", 1)] * 4 + [("u_power", 2)] * 6

# --------------------------------------------------------------------------------------------------
# §四 the host's committees and expert pool (pool.py)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeSpec:
    key: str  # ctx.orgs key of the committee organisation
    name: str
    levels: tuple[str, ...]
    approval_number: str  # {year}: the year of the approval
    years_before: int  # valid from 1 January of today's year minus this


COMMITTEES = [
    CommitteeSpec("committee", "河北省工程技术系列高级评审委员会", ("associate_senior", "senior"),
                  "冀人社函〔{year}〕17号", 1),
    CommitteeSpec("committee_mid", "河北省工程技术系列中级评审委员会", ("intermediate",), "冀人社函〔{year}〕18号", 0),
]
ENGINEERING_SERIES = "080"  # 工程技术

# Expert accounts after the demo ones (their ID numbers come after the applicants': the others keep theirs).
# Each is linked to one pool entry of the same name (the experts who will vote); demo_expert's is the first.
EXPERT_STAFF = [
    Person("demo_expert2", "甄志远", "1", D(1964, 9, 22), Role.EXPERT, "host"),
    Person("demo_expert3", "闫淑贞", "2", D(1969, 3, 8), Role.EXPERT, "host"),
    Person("demo_expert4", "隋振江", "1", D(1971, 11, 30), Role.EXPERT, "host"),
    Person("demo_expert5", "阚立群", "2", D(1974, 6, 17), Role.EXPERT, "host"),
]
# (account, title, unit, specialty) of the linked pool entries: demo_expert..3 正高级 (the senior meeting),
# demo_expert4..5 高级 (the 中级 meeting).
EXPERT_ACCOUNTS = [
    ("demo_expert", "Z0801", "华北电力大学", "电气工程"),
    ("demo_expert2", "Z0801", "国网河北省电力有限公司", "输变电工程"),
    ("demo_expert3", "Z0801", "河北工业大学", "岩土工程"),
    ("demo_expert4", "082", "河北省送变电有限公司", "输变电工程"),
    ("demo_expert5", "082", "石家庄铁道大学", "工程测量"),
]
# The other pool entries (no account): (unit, specialty, how many 正高级 Z0801, how many 高级 082). Some sit in
# the demo units, so the automatic recusal (same unit) has candidates to keep them from.
EXPERT_POOL = [
    ("河北省电力勘测设计研究院", "电气工程", 2, 1),
    ("河北省电力勘测设计研究院", "热能动力工程", 1, 0),
    ("河北省建筑科学研究院有限公司", "建筑结构", 2, 1),
    ("华北电力大学", "热能动力工程", 2, 0),
    ("河北工业大学", "电气工程", 2, 1),
    ("燕山大学", "机械工程", 2, 0),
    ("河北科技大学", "建筑材料", 1, 1),
    ("石家庄铁道大学", "道路与桥梁工程", 2, 0),
    ("国网河北省电力有限公司", "电气工程", 2, 1),
    ("河北建设投资集团有限责任公司", "热能动力工程", 1, 1),
    ("河北省水利水电勘测设计研究院集团有限公司", "水利水电工程", 2, 0),
    ("河北省交通规划设计研究院有限公司", "道路与桥梁工程", 1, 1),
    ("中国电子科技集团公司第五十四研究所", "电子信息", 2, 0),
    ("河钢集团有限公司", "冶金工程", 1, 1),
    ("开滦（集团）有限责任公司", "采矿工程", 1, 0),
    ("河北省特种设备监督检验研究院", "机械工程", 1, 1),
]
