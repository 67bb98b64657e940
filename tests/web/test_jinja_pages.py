"""The dossier overview and section pages render their content with Jinja2 inside the one Django layout
(zhicheng.jinja): what users typed is escaped, times are local, and the layout around the content (messages,
navigation, session script) is the same as on every other page."""

import datetime
import re

from django.utils import timezone

from zhicheng import jinja
from zhicheng.dossier import models as m

from .. import factories as f

SCRIPT = "<script>alert(1)</script>"


def _get(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


def test_typed_text_is_escaped_on_the_section_and_overview_pages(client, world):
    m.Publication.objects.create(application=world.app, kind="paper", title=SCRIPT + "第一行", author_rank=1,
                                 journal="电力'学报\"", published_on=datetime.date(2024, 5, 1))
    client.force_login(world.applicant)
    body = _get(client, f"/applications/{world.app.pk}/s/publications/")
    assert SCRIPT not in body and "&lt;script&gt;alert(1)&lt;/script&gt;第一行" in body
    assert "电力&#39;学报&#34;" in body  # quotes escaped inside attributes and text alike
    overview = _get(client, f"/applications/{world.app.pk}/")
    assert SCRIPT not in overview and "论文与著作" in overview


def test_the_layout_wraps_the_content_with_navigation_and_messages(client, world):
    client.force_login(world.applicant)
    r = client.post(f"/applications/{world.app.pk}/s/achievement/", {"content": "主持完成变电站设计。"}, follow=True)
    body = r.content.decode()
    assert body.count("<html") == 1 and body.count("</main>") == 1
    assert '<ul class="messages" role="status"><li class="msg-success">“任现职以来主要业绩”已保存。</li></ul>' in body
    assert re.search(r'<span class="who">张建国</span>', body)
    # the section's form: Django's widgets through their Jinja2 templates, with the limits of the forms
    assert re.search(r'<textarea name="content" cols="40" rows="12" maxlength="\d+" required id="id_content">', body)
    assert 'name="csrfmiddlewaretoken"' in body


def test_a_draft_time_is_shown_in_local_time():
    utc = datetime.datetime(2026, 11, 26, 16, 30, tzinfo=datetime.UTC)
    assert jinja.date(utc, "H:i") == "00:30"  # Asia/Shanghai, the next day
    assert jinja.date(utc, "U") == str(int(utc.timestamp()))
    assert jinja.date(None, "H:i") == ""
    naive = datetime.datetime(2026, 11, 26, 9, 5)
    assert jinja.date(naive, "H:i") == "09:05"


def test_a_page_of_an_app_not_installed_gives_no_link():
    assert jinja.url_or_empty("no_such_page", 1) == ""
    assert jinja.url_or_empty("application_detail", 7) == "/applications/7/"


def test_the_restored_draft_note_shows_its_local_time(client, world):
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/achievement/"
    r = client.post(f"/applications/{world.app.pk}/s/achievement/draft/new/", {"content": "未保存的业绩"})
    assert r.status_code in (200, 204), r.status_code
    draft = m.Draft.objects.get(application=world.app, section="achievement", form_key="new")
    body = _get(client, url)
    local = timezone.localtime(draft.updated_at)
    assert f"已恢复自动保存的未保存内容（{local:%H:%M}）" in body
    assert f'data-draft-time="{int(draft.updated_at.timestamp())}000"' in body
    assert "未保存的业绩" in body
    f.submitted(world.app)  # once submitted the section is locked: the draft is no longer offered
    body = _get(client, url)
    assert "已恢复自动保存" not in body and 'id="locked-note"' in body


def _part(html: str, tag: str) -> str:
    return re.search(rf"<{tag}[ >].*?</{tag}>", html, re.S).group(0)


def test_both_engines_put_their_pages_in_the_same_layout(client, world):
    """A Django page (年度申报) and a Jinja2 page (the overview): the same head links, header and footer."""
    client.force_login(world.applicant)
    django_page = _get(client, "/campaigns/")
    jinja_page = _get(client, f"/applications/{world.app.pk}/")
    masked = re.compile(r'value="[A-Za-z0-9]{64}"')  # the CSRF token is masked anew on every page
    for tag in ("header", "footer"):
        assert masked.sub("", _part(django_page, tag)) == masked.sub("", _part(jinja_page, tag))
    left = re.compile(r'data-seconds-left="\d+"')  # the session's seconds left: a second may pass between pages

    def head(page):
        return [left.sub("", line) for line in _part(page, "head").splitlines() if "<title>" not in line]
    assert head(django_page) == head(jinja_page)
    assert 'id="zc-session"' in django_page and 'id="nav-messages"' in django_page
    token = re.search(r'"X-CSRFToken": "([^"]+)"', django_page).group(1)
    assert f'name="csrfmiddlewaretoken" value="{token}"' in django_page  # 退出's form: the same masked token


def test_a_django_pages_blocks_fill_the_layout(client, world):
    client.force_login(world.applicant)
    body = _get(client, "/campaigns/")
    assert re.search(r"<title>[^<]*职称申报评审系统</title>", body)
    assert body.index("</header>") < body.index("<h1") < body.index("</main>")
    client.logout()
    page = client.get("/no-such-page/")
    html = page.content.decode()
    assert page.status_code == 404 and "<title>页面不存在</title>" in html
    assert '<nav><a href="/notices/">通知公告</a></nav>' in html and 'id="nav-messages"' not in html


def test_static_addresses_follow_a_changed_setting(settings):
    before = jinja._static("web/site.css")
    settings.STATIC_URL = "/assets/"
    assert jinja._static("web/site.css").startswith("/assets/") and before != jinja._static("web/site.css")


def _forms_of_every_section(app, data):
    from zhicheng.dossier import sections as sec

    for section in sec.SECTIONS:
        if section.form is None:
            continue
        yield section.key, section.form(application=app)
        yield section.key, section.form(data, application=app)  # bound: values typed, errors shown
        item = section.model.objects.filter(application=app).first()
        if item is not None:
            yield section.key, section.form(instance=item, application=app)


def test_the_fast_widgets_give_django_templates_markup_for_every_section_form(world):
    """zhicheng.jinja.WidgetRenderer writes inputs, textareas and selects in Python: the markup must be what
    Django's Jinja2 widget templates give, character for character, for every field of every section form,
    empty, bound with hostile input and showing a stored item."""
    from django.forms.renderers import Jinja2

    from zhicheng.jinja import WidgetRenderer

    f.fill_required(world.app)
    hostile = {"content": SCRIPT + '"\'&', "school": "<b>大学</b>", "title": '"论文"', "year": "abc",
               "start_date": "2026-13-45", "hours": "-1", "education_level": "999", "kind": "<x>"}
    class NoTemplates(WidgetRenderer):
        def get_template(self, template_name):  # the fast path must not need one
            raise AssertionError(f"rendered through a template: {template_name}")

    fast, plain = NoTemplates(), Jinja2()
    compared = 0
    seen = set()
    for key, form in _forms_of_every_section(world.app, hostile):
        if form.is_bound:
            form.is_valid()
        for bf in form:
            attrs = bf.build_widget_attrs({"id": bf.auto_id})
            a = bf.field.widget.render(bf.html_name, bf.value(), attrs=attrs, renderer=fast)
            b = bf.field.widget.render(bf.html_name, bf.value(), attrs=attrs, renderer=plain)
            assert a == b, (key, bf.name, a, b)
            compared += 1
            seen.add(type(bf.field.widget).__name__)
    assert compared > 50 and {"Textarea", "Select", "DateInput", "TextInput", "NumberInput"} <= seen, (compared, seen)


def test_links_follow_the_requests_script_prefix_and_do_not_carry_over(client, world):
    """A page's links are resolved with the prefix and URL configuration read once for the page: mounted below
    /zc (SCRIPT_NAME from the proxy), every link of the content and the layout starts with it, and the next
    request without it gets plain links from the same thread."""
    from django.urls import set_script_prefix

    client.force_login(world.applicant)
    detail = f"/applications/{world.app.pk}/"
    set_script_prefix("/zc/")  # what the WSGI handler does with SCRIPT_NAME (the test client does not)
    try:
        mounted = client.get(detail).content.decode()
    finally:
        set_script_prefix("/")
    assert f'href="/zc/applications/{world.app.pk}/s/basic/"' in mounted  # the content
    assert re.search(r'<a href="/zc/[^"]+" id="nav-messages">', mounted)  # the layout
    assert f'href="/applications/{world.app.pk}/s/basic/"' not in mounted
    plain = client.get(detail).content.decode()
    assert f'href="/applications/{world.app.pk}/s/basic/"' in plain and 'href="/zc/' not in plain
    assert re.search(r'<a href="/[^z][^"]*" id="nav-messages">', plain)


def test_times_are_shown_in_beijing_time_from_any_zone():
    """The filters put an aware time on Beijing's clock whatever zone it was stored or built in."""
    from zhicheng.workdays.formats import cn_local_date, cn_time

    utc = datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC)  # 2027-01-01 00:05 in Beijing
    assert cn_time(utc) == "2027年1月1日 00:05" and cn_local_date(utc) == "2027年1月1日"
    assert jinja.date(utc, "Y-m-d H:i") == "2027-01-01 00:05"
    naive = datetime.datetime(2026, 12, 31, 16, 5)
    assert cn_time(naive) == "2026年12月31日 16:05"
