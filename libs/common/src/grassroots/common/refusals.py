"""The one refusal of a pure rule: a stable code and a message for the clerk, no HTTP.

Rules raise `Refusal`; the edge (the app factory's handler) turns it into problem+json with the
status registered for its code: 409 for a state that forbids the command, 403 for a role or org
the rule refuses, 422 (the default) for anything else a rule refuses.
"""

from __future__ import annotations

from typing import Any

_STATUS: dict[str, int] = {}


def register(status: int, *codes: str) -> None:
    """Declares the HTTP status of refusals with these codes (once; a second status is a defect)."""
    for code in codes:
        known = _STATUS.setdefault(code, status)
        if known != status:
            raise ValueError(f"{code} is registered as {known}, not {status}")


def status_of(code: str) -> int:
    """The status a refusal with `code` is answered with at the edge."""
    return _STATUS.get(code, 422)


class Refusal(Exception):
    """A rule's refusal: code, Chinese message, optional detail, item and path."""

    def __init__(
        self,
        code: str,
        message: str,
        detail: str | None = None,
        *,
        item: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail
        self.item = item
        self.path = path

    def extra(self) -> dict[str, Any]:
        """What the problem document carries beyond code, title and detail."""
        return {k: v for k, v in (("item", self.item), ("path", self.path)) if v is not None}
