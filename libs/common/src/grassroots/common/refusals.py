"""The one refusal of a pure rule: a stable code and a message for the clerk, no HTTP.

Rules raise `Refusal` with a registered code (`grassroots.common.codes`); the edge (the app
factory's handler) turns it into problem+json with the code's status: 409 for a state that
forbids the command, 403 for a role or org the rule refuses, 422 for anything else.
"""

from __future__ import annotations

from typing import Any

from grassroots.common.codes import Code, lookup


def status_of(code: str) -> int:
    """The status a refusal with `code` is answered with at the edge."""
    return lookup(code).status


class Refusal(Exception):
    """A rule's refusal: code, Chinese message (the code's unless this case says more), optional
    detail, item and path."""

    def __init__(
        self,
        code: Code,
        message: str | None = None,
        detail: str | None = None,
        *,
        item: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message or code.message
        super().__init__(f"{code}: {self.message}")
        self.code = code
        self.detail = detail
        self.item = item
        self.path = path

    def extra(self) -> dict[str, Any]:
        """What the problem document carries beyond code, title and detail."""
        return {k: v for k, v in (("item", self.item), ("path", self.path)) if v is not None}
