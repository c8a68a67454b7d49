"""The county at work: the suite, the event recorder, the month and the ledger, and one way to
call any service as any role (a token per call, a fresh connection per call so a restarted
service is reached again)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from county.ledger import Ledger
from county.month import Month, china_today
from county.orgs import COUNTY
from grassroots.common.events.envelope import Envelope
from grassroots.dev.harness import Suite
from grassroots.testkit.recorder import EventRecorder


@dataclass
class County:
    suite: Suite
    recorder: EventRecorder
    month: Month
    ledger: Ledger = field(default_factory=Ledger)
    deadlines: dict[str, date] = field(default_factory=dict)  # demand id → deadline
    officers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # township → (id, sub)

    def call(
        self,
        service: str,
        role: str,
        org: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        expect: int = 200,
        sub: str | None = None,
    ) -> Any:
        """One request as `role` of `org`; fails the test unless the status is `expect`."""
        token = self.suite.token(role, org, county=COUNTY, sub=sub)
        response = httpx.request(
            method,
            self.suite.urls[service] + path,
            json=json,
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert response.status_code == expect, f"{method} {path}: {response.text}"
        return response.json()

    def travel(self, k: int) -> None:
        """The county's clock moves to 09:00 on the k-th working day of the month."""
        self.suite.clock.travel_to(self.month.morning(k))

    def now(self) -> datetime:
        return self.suite.clock.now()

    @property
    def today(self) -> date:
        return china_today(self.now())

    def eventually(self, check: Callable[[], bool], what: str, within: float = 60.0) -> None:
        """Polls `check` until true; fails with `what` after `within` seconds."""
        deadline = time.monotonic() + within
        while not check():
            assert time.monotonic() < deadline, f"not within {within:.0f} s: {what}"
            time.sleep(0.2)

    def events(self, ce_type: str, **data: Any) -> list[Envelope]:
        """Recorded events of a type whose data has the given values."""
        return [
            e
            for e in self.recorder.of_type(ce_type)
            if all(e.data.get(k) == v for k, v in data.items())
        ]

    def await_event(self, ce_type: str, within: float = 60.0, **data: Any) -> Envelope:
        """The first recorded event of a type with the given data, once it is seen."""
        self.eventually(lambda: bool(self.events(ce_type, **data)), f"{ce_type} {data}", within)
        return self.events(ce_type, **data)[0]
