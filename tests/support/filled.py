"""A dossier with every section filled (issue 7: a submit's snapshot reads every section)."""

from __future__ import annotations

import datetime

from zhicheng.dossier import models as m

from .. import factories as f


def fill_every_section(app: m.Application) -> m.Application:
    """Every section filled: the required ones, and a project, an award, a publication, an honor and a
    proof (so a snapshot reads every section)."""
    from zhicheng.files.models import StoredFile

    f.fill_required(app)
    m.ResearchProject.objects.create(application=app, name="某变电站智能化改造", source="省电力公司", grade="provincial",
                                     role="leader", start_date=datetime.date(2019, 1, 1), status="finished")
    m.ProfessionalAward.objects.create(application=app, name="科技进步奖", grade="省科技进步二等奖",
                                       awarded_on=datetime.date(2021, 5, 1), issuer="河北省人民政府")
    m.Publication.objects.create(application=app, kind="paper", title="论文一", author_rank=1, journal="电力系统自动化",
                                 issn="1000-1026", published_on=datetime.date(2020, 1, 1))
    m.Honor.objects.create(application=app, name="先进工作者", issuer="河北省电力公司", grade="provincial",
                           awarded_on=datetime.date(2022, 1, 1))
    proof = StoredFile.objects.create(original_name="证书.pdf", kind="pdf", size=10, sha256="1" * 64,
                                      uploaded_by=app.applicant, file="proof.pdf")
    m.Attachment.objects.create(application=app, section="awards", description="获奖证书", file=proof)
    from zhicheng.codes.models import AssessmentResult

    m.TermAssessment.objects.create(application=app, start_date=datetime.date(2018, 1, 1),
                                    end_date=datetime.date(2020, 12, 31), result=AssessmentResult.objects.first())
    m.OtherItem.objects.create(application=app, description="援疆工作一年")
    return app
