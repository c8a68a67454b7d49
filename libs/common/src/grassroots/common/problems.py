"""RFC 9457 problem details: the one error shape of every API in the suite."""

from __future__ import annotations

from typing import Any

from grassroots.common.codes import NOT_FOUND, Code

PROBLEM_JSON = "application/problem+json"


class ProblemError(Exception):
    """A refusal with a registered code, answered with the code's status as problem+json; the
    title defaults to the code's message, the detail says what in this request broke it."""

    def __init__(
        self,
        code: Code,
        title: str | None = None,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        if not isinstance(code, Code):
            raise TypeError(f"{code!r} is not a registered code (grassroots.common.codes)")
        super().__init__(f"{code}: {title or code.message}")
        self.headers = headers or {}
        self.status = code.status
        self.code = code
        self.title = title or code.message
        self.detail = detail
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem document."""
        doc: dict[str, Any] = {
            "type": f"urn:grassroots:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "code": str(self.code),
        }
        if self.detail:
            doc["detail"] = self.detail
        if instance:
            doc["instance"] = instance
        doc.update(self.extra)
        return doc


def not_found(what: str, ident: object) -> ProblemError:
    """404 for a resource the caller may see but that does not exist."""
    return ProblemError(NOT_FOUND, f"{what}不存在", f"{what} {ident} 不存在或无权查看")
