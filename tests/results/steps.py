"""Certificates issued through the service (the §五 发文 step will call the same function)."""

import datetime

from zhicheng.results import services

OBTAINED = datetime.date(2026, 11, 20)
ISSUED = datetime.date(2026, 12, 1)


def issue(world, app=None, *, issued_on=ISSUED):
    return services.issue_certificate(world.provincial, app or world.app, committee_name="河北省工程系列电力专业中级评审委员会",
                                      authority="河北省人力资源和社会保障厅", document_number="冀人社职〔2026〕12号",
                                      obtained_on=OBTAINED, issued_on=issued_on)
