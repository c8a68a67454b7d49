"""RFC 9457 problem details: the one error shape of every API in the suite."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


class ProblemError(Exception):
    """A refusal with a stable code; rendered as problem+json by the app factory."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{code}: {title}")
        self.headers = headers or {}
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem+json document."""
        doc: dict[str, Any] = {
            "type": f"urn:grassroots:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "code": self.code,
        }
        if self.detail:
            doc["detail"] = self.detail
        if instance:
            doc["instance"] = instance
        doc.update(self.extra)
        return doc


def not_found(what: str, ident: object) -> ProblemError:
    """404 for a resource the caller may see but that does not exist."""
    return ProblemError(404, "E-NOT-FOUND", f"{what}不存在", f"{what} {ident} 不存在或无权查看")


def conflict(code: str, title: str, detail: str | None = None, **extra: Any) -> ProblemError:
    """409 for a state that forbids the command."""
    return ProblemError(409, code, title, detail, **extra)


def unprocessable(code: str, title: str, detail: str | None = None, **extra: Any) -> ProblemError:
    """422 for a request that breaks a domain rule."""
    return ProblemError(422, code, title, detail, **extra)
