"""The dossier as plain data (§一): `snapshot` for versions, `diff` between two of them, and `fingerprint`,
the check code printed on the paper forms."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.exceptions import ObjectDoesNotExist

from zhicheng.workdays.formats import cn_date

from .. import models as m
from .. import sections as sec


def display_value(obj, field) -> str:
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, datetime.date):
        return cn_date(value)
    return str(value)


def display_fields(model):
    skip = {"id", "application", "updated_at", "file", "needs_review"}  # the review mark is no content
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def snapshot(application: m.Application, counts: dict[str, int] | None = None) -> dict:
    """The whole dossier as plain data, for versions and diffs. `counts` (items per section, read in the
    same transaction) spares reading the empty sections."""
    out: dict = {"header": {
        "申报人": application.applicant.real_name, "申报系列": application.series.name,
        "申报职称": application.title.name, "申报专业": application.specialty,
        "级别": application.get_level_display(), "破格申报": "是" if application.is_exceptional else "否",
    }}
    singles = _single_items(application, counts) if counts is not None else {}
    for section in sec.SECTIONS:
        rows = []
        if section.key in singles:
            objs = singles[section.key]
        else:
            objs = sec.items(application, section) if counts is None or counts[section.key] else []
        for obj in objs:
            if section.key == "summary":
                rows.append({"id": obj.pk, "fields": {"文件": obj.file.original_name, "字数": str(obj.char_count),
                                                      "SHA-256": obj.file.sha256}})
            elif section.key == "attachments":
                rows.append({"id": obj.pk, "fields": {"所属部分": sec.BY_KEY.get(obj.section, obj).label,
                                                      "说明": obj.description, "文件": obj.file.original_name,
                                                      "SHA-256": obj.file.sha256}})
            else:
                rows.append({"id": obj.pk, "fields": {
                    str(f.verbose_name): display_value(obj, f) for f in display_fields(section.model)}})
        out[section.key] = rows
    return out


# The one-item sections (one-to-one with the application), read together in one query by a snapshot.
_SINGLE_SECTIONS = {"basic": "basic_info", "current_title": "current_title", "achievement": "achievement",
                    "summary": "work_summary"}


_SINGLE_RELATED = tuple(v + ("__file" if k == "summary" else "") for k, v in _SINGLE_SECTIONS.items())


def _singles_loaded(application: m.Application) -> bool:
    """Whether the record was read with every one-item section joined (`_SINGLE_RELATED`)."""
    for key, name in _SINGLE_SECTIONS.items():
        descriptor = getattr(m.Application, name)
        if not descriptor.is_cached(application):
            return False
        if key == "summary":
            summary = descriptor.related.get_cached_value(application, default=None)
            if summary is not None and not type(summary).file.is_cached(summary):
                return False
    return True


def _single_items(application: m.Application, counts: dict[str, int]) -> dict[str, list]:
    """The one-item sections that have their item, each as `sec.items` gives it, in one query (a join per
    section) instead of one query each; {} when fewer than two have one (then nothing is saved)."""
    filled = [key for key in _SINGLE_SECTIONS if counts[key]]
    if len(filled) < 2:
        return {}
    if _singles_loaded(application):  # submit's lock read joined them
        row = application
    else:
        related = [_SINGLE_SECTIONS[k] + ("__file" if k == "summary" else "") for k in filled]
        row = m.Application.objects.filter(pk=application.pk).select_related(*related).first()
    out = {}
    for key in filled:
        try:
            out[key] = [getattr(row, _SINGLE_SECTIONS[key])] if row is not None else []
        except ObjectDoesNotExist:
            out[key] = []
    return out


def fingerprint(snap: dict) -> str:
    """The short check code of a version printed on the paper forms: the first 12 hex digits of the SHA-256
    of the snapshot as canonical JSON (keys sorted, UTF-8, ``json.dumps`` default separators)."""
    data = json.dumps(snap, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:12]


def diff(old: dict, new: dict) -> list[dict]:
    """Differences between two snapshots: per section, items added, removed and fields changed."""
    changes = []
    keys = ["header"] + [s.key for s in sec.SECTIONS]
    for key in keys:
        label = "申报信息" if key == "header" else sec.BY_KEY[key].label
        if key == "header":
            a, b = old.get(key, {}), new.get(key, {})
            for field in sorted(set(a) | set(b)):
                if a.get(field) != b.get(field):
                    changes.append({"section": label, "kind": "修改", "field": field,
                                    "old": a.get(field, ""), "new": b.get(field, "")})
            continue
        olds = {r["id"]: r["fields"] for r in old.get(key, [])}
        news = {r["id"]: r["fields"] for r in new.get(key, [])}
        for item_id, fields in news.items():
            if item_id not in olds:
                changes.append({"section": label, "kind": "新增", "field": "",
                                "old": "", "new": "；".join(f"{k}：{v}" for k, v in fields.items() if v)})
            else:
                for field, value in fields.items():
                    if olds[item_id].get(field) != value:
                        changes.append({"section": label, "kind": "修改", "field": field,
                                        "old": olds[item_id].get(field, ""), "new": value})
        for item_id, fields in olds.items():
            if item_id not in news:
                changes.append({"section": label, "kind": "删除", "field": "",
                                "old": "；".join(f"{k}：{v}" for k, v in fields.items() if v), "new": ""})
    return changes
