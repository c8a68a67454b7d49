"""SQL for complaints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.task_admission.complaints.models import Complaint


async def get(session: AsyncSession, complaint_id: str) -> Complaint | None:
    """One complaint."""
    return await session.get(Complaint, complaint_id)


async def get_for_update(session: AsyncSession, complaint_id: str) -> Complaint | None:
    """One complaint about to change (row-locked where the database can)."""
    return await session.scalar(locked(select(Complaint).where(Complaint.id == complaint_id)))


def add(session: AsyncSession, complaint: Complaint) -> None:
    """Adds a complaint."""
    session.add(complaint)


async def list_(
    session: AsyncSession,
    *,
    county: str,
    involving: str | None,
    area: bool,
    status: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Complaint]:
    """A county's complaints, newest first; with `involving`, only those the org filed (with
    `area`, a township: those of its villages too) or that name it."""
    stmt = select(Complaint).where(Complaint.county == county)
    if status is not None:
        stmt = stmt.where(Complaint.status == status)
    if involving is not None:
        filed = (
            Complaint.complainant.startswith(involving[:9])
            if area
            else Complaint.complainant == involving
        )
        stmt = stmt.where(or_(filed, Complaint.department == involving))
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(Complaint.created_at < at, and_(Complaint.created_at == at, Complaint.id < last_id))
        )
    stmt = stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(limit)
    return list((await session.scalars(stmt)).all())


async def counts_for(
    session: AsyncSession, org: str, start: datetime, end: datetime
) -> tuple[int, int]:
    """Complaints an org filed in a period, and how many were upheld."""
    rows = (
        await session.scalars(
            select(Complaint.upheld).where(
                Complaint.complainant == org,
                Complaint.created_at >= start,
                Complaint.created_at < end,
            )
        )
    ).all()
    return len(rows), sum(1 for upheld in rows if upheld)
