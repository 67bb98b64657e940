"""§四's records, one module per part; every model is importable from here (Django finds them here)."""

from .agenda import MeetingCandidate, Recusal
from .core import Committee, CommitteeAssignment, Expert, PanelDraw, ReviewMeeting
from .hostreview import HostReturn
from .panels import Declaration, DisciplinePanel, MeetingSeat, PanelAssignment, PanelOpinion
from .spotcheck import SpotCheck, SpotFinding, SpotReturn
from .vote import Attendance, Ballot, Choice, Minutes, VoteReceipt, VoteSession

__all__ = ["Attendance", "Ballot", "Choice", "Committee", "CommitteeAssignment", "Declaration", "DisciplinePanel",
           "Expert", "HostReturn", "MeetingCandidate", "MeetingSeat", "Minutes", "PanelAssignment", "PanelDraw",
           "PanelOpinion", "Recusal", "ReviewMeeting", "SpotCheck", "SpotFinding", "SpotReturn", "VoteReceipt",
           "VoteSession"]
