"""Dossier rules (§一, §三(二)). Each function takes the acting user, runs in one transaction and
writes the audit event. Views and the API only call these, through this package's names
(`from zhicheng.dossier import services`).

* `edit`: start an application, save/delete items, drafts, uploads and the storage quota; `DossierError`.
* `facts`: the facts statement (`dossier_facts`, `Facts`, `register_fact`), section counts and the
  completeness checks (`missing_items`, `window_problems`, `step_by_step_problems`).
* `snapshots`: `snapshot`, `diff`, `fingerprint`.
* `submission`: `submit`, `keep_version`, `return_to_applicant`, `open_for_correction`, `SUBMITTING_ON`.

Imports run one way: `submission` imports `facts` and `snapshots`; `edit`, `facts` and `snapshots` import
none of the others. Module-level state (`SUBMITTING_ON`, the facts statement's `_FACTS_SQL` cache and
`_EXTRA_FACTS` registry, the markers `APP`/`_APP`) lives in one module and is only re-exported here: a patch
or a `monkeypatch.setattr` must target the module that uses the name (e.g. `services.edit.record`).
"""

from .edit import (
    DossierError,
    _check_quota,
    _deny_unless,
    _form_errors,
    attach_file,
    delete_item,
    first_item,
    get_draft,
    is_locked,
    locked,
    one_per_year_message,
    same_year_application,
    save_draft,
    save_item,
    start_application,
    storage_usage,
    upload_work_summary,
)
from .facts import (
    _APP,
    _CAMPAIGN,
    _EXTRA_FACTS,
    _FACTS_SQL,
    _SERIAL_STEM,
    APP,
    LEVEL_ORDER,
    Facts,
    _as_date,
    _assessment_years,
    _facts_statement,
    _first_work_year,
    _section_model,
    counts_and_reviews,
    dossier_facts,
    missing_items,
    register_fact,
    section_counts,
    step_by_step_problems,
    window_problems,
)
from .snapshots import (
    _SINGLE_RELATED,
    _SINGLE_SECTIONS,
    _single_items,
    _singles_loaded,
    diff,
    display_fields,
    display_value,
    fingerprint,
    snapshot,
)
from .submission import SUBMITTING_ON, keep_version, open_for_correction, return_to_applicant, submit

__all__ = [
    "APP", "LEVEL_ORDER", "SUBMITTING_ON", "DossierError", "Facts", "attach_file", "counts_and_reviews",
    "delete_item", "diff", "first_item", "display_fields", "display_value", "dossier_facts", "fingerprint", "get_draft",
    "is_locked", "keep_version", "locked", "missing_items", "one_per_year_message", "open_for_correction", "register_fact",
    "return_to_applicant", "same_year_application", "save_draft", "save_item", "section_counts", "snapshot",
    "start_application", "step_by_step_problems", "storage_usage", "submit", "upload_work_summary",
    "window_problems",
    # Private names kept for callers of the single module this package replaced (tests use `_section_model`).
    "_APP", "_CAMPAIGN", "_EXTRA_FACTS", "_FACTS_SQL", "_SERIAL_STEM", "_SINGLE_RELATED", "_SINGLE_SECTIONS",
    "_as_date", "_assessment_years", "_check_quota", "_deny_unless", "_facts_statement", "_first_work_year",
    "_form_errors", "_section_model", "_single_items", "_singles_loaded",
]
