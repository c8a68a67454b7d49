"""County admission policy and registered inspection plans: read, set, learn from events."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.task_admission.policy import repository
from grassroots.task_admission.policy.rules import AdmissionPolicy, PlanView


async def get(session: AsyncSession, *, county: str) -> AdmissionPolicy:
    """The county's policy, or the defaults."""
    row = await repository.get_policy(session, county)
    if row is None:
        return AdmissionPolicy()
    return AdmissionPolicy(
        review_mode=row.review_mode,  # type: ignore[arg-type]
        min_deadline_working_days=row.min_deadline_working_days,
        min_clarity_chars=row.min_clarity_chars,
        match_min_score=row.match_min_score,
        disguise_margin=row.disguise_margin,
        max_deadline_years=row.max_deadline_years,
    )


async def put(
    session: AsyncSession, *, principal: Principal, county: str, policy: AdmissionPolicy
) -> AdmissionPolicy:
    """Sets a county's policy (audited)."""
    values = asdict(policy) | {"updated_at": utcnow(), "updated_by": principal.sub}
    row = await repository.policy_for_update(session, county, values)
    for key, value in values.items():
        setattr(row, key, value)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="county_policy",
        entity_id=county,
        action="put",
        changes=asdict(policy),
    )
    return policy


async def plan(session: AsyncSession, *, plan_id: str | None) -> PlanView | None:
    """A registered inspection plan as the rules see it."""
    if not plan_id:
        return None
    row = await repository.get_plan(session, plan_id)
    if row is None:
        return None
    return PlanView(
        plan_id=row.plan_id,
        department=row.department,
        townships=tuple(row.townships),
        window_start=row.window_start,
        window_end=row.window_end,
    )
