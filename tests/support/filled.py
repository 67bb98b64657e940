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


def grow_every_section(app: m.Application, n: int, proof=None) -> m.Application:
    """`n` more items in every section of many items (before the dossier is submitted), each publication
    and award with `proof` (a StoredFile) attached when given: a dossier with more of everything to show."""
    from zhicheng.codes.models import AssessmentResult, EducationLevel

    level, result = EducationLevel.objects.get(code="21"), AssessmentResult.objects.get(code="competent")
    for i in range(n):
        day = datetime.date(2000 + i % 20, 1 + i % 12, 1)
        m.Education.objects.create(application=app, school=f"学校{i}", major="电气工程", education_level=level,
                                   start_date=day, end_date=day)
        m.WorkExperience.objects.create(application=app, start_date=day, employer=f"单位{i}", position="工程师")
        m.ResearchProject.objects.create(application=app, name=f"项目{i}", source="省电力公司", grade="provincial",
                                         role="leader", start_date=day, status="finished")
        award = m.ProfessionalAward.objects.create(application=app, name=f"奖励{i}", grade="省科技进步二等奖",
                                                   awarded_on=day, issuer="河北省人民政府")
        pub = m.Publication.objects.create(application=app, kind="paper", title=f"论文{i}", author_rank=1,
                                           journal="电力系统自动化", issn="1000-1026", published_on=day)
        m.Honor.objects.create(application=app, name=f"荣誉{i}", issuer="河北省电力公司", grade="provincial",
                               awarded_on=day)
        m.AnnualAssessment.objects.create(application=app, year=1980 + i, result=result)
        m.TermAssessment.objects.create(application=app, start_date=day, end_date=day, result=result)
        m.ContinuingEducation.objects.create(application=app, year=1980 + i, hours=40, content=f"培训{i}")
        m.OtherItem.objects.create(application=app, description=f"其他{i}")
        if proof is not None:
            for section, item in (("publications", pub), ("awards", award)):
                m.Attachment.objects.create(application=app, section=section, item_id=item.pk,
                                            description=f"证明{i}", file=proof)
    return app
