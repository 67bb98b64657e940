"""Code-table data: GB/T 8561-2001 titles (plus local extension codes), GB/T 4658 education, annual assessment results.

Sources: checked, not recalled, where a check was possible.
- GB/T 8561-2001《专业技术职务代码》: metadata (issued 2001-04-09, in force 2001-10-01,
  revision of GB/T 8561-1988) from chinesestandards.org. The code list itself was read from
  two unrelated public seed scripts of the full 2001 code table (an Oracle
  ``K_PROFESSIONAL`` seed and a MySQL ``sys_dict_item`` TECHNICAL_QUALIFICATIONS seed). They
  agree code for code on every group used below. A third list (a JavaScript teacher-title
  list) agrees for codes 010-055. The text of the standard itself was not available, so
  these are faithful copies of it, not the original.
- GB/T 4658-2006《学历代码》: the Tourze ``GBT4658\\FormalSchooling`` PHP enum (which cites
  GB/T 4658-2006) and an unrelated JavaScript ``transEducationLevel`` mapping. Both give the
  same codes.
- Titles created after 2001 (extension codes): national reform documents as quoted on public
  pages. 中小学教师 unified titles: 人社部发〔2015〕79号. 农业: the 2019 reform adds
  正高级农艺师/畜牧师/兽医师 and keeps 农业技术推广研究员 (provincial page quoting it).
  高级社会工作师: 人社部规〔2018〕2号; 助理社会工作师/社会工作师: 2006 原人事部、民政部
  《社会工作者职业水平评价暂行规定》. 正高级审计师: provincial 评审条件 (Jiangsu, Guizhou)
  after the 2020 审计 reform. 正高级工程师/经济师/会计师/统计师/实验师, 中职正高级讲师:
  the 2017-2020 series reforms (document numbers not re-checked here).
  正高级社会工作师: no national document was found. Only some provinces have it on trial, so
  it is kept for those provinces and can be switched off (Title.active).

Code rules
- GB/T 8561-2001: each category has a 3-digit code ending in 0 (e.g. 080 工程技术人员). A
  title's last digit gives its level: 1 正高, 2 副高, 3 中级, 4 助理级, 5 员级. The only
  exception used here is 416 三级教师（小学）, a 员级 title with the digit 6.
- Series are review series (评审系列). Where the standard splits one review series into
  several categories, they are merged under the first category's code, and every title keeps
  its real GB/T 8561 code:
  230 卫生技术 = 230 医师 + 240 药剂 + 250 护理 + 260 技师;
  090 农业技术 = 090 农艺 + 100 兽医 + 110 畜牧;
  150 出版 = 150 编审 + 160 技术编辑 + 170 校对;
  190 新闻 = 190 记者 + 200 编辑;
  050 中小学教师 = 050 中学教师 + 410 小学教师. The pre-2015 titles (052-055, 413-416) are
  kept for titles granted before 人社部发〔2015〕79号; the unified post-2015 titles use
  extension codes.
- Local extension codes. Every one starts with "Z", which no GB/T 8561 code does:
  * title:  "Z" + 3-digit GB/T 8561 category code + level digit (1-5),
            e.g. Z0801 正高级工程师 (category 080, level 1), Z1001 正高级兽医师 (category 100).
  * series missing from the standard: "Z" + a 3-digit category number that GB/T 8561-2001
            leaves unused (the 700-970 block), e.g. Z710 社会工作. Its titles follow the
            title rule: Z7102 高级社会工作师.
  So one (category, level) pair has exactly one extension code, and extension codes never
  clash with standard codes.
"""
# Levels: "senior" 正高级, "associate_senior" 副高级, "intermediate" 中级, "assistant" 助理级, "clerk" 员级
SERIES: list[tuple[str, str]] = [  # (code, name) e.g. ("010", "高等学校教师")
    ("010", "高等学校教师"),
    ("020", "中等专业学校教师"),
    ("050", "中小学教师"),
    ("070", "实验技术"),
    ("080", "工程技术"),
    ("090", "农业技术"),
    ("120", "经济"),
    ("130", "会计"),
    ("140", "统计"),
    ("150", "出版"),
    ("180", "翻译"),
    ("190", "新闻"),
    ("230", "卫生技术"),
    ("610", "自然科学研究"),
    ("620", "社会科学研究"),
    ("640", "图书资料"),
    ("650", "文物博物"),
    ("660", "档案"),
    ("680", "审计"),
    ("980", "思想政治工作"),
    ("Z710", "社会工作"),
]
TITLES: list[tuple[str, str, str, str, bool]] = [  # (series_code, title_code, title_name, level, is_extension)
    # 010 高等学校教师
    ("010", "011", "教授", "senior", False),
    ("010", "012", "副教授", "associate_senior", False),
    ("010", "013", "讲师（高校）", "intermediate", False),
    ("010", "014", "助教（高校）", "assistant", False),
    # 020 中等专业学校教师 (正高级讲师 added by the later 中等职业学校教师 reform)
    ("020", "Z0201", "正高级讲师", "senior", True),
    ("020", "022", "高级讲师（中专）", "associate_senior", False),
    ("020", "023", "讲师（中专）", "intermediate", False),
    ("020", "024", "助理讲师（中专）", "assistant", False),
    ("020", "025", "教员（中专）", "clerk", False),
    # 050 中小学教师: unified titles since 人社部发〔2015〕79号 (extension codes)
    ("050", "Z0501", "正高级教师", "senior", True),
    ("050", "Z0502", "高级教师", "associate_senior", True),
    ("050", "Z0503", "一级教师", "intermediate", True),
    ("050", "Z0504", "二级教师", "assistant", True),
    ("050", "Z0505", "三级教师", "clerk", True),
    # 050 中小学教师: pre-2015 GB/T 8561 titles, 050 中学教师
    ("050", "052", "高级教师（中学）", "associate_senior", False),
    ("050", "053", "一级教师（中学）", "intermediate", False),
    ("050", "054", "二级教师（中学）", "assistant", False),
    ("050", "055", "三级教师（中学）", "clerk", False),
    # 050 中小学教师: pre-2015 GB/T 8561 titles, 410 小学教师 (小学高级 = 中级; 416 is 员级)
    ("050", "413", "高级教师（小学）", "intermediate", False),
    ("050", "414", "一级教师（小学）", "assistant", False),
    ("050", "415", "二级教师（小学）", "clerk", False),
    ("050", "416", "三级教师（小学）", "clerk", False),
    # 070 实验技术
    ("070", "Z0701", "正高级实验师", "senior", True),
    ("070", "072", "高级实验师", "associate_senior", False),
    ("070", "073", "实验师", "intermediate", False),
    ("070", "074", "助理实验师", "assistant", False),
    ("070", "075", "实验员", "clerk", False),
    # 080 工程技术
    ("080", "Z0801", "正高级工程师", "senior", True),
    ("080", "082", "高级工程师", "associate_senior", False),
    ("080", "083", "工程师", "intermediate", False),
    ("080", "084", "助理工程师", "assistant", False),
    ("080", "085", "技术员", "clerk", False),
    # 090 农业技术: 090 农艺
    ("090", "091", "农业技术推广研究员（农艺）", "senior", False),
    ("090", "Z0901", "正高级农艺师", "senior", True),
    ("090", "092", "高级农艺师", "associate_senior", False),
    ("090", "093", "农艺师", "intermediate", False),
    ("090", "094", "助理农艺师", "assistant", False),
    ("090", "095", "农业技术员", "clerk", False),
    # 090 农业技术: 100 兽医
    ("090", "101", "农业技术推广研究员（兽医）", "senior", False),
    ("090", "Z1001", "正高级兽医师", "senior", True),
    ("090", "102", "高级兽医师", "associate_senior", False),
    ("090", "103", "兽医师", "intermediate", False),
    ("090", "104", "助理兽医师", "assistant", False),
    ("090", "105", "兽医技术员", "clerk", False),
    # 090 农业技术: 110 畜牧
    ("090", "111", "农业技术推广研究员（畜牧）", "senior", False),
    ("090", "Z1101", "正高级畜牧师", "senior", True),
    ("090", "112", "高级畜牧师", "associate_senior", False),
    ("090", "113", "畜牧师", "intermediate", False),
    ("090", "114", "助理畜牧师", "assistant", False),
    ("090", "115", "畜牧技术员", "clerk", False),
    # 120 经济
    ("120", "Z1201", "正高级经济师", "senior", True),
    ("120", "122", "高级经济师", "associate_senior", False),
    ("120", "123", "经济师", "intermediate", False),
    ("120", "124", "助理经济师", "assistant", False),
    ("120", "125", "经济员", "clerk", False),
    # 130 会计
    ("130", "Z1301", "正高级会计师", "senior", True),
    ("130", "132", "高级会计师", "associate_senior", False),
    ("130", "133", "会计师", "intermediate", False),
    ("130", "134", "助理会计师", "assistant", False),
    ("130", "135", "会计员", "clerk", False),
    # 140 统计
    ("140", "Z1401", "正高级统计师", "senior", True),
    ("140", "142", "高级统计师", "associate_senior", False),
    ("140", "143", "统计师", "intermediate", False),
    ("140", "144", "助理统计师", "assistant", False),
    ("140", "145", "统计员", "clerk", False),
    # 150 出版: 150 编审
    ("150", "151", "编审", "senior", False),
    ("150", "152", "副编审", "associate_senior", False),
    ("150", "153", "编辑", "intermediate", False),
    ("150", "154", "助理编辑", "assistant", False),
    # 150 出版: 160 技术编辑
    ("150", "163", "技术编辑", "intermediate", False),
    ("150", "164", "助理技术编辑", "assistant", False),
    ("150", "165", "技术设计员", "clerk", False),
    # 150 出版: 170 校对
    ("150", "173", "一级校对", "intermediate", False),
    ("150", "174", "二级校对", "assistant", False),
    ("150", "175", "三级校对", "clerk", False),
    # 180 翻译
    ("180", "181", "译审", "senior", False),
    ("180", "182", "副译审", "associate_senior", False),
    ("180", "183", "翻译", "intermediate", False),
    ("180", "184", "助理翻译", "assistant", False),
    # 190 新闻: 190 记者
    ("190", "191", "高级记者", "senior", False),
    ("190", "192", "主任记者", "associate_senior", False),
    ("190", "193", "记者", "intermediate", False),
    ("190", "194", "助理记者", "assistant", False),
    # 190 新闻: 200 编辑
    ("190", "201", "高级编辑", "senior", False),
    ("190", "202", "主任编辑", "associate_senior", False),
    ("190", "203", "编辑", "intermediate", False),
    ("190", "204", "助理编辑", "assistant", False),
    # 230 卫生技术: 230 医师
    ("230", "231", "主任医师", "senior", False),
    ("230", "232", "副主任医师", "associate_senior", False),
    ("230", "233", "主治医师", "intermediate", False),
    ("230", "234", "医师", "assistant", False),
    ("230", "235", "医士", "clerk", False),
    # 230 卫生技术: 240 药剂
    ("230", "241", "主任药师", "senior", False),
    ("230", "242", "副主任药师", "associate_senior", False),
    ("230", "243", "主管药师", "intermediate", False),
    ("230", "244", "药师", "assistant", False),
    ("230", "245", "药士", "clerk", False),
    # 230 卫生技术: 250 护理
    ("230", "251", "主任护师", "senior", False),
    ("230", "252", "副主任护师", "associate_senior", False),
    ("230", "253", "主管护师", "intermediate", False),
    ("230", "254", "护师", "assistant", False),
    ("230", "255", "护士", "clerk", False),
    # 230 卫生技术: 260 技师
    ("230", "261", "主任技师", "senior", False),
    ("230", "262", "副主任技师", "associate_senior", False),
    ("230", "263", "主管技师", "intermediate", False),
    ("230", "264", "技师", "assistant", False),
    ("230", "265", "技士", "clerk", False),
    # 610 自然科学研究
    ("610", "611", "研究员（自然科学）", "senior", False),
    ("610", "612", "副研究员（自然科学）", "associate_senior", False),
    ("610", "613", "助理研究员（自然科学）", "intermediate", False),
    ("610", "614", "研究实习员（自然科学）", "assistant", False),
    # 620 社会科学研究
    ("620", "621", "研究员（社会科学）", "senior", False),
    ("620", "622", "副研究员（社会科学）", "associate_senior", False),
    ("620", "623", "助理研究员（社会科学）", "intermediate", False),
    ("620", "624", "研究实习员（社会科学）", "assistant", False),
    # 640 图书资料
    ("640", "641", "研究馆员（图书）", "senior", False),
    ("640", "642", "副研究馆员（图书）", "associate_senior", False),
    ("640", "643", "馆员（图书）", "intermediate", False),
    ("640", "644", "助理馆员（图书）", "assistant", False),
    ("640", "645", "管理员（图书）", "clerk", False),
    # 650 文物博物
    ("650", "651", "研究馆员（文博）", "senior", False),
    ("650", "652", "副研究馆员（文博）", "associate_senior", False),
    ("650", "653", "馆员（文博）", "intermediate", False),
    ("650", "654", "助理馆员（文博）", "assistant", False),
    ("650", "655", "管理员（文博）", "clerk", False),
    # 660 档案
    ("660", "661", "研究馆员（档案）", "senior", False),
    ("660", "662", "副研究馆员（档案）", "associate_senior", False),
    ("660", "663", "馆员（档案）", "intermediate", False),
    ("660", "664", "助理馆员（档案）", "assistant", False),
    ("660", "665", "管理员（档案）", "clerk", False),
    # 680 审计
    ("680", "Z6801", "正高级审计师", "senior", True),
    ("680", "682", "高级审计师", "associate_senior", False),
    ("680", "683", "审计师", "intermediate", False),
    ("680", "684", "助理审计师", "assistant", False),
    ("680", "685", "审计员", "clerk", False),
    # 980 思想政治工作
    ("980", "982", "高级政工师", "associate_senior", False),
    ("980", "983", "政工师", "intermediate", False),
    ("980", "984", "助理政工师", "assistant", False),
    ("980", "985", "政工员", "clerk", False),
    # Z710 社会工作 (not in GB/T 8561-2001; 正高级 is a provincial pilot only)
    ("Z710", "Z7101", "正高级社会工作师", "senior", True),
    ("Z710", "Z7102", "高级社会工作师", "associate_senior", True),
    ("Z710", "Z7103", "社会工作师", "intermediate", True),
    ("Z710", "Z7104", "助理社会工作师", "assistant", True),
]
EDUCATION_LEVELS: list[tuple[str, str]] = [  # GB/T 4658-2006 (code, name); 肄业, 初中 and 小学 codes left out
    ("10", "研究生教育"),
    ("11", "博士研究生毕业"),
    ("12", "博士研究生结业"),
    ("14", "硕士研究生毕业"),
    ("15", "硕士研究生结业"),
    ("17", "研究生班毕业"),
    ("18", "研究生班结业"),
    ("20", "大学本科教育"),
    ("21", "大学本科毕业"),
    ("22", "大学本科结业"),
    ("28", "大学普通班毕业"),
    ("30", "大学专科教育"),
    ("31", "大学专科毕业"),
    ("32", "大学专科结业"),
    ("40", "中等职业教育"),
    ("41", "中等专科毕业"),
    ("42", "中等专科结业"),
    ("44", "职业高中毕业"),
    ("47", "技工学校毕业"),
    ("60", "普通高级中学教育"),
    ("61", "普通高中毕业"),
    ("90", "其他"),
]
DEGREES: list[tuple[str, str]] = [("doctor","博士"),("master","硕士"),("bachelor","学士"),("none","无")]  # keep as is
ASSESSMENT_RESULTS: list[tuple[str, str]] = [("excellent","优秀"),("competent","合格"),("basically_competent","基本合格"),("incompetent","不合格")]
