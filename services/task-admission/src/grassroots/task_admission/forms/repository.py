"""SQL for fillings, their values, facts and history batches."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.common.lifecycle import locked
from grassroots.task_admission.forms.models import Fact, Filling, FillingValue, HistoryBatch

LIVE = ("open", "submitted")  # a withdrawn filling shares nothing


async def get(session: AsyncSession, filling_id: str) -> Filling | None:
    """One filling."""
    return await session.get(Filling, filling_id)


async def get_for_update(session: AsyncSession, filling_id: str) -> Filling | None:
    """One filling about to change (row-locked where the database can)."""
    return await session.scalar(locked(select(Filling).where(Filling.id == filling_id)))


async def add_filling(session: AsyncSession, values: dict[str, Any]) -> Filling | None:
    """Opens a filling unless its demand already opened one for that unit and period (a
    redelivered event): the new row, or None."""
    if not await insert_ignore(session, Filling, values, ["demand_id", "org", "period"]):
        return None
    return await session.get(Filling, values["id"])


def add_values(session: AsyncSession, rows: Sequence[FillingValue]) -> None:
    """Adds the fields of a new row of a filling."""
    session.add_all(rows)


async def values_of(
    session: AsyncSession, filling_ids: Collection[str]
) -> dict[str, list[FillingValue]]:
    """The values of fillings, by filling id, in row order and then field order."""
    out: dict[str, list[FillingValue]] = {f: [] for f in filling_ids}
    if filling_ids:
        stmt = (
            select(FillingValue)
            .where(FillingValue.filling_id.in_(list(filling_ids)))
            .order_by(FillingValue.position, FillingValue.id)
            .execution_options(populate_existing=True)
        )
        for row in (await session.scalars(stmt)).all():
            out[row.filling_id].append(row)
    return out


async def shared_answers(
    session: AsyncSession,
    *,
    county: str,
    period: str,
    exclude: str,
    subjects: Collection[str],
    keys: Collection[str],
) -> dict[tuple[str, str], FillingValue]:
    """What other live fillings of the county and period answered (confirmed or typed) about
    these subjects and fields, the latest answer of each (交叉事项一次报)."""
    if not subjects or not keys:
        return {}
    stmt = (
        select(FillingValue)
        .join(Filling, Filling.id == FillingValue.filling_id)
        .where(
            Filling.county == county,
            Filling.period == period,
            Filling.id != exclude,
            Filling.status.in_(LIVE),
            FillingValue.subject.in_(list(subjects)),
            FillingValue.field_key.in_(list(keys)),
            FillingValue.origin.in_(("confirmed", "typed")),
            FillingValue.value.is_not(None),
        )
        .order_by(FillingValue.answered_at, FillingValue.id)
    )
    return {(v.subject, v.field_key): v for v in (await session.scalars(stmt)).all()}


async def latest_facts(
    session: AsyncSession, county: str, subjects: Collection[str], keys: Collection[str]
) -> dict[tuple[str, str], Fact]:
    """The latest fact (by as_of, then recording) of each subject and field."""
    if not subjects or not keys:
        return {}
    stmt = (
        select(Fact)
        .where(
            Fact.county == county,
            Fact.subject.in_(list(subjects)),
            Fact.field_key.in_(list(keys)),
        )
        .order_by(Fact.as_of, Fact.id)
    )
    return {(f.subject, f.field_key): f for f in (await session.scalars(stmt)).all()}


def add_facts(session: AsyncSession, facts: Sequence[Fact]) -> None:
    """Appends facts (a submission's answers, an imported batch's values)."""
    session.add_all(facts)


def add_batch(session: AsyncSession, batch: HistoryBatch) -> None:
    """Records an imported history file."""
    session.add(batch)


async def of_demand(
    session: AsyncSession, demand_id: str, *, for_update: bool = False
) -> list[Filling]:
    """The fillings a demand opened, oldest first (row-locked when about to change)."""
    stmt = (
        select(Filling)
        .where(Filling.demand_id == demand_id)
        .order_by(Filling.opened_at, Filling.id)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(locked(stmt) if for_update else stmt)).all())


async def list_for(
    session: AsyncSession,
    *,
    county: str,
    org: str,
    status: str | None,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[Filling]:
    """A unit's fillings (a township's own and its villages'), newest first."""
    stmt = select(Filling).where(
        Filling.county == county, or_(Filling.org == org, Filling.township == org)
    )
    if status:
        stmt = stmt.where(Filling.status == status)
    if before is not None:
        at, last = before
        stmt = stmt.where(
            or_(Filling.opened_at < at, (Filling.opened_at == at) & (Filling.id < last))
        )
    stmt = stmt.order_by(Filling.opened_at.desc(), Filling.id.desc()).limit(limit)
    return list((await session.scalars(stmt)).all())
