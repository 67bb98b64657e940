"""The one refusal every service raises: Chinese problems, per-field messages, and what kind of refusal.

UI views show `problems`; the API maps `status` to the HTTP code through one handler (api/errors.py).
"""

from __future__ import annotations


class Refusal(Exception):
    """A refused step. `problems` lists every reason at once; `fields` maps a field to its messages.

    forbidden → 403 (the actor may not), conflict → 409 (someone else changed it first), otherwise 422.
    """

    def __init__(self, problems: list[str] | str, fields: dict | None = None, *, forbidden: bool = False,
                 conflict: bool = False):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.fields = fields or {}
        self.forbidden = forbidden
        self.conflict = conflict
        super().__init__("；".join(self.problems))

    @property
    def status(self) -> int:
        return 403 if self.forbidden else 409 if self.conflict else 422
