"""Double clicks over HTTP: N requests released at the same instant against a running service.

outcome = burst(suite.client("grid", "township_admin", TOWNSHIP), "POST", f"/v1/grid-events/{id}/accept")
outcome.assert_once()          # one 2xx, the rest 409 problem+json, no 5xx
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Burst:
    """The answers to one burst, in the order the requests were made."""

    responses: tuple[httpx.Response, ...]

    @property
    def statuses(self) -> Counter[int]:
        return Counter(r.status_code for r in self.responses)

    @property
    def winners(self) -> list[httpx.Response]:
        return [r for r in self.responses if r.is_success]

    @property
    def codes(self) -> Counter[str]:
        """The problem codes of the refused ones."""
        return Counter(r.json().get("code", "?") for r in self.responses if not r.is_success)

    def assert_once(self, *, refused: Sequence[int] = (409,)) -> httpx.Response:
        """Exactly one applied; every other answer is a refusal with one of these statuses and
        a problem+json body; nothing answered 5xx. Returns the winner."""
        assert not [r for r in self.responses if r.status_code >= 500], self.describe()
        assert len(self.winners) == 1, self.describe()
        losers = [r for r in self.responses if not r.is_success]
        assert all(r.status_code in refused for r in losers), self.describe()
        assert all(r.headers["content-type"].startswith("application/problem+json") for r in losers)
        return self.winners[0]

    def describe(self) -> str:
        return f"statuses {dict(self.statuses)}, codes {dict(self.codes)}"


def burst(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    n: int = 10,
    json: Any = None,
    bodies: Sequence[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Burst:
    """Sends `n` requests (the same body, or one of `bodies` each) released together by a barrier,
    each on its own connection so none waits for another's."""
    bodies = list(bodies) if bodies is not None else [json] * n
    gate = threading.Barrier(len(bodies))

    def one(body: Any) -> httpx.Response:
        with httpx.Client(base_url=client.base_url, headers=client.headers, timeout=60) as own:
            request = own.build_request(method, path, json=body, headers=headers)
            gate.wait()
            return own.send(request)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return Burst(tuple(pool.map(one, bodies)))
