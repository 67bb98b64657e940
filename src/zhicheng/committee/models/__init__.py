"""§四's records, one module per part; every model is importable from here (Django finds them here)."""

from .agenda import MeetingCandidate, Recusal
from .core import Committee, CommitteeAssignment, Expert, PanelDraw, ReviewMeeting
from .hostreview import HostReturn
from .panels import Declaration, DisciplinePanel, MeetingSeat, PanelAssignment, PanelOpinion

__all__ = ["Committee", "CommitteeAssignment", "Declaration", "DisciplinePanel", "Expert", "HostReturn",
           "MeetingCandidate", "MeetingSeat", "PanelAssignment", "PanelDraw", "PanelOpinion", "Recusal", "ReviewMeeting"]
