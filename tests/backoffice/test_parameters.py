"""The parameters page (issue 6 §5): Chinese names, sizes in MB, no internal notes or keys."""

import re

import pytest

from zhicheng.codes.models import Parameter, get_param
from zhicheng.orgs.roles import Role

LIST = "/admin/codes/parameter/"


@pytest.fixture
def sysadmin(client, admins):
    client.force_login(admins[Role.SYSTEM_ADMIN])
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_list_shows_chinese_names_and_sizes_in_mb(sysadmin):
    text = text_of(sysadmin.get(LIST))
    assert "单个上传文件大小上限 10 MB" in text
    assert "工作总结字数下限 600 字" in text
    assert "10485760" not in text and "字节" not in text


def test_no_key_and_no_internal_note_is_shown(sysadmin):
    p = Parameter.objects.get(key="upload_max_bytes")
    for page in (sysadmin.get(LIST), sysadmin.get(f"{LIST}{p.pk}/change/")):
        text = text_of(page)
        assert "upload_max_bytes" not in text and "种子" not in text and "依据" not in text
        assert "参数键" not in text


def test_the_change_page_edits_a_size_in_mb(sysadmin):
    p = Parameter.objects.get(key="upload_max_bytes")
    page = sysadmin.get(f"{LIST}{p.pk}/change/")
    text = text_of(page)
    assert "数值（MB）" in text and "单个上传文件大小上限" in text and "10485760" not in text
    assert 'value="10"' in page.content.decode()
    assert sysadmin.post(f"{LIST}{p.pk}/change/", {"value": "1.5"}).status_code == 302
    p.refresh_from_db()
    assert p.value == 1572864 and get_param("upload_max_bytes") == 1572864
    assert "1.5 MB" in text_of(sysadmin.get(LIST))


@pytest.mark.parametrize("value", ["0", "0.001", "2048", "10485760", "十"])
def test_an_impossible_size_is_refused_in_chinese(sysadmin, value):
    p = Parameter.objects.get(key="upload_max_bytes")
    r = sysadmin.post(f"{LIST}{p.pk}/change/", {"value": value})
    assert r.status_code == 200 and "errornote" in r.content.decode()
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', r.content.decode(), re.S).group(1)
    assert re.search(r"[\u4e00-\u9fff]", errors) and not re.search(r"[A-Za-z]{4}", re.sub(r"<[^>]+>", "", errors))
    p.refresh_from_db()
    assert p.value == 10 * 1024 * 1024


@pytest.mark.parametrize(("value", "stored"), [("0.01", 10486), ("2047", 2047 * 1024 * 1024)])
def test_the_edges_of_a_size_are_accepted(sysadmin, value, stored):
    p = Parameter.objects.get(key="upload_max_bytes")
    assert sysadmin.post(f"{LIST}{p.pk}/change/", {"value": value}).status_code == 302
    p.refresh_from_db()
    assert p.value == stored


def test_other_parameters_keep_their_unit(sysadmin):
    p = Parameter.objects.get(key="summary_min_chars")
    assert "数值（字）" in text_of(sysadmin.get(f"{LIST}{p.pk}/change/"))
    assert sysadmin.post(f"{LIST}{p.pk}/change/", {"value": "650"}).status_code == 302
    p.refresh_from_db()
    assert p.value == 650


def test_parameters_are_neither_added_nor_deleted_here(sysadmin):
    p = Parameter.objects.get(key="copies")
    assert sysadmin.get(f"{LIST}add/").status_code == 403
    assert sysadmin.post(f"{LIST}{p.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Parameter.objects.filter(pk=p.pk).exists()
