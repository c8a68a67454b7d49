"""The replay's bulk projector: the same rules as the live handler, written in bulk.

Live, each contribution is one guarded insert and one increment; a replay of a million events
cannot afford that, so it keeps the first contribution per (metric, org, key), as the unique
constraint does live, sums the monthly values in memory and inserts in chunks.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.metrics.rules import contributions

CHUNK = 5000


class BulkProjector:
    """Accumulates metric contributions of replayed events and writes them in chunks."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str]] = set()
        self.rows: list[dict[str, Any]] = []
        self.totals: dict[tuple[str, int, int, str], list[float]] = {}

    async def add(
        self,
        session: AsyncSession,
        event: EventPayload,
        envelope: Envelope,
        orgs: Container[str] | None = None,
    ) -> None:
        """Projects one event (first contribution per fact wins, as live); only the
        contributions to `orgs` when given (a county's replay)."""
        for item in contributions(event, envelope.time):
            if orgs is not None and item.org not in orgs:
                continue
            fact = (item.metric, item.org, item.key)
            if fact in self.seen:
                continue
            self.seen.add(fact)
            self.rows.append(
                {
                    "metric": item.metric,
                    "org": item.org,
                    "key": item.key,
                    "year": item.year,
                    "month": item.month,
                    "ce_id": envelope.id,
                    "ce_type": envelope.type,
                    "numerator": item.numerator,
                    "denominator": item.denominator,
                }
            )
            total = self.totals.setdefault(
                (item.org, item.year, item.month, item.metric), [0.0, 0.0]
            )
            total[0] += item.numerator
            total[1] += item.denominator
        if len(self.rows) >= CHUNK:
            await self._flush_rows(session)

    async def _flush_rows(self, session: AsyncSession) -> None:
        if self.rows:
            await metrics_repo.insert_events(session, self.rows)
            self.rows = []

    async def finish(self, session: AsyncSession) -> None:
        """Writes what is left and the monthly values."""
        await self._flush_rows(session)
        values = [
            {
                "org": org,
                "year": year,
                "month": month,
                "metric": metric,
                "numerator": num,
                "denominator": den,
            }
            for (org, year, month, metric), (num, den) in self.totals.items()
        ]
        for start in range(0, len(values), CHUNK):
            await metrics_repo.insert_values(session, values[start : start + CHUNK])
