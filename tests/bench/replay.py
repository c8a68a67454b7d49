"""Evaluation's replay (issue 20): BENCH_REPLAY_EVENTS (1,000,000) events rebuilt from the archive.

On a fresh PostgreSQL database, the events (demands admitted and completed, grid events closed,
over a county's townships, a year's months) are first applied as the live consumer applies them:
polls of 500, inbox claims, the archive, the metrics, one transaction each. Then
`replay.service.rebuild(source="archive")` clears and rebuilds the projections; the bench times it
and checks the rebuilt metric values and facts are identical to the live ones.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.common.events import ADMISSION_TOPIC, GRID_TOPIC
from grassroots.common.events.admission import DemandAdmitted, DemandCompleted
from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.common.events.grid import GridEventClosed
from grassroots.common.messaging import deferred, inbox
from grassroots.evaluation.main import handlers
from grassroots.evaluation.metrics.models import MetricEventRow, MetricValueRow
from grassroots.evaluation.replay.service import rebuild
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.databases import fresh_database
from tests.bench import http_write
from tests.bench.report import write

EVENTS = int(os.environ.get("BENCH_REPLAY_EVENTS", 1_000_000))
POLL = 500
MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/evaluation/src/grassroots/evaluation/migrations"
)
TOWNSHIPS = [f"990101{n:03d}000" for n in range(101, 121)]
DEPARTMENTS = [f"11990101MB00001{n:02d}X" for n in range(10, 30)]
START = datetime(2026, 1, 5, 2, tzinfo=UTC)


def _event(n: int) -> EventPayload:
    """The n-th event: a third each of admissions, completions and grid closures."""
    township = TOWNSHIPS[n % len(TOWNSHIPS)]
    at = START + timedelta(minutes=n % 500_000)
    if n % 3 == 0:
        return DemandAdmitted(
            demand_id=f"d{n}",
            county="990101000000",
            submitter=DEPARTMENTS[n % len(DEPARTMENTS)],
            kind="task",
            targets=[township],
            deadline=date(2026, 12, 31),
        )
    if n % 3 == 1:
        return DemandCompleted(
            demand_id=f"d{n - 1}",
            county="990101000000",
            submitter=DEPARTMENTS[(n - 1) % len(DEPARTMENTS)],
            kind="task",
            org=township,
            deadline=date(2026, 12, 31),
            completed_at=at,
            on_time=n % 7 != 0,
        )
    return GridEventClosed(
        grid_event_id=f"g{n}",
        township=township,
        grid_id=None,
        category="c",
        urgency="normal",
        at=at,
        resolved=True,
        satisfaction="satisfied" if n % 5 else "dissatisfied",
        on_time=n % 11 != 0,
    )


def _envelope(n: int) -> Envelope:
    payload = _event(n)
    source = "grid" if payload.topic == GRID_TOPIC else "task-admission"
    return Envelope.wrap(payload, source, time=START + timedelta(minutes=n % 500_000))


async def live(database: Database, settings: EvaluationSettings) -> float:
    """Applies every event as the live consumer does; returns the seconds it took."""
    by_type = {cls.ce_type(): h for cls, h in handlers(settings).items()}
    started = time.perf_counter()
    for first in range(0, EVENTS, POLL):
        envelopes = [_envelope(n) for n in range(first, min(EVENTS, first + POLL))]
        async with database.transaction() as session:
            deliveries = [(e, 0, first + i) for i, e in enumerate(envelopes)]
            fresh = await inbox.claim_many(session, settings.group, deliveries)
            for envelope in envelopes:
                if envelope.id in fresh:
                    await by_type[envelope.type](session, envelope.payload(), envelope)
            await deferred.flush(session)
    return time.perf_counter() - started


async def _state(database: Database) -> tuple[list[Any], int]:
    async with database.sessions() as session:
        t = MetricValueRow
        stmt = select(t.org, t.year, t.month, t.metric, t.numerator, t.denominator).order_by(
            t.org, t.year, t.month, t.metric
        )
        values = [tuple(r) for r in (await session.execute(stmt)).all()]
        facts = await session.scalar(select(func.count()).select_from(MetricEventRow))
    return values, int(facts or 0)


async def main() -> None:
    os.environ.setdefault("TEST_POSTGRES_URL", http_write.ADMIN_DSN)
    with tempfile.TemporaryDirectory() as tmp:
        async with fresh_database("postgresql", Path(tmp)) as url:
            await upgrade_async(MIGRATIONS, url)
            settings = EvaluationSettings(database_url=url, messaging_enabled=False)
            database = Database(url)
            try:
                applied = await live(database, settings)
                before = await _state(database)
                started = time.perf_counter()
                report = await rebuild(
                    database=database,
                    settings=settings,
                    handlers=handlers(settings),
                    topics=[ADMISSION_TOPIC, GRID_TOPIC],
                    started_by="bench",
                    source="archive",
                )
                replayed = time.perf_counter() - started
                after = await _state(database)
            finally:
                await database.dispose()
    assert report.applied == EVENTS, report
    identical = before == after
    per_million = replayed * 1_000_000 / EVENTS
    write(
        "replay",
        [
            {
                "metric": f"live consumption of {EVENTS} events",
                "value": EVENTS / applied,
                "unit": "events/s",
            },
            {
                "metric": f"replay of {EVENTS} events from the archive (PostgreSQL): "
                f"{after[1]} facts, {len(after[0])} monthly values",
                "value": replayed,
                "unit": "s",
                "baseline": f"{EVENTS / replayed:.0f} events/s; {per_million:.1f} s per 1M",
                "ratio": "identical" if identical else "DIFFERENT",
                "target": "≤ 60 s per 1M, identical",
            },
        ],
    )
    assert identical, "the replay rebuilt other numbers than the live projection"


if __name__ == "__main__":
    asyncio.run(main())
