"""Scheme use cases: create and replace a scheme under every guard, read schemes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.concurrency import check_if_match
from grassroots.common.db.base import utcnow
from grassroots.common.problems import conflict, not_found, unprocessable
from grassroots.evaluation.access import catalog_for_year
from grassroots.evaluation.periods import repository as periods_repo
from grassroots.evaluation.ratings import repository as ratings_repo
from grassroots.evaluation.schemes import repository, rules
from grassroots.evaluation.schemes.models import SchemeRow
from grassroots.evaluation.schemes.schemas import IndicatorIn, SchemeCreate, SchemeRead
from grassroots.evaluation.settings import EvaluationPolicy


async def is_frozen(session: AsyncSession, row: SchemeRow) -> rules.Violation | None:
    """Why a scheme may no longer change (its period has ratings or is closed), or None."""
    closed = await periods_repo.closed(
        session, county=row.county, year=row.year, direction=row.direction
    )
    ratings = await ratings_repo.count(
        session, county=row.county, year=row.year, direction=row.direction
    )
    return rules.frozen_reason(closed=closed is not None, ratings=ratings)


async def read(session: AsyncSession, row: SchemeRow) -> SchemeRead:
    return SchemeRead(
        id=row.id,
        county=row.county,
        year=row.year,
        direction=row.direction,  # type: ignore[arg-type]
        version=row.version,
        frozen=await is_frozen(session, row) is not None,
        indicators=[IndicatorIn.model_validate(i) for i in row.indicators],
    )


async def _guard(
    session: AsyncSession,
    *,
    county: str,
    year: int,
    direction: str,
    indicators: Sequence[IndicatorIn],
    policy: EvaluationPolicy,
) -> None:
    previous = await repository.of_period(
        session, county=county, year=year - 1, direction=direction
    )
    basic: set[str] | None = None
    document = await catalog_for_year(session, county, year)
    if document is not None:
        basic = {i.code for i in document.duty_items if i.level == "township" and i.list == "basic"}
    violations = rules.check_indicators(
        indicators,
        direction=direction,
        cap=policy.indicator_cap,
        previous_count=len(previous.indicators) if previous is not None else None,
        basic_items=basic,
    )
    if violations:
        first = violations[0]
        raise unprocessable(
            first.code,
            first.message,
            violations=[
                {"code": v.code, "message": v.message, "indicator": v.indicator} for v in violations
            ],
        )


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    body: SchemeCreate,
    policy: EvaluationPolicy,
) -> SchemeRead:
    """Creates the scheme of a year and direction (考核方案) after every guard."""
    existing = await repository.of_period(
        session, county=county, year=body.year, direction=body.direction
    )
    if existing is not None:
        raise conflict("E-SCHEME-EXISTS", "该年度该方向的考核方案已存在", f"方案 {existing.id}")
    await _guard(
        session,
        county=county,
        year=body.year,
        direction=body.direction,
        indicators=body.indicators,
        policy=policy,
    )
    row = SchemeRow(
        id="sch_" + uuid.uuid4().hex,
        county=county,
        year=body.year,
        direction=body.direction,
        indicators=[i.model_dump(mode="json") for i in body.indicators],
        version=1,
        created_by=principal.sub,
        updated_at=utcnow(),
    )
    repository.add(session, row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="scheme",
        entity_id=row.id,
        action="create",
        changes={"indicators": row.indicators},
    )
    return await read(session, row)


async def get_or_raise(session: AsyncSession, *, scheme_id: str, county: str | None) -> SchemeRow:
    row = await repository.get(session, scheme_id)
    if row is None or (county is not None and row.county != county):
        raise not_found("考核方案", scheme_id)
    return row


async def replace(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    scheme_id: str,
    indicators: Sequence[IndicatorIn],
    if_match: str | None,
    policy: EvaluationPolicy,
) -> SchemeRead:
    """Replaces a scheme's indicators until it is frozen."""
    row = await get_or_raise(session, scheme_id=scheme_id, county=county)
    check_if_match(if_match, row.version, "方案")
    frozen = await is_frozen(session, row)
    if frozen is not None:
        raise conflict(frozen.code, frozen.message)
    await _guard(
        session,
        county=county,
        year=row.year,
        direction=row.direction,
        indicators=indicators,
        policy=policy,
    )
    before = row.indicators
    row.indicators = [i.model_dump(mode="json") for i in indicators]
    row.version += 1
    row.updated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        principal,
        entity="scheme",
        entity_id=row.id,
        action="replace",
        changes={"before": before, "after": row.indicators},
    )
    return await read(session, row)


async def list_schemes(
    session: AsyncSession, *, county: str, year: int | None, direction: str | None
) -> list[SchemeRead]:
    rows = await repository.list_for(session, county=county, year=year, direction=direction)
    return [await read(session, r) for r in rows]
