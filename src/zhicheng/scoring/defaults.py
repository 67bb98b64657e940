"""The default scoring scheme: the 12 categories of seed §二(五), in that order, with maxima totalling 100, and
the default rule tables of the four categories computed from the dossier. Data, not code: a campaign's scheme is
created from this table and the unit edits it (maxima, method, rule tables) before scoring starts."""

# (code, name, max points, method, rule, rule table)
CATEGORIES = [
    ("work", "工作任务及成绩", "20", "assessor", "", []),
    ("experience", "工作经历与能力", "10", "assessor", "", []),
    ("research", "科研成果或科研项目", "10", "assessor", "", []),
    ("awards", "专业奖励", "6", "assessor", "", []),
    ("publications", "著作、论文", "10", "assessor", "", []),
    ("honors", "综合奖励（荣誉称号）", "4", "assessor", "", []),
    ("defense", "答辩水平", "12", "assessor", "", []),
    ("assessment", "年度及任职期满考核", "5", "rule", "assessment", [
        # points per year, summed over the last `work_report_years` years, capped at the category maximum
        {"result": "excellent", "label": "优秀", "points": "1.5"},
        {"result": "competent", "label": "合格", "points": "1"},
        {"result": "basically_competent", "label": "基本合格", "points": "0.5"},
        {"result": "incompetent", "label": "不合格", "points": "0"},
    ]),
    ("education", "学历（学位）", "12", "rule", "education", [
        # the best matching row over the applicant's education records; education = GB/T 4658 code prefix
        {"education": "11", "degree": "doctor", "label": "博士研究生博士", "points": "12"},
        {"education": "11", "degree": "", "label": "博士研究生", "points": "11"},
        {"education": "14", "degree": "master", "label": "硕士研究生硕士", "points": "11"},
        {"education": "14", "degree": "", "label": "硕士研究生", "points": "10"},
        {"education": "2", "degree": "bachelor", "label": "本科学士", "points": "10"},
        {"education": "2", "degree": "", "label": "本科", "points": "9"},
        {"education": "3", "degree": "", "label": "大学专科", "points": "7"},
        {"education": "4", "degree": "", "label": "中专", "points": "5"},
    ]),
    ("years", "从事专业技术工作年限", "6", "rule", "years", [
        # full years from 从事专业技术工作时间 to 31 December of the campaign year; first row reached
        {"min_years": 20, "points": "6"},
        {"min_years": 15, "points": "5"},
        {"min_years": 10, "points": "4"},
        {"min_years": 5, "points": "3"},
        {"min_years": 0, "points": "1"},
    ]),
    ("training", "继续教育", "3", "rule", "training", [
        # hours over the last `work_report_years` years; first row reached
        {"min_hours": 360, "points": "3"},
        {"min_hours": 270, "points": "2"},
        {"min_hours": 90, "points": "1"},
        {"min_hours": 0, "points": "0"},
    ]),
    ("other", "其他", "2", "assessor", "", []),
]

# Ties are broken by these categories, in order (then genuine ties share a rank, marked 并列).
TIE_BREAK = ["defense", "work"]
