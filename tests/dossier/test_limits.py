"""Limits on what one dossier holds (issue 6 §3): items per section and free-text lengths are business
parameters, the same in the UI and the API (both go through the section forms and `save_item`)."""

from __future__ import annotations

import datetime

import pytest

from zhicheng.codes.models import Parameter
from zhicheng.dossier import forms as f
from zhicheng.dossier import models as m
from zhicheng.dossier import services
from zhicheng.dossier.services import DossierError

API = "/api/v1"
PAPER = {"kind": "paper", "title": "变电站接地设计", "author_rank": "1", "journal": "电力建设",
         "issn": "1000-7229", "published_on": "2020-05-01"}


def _set(key: str, value: int) -> None:
    Parameter.objects.filter(key=key).update(value=value)
    from django.core.cache import cache

    cache.delete(f"param:{key}")


def test_the_limits_are_parameters_with_chinese_names(db):
    rows = {p.key: p for p in Parameter.objects.filter(key__in=f.LIMIT_DEFAULTS)}
    assert set(rows) == set(f.LIMIT_DEFAULTS)
    assert rows["section_max_items"].name == "每部分条目数上限" and rows["section_max_items"].value == 50
    assert rows["text_long_max_chars"].value == 5000


def test_a_thousand_item_attempt_through_the_api_stops_at_the_limit(client, world):
    _set("section_max_items", 7)
    client.force_login(world.applicant)
    url = f"{API}/applications/{world.app.pk}/sections/publications"
    answers = []
    for i in range(1000):
        r = client.post(url, {**PAPER, "title": f"论文{i}"}, content_type="application/json")
        answers.append(r.status_code)
        if r.status_code != 201:
            break
    assert answers == [201] * 7 + [422]
    assert r.json()["detail"] == ["“论文与著作”最多填写7条，已达上限，不能再新增。"]
    assert m.Publication.objects.filter(application=world.app).count() == 7


def test_the_default_limit_refuses_the_fifty_first_item_and_still_allows_editing(world):
    m.Publication.objects.bulk_create([
        m.Publication(application=world.app, kind="book", title=f"著作{i}", author_rank=1, journal="出版社",
                      published_on=datetime.date(2020, 1, 1)) for i in range(49)])
    services.save_item(world.applicant, world.app, "publications", PAPER)  # the 50th
    with pytest.raises(DossierError) as exc:
        services.save_item(world.applicant, world.app, "publications", PAPER)
    assert exc.value.problems == ["“论文与著作”最多填写50条，已达上限，不能再新增。"]
    first = m.Publication.objects.filter(application=world.app).first()
    services.save_item(world.applicant, world.app, "publications", {**PAPER, "title": "改过的题目"}, item_id=first.pk)
    assert m.Publication.objects.get(pk=first.pk).title == "改过的题目"


def test_the_ui_refuses_the_item_over_the_limit_with_the_same_message(client, world):
    _set("section_max_items", 1)
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/publications/"
    client.post(url, PAPER)
    r = client.post(url, {**PAPER, "title": "第二篇"})
    assert "“论文与著作”最多填写1条，已达上限，不能再新增。" in r.content.decode()
    assert m.Publication.objects.filter(application=world.app).count() == 1


def test_long_text_at_the_limit_is_saved_and_one_more_character_is_refused(world):
    services.save_item(world.applicant, world.app, "achievement", {"content": "业" * 5000})
    with pytest.raises(DossierError) as exc:
        services.save_item(world.applicant, world.app, "achievement", {"content": "业" * 5001})
    assert exc.value.fields == {"content": ["任现职以来主要业绩不能超过5000个字（现有5001个字）。"]}


def test_the_line_limit_is_a_parameter_below_the_column_size(world):
    _set("text_line_max_chars", 20)
    data = {"start_date": "2009-01-01", "employer": "某" * 20, "position": "工程师"}
    services.save_item(world.applicant, world.app, "work", data)
    with pytest.raises(DossierError) as exc:
        services.save_item(world.applicant, world.app, "work", {**data, "employer": "某" * 21})
    assert exc.value.fields == {"employer": ["工作单位不能超过20个字（现有21个字）。"]}


def test_a_parameter_above_the_column_size_keeps_the_column_size(world):
    _set("text_line_max_chars", 100000)
    form = f.WorkExperienceForm(application=world.app)
    assert form.fields["employer"].max_length == 100  # the column
    assert form.fields["duties"].max_length == 300


def test_the_api_refuses_a_long_text_with_the_limit_named(client, world):
    client.force_login(world.applicant)
    r = client.post(f"{API}/applications/{world.app.pk}/sections/achievement", {"content": "业" * 200000},
                    content_type="application/json")
    assert r.status_code == 422
    assert r.json()["fields"] == {"content": ["任现职以来主要业绩不能超过5000个字（现有200000个字）。"]}
    assert not m.Achievement.objects.filter(application=world.app).exists()


def test_the_page_tells_the_browser_the_same_limits(client, world):
    _set("text_line_max_chars", 80)
    client.force_login(world.applicant)
    html = client.get(f"/applications/{world.app.pk}/s/work/").content.decode()
    assert 'maxlength="80"' in html  # employer, position (columns of 100)
    assert '<p class="help" id="item-limit">已填写0条，最多50条。</p>' in html
    html = client.get(f"/applications/{world.app.pk}/s/achievement/").content.decode()
    assert 'maxlength="5000"' in html


def test_a_changed_limit_counts_from_the_next_form_and_forms_share_no_field(world):
    """The forms' fields are prepared once per limits: a limit changed by the administrator applies to the next
    form built (page and save), and each form still has fields of its own (one form's change stays in it)."""
    first = f.WorkExperienceForm(application=world.app)
    assert first.fields["employer"].max_length == 100 and first.fields["duties"].max_length == 300
    _set("text_line_max_chars", 30)
    second = f.WorkExperienceForm(application=world.app)
    assert second.fields["employer"].max_length == 30
    assert second.fields["employer"].widget.attrs["maxlength"] == "30"
    assert first.fields["employer"].max_length == 100  # a form already built keeps what it was built with
    second.fields["employer"].required = False
    second.fields["employer"].error_messages["required"] = "改过"
    third = f.WorkExperienceForm(application=world.app)
    assert third.fields["employer"].required and third.fields["employer"].error_messages["required"] == "请填写工作单位。"
    assert third.fields["employer"] is not second.fields["employer"]
    assert third.fields["employer"].widget is not second.fields["employer"].widget
    with pytest.raises(DossierError) as exc:
        services.save_item(world.applicant, world.app, "work",
                           {"start_date": "2009-01-01", "employer": "某" * 31, "position": "工程师"})
    assert exc.value.fields == {"employer": ["工作单位不能超过30个字（现有31个字）。"]}
