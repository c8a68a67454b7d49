"""After a replay: recompute every closed period and compare it with the stored results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grassroots.common.db.session import Database
from grassroots.common.events.base import TOPICS, EventPayload
from grassroots.common.messaging.consumer import Handler
from grassroots.evaluation.periods import repository as periods_repo
from grassroots.evaluation.periods import service as periods_service
from grassroots.evaluation.replay.service import LowWatermarks, Source, low_watermarks, rebuild
from grassroots.evaluation.settings import EvaluationPolicy, EvaluationSettings


async def compare_closed(
    database: Database, policy: EvaluationPolicy, county: str | None = None
) -> list[str]:
    """Differences between stored results and results recomputed from the projections (of one
    county's closed periods, or all)."""
    differences: list[str] = []
    async with database.sessions() as session:
        for period in await periods_repo.all_closed(session):
            if county is not None and period.county != county:
                continue
            stored = {
                r.org: (r.total, r.grade, r.rank, r.indicators)
                for r in await periods_repo.results(
                    session, county=period.county, year=period.year, direction=period.direction
                )
            }
            fresh = await periods_service.compute(
                session,
                county=period.county,
                year=period.year,
                direction=period.direction,
                policy=policy,
            )
            for result in fresh:
                again = (
                    result.total,
                    result.grade,
                    result.rank,
                    periods_service.stored_indicators(result),
                )
                if stored.get(result.org) != again:
                    differences.append(
                        f"{period.county}/{period.year}/{period.direction}/{result.org}"
                    )
    return differences


async def replay_and_compare(
    *,
    database: Database,
    settings: EvaluationSettings,
    handlers: Mapping[type[EventPayload], Handler],
    started_by: str,
    source: Source = "auto",
    county: str | None = None,
    lows_of: LowWatermarks = low_watermarks,
) -> dict[str, Any]:
    """Rebuilds the projections (of `county`, or all) from the start of their history and
    checks the closed periods' results."""
    report = await rebuild(
        database=database,
        settings=settings,
        handlers=handlers,
        topics=list(TOPICS),
        started_by=started_by,
        source=source,
        county=county,
        lows_of=lows_of,
    )
    differences = await compare_closed(database, settings.policy, county)
    return {
        "source": report.source,
        "county": report.county,
        "fallback": report.fallback,
        "events_read": report.events_read,
        "applied": report.applied,
        "duplicates": report.duplicates,
        "skipped_unknown": report.skipped_unknown,
        "unreadable": report.unreadable,
        "skipped_types": dict(report.skipped_types),
        "results_identical": not differences,
        "differences": differences,
    }
