"""会议纪要: generated once at closing, read back with its counts, served from storage with the hash checked."""

import pytest
from django.test import Client

from zhicheng.committee import minutes as mn
from zhicheng.committee import vote as v
from zhicheng.committee.models import Minutes
from zhicheng.errors import Refusal

from ..documents.pdfs import flat, text
from ..support import stage4_vote as s

pytestmark = pytest.mark.dates


def _closed(world):
    m, panel = s.panel_meeting(world, 11)
    a, b = s.candidates(world, m, 2)
    s.opened(world, m, panel, 9)  # panel[9], panel[10] absent
    s.votes(m, panel, a, agree=6, disagree=2, abstain=1)
    s.votes(m, panel, b, agree=5, disagree=3)
    v.close_vote(world.host_user, m)
    return m, panel, a, b


def test_minutes_print_the_meeting_and_the_counts(world):
    m, panel, a, b = _closed(world)
    minutes = Minutes.objects.get()
    data = mn.minutes_bytes(m)
    page = flat(text(data))
    assert m.committee.org.name in page and "2026年5月20日" in page and "石家庄市裕华区评审中心" in page
    assert "应到11人，实到9人" in page and f"主任委员：{panel[0].real_name}" in page
    assert page.count("出席") >= 9 and page.count("缺席") == 2
    # 候选人0: 9 eligible, 6 agree, 2 disagree, 1 abstain, 0 missing → 通过; 候选人1: 5 of 9 → 未通过
    assert "候选人0" in page and "96210通过" in page
    assert "候选人1" in page and "95301未通过" in page
    assert len(minutes.sha256) == 64 and minutes.size == len(data)


def test_minutes_are_generated_once_and_checked_on_serving(world):
    m, *_ = _closed(world)
    with pytest.raises(Refusal, match="会议纪要已生成") as e:
        mn.generate_minutes(world.host_user, m)
    assert e.value.status == 409
    minutes = Minutes.objects.get()
    with minutes.file.open("wb") as fh:  # tampered with in storage
        fh.write(b"%PDF-1.4 altered")
    with pytest.raises(Refusal, match="校验失败"):
        mn.minutes_bytes(m)
    c = Client()
    c.force_login(world.host_user)
    r = c.get(f"/committee/meetings/{m.pk}/minutes.pdf")
    assert r.status_code == 409 and "校验失败" in r.content.decode()


def test_no_minutes_before_closing(world):
    m, panel = s.panel_meeting(world, 11)
    s.candidates(world, m, 1)
    s.opened(world, m, panel)
    with pytest.raises(Refusal, match="投票结束后才能生成会议纪要"):
        mn.generate_minutes(world.host_user, m)


def test_minutes_print_the_discipline_panels_opinions(world):
    from zhicheng.committee.models import MeetingCandidate, PanelOpinion

    m, panel = s.panel_meeting(world, 11)
    a, _b = s.candidates(world, m, 2)
    PanelOpinion.objects.create(candidate=MeetingCandidate.objects.get(meeting=m, application=a), expert=panel[1],
                                text="业绩突出，论文质量较高，建议通过。")
    s.opened(world, m, panel, 9)
    v.close_vote(world.host_user, m)
    page = flat(text(mn.minutes_bytes(m)))
    assert "二、评议组意见" in page and "业绩突出，论文质量较高，建议通过。" in page
    assert f"候选人0（{panel[1].real_name}）" in page and "三、评审对象及表决结果" in page
