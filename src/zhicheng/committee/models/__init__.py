"""§四's records, one module per part; every model is importable from here (Django finds them here)."""

from .agenda import MeetingCandidate, Recusal
from .core import Committee, CommitteeAssignment, Expert, PanelDraw, ReviewMeeting
from .vote import Attendance, Ballot, Choice, Minutes, VoteReceipt, VoteSession

__all__ = ["Committee", "CommitteeAssignment", "Expert", "MeetingCandidate", "PanelDraw", "Recusal",
           "ReviewMeeting",
           "Attendance", "Ballot", "Choice", "Minutes", "VoteReceipt", "VoteSession"]
