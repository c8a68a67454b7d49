"""Property-based runs over a service's OpenAPI document (schemathesis, in-process).

Every service's contract test: generated requests (valid and, optionally, invalid ones) sent
with real tokens of several roles; the test asserts what the answers must never be.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from grassroots.common.exports import XLSX


@schemathesis.serializer(XLSX)
def _xlsx(ctx: Any, value: Any) -> bytes:
    """Arbitrary bytes as a workbook upload (a parser must refuse them with a 4xx)."""
    return value if isinstance(value, bytes) else str(value).encode()


@dataclass(frozen=True)
class Answer:
    operation: str
    status: int
    content_type: str
    body: str


def _cases(operation: Any, mode: GenerationMode, examples: int) -> list[Any]:
    cases: list[Any] = []

    @given(operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def collect(case: Any) -> None:
        cases.append(case)

    with contextlib.suppress(Unsatisfiable):
        collect()
    return cases


async def _send(client: httpx.AsyncClient, case: Any, headers: dict[str, str]) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=headers)
    method, url = kwargs.pop("method"), kwargs.pop("url")
    if isinstance(kwargs.get("data"), bytes | str):
        kwargs["content"] = kwargs.pop("data")
    if kwargs.get("cookies"):
        client.cookies = kwargs.pop("cookies")
    allowed = ("params", "headers", "json", "content", "data")
    return await client.request(method, url, **{k: v for k, v in kwargs.items() if k in allowed})


async def fuzz_openapi(
    app: FastAPI,
    client: httpx.AsyncClient,
    identities: list[dict[str, str]],
    *,
    examples: int = 15,
    negative: bool = False,
    prepare: Callable[[Any, int], None] | None = None,
) -> list[Answer]:
    """Sends generated requests for every operation, rotating through the identities.

    `prepare(case, n)` may point some cases at real resources (say, every other one at an id
    that exists) so the generated requests reach deeper than a 404.
    """
    schema = schemathesis.openapi.from_dict(app.openapi())
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if negative else [])
    answers: list[Answer] = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails the test
        cases = [case for mode in modes for case in _cases(operation, mode, examples)]
        for n, case in enumerate(cases):
            if prepare is not None:
                prepare(case, n)
            response = await _send(client, case, identities[n % len(identities)])
            answers.append(
                Answer(
                    operation.label,
                    response.status_code,
                    response.headers.get("content-type", ""),
                    response.text[:300],
                )
            )
    return answers


def server_errors(answers: list[Answer]) -> list[Answer]:
    """The answers no input may produce: 5xx."""
    return [a for a in answers if a.status >= 500]


def errors_not_problem_json(answers: list[Answer]) -> list[Answer]:
    """4xx answers that are not RFC 9457 problem+json."""
    return [
        a
        for a in answers
        if 400 <= a.status < 500 and not a.content_type.startswith("application/problem+json")
    ]
