import datetime

import pytest

from zhicheng.dossier import models as m

from .. import factories as f


@pytest.fixture
def app(world):
    """world.app filled with one item of every kind the forms print (not submitted)."""
    app = f.fill_required(world.app, with_summary=False)
    m.Publication.objects.create(application=app, kind="paper", title="220kV变电站防雷接地优化设计", author_rank=1,
                                 journal="河北电力技术", issn="1001-9898", cn="13-1115/TM",
                                 published_on=datetime.date(2021, 5, 1))
    m.ResearchProject.objects.create(application=app, name="智能变电站二次系统研究", source="河北省科技厅",
                                     grade="provincial", role="leader", rank=1,
                                     start_date=datetime.date(2019, 1, 1), status="finished",
                                     end_date=datetime.date(2021, 12, 31))
    m.ProfessionalAward.objects.create(application=app, name="河北省科学技术进步奖", grade="省科技进步二等奖",
                                       rank=2, awarded_on=datetime.date(2022, 6, 1), issuer="河北省人民政府")
    m.Honor.objects.create(application=app, name="河北省优秀青年工程师", issuer="河北省工业和信息化厅",
                           grade="provincial", awarded_on=datetime.date(2023, 3, 1))
    app.applicant.gender = "1"
    app.applicant.save()
    return app


@pytest.fixture
def submitted(world):
    """world.app, long enough for a 评审表 of several pages, submitted through the front door (第1版)."""
    from zhicheng.dossier import services

    from .pdfs import add_publications

    app = f.fill_required(world.app)
    add_publications(app, 40)
    m.Achievement.objects.filter(application=app).update(content="主持完成多项重大工程设计任务。" * 200)
    return services.submit(world.applicant, app)
