"""§二(八) 单位组织整理填报有关申报材料并上报: business rules as plain functions taking ``actor``.

* 单位意见 (`opinion`): once the notice has ended with no objection (NOTICE_PASSED) the opinion of the 评审表
  and of the 一览表 is filled from the real notice dates and the responsible person; the unit may edit the
  wording until it signs, then it is frozen.
* 真实性承诺书 (`pledge`): confirmed in the system by the applicant and a unit leader (time, IP, version), scan
  uploaded.
* 推荐上报 (`batch`): unit HR submits ready applications as one batch (`transition_many`, guard
  ``unit_opinion_and_pledge``), with a generated roster (花名册); or records the outcome of a §二 run on
  paper (``record_paper_outcome``), entries with or without an application in the system.

`common` holds SubmissionError; `batch` imports `opinion` and `pledge`, never the other way round. Callers use
this package's names (`from zhicheng.unit_submission import services`).
"""

from zhicheng.files import services as files  # callers catch services.files.UploadError

from .batch import (
    CHANGED_AFTER_NOTICE,
    PAGE_STATES,
    PAPER_SOURCES,
    ROSTER_COLUMNS,
    XLSX_TYPE,
    PaperPerson,
    Readiness,
    campaign_applications,
    gender_from_id,
    guard_paper_outcome,
    guard_unit_submit,
    paper_title_choices,
    readiness,
    record_paper_outcome,
    required_notice_days,
    roster_name,
    roster_rows,
    roster_xlsx,
    submit_batch,
)
from .common import SubmissionError
from .opinion import (
    REVIEW_OPINION,
    ROSTER_OPINION,
    current_opinion,
    default_responsible,
    latest_closed_entry,
    opinion_texts,
    save_opinion,
    sign_opinion,
)
from .pledge import PLEDGE_STATES, confirm_pledge, current_version, pledge_of, upload_pledge_scan

__all__ = [
    "CHANGED_AFTER_NOTICE", "PAGE_STATES", "PAPER_SOURCES", "PLEDGE_STATES", "REVIEW_OPINION", "ROSTER_COLUMNS",
    "ROSTER_OPINION", "XLSX_TYPE", "PaperPerson", "Readiness", "SubmissionError", "campaign_applications",
    "confirm_pledge", "current_opinion", "current_version", "default_responsible", "files", "gender_from_id",
    "guard_paper_outcome", "guard_unit_submit", "latest_closed_entry", "opinion_texts", "paper_title_choices",
    "pledge_of", "readiness", "record_paper_outcome", "required_notice_days", "roster_name", "roster_rows",
    "roster_xlsx", "save_opinion", "sign_opinion", "submit_batch", "upload_pledge_scan",
]
