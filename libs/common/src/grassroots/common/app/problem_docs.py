"""The error answers of each route in the OpenAPI document, generated from the code registry.

Every route answers errors as problem+json (`Problem`). For each route the document lists the
statuses it can answer with and, under each, an example per code: the codes of the route's own
domain (its tag: `grid-events` → `events`, `inspection-plans` → `inspection_plans`), the
request codes every route can meet, the token codes when the route is not public, and the
Idempotency-Key codes for a write. Every code is also under `components.examples`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from grassroots.common.codes import COMMON, Code, of_service
from grassroots.common.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `code` is stable and listed in the README",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "example": "urn:grassroots:problem:E-VALIDATION"},
        "title": {"type": "string", "description": "what went wrong, in Chinese"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string", "description": "what in this request broke the rule"},
        "instance": {"type": "string", "description": "the request path"},
    },
    "additionalProperties": True,
}
WRITES = frozenset({"post", "put", "patch", "delete"})


def example(code: Code) -> dict[str, Any]:
    """The example answer for one code."""
    return {
        "summary": f"{code} — {code.message}",
        "value": {
            "type": f"urn:grassroots:problem:{code}",
            "title": code.message,
            "status": code.status,
            "code": str(code),
        },
    }


def _domains(service: str, operation: dict[str, Any]) -> set[str]:
    return {t.removeprefix(f"{service}-").replace("-", "_") for t in operation.get("tags", ())}


def route_codes(
    service: str, codes: list[Code], common: list[Code], operation: dict[str, Any], method: str
) -> list[Code]:
    """The codes a route can answer with, in registry order."""
    public = operation.get("x-access", {}).get("public", False)
    wanted = {"request"} | ({"auth"} if not public else set())
    wanted |= {"idempotency"} if method in WRITES else set()
    domains = _domains(service, operation)
    own = [c for c in codes if domains & set(c.domains)]
    shared = [c for c in common if (wanted | domains) & set(c.domains)]
    return [c for c in (*shared, *own) if c.status >= 400]


def _responses(codes: Iterable[Code]) -> dict[str, Any]:
    by_status: dict[int, list[Code]] = {}
    for code in codes:
        by_status.setdefault(code.status, []).append(code)
    return {
        str(status): {
            "description": " / ".join(str(c) for c in group),
            "content": {
                PROBLEM_JSON: {
                    "schema": {"$ref": "#/components/schemas/Problem"},
                    "examples": {str(c): {"$ref": f"#/components/examples/{c}"} for c in group},
                }
            },
        }
        for status, group in sorted(by_status.items())
    }


def with_problems(service: str, document: dict[str, Any]) -> dict[str, Any]:
    """The document with every route's error answers (FastAPI's HTTPValidationError replaced)."""
    own, common = of_service(service), of_service(COMMON)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    components["examples"] = {str(c): example(c) for c in (*common, *own) if c.status >= 400}
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            codes = route_codes(service, own, common, operation, method)
            for status, answer in _responses(codes).items():
                responses.setdefault(status, answer)
    return document
