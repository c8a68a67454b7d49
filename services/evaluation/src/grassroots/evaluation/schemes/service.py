"""Scheme use cases: create and replace a scheme under every guard, freeze it, read schemes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.db.upsert import insert_ignore
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.problems import ProblemError, not_found
from grassroots.evaluation.access import catalog_for_year
from grassroots.evaluation.codes import SCHEME_EXISTS
from grassroots.evaluation.schemes import repository, rules
from grassroots.evaluation.schemes.models import SchemeRow
from grassroots.evaluation.schemes.schemas import IndicatorIn, SchemeCreate, SchemeRead
from grassroots.evaluation.settings import EvaluationPolicy


def read(row: SchemeRow) -> SchemeRead:
    return SchemeRead(
        id=row.id,
        county=row.county,
        year=row.year,
        direction=row.direction,  # type: ignore[arg-type]
        version=row.version,
        frozen=row.status == "frozen",
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
    """Every guard the indicators break, answered together (422, the first one's code)."""
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
        raise ProblemError(
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
    """Creates the scheme of a year and direction (考核方案) after every guard, once."""
    existing = await repository.of_period(
        session, county=county, year=body.year, direction=body.direction
    )
    if existing is not None:
        raise _exists(existing.id)
    await _guard(
        session,
        county=county,
        year=body.year,
        direction=body.direction,
        indicators=body.indicators,
        policy=policy,
    )
    scheme_id = "sch_" + uuid.uuid4().hex
    values = {
        "id": scheme_id,
        "county": county,
        "year": body.year,
        "direction": body.direction,
        "indicators": [i.model_dump(mode="json") for i in body.indicators],
        "status": rules.SCHEME.initial[0],
        "version": 1,
        "created_by": principal.sub,
        "updated_at": utcnow(),
    }
    # ON CONFLICT DO NOTHING: of concurrent creations one inserts, the others are told it exists
    if not await insert_ignore(session, SchemeRow, values, ["county", "year", "direction"]):
        raise _exists(f"{body.year} {body.direction}")
    row = await repository.get(session, scheme_id)
    assert row is not None
    audit.record(
        session,
        principal,
        entity=rules.SCHEME.name,
        entity_id=row.id,
        action="create",
        changes={"indicators": row.indicators},
    )
    return read(row)


def _exists(which: str) -> ProblemError:
    return ProblemError(SCHEME_EXISTS, None, f"方案 {which}")


async def get_or_raise(session: AsyncSession, *, scheme_id: str) -> SchemeRow:
    row = await repository.get(session, scheme_id)
    if row is None:
        raise not_found("考核方案", scheme_id)
    return row


async def replace(
    session: AsyncSession,
    *,
    principal: Principal,
    scheme_id: str,
    indicators: Sequence[IndicatorIn],
    if_match: str | None,
    policy: EvaluationPolicy,
) -> SchemeRead:
    """Replaces a scheme's indicators while it is open (the claim makes it version + 1)."""
    row = await repository.get_for_update(session, scheme_id)
    if row is None:
        raise not_found("考核方案", scheme_id)
    after = [i.model_dump(mode="json") for i in indicators]

    async def step(edge: Edge) -> Change:
        # compared in today's shape: a scheme stored before a field existed (e.g. `no_data`)
        # is unchanged by the same indicators sent again
        stored = [IndicatorIn.model_validate(i).model_dump(mode="json") for i in row.indicators]
        rules.check_changed(stored, after)
        await _guard(
            session,
            county=row.county,
            year=row.year,
            direction=row.direction,
            indicators=indicators,
            policy=policy,
        )
        before, row.indicators, row.updated_at = row.indicators, after, utcnow()
        return Change(detail={"before": before, "after": after})

    await transition(
        session,
        rules.SCHEME,
        row,
        "replace",
        principal=principal,
        step=step,
        if_match=if_match,
    )
    return read(row)


async def freeze(session: AsyncSession, principal: Principal, row: SchemeRow) -> None:
    """Freezes a scheme loaded for update, unless it already is (the period's first rating or
    its close; the caller holds the period, so concurrent freezes queue behind it)."""
    if not rules.SCHEME.allows(row.status, "freeze"):
        return
    await transition(session, rules.SCHEME, row, "freeze", principal=principal)


async def list_schemes(
    session: AsyncSession, *, county: str, year: int | None, direction: str | None
) -> list[SchemeRead]:
    rows = await repository.list_for(session, county=county, year=year, direction=direction)
    return [read(r) for r in rows]
