"""After a replay: recompute every closed period and compare it with the stored results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grassroots.common.db.session import Database
from grassroots.common.events.base import TOPICS, EventPayload
from grassroots.common.messaging.consumer import Handler
from grassroots.evaluation.periods import repository as periods_repo
from grassroots.evaluation.periods import service as periods_service
from grassroots.evaluation.replay.service import rebuild
from grassroots.evaluation.settings import EvaluationPolicy, EvaluationSettings


async def compare_closed(database: Database, policy: EvaluationPolicy) -> list[str]:
    """Differences between stored results and results recomputed from the projections."""
    differences: list[str] = []
    async with database.sessions() as session:
        for period in await periods_repo.all_closed(session):
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
) -> dict[str, Any]:
    """Rebuilds the projections from offset 0 and checks every closed period's results."""
    report = await rebuild(
        database=database,
        settings=settings,
        handlers=handlers,
        topics=list(TOPICS),
        started_by=started_by,
    )
    differences = await compare_closed(database, settings.policy)
    return {
        "events_read": report.events_read,
        "applied": report.applied,
        "duplicates": report.duplicates,
        "skipped_unknown": report.skipped_unknown,
        "unreadable": report.unreadable,
        "skipped_types": dict(report.skipped_types),
        "results_identical": not differences,
        "differences": differences,
    }
