"""The committee sizes a province may change (data: codes.Parameter; these are the defaults)."""

COMMITTEE_PARAMETERS = {
    "committee_min_senior_series": ("按系列组建的高级评委会评审会议最少专家人数", 25, "人",
                                    "《职称评审管理暂行规定》（人社部令第40号）第十一条"),
    "committee_min_senior_specialty": ("按专业组建的高级评委会评审会议最少专家人数", 11, "人",
                                       "《职称评审管理暂行规定》（人社部令第40号）第十一条"),
    "committee_min_other": ("中初级评委会评审会议最少专家人数", 7, "人", "省职改办规定（可调整）"),
    "committee_validity_years": ("评审委员会核准有效期上限", 3, "年", "《职称评审管理暂行规定》第十条：核准备案有效期不超过3年"),
}

# §四(一) the provincial office's spot check of 高级 batches (committee/spotcheck.py).
SPOT_CHECK_PARAMETERS = {
    "spot_check_share_percent": ("省职改办抽查比例", 20, "%", "省职改办规定（可调整）：每批次按比例向上取整抽查"),
    "spot_check_min_per_batch": ("省职改办每批次最少抽查份数", 1, "份", "省职改办规定（可调整）"),
    "spot_correction_working_days": ("抽查退回补正期限", 5, "个工作日", "省职改办规定（可调整）：一次性告知后补正"),
}
