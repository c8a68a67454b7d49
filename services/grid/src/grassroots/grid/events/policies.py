"""Time-limit policy use cases: a county's table of limits per category and urgency."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import POLICY_LIMIT
from grassroots.grid.events import repository
from grassroots.grid.events.rules import DEFAULT_LIMITS, MAX_WORKING_DAYS, validate_limits
from grassroots.grid.events.schemas import PolicyEntry, PolicyRead, PolicyTable


async def put_policies(
    session: AsyncSession, *, principal: Principal, body: PolicyTable
) -> PolicyRead:
    """Replaces a county's entries given (the county, `access.SET_POLICIES` says who); limits
    validated against the max."""
    county = body.county or principal.county or principal.org
    problems = [
        {"index": i, "problem": p}
        for i, entry in enumerate(body.entries)
        for p in validate_limits(entry.limits)
    ]
    if problems:
        raise ProblemError(
            POLICY_LIMIT,
            None,
            f"最长 {MAX_WORKING_DAYS} 个工作日",
            problems=problems,
        )
    for entry in body.entries:
        await repository.upsert_policy(
            session, county, entry.category, entry.urgency, entry.limits, principal.sub
        )
    audit.record(
        session,
        principal,
        entity="time_limit_policy",
        entity_id=county,
        action="put",
        changes={"entries": [e.model_dump() for e in body.entries]},
    )
    return await get_policies(session, county=county)


async def get_policies(session: AsyncSession, *, county: str) -> PolicyRead:
    """A county's time-limit table with the legal defaults."""
    table = await repository.policy_table(session, county)
    entries = [
        PolicyEntry(category=c, urgency=u, limits=limits)
        for (c, u), limits in sorted(table.items())
    ]  # type: ignore[arg-type]
    return PolicyRead(
        county=county, entries=entries, defaults=DEFAULT_LIMITS, max_working_days=MAX_WORKING_DAYS
    )
