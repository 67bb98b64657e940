"""python manage.py load_demo — a believable Hebei province for demonstrations and manual testing.

Idempotent: everything is keyed on a natural key (user name, 统一社会信用代码, (unit, year) for a
campaign, (applicant, campaign) for an application) and skipped when it exists, so a second run
creates nothing. All data comes from fixed seeds, so every run on an empty database gives the same
province. Dossiers are built only through the dossier services (validation, audit, workflow), the
way an applicant and the unit HR would build them.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.services import CampaignError, publish_campaign, save_campaign
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import services as ds
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.validators import (
    credit_code_check_char,
    id_number_check_char,
    validate_credit_code,
    validate_id_number,
)
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

PASSWORD = "Demo@2026zc"  # noqa: S105 — the published password of the demo accounts
YEAR = 2026
SEED = 2026
EMAIL_DOMAIN = "example.com"

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
    OrgSpec("office_gxt", "河北省工业和信息化厅人事处", OrgKind.OFFICE, "province", "11130000", "00012045"),
    OrgSpec("office_sjz", "石家庄市人力资源和社会保障局职称科", OrgKind.OFFICE, "province", "11130100", "00043017"),
    OrgSpec("u_power", "河北省电力勘测设计研究院", OrgKind.UNIT, "office_gxt", "91130000", "10436021"),
    OrgSpec("u_build", "河北省建筑科学研究院有限公司", OrgKind.UNIT, "office_gxt", "91130100", "10432587"),
    OrgSpec("u_school", "石家庄市第一中学", OrgKind.UNIT, "office_sjz", "12130100", "40170632"),
    OrgSpec("u_hosp", "石家庄市第二医院", OrgKind.UNIT, "office_sjz", "12130100", "40176915"),
    OrgSpec("host", "河北省工程技术系列高级评审委员会组建单位", OrgKind.COMMITTEE_HOST, "province", "12130000",
            "40001287"),
    # A review committee is not a legal person: it has no credit code.
    OrgSpec("committee", "河北省工程技术系列高级评审委员会", OrgKind.COMMITTEE, "host", None, None),
]
UNIT_KEYS = ["u_power", "u_build", "u_school", "u_hosp"]


def org_code_check_char(body8: str) -> str:
    """GB 11714 组织机构代码 check character for an 8-digit body."""
    total = sum(int(c) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code(prefix: str, body8: str) -> str:
    first17 = prefix + body8 + org_code_check_char(body8)
    return first17 + credit_code_check_char(first17)


# --------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------

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

D = datetime.date
STAFF = [
    Person("demo_hr", "刘淑芳", "2", D(1982, 4, 17), Role.UNIT_HR, "u_power"),
    Person("demo_assessor", "王志强", "1", D(1975, 9, 3), Role.ASSESSOR, "u_power"),
    Person("demo_leader", "陈国华", "1", D(1968, 12, 8), Role.UNIT_LEADER, "u_power"),
    Person("demo_office", "孙立新", "1", D(1973, 6, 21), Role.OFFICE_REVIEWER, "office_gxt"),
    Person("demo_province", "郑晓燕", "2", D(1978, 2, 14), Role.PROVINCIAL_OFFICE, "province"),
    Person("demo_host", "冯海涛", "1", D(1976, 10, 30), Role.COMMITTEE_HOST, "host"),
    Person("demo_expert", "褚文博", "1", D(1966, 5, 12), Role.EXPERT, "committee"),
    Person("demo_sysadmin", "韩磊", "1", D(1988, 8, 8), Role.SYSTEM_ADMIN, "province", True),
    Person("demo_secadmin", "杨帆", "1", D(1990, 3, 27), Role.SECURITY_ADMIN, "province", True),
    Person("demo_auditor", "何丽娟", "2", D(1985, 11, 5), Role.AUDIT_ADMIN, "province", True),
    Person("demo_office2", "吴振华", "1", D(1971, 7, 19), Role.OFFICE_REVIEWER, "office_sjz"),
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

# (title code, current-title name) per rung: 0 初级, 1 中级, 2 副高, 3 正高
TRACKS = {
    "engineer": [("084", "助理工程师"), ("083", "工程师"), ("082", "高级工程师"), ("Z0801", "正高级工程师")],
    "teacher": [("Z0504", "中学二级教师"), ("Z0503", "中学一级教师"), ("Z0502", "中学高级教师"),
                ("Z0501", "正高级教师")],
    "doctor": [("234", "医师"), ("233", "主治医师"), ("232", "副主任医师"), ("231", "主任医师")],
    "nurse": [("254", "护师"), ("253", "主管护师"), ("252", "副主任护师"), ("251", "主任护师")],
}


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
        ("233", "232", "231", "253", "252"), 9,
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
        (
            "一、申报人须为本院在职在岗的卫生专业技术人员，取得相应执业资格并注册，医德医风良好。\n"
            "二、申报中级（主治医师、主管护师）：参加全国卫生专业技术资格考试并合格。\n"
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

# The application window stays open until 2026-12-18 so the demo can be tried through December;
# the later stages end by 2026-12-31 (2027's holidays are not published yet, so no date may fall in 2027).
STAGES = [
    ("application", D(2026, 11, 2), 35),
    ("verification", D(2026, 12, 7), 5),
    ("work_report", D(2026, 12, 14), 5),
    ("scoring", D(2026, 12, 21), 3),
    ("notice", D(2026, 12, 21), 5),
    ("submission", D(2026, 12, 28), 3),
]

# --------------------------------------------------------------------------------------------------
# Texts: work summaries, achievements, projects, papers, awards, honours
# --------------------------------------------------------------------------------------------------

SUMMARY_POOLS = {
    "power": [
        "任现职以来，本人先后参加了张家口地区新能源送出工程、石家庄西部五百千伏变电站扩建工程等二十余项输变电工程的"
        "勘测设计工作，担任{sp}专业主设人，负责初步设计、施工图设计和竣工图编制，设计成果全部通过评审，未发生设计质量事故。",
        "在工程设计中，本人注重新技术的推广应用。针对冀北地区风电、光伏集中接入带来的电能质量问题，开展了无功补偿配置"
        "优化研究，提出的配置方案在三个新能源汇集站中得到应用，降低了工程投资，提高了电网运行的可靠性。",
        "本人重视标准化设计工作，参与编制了本院变电站通用设计模块和设计深度规定，主持完成了{sp}专业施工图设计质量检查表的"
        "修订，使施工图一次校审通过率明显提高，设计周期平均缩短约两周。",
        "本人积极开展三维数字化设计，牵头完成了本专业设计平台的推广应用，组织专业人员进行软件培训，实现了设备布置、"
        "电缆敷设和碰撞检查的三维协同设计，为工程建设数字化移交打下了基础。",
        "在现场服务方面，本人多次赴施工现场进行设计交底，及时处理施工中出现的技术问题，参加了工程启动调试和竣工验收，"
        "收集运行单位的反馈意见并纳入后续设计，受到建设单位的好评。",
        "本人认真做好传帮带工作，指导新入职的技术人员完成了多个工程的设计任务，帮助他们熟悉设计规程和工作流程，"
        "其中两人已能独立担任专业主设人。",
    ],
    "build": [
        "任现职以来，本人主要从事{sp}方面的科研与技术服务工作，先后承担了石家庄、保定、雄安新区等地三十余项建设工程的"
        "检测鉴定和技术咨询任务，出具的报告数据准确、结论可靠，未发生质量责任事故。",
        "本人参与了河北省超低能耗建筑技术标准的编制工作，负责围护结构热工性能部分的条文起草和验证试验，标准发布后"
        "在全省推广应用，对推动我省建筑节能工作发挥了积极作用。",
        "在既有建筑安全性鉴定中，本人针对老旧小区改造中常见的砌体结构开裂问题，系统总结了裂缝成因分析和加固处理方法，"
        "形成的技术措施在多个改造项目中应用，取得了较好的效果。",
        "本人积极推进检测工作的信息化，参与建设了本院检测数据管理系统，实现了委托、试验、报告全过程的数据留痕和"
        "可追溯，提高了检测工作效率和质量管理水平。",
        "在科研工作中，本人参与完成了装配式混凝土结构节点连接性能试验研究，负责试件设计和数据分析，相关成果通过了"
        "省级科技成果评价，并在省内多个装配式建筑项目中得到应用。",
        "本人注重团队建设和人才培养，担任部门技术负责人期间，组织开展技术讲座和规范学习，指导年轻技术人员取得了"
        "相关检测资格证书，提高了部门整体业务水平。",
    ],
    "school": [
        "任现职以来，本人一直工作在教学第一线，先后担任高一至高三年级{subj}教学工作，其中六年担任班主任。本人认真钻研"
        "课程标准和教材，精心备课，注重启发式教学，所教班级成绩在全市统考中多次名列前茅。",
        "本人积极参与新课程改革，围绕核心素养的培养开展单元整体教学设计，在校内外上公开课、示范课十余节，其中一节课"
        "获得石家庄市优质课评比一等奖，教学设计被收入市级优秀案例集。",
        "作为班主任，本人坚持立德树人，关注每一名学生的成长，经常与家长沟通，形成家校共育合力。所带班级班风正、学风浓，"
        "多次被评为校级优秀班集体。",
        "本人重视教育科研，主持了市级课题一项，参与省级课题两项，撰写的教学论文在省级以上刊物发表，并将研究成果运用于"
        "课堂教学，提高了教学的针对性和有效性。",
        "本人积极承担青年教师培养工作，与三名青年教师结成师徒对子，通过听课评课、共同备课等方式帮助他们尽快成长，"
        "其中一人已在区级教学比赛中获奖。",
        "在拓展课程建设方面，本人负责{subj}学科选修课程的开发与实施，辅导学生参加全国中学生学科竞赛，多名学生获得"
        "省级奖项。",
    ],
    "doctor": [
        "任现职以来，本人一直在{sp}从事临床工作，熟练掌握本专业常见病、多发病的诊治，能够独立处理危重病人的抢救工作。"
        "年均门诊量约四千人次，年均管理住院病人三百余人次，未发生医疗差错和事故。",
        "本人注重新技术、新项目的开展，在科室领导的支持下引进并开展了两项新技术，经过规范的培训和质量控制，技术已经"
        "成熟，填补了我院在该领域的空白，受到患者和同行的好评。",
        "在医疗质量管理方面，本人担任科室质控医师，定期开展病历质量检查和病例讨论，督促落实首诊负责、三级查房、"
        "疑难病例讨论等核心制度，科室甲级病历率保持在较高水平。",
        "本人积极参与教学工作，承担了实习医师和规范化培训住院医师的带教任务，定期进行教学查房和专题讲座，所带学员在"
        "结业考核中成绩良好。",
        "本人重视科研工作，结合临床实践开展了相关研究，主持市级科研课题一项，在专业期刊发表论文多篇，研究成果对提高"
        "临床诊疗水平有一定的指导意义。",
        "本人积极参加对口支援工作，曾赴县级医院帮扶一年，通过坐诊、查房、手术示教和业务培训，帮助受援医院提升了"
        "专科诊疗能力。",
    ],
    "nurse": [
        "任现职以来，本人一直从事{sp}工作，熟练掌握基础护理和专科护理技术，能够配合医生完成危重病人的抢救，严格执行"
        "各项护理制度和操作规程，未发生护理差错。",
        "本人担任责任组长期间，积极推行责任制整体护理，优化护理工作流程，加强对危重和高风险患者的护理评估，科室压力性"
        "损伤和跌倒发生率明显下降，患者满意度持续提高。",
        "在护理质量管理方面，本人参与科室护理质量控制小组的工作，每月开展质量检查和原因分析，运用品管圈等管理工具"
        "持续改进护理质量，相关成果在院内品管圈竞赛中获奖。",
        "本人重视护理教学，承担实习护士和新入职护士的带教工作，制定规范的带教计划，组织护理查房和操作培训，所带学员的"
        "理论和操作考核全部合格。",
        "本人积极开展护理科研，结合临床护理中的实际问题开展研究，在专业期刊发表护理论文，并将研究结果应用于临床护理实践。",
        "本人积极参加医院组织的义诊、健康宣教和社区护理服务活动，为慢性病患者提供出院随访和居家护理指导，受到患者和"
        "家属的好评。",
    ],
}
SUMMARY_GENERIC = [
    "在思想上，本人认真学习党的路线方针政策，遵守职业道德和单位各项规章制度，爱岗敬业，团结同事，服从组织安排，"
    "始终保持积极向上的工作态度。",
    "本人坚持终身学习，按规定完成了每年的继续教育学时，积极参加专业学术会议和业务培训，及时了解本专业的新理论、"
    "新技术和新方法，不断提高自身业务水平。",
]
SUMMARY_CLOSING = (
    "回顾任现职以来的工作，本人在业务能力和专业水平上有了较大提高，但也认识到自身还存在不足。今后，本人将继续加强学习，"
    "努力提高业务水平，为单位发展和行业进步作出更大的贡献。"
)

ACHIEVEMENTS = {
    "power": [
        "主持完成{n}项110千伏及以上输变电工程的{sp}专业设计，设计成果全部通过评审，未发生设计质量事故。",
        "参与编制本院《{sp}专业施工图设计深度规定》，已在全院推广使用。",
        "负责{k}项工程的现场设计服务和竣工验收，及时解决施工中的技术问题，工程均一次投运成功。",
        "牵头完成本专业三维协同设计平台的应用推广，组织培训{n}人次。",
    ],
    "build": [
        "承担{n}项建设工程的{sp}检测鉴定与技术咨询，出具报告全部通过质量抽查。",
        "参与编制河北省地方标准1项，负责其中{sp}相关章节的起草与验证试验。",
        "参与完成省级科研项目{k}项，成果通过河北省科学技术成果评价。",
        "担任部门技术负责人，组织技术培训{n}次，指导青年技术人员{k}名。",
    ],
    "school": [
        "连续{k}年担任高三年级{subj}教学工作，所教班级高考成绩位居全市同类学校前列。",
        "在市级以上公开课、示范课{k}节，获石家庄市优质课评比一等奖。",
        "主持市级教育科研课题1项，参与省级课题{k}项，均已结题。",
        "指导青年教师{k}名，辅导学生获省级学科竞赛奖项{n}人次。",
    ],
    "doctor": [
        "年均门诊量约{n}00人次，年均管理住院病人300余人次，无医疗差错及事故。",
        "开展新技术、新项目{k}项，其中1项获医院新技术奖。",
        "担任科室质控医师，科室甲级病历率保持在95%以上。",
        "承担规范化培训住院医师带教工作，带教学员{n}名。",
    ],
    "nurse": [
        "担任责任组长，分管病床{n}张，全年无护理差错。",
        "牵头开展品管圈活动{k}项，住院患者跌倒发生率下降约三成。",
        "承担实习护士和新入职护士带教工作，带教{n}人次，考核全部合格。",
        "参与医院义诊和社区健康宣教活动{k}次。",
    ],
}

PROJECTS = {
    "power": [("新能源汇集站无功补偿优化配置研究", "国网河北省电力有限公司科技项目", "provincial"),
              ("输电线路三维数字化设计技术研究", "河北省电力勘测设计研究院科技项目", "other"),
              ("变电站智能巡检系统设计关键技术研究", "河北省电力行业协会科技项目", "municipal")],
    "build": [("装配式混凝土结构节点连接性能试验研究", "河北省住房和城乡建设厅科学技术计划项目", "provincial"),
              ("既有砌体结构房屋抗震加固技术研究", "石家庄市科学技术研究与发展计划", "municipal"),
              ("超低能耗建筑围护结构热工性能检测方法研究", "河北省重点研发计划", "provincial")],
    "school": [("核心素养导向的高中{subj}单元整体教学实践研究", "河北省教育科学规划课题", "provincial"),
               ("“双减”背景下高中{subj}作业设计研究", "石家庄市教育科学规划课题", "municipal")],
    "doctor": [("{sp}常见疾病规范化诊疗路径的临床研究", "河北省卫生健康委员会医学科学研究课题", "provincial"),
               ("{sp}住院患者综合管理模式的研究", "石家庄市科学技术研究与发展计划", "municipal")],
    "nurse": [("加速康复外科理念在围手术期护理中的应用研究", "河北省卫生健康委员会医学科学研究课题", "provincial"),
              ("老年住院患者跌倒风险评估与干预研究", "石家庄市科学技术研究与发展计划", "municipal")],
}
PAPERS = {
    "power": [("新能源汇集站无功补偿配置方案优化分析", "电力建设", "1000-7229", "11-2583/TM"),
              ("特高压配套变电站{sp}设计要点探讨", "中国电力", "1004-9649", "11-3265/TM"),
              ("基于三维设计平台的变电站电缆敷设优化", "电网技术", "1000-3673", "11-2410/TM")],
    "build": [("装配式混凝土框架节点抗震性能试验研究", "建筑结构", "1002-848X", "11-2833/TU"),
              ("既有砌体结构房屋裂缝成因分析与加固处理", "工业建筑", "1000-8993", "11-2068/TU"),
              ("超低能耗建筑外墙传热系数现场检测方法", "建筑科学", "1002-8528", "11-1962/TU")],
    "school": [("核心素养视角下的高中{subj}单元教学设计", "中国教育学刊", "1002-4808", "11-2606/G4"),
               ("高中{subj}课堂提问有效性的实践研究", "课程·教材·教法", "1000-0186", "11-1278/G4")],
    "doctor": [("{sp}住院患者临床特点及诊治分析", "河北医药", "1002-7386", "13-1090/R"),
               ("规范化诊疗路径在{sp}中的应用效果", "河北医科大学学报", "1007-3205", "13-1209/R")],
    "nurse": [("品管圈在降低住院患者跌倒发生率中的应用", "中华护理杂志", "0254-1769", "11-2234/R"),
              ("责任制整体护理在{sp}中的应用效果", "河北医药", "1002-7386", "13-1090/R")],
}
AWARDS = {
    "power": [("河北省优秀工程勘察设计奖", "二等奖", "河北省勘察设计协会"),
              ("河北省电力科学技术进步奖", "三等奖", "国网河北省电力有限公司")],
    "build": [("河北省建设行业科学技术进步奖", "二等奖", "河北省住房和城乡建设厅")],
    "school": [("河北省基础教育教学成果奖", "二等奖", "河北省教育厅"),
               ("石家庄市优质课评比", "一等奖", "石家庄市教育局")],
    "doctor": [("河北省医学科技奖", "三等奖", "河北省医学会")],
    "nurse": [("河北省护理学会科技奖", "三等奖", "河北省护理学会")],
}
HONORS = {
    "power": [("先进工作者", "{unit}", "unit"), ("河北省工业和信息化系统先进个人", "河北省工业和信息化厅", "provincial")],
    "build": [("先进工作者", "{unit}", "unit"), ("石家庄市青年岗位能手", "共青团石家庄市委员会", "municipal")],
    "school": [("石家庄市优秀教师", "石家庄市教育局", "municipal"), ("优秀班主任", "{unit}", "unit")],
    "doctor": [("石家庄市优秀医师", "石家庄市卫生健康委员会", "municipal"), ("先进工作者", "{unit}", "unit")],
    "nurse": [("优秀护士", "{unit}", "unit"), ("石家庄市卫生健康系统先进个人", "石家庄市卫生健康委员会", "municipal")],
}
TRAINING = {
    "power": ["电力工程设计新技术专业科目培训", "公需科目：专业技术人员职业道德与诚信建设", "输变电工程设计规范宣贯培训"],
    "build": ["建设工程检测新标准宣贯培训", "公需科目：专业技术人员职业道德与诚信建设", "装配式建筑技术专题培训"],
    "school": ["河北省中小学教师全员培训", "公需科目：专业技术人员职业道德与诚信建设", "新课程新教材国家级示范培训"],
    "doctor": ["继续医学教育Ⅰ类学分项目", "公需科目：专业技术人员职业道德与诚信建设", "河北省医学会学术年会"],
    "nurse": ["继续护理学教育Ⅰ类学分项目", "公需科目：专业技术人员职业道德与诚信建设", "河北省护理学会专科护士培训"],
}
HIGH_SCHOOLS = ["石家庄市第二中学", "石家庄市第十五中学", "唐山市第一中学", "保定市第一中学", "邯郸市第一中学",
                "邢台市第一中学", "沧州市第一中学", "衡水中学", "张家口市第一中学", "承德市第一中学", "正定中学"]
POSITIONS_BEFORE = {"power": "技术员", "build": "技术员", "school": "教师", "doctor": "住院医师", "nurse": "护士"}
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族"]
POLITICAL = ["中共党员"] * 9 + ["群众"] * 6 + ["中共预备党员", "九三学社社员", "中国民主同盟盟员", "共青团员"]

# Returns by the unit HR: (reason, sections to reopen)
RETURNS = [
    ("学历证书扫描件不清晰，请重新上传。", ["education", "attachments"]),
    ("现任专业技术职务的审批文件文号不完整，请按任职资格证书核对后修改。", ["current_title"]),
    ("年度考核结果与人事档案记载不一致，请核对后修改。", ["assessments"]),
    ("工作总结未突出近五年的工作业绩，请修改后重新上传。", ["summary"]),
    ("继续教育学时与继续教育证书记载不符，请核对后修改。", ["training"]),
]

# How many applications end in each scenario (40 in all; demo_applicant is one complete draft).
SCENARIOS = {"partial": 10, "complete": 8, "submitted": 14, "resubmitted": 3, "returned": 5}

# --------------------------------------------------------------------------------------------------
# Planning (pure, seeded) and building (through the services)
# --------------------------------------------------------------------------------------------------


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


def _study_age(degree: str, medical: bool) -> int:
    return {"junior": 21, "bachelor": 22, "master": 25, "doctor": 28}[degree] + (1 if medical and degree != "junior"
                                                                                 else 0)


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
    cur_year = {1: rng.randint(2019, 2022), 2: rng.randint(2014, 2021), 3: rng.randint(2012, 2021)}[rung]
    to_first = {"junior": 2, "bachelor": 1, "master": 0, "doctor": 0}[degree]  # graduation → 初级
    to_mid = {"junior": 6, "bachelor": 5, "master": 2, "doctor": 1}[degree]  # graduation → 中级
    offset = to_first if rung == 1 else to_mid + rng.randint(0, 2) + (5 + rng.randint(0, 2) if rung == 3 else 0)
    final_year = cur_year - offset
    birth_year = final_year - _study_age(degree, track in ("doctor", "nurse"))
    birth = D(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    obtained = D(cur_year, rng.choice([6, 9, 12]), rng.randint(5, 28))
    return degree, final_year, obtained, birth


def plan_people() -> tuple[list[Person], list[ApplicantPlan]]:
    rng = random.Random(SEED)
    staff = [Person(**vars(p)) for p in STAFF]
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
            rung = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
            if sp.track == "nurse":
                rung = min(rung, 2)
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

    # identifiers: valid, unique, consistent with birth date and gender
    ids: set[str] = set()
    phones: set[str] = set()
    for p in staff + [a.person for a in applicants]:
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
    return staff, applicants


# --------------------------------------------------------------------------------------------------
# Files: the work summary PDF and certificate scans
# --------------------------------------------------------------------------------------------------

_FONT = "ZhichengDemoCJK"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, settings.CJK_FONT_PATH, subfontIndex=0))


_NO_LINE_START = "，。、；：？！）》」』”’,.;:?!)"


def wrap(text: str, fits) -> list[str]:
    """Break text into lines that fit; a closing punctuation mark never starts a line (避头尾)."""
    lines, cur = [], ""
    for ch in text:
        if not cur or fits(cur + ch):
            cur += ch
        elif ch in _NO_LINE_START:
            lines.append(cur + ch)
            cur = ""
        else:
            lines.append(cur)
            cur = ch
    if cur:
        lines.append(cur)
    return lines


def summary_pdf(title: str, byline: str, paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    width, height = A4
    c.setFont(_FONT, 16)
    c.drawCentredString(width / 2, height - 72, title)
    c.setFont(_FONT, 10.5)
    c.drawCentredString(width / 2, height - 96, byline)
    y, left, text_width = height - 130, 64, width - 2 * 64
    for para in paragraphs:
        for line in wrap("\u3000\u3000" + para, lambda t: c.stringWidth(t, _FONT, 10.5) <= text_width):
            if y < 60:
                c.showPage()
                c.setFont(_FONT, 10.5)
                y = height - 72
            c.drawString(left, y, line)
            y -= 19
        y -= 6
    c.save()
    return buf.getvalue()


def certificate_png(lines: list[str], *, clear: bool) -> bytes:
    """A 毕业证书 'scan'; the unclear one is small and blurred (the kind HR sends back)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    w, h = 1000, 700
    img = Image.new("RGB", (w, h), (250, 246, 234))
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, w - 20, h - 20], outline=(150, 40, 40), width=6)
    title_font = ImageFont.truetype(settings.CJK_FONT_PATH, 56, index=0)
    font = ImageFont.truetype(settings.CJK_FONT_PATH, 28, index=0)
    draw.text((w // 2, 90), "毕 业 证 书", font=title_font, fill=(150, 40, 40), anchor="mm")
    y = 190
    for para in lines:
        for line in wrap(para, lambda t: draw.textlength(t, font=font) <= w - 160) or [""]:
            draw.text((80, y), line, font=font, fill=(30, 30, 30))
            y += 46
    if not clear:
        img = img.resize((320, 224)).filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


class Command(BaseCommand):
    help = "建立演示数据：河北省的组织机构、各角色演示账号、4个用人单位的2026年度申报和约40份申报（可重复运行）。"

    def handle(self, *args, **options):
        if not Title.objects.filter(code="082").exists():
            raise CommandError("字典数据（职称代码）尚未载入，请先运行 python manage.py migrate。")
        self.created = {"组织": 0, "用户": 0, "年度申报": 0, "申报": 0}
        self.today = timezone.localdate()
        self.hashed = None
        staff, applicants = plan_people()
        self.results = {r.code: r for r in AssessmentResult.objects.all()}
        self.edu_levels = {e.code: e for e in EducationLevel.objects.all()}

        with transaction.atomic():
            self.orgs = self._orgs()
            self.users = {p.username: self._user(p) for p in staff}
        self.campaigns = {}
        for unit in UNITS:
            with transaction.atomic():
                self.campaigns[unit.key] = self._campaign(unit)
        for plan in applicants:
            with transaction.atomic():
                self._applicant(plan)
        self._report()

    # ---- organisations and users ------------------------------------------------------------------

    def _orgs(self) -> dict[str, Organization]:
        orgs: dict[str, Organization] = {}
        for spec in ORGS:
            parent = orgs.get(spec.parent) if spec.parent else None
            code = credit_code(spec.cc_prefix, spec.org_code) if spec.cc_prefix else None
            if code:
                validate_credit_code(code)
                org = Organization.objects.filter(credit_code=code).first()
            else:
                org = Organization.objects.filter(name=spec.name, kind=spec.kind, parent=parent).first()
            if org is None:
                org = Organization.objects.create(name=spec.name, kind=spec.kind, parent=parent, credit_code=code)
                self.created["组织"] += 1
            orgs[spec.key] = org
        return orgs

    def _password_hash(self) -> str:
        # One hash for all demo accounts (same published password): hashing is slow on purpose (Argon2).
        if self.hashed is None:
            self.hashed = make_password(PASSWORD)
        return self.hashed

    def _user(self, p: Person) -> User:
        user = User.objects.filter(username=p.username).first()
        if user is None:
            validate_id_number(p.id_number)
            if User.objects.filter(id_number=p.id_number).exists():
                raise CommandError(f"身份证号{p.id_number}已被其他用户使用，无法建立演示账号{p.username}。")
            user = User.objects.create_user(
                username=p.username, password=None, real_name=p.real_name, id_number=p.id_number,
                birth_date=p.birth, gender=p.gender, phone=p.phone, email=f"{p.username}@{EMAIL_DOMAIN}",
                is_staff=p.is_staff, is_superuser=p.is_superuser,
            )
            user.password = self._password_hash()
            user.save(update_fields=["password"])
            self.created["用户"] += 1
        RoleAssignment.objects.get_or_create(user=user, role=p.role, organization=self.orgs[p.org])
        return user

    # ---- campaigns ----------------------------------------------------------------------------------

    def _campaign(self, unit: UnitSpec) -> Campaign:
        org = self.orgs[unit.key]
        campaign = Campaign.objects.filter(unit=org, year=YEAR).order_by("id").first()
        hr = self.users[unit.hr]
        try:
            if campaign is None:
                titles = list(Title.objects.filter(code__in=unit.titles))
                campaign = save_campaign(
                    hr, unit=org, titles=titles, stages=STAGES,
                    panel=[(self.users[u], duty) for u, duty in unit.panel],
                    data={"year": YEAR, "name": f"{org.name}{YEAR}年度职称申报推荐工作",
                          "conditions": unit.conditions, "policy_text": unit.policy},
                )
                self.created["年度申报"] += 1
            if campaign.status == Campaign.Status.DRAFT:
                publish_campaign(hr, campaign)
        except CampaignError as exc:
            raise CommandError(f"{org.name}的年度申报未能建立：{exc}") from exc
        return campaign

    # ---- applicants ---------------------------------------------------------------------------------

    def _applicant(self, plan: ApplicantPlan) -> None:
        user = self._user(plan.person)
        campaign = self.campaigns[plan.unit]
        if m.Application.objects.filter(applicant=user, campaign=campaign).exists():
            return
        try:
            _DossierBuilder(self, plan, user, campaign).build()
        except (ds.DossierError, TransitionError) as exc:
            detail = getattr(exc, "fields", None) or ""
            raise CommandError(f"{plan.person.real_name}（{plan.person.username}）的申报未能建立：{exc} {detail}") \
                from exc
        self.created["申报"] += 1

    # ---- report -------------------------------------------------------------------------------------

    def _report(self) -> None:
        rows = [("角色", "用户名", "密码", "所在单位")]
        for role, username in DEMO_USERNAMES.items():
            a = RoleAssignment.objects.filter(user__username=username, role=role).select_related("organization")
            a = a.first()
            rows.append((Role(role).label, username, PASSWORD, a.organization.name if a else "（缺失）"))
        widths = [max(_display_width(r[i]) for r in rows) for i in range(4)]
        out = self.stdout
        out.write("演示账号（每个角色一个）：")
        rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        out.write(rule)
        for i, row in enumerate(rows):
            out.write("| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
            if i == 0:
                out.write(rule)
        out.write(rule)
        others = [f"{p.username}（{Role(p.role).label}，{self.orgs[p.org].name}）" for p in STAFF
                  if p.username not in DEMO_USERNAMES.values()]
        out.write("其他账号：" + "；".join(others) + "。")
        n_applicants = RoleAssignment.objects.filter(role=Role.APPLICANT).values("user").distinct().count()
        out.write(f"申报人员共{n_applicants}人（用户名为姓名拼音），以上账号密码均为 {PASSWORD}。")
        counts = dict(m.Application.objects.values_list("state").annotate(n=Count("id")).order_by("state"))
        parts = [f"{State(s).label} {counts[s]}" for s in State.values if s in counts]
        out.write(f"申报状态：{'，'.join(parts) or '无'}（共{sum(counts.values())}份）。")
        out.write("本次新建：" + "，".join(f"{k}{v}" for k, v in self.created.items()) + "。")


class _DossierBuilder:
    """Fill one dossier through the dossier services, like the applicant would, then play its scenario."""

    def __init__(self, cmd: Command, plan: ApplicantPlan, user: User, campaign: Campaign):
        self.cmd, self.plan, self.user, self.campaign = cmd, plan, user, campaign
        self.rng = random.Random(f"{SEED}:{plan.person.username}")
        self.unit = UNIT_BY_KEY[plan.unit]
        self.org = cmd.orgs[plan.unit]
        self.sp = plan.specialty
        self.field = "nurse" if self.sp.track == "nurse" else "doctor" if self.sp.track == "doctor" else \
            self.unit.field
        self.subj = self.sp.name.removeprefix("中学")
        self.school, self.school_code = self.rng.choice(self.unit.schools)
        self.high_school = self.rng.choice(HIGH_SCHOOLS)
        self.flawed = plan.scenario in ("returned", "resubmitted")
        self.app: m.Application | None = None
        self.items: dict[str, object] = {}

    # helpers
    def fmt(self, text: str) -> str:
        return text.format(sp=self.sp.name, subj=self.subj, unit=self.org.name,
                           n=self.rng.randint(6, 18), k=self.rng.randint(2, 5))

    def save(self, section: str, data: dict, item_id: int | None = None):
        clean = {k: ("" if v is None else str(v)) for k, v in data.items()}
        obj = ds.save_item(self.user, self.app, section, clean, item_id=item_id)
        self.items.setdefault(section, []).append(obj)
        return obj

    def rand_date(self, start: datetime.date, end: datetime.date) -> datetime.date:
        end = min(end, self.cmd.today - datetime.timedelta(days=30))
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days))

    @property
    def work_start(self) -> datetime.date:
        return D(self.plan.final_year, 7, 15)

    # sections
    def basic(self):
        self.save("basic", {
            "ethnicity": self.rng.choice(ETHNICITIES), "political_status": self.rng.choice(POLITICAL),
            "department": self.sp.department, "post": self.sp.post,
            "work_start_date": self.work_start.isoformat(), "professional_start_date": self.work_start.isoformat(),
            "email": self.user.email,
        })

    def education(self):
        p, medical = self.plan, self.sp.track in ("doctor", "nurse")
        f = p.final_year
        bachelor_years = 5 if medical and self.sp.bachelor != "护理学" else 4
        rows = []  # (school, code, major, level code, degree, start year, end year)
        if p.degree == "junior":
            rows += [(self.high_school, "", "普通高中", "61", "none", f - 6, f - 3),
                     ("石家庄医学高等专科学校", "12560", "护理", "31", "none", f - 3, f)]
        elif p.degree == "bachelor":
            b = f - bachelor_years
            rows += [(self.high_school, "", "普通高中", "61", "none", b - 3, b),
                     (self.school, self.school_code, self.sp.bachelor, "21", "bachelor", b, f)]
        elif p.degree == "master":
            b = f - 3 - bachelor_years
            rows += [(self.school, self.school_code, self.sp.bachelor, "21", "bachelor", b, f - 3),
                     (self.school, self.school_code, self.sp.master, "14", "master", f - 3, f)]
        else:
            rows += [(self.school, self.school_code, self.sp.master, "14", "master", f - 6, f - 3),
                     (self.school, self.school_code, self.sp.master, "11", "doctor", f - 3, f)]
        level_digit = {"61": "", "31": "6", "21": "5", "14": "2", "11": "1"}
        for school, code, major, level, degree, start, end in rows:
            cert = f"{code}1{level_digit[level]}{end}{self.rng.randrange(10 ** 6):06d}" if code else ""
            self.save("education", {
                "school": school, "major": major, "education_level": self.cmd.edu_levels[level].pk,
                "degree": degree, "start_date": f"{start}-09-01",
                "end_date": f"{end}-07-{self.rng.choice(['01', '01', '05', '10'])}", "certificate_no": cert,
            })
        self.highest = rows[-1]

    def current_title(self):
        p = self.plan
        name = TRACKS[self.sp.track][p.rung - 1][1]
        y, no = p.current_obtained.year, self.rng.randint(12, 260)
        if self.sp.track in ("doctor", "nurse") and p.rung <= 2:
            doc, body = f"卫生专业技术资格证书 管理号{y}13{self.rng.randrange(10 ** 8):08d}", \
                "国家卫生健康委员会、人力资源社会保障部"
        elif p.rung >= 3:
            doc, body = f"冀职改办字〔{y}〕{no}号", "河北省职称改革领导小组办公室"
        elif self.unit.field in ("power", "build"):
            doc, body = f"冀工信人字〔{y}〕{no}号", "河北省工业和信息化厅"
        else:
            doc, body = f"石人社职字〔{y}〕{no}号", "石家庄市人力资源和社会保障局"
        self.title_doc = doc
        if self.flawed and RETURNS[p.return_index][1] == ["current_title"]:
            doc = re.sub(r"\d+号$", "号", doc) if doc.endswith("号") else doc[:-4]
        self.save("current_title", {"title_name": name, "obtained_on": p.current_obtained.isoformat(),
                                    "approval_document": doc, "approving_body": body})

    def work(self):
        years = self.cmd.today.year - self.plan.final_year
        if years >= 8 and self.rng.random() < 0.35:
            switch = D(self.plan.final_year + self.rng.randint(2, 4), 7, 1)
            self.save("work", {"start_date": self.work_start.isoformat(),
                               "end_date": (switch - datetime.timedelta(days=1)).isoformat(),
                               "employer": self.rng.choice(self.unit.previous_employers),
                               "position": POSITIONS_BEFORE[self.field], "duties": f"{self.sp.post}工作"})
            start = switch
        else:
            start = self.work_start
        self.save("work", {"start_date": start.isoformat(), "end_date": "", "employer": self.org.name,
                           "position": f"{self.sp.department}{self.sp.post}",
                           "duties": f"从事{self.sp.name}专业技术工作"})

    def achievement(self):
        lines = [f"{i}. {self.fmt(t)}" for i, t in enumerate(ACHIEVEMENTS[self.field], 1)]
        self.save("achievement", {"content": "\n".join(lines)})

    def assessment_years(self) -> list[int]:
        first = max(self.cmd.today.year - 5, self.work_start.year + 1)
        return list(range(first, self.cmd.today.year))

    def assessments(self):
        for y in self.assessment_years():
            code = "excellent" if self.rng.random() < 0.25 else "competent"
            self.save("assessments", {"year": y, "result": self.cmd.results[code].pk})

    def training(self):
        flaw = self.flawed and RETURNS[self.plan.return_index][1] == ["training"]
        for i, y in enumerate(self.assessment_years()):
            hours = 24 if flaw and i == 0 else self.rng.choice([72, 80, 90, 96, 102, 120])
            self.save("training", {"year": y, "hours": hours, "content": self.rng.choice(TRAINING[self.field])})

    def optional(self):
        rng, since = self.rng, self.plan.current_obtained
        if self.plan.rung >= 2 or rng.random() < 0.3:
            for name, source, grade in rng.sample(PROJECTS[self.field], k=rng.randint(1, 2)):
                start = self.rand_date(since, D(2024, 6, 30))
                lead = self.plan.rung >= 3 or rng.random() < 0.4
                finished = start.year <= 2023
                self.save("projects", {
                    "name": self.fmt(name), "source": source, "grade": grade,
                    "role": "leader" if lead else "participant", "rank": 1 if lead else rng.randint(2, 5),
                    "start_date": start.isoformat(),
                    "end_date": D(start.year + 2, 12, 31).isoformat() if finished else "",
                    "status": "finished" if finished else "ongoing",
                })
        for title, journal, issn, cn in rng.sample(PAPERS[self.field], k=rng.randint(1, 2)):
            self.save("publications", {
                "kind": "paper", "title": self.fmt(title), "author_rank": rng.randint(1, 3), "journal": journal,
                "issn": issn, "cn": cn, "published_on": self.rand_date(since, D(2026, 6, 30)).isoformat(),
            })
        if self.plan.rung >= 2 and rng.random() < 0.4:
            name, grade, issuer = rng.choice(AWARDS[self.field])
            self.save("awards", {"name": name, "grade": grade, "rank": rng.randint(1, 5), "issuer": issuer,
                                 "awarded_on": self.rand_date(since, D(2025, 12, 31)).isoformat()})
        if rng.random() < 0.5:
            name, issuer, grade = rng.choice(HONORS[self.field])
            self.save("honors", {"name": name, "issuer": self.fmt(issuer), "grade": grade,
                                 "awarded_on": self.rand_date(since, D(2025, 12, 31)).isoformat()})

    def summary(self, version: int = 1):
        p, rng = self.plan, self.rng
        cur = TRACKS[self.sp.track][p.rung - 1][1]
        opening = (f"本人{p.person.real_name}，{p.person.birth.year}年{p.person.birth.month}月出生，{p.final_year}年毕业于"
                   f"{self.highest[0]}{self.highest[2]}专业，同年参加工作，现在{self.org.name}{self.sp.department}从事"
                   f"{self.sp.post}工作。{p.current_obtained.year}年取得{cur}资格以来，本人认真履行岗位职责，较好地完成了"
                   f"各项工作任务。现将任现职以来的主要工作总结如下。")
        pool = [self.fmt(t) for t in SUMMARY_POOLS[self.field]]
        rng.shuffle(pool)
        pool.sort(key=lambda para: not para.startswith("任现职以来"))  # the overview first
        body = [opening]
        chars = len(_CJK.findall(opening + SUMMARY_CLOSING))
        for para in pool + SUMMARY_GENERIC:
            if chars >= 780:
                break
            body.append(para)
            chars += len(_CJK.findall(para))
        body.append(SUMMARY_CLOSING)
        title = "专业技术工作总结"
        byline = f"{self.org.name}  {p.person.real_name}  {YEAR}年{10 if version == 1 else 11}月"
        data = summary_pdf(title, byline, body)
        uploaded = SimpleUploadedFile(f"{p.person.real_name}工作总结.pdf", data, content_type="application/pdf")
        ds.upload_work_summary(self.user, self.app, uploaded)

    def certificate(self, *, clear: bool):
        school, _code, major, _level, _degree, start, end = self.highest
        p = self.plan.person
        lines = [f"学生 {p.real_name}，性别 {'男' if p.gender == '1' else '女'}，{p.birth.year}年{p.birth.month}月"
                 f"{p.birth.day}日生，于{start}年9月至{end}年7月在本校{major}专业学习，修完教学计划规定的全部课程，"
                 f"成绩合格，准予毕业。", "", f"校名：{school}", f"证书编号：{self.education_cert()}"]
        uploaded = SimpleUploadedFile("毕业证书.png", certificate_png(lines, clear=clear), content_type="image/png")
        education = self.items["education"][-1]
        return ds.attach_file(self.user, self.app, uploaded, section_key="education", item_id=education.pk,
                              description="最高学历毕业证书扫描件" + ("（重新扫描）" if clear and self.flawed else ""))

    def education_cert(self) -> str:
        return self.items["education"][-1].certificate_no or "—"

    # scenario
    def build(self):
        p, cmd = self.plan, self.cmd
        title = Title.objects.get(code=TRACKS[self.sp.track][p.rung][0])
        self.app = ds.start_application(self.user, campaign=self.campaign, title=title, specialty=self.sp.name)
        steps = [self.basic, self.education, self.current_title, self.work, self.achievement, self.assessments,
                 self.training]
        if p.scenario == "partial":
            for step in steps[: self.rng.randint(1, 6)]:
                step()
            return
        for step in steps:
            step()
        self.optional()
        self.summary()
        blurry = self.flawed and "attachments" in RETURNS[p.return_index][1]
        self.certificate(clear=not blurry)
        if p.scenario == "complete":
            return
        self.app = ds.submit(self.user, self.app)
        hr = cmd.users[self.unit.hr]
        if p.scenario in ("returned", "resubmitted"):
            reason, sections = RETURNS[p.return_index]
            self.app = ds.return_to_applicant(hr, self.app, reason=reason, sections=sections)
            if p.scenario == "resubmitted":
                self.fix(sections[-1])
                self.app = ds.submit(self.user, self.app)

    def fix(self, section: str):
        """The applicant corrects what the unit sent back."""
        if section == "attachments":
            old = m.Attachment.objects.filter(application=self.app).first()
            self.certificate(clear=True)
            if old:
                ds.delete_item(self.user, self.app, "attachments", old.pk)
        elif section == "current_title":
            ct = m.CurrentTitle.objects.get(application=self.app)
            self.save("current_title", {"title_name": ct.title_name, "obtained_on": ct.obtained_on.isoformat(),
                                        "approval_document": self.title_doc, "approving_body": ct.approving_body},
                      item_id=ct.pk)
        elif section == "assessments":
            row = m.AnnualAssessment.objects.filter(application=self.app).order_by("year").first()
            other = "excellent" if row.result.code == "competent" else "competent"
            self.save("assessments", {"year": row.year, "result": self.cmd.results[other].pk}, item_id=row.pk)
        elif section == "summary":
            self.summary(version=2)
        elif section == "training":
            row = m.ContinuingEducation.objects.filter(application=self.app).order_by("year").first()
            self.save("training", {"year": row.year, "hours": 90, "content": row.content}, item_id=row.pk)
