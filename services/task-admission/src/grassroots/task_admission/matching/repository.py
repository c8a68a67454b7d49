"""Matching's queries: the example candidates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.task_admission.matching.models import ExampleCandidate


async def candidate_of(session: AsyncSession, demand_id: str) -> ExampleCandidate | None:
    found: ExampleCandidate | None = await session.scalar(
        select(ExampleCandidate).where(ExampleCandidate.demand_id == demand_id)
    )
    return found


async def candidates(
    session: AsyncSession,
    *,
    county: str,
    item_code: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[ExampleCandidate]:
    """A county's candidates, oldest first, after a keyset cursor."""
    query = select(ExampleCandidate).where(ExampleCandidate.county == county)
    if item_code is not None:
        query = query.where(ExampleCandidate.item_code == item_code)
    if after is not None:
        at, last = after
        query = query.where(
            or_(
                ExampleCandidate.proposed_at > at,
                and_(ExampleCandidate.proposed_at == at, ExampleCandidate.id > last),
            )
        )
    order = (ExampleCandidate.proposed_at, ExampleCandidate.id)
    return list(await session.scalars(query.order_by(*order).limit(limit)))
