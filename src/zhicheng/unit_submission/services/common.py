"""The refusal of every §二(八) step, shared by the other modules."""

from __future__ import annotations

from zhicheng.workflow.services import TransitionError


class SubmissionError(TransitionError):
    """A refused §二(八) step (a TransitionError: the generic action view and API show it as any refused step)."""


def _deny(decision) -> None:
    if not decision:
        raise SubmissionError(decision.reason, forbidden=True)
