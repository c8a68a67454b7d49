"""SQL of officers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.enforcement.officers.models import Officer


async def add(session: AsyncSession, officer: Officer) -> None:
    session.add(officer)
    await session.flush()


async def by_certificate(session: AsyncSession, certificate_no: str) -> Officer | None:
    stmt = select(Officer).where(Officer.certificate_no == certificate_no)
    return (await session.scalars(stmt)).first()


async def by_ids(session: AsyncSession, ids: Sequence[str]) -> Sequence[Officer]:
    if not ids:
        return []
    return (await session.scalars(select(Officer).where(Officer.id.in_(list(ids))))).all()


async def in_township(
    session: AsyncSession, township: str, *, expiring_by: date | None = None, today: date
) -> Sequence[Officer]:
    """Officers of a township; with `expiring_by`, only valid ones whose certificate ends by then."""
    stmt = select(Officer).where(Officer.township == township)
    if expiring_by is not None:
        stmt = stmt.where(Officer.valid_until >= today, Officer.valid_until <= expiring_by)
        stmt = stmt.order_by(Officer.valid_until, Officer.name)
    else:
        stmt = stmt.order_by(Officer.name, Officer.id)
    return (await session.scalars(stmt)).all()
