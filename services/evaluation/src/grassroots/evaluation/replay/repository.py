"""SQL of the replay: the archive of consumed facts, the inbox it checks against, and the org
units a county's catalog versions ever named."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.db.plumbing import InboxRow
from grassroots.common.events.envelope import Envelope
from grassroots.evaluation.replay.models import ArchivedEventRow

CHUNK = 2000  # archived events read per query


async def published_units(session: AsyncSession, county: str) -> set[str]:
    """The org units of every catalog version the county published."""
    stmt = select(catalog_versions.CatalogVersionRow).where(
        catalog_versions.CatalogVersionRow.county == county
    )
    units: set[str] = set()
    for row in (await session.scalars(stmt)).all():
        units.update(u.code for u in catalog_versions.document_of(row).org_units)
    return units


async def applied_ids(
    session: AsyncSession, group: str, topics: Collection[str], types: Collection[str]
) -> dict[str, set[str]]:
    """topic → the ce_ids evaluation's consumers applied (the inbox), of the relevant types."""
    stmt = select(InboxRow.topic, InboxRow.ce_id).where(
        InboxRow.consumer_group == group,
        InboxRow.topic.in_(list(topics)),
        InboxRow.ce_type.in_(list(types)),
    )
    applied: dict[str, set[str]] = {}
    for topic, ce_id in (await session.execute(stmt)).all():
        applied.setdefault(topic, set()).add(ce_id)
    return applied


async def ids(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(ArchivedEventRow.ce_id)))


async def envelopes(session: AsyncSession, topics: list[str]) -> AsyncIterator[Envelope]:
    """Every archived event of `topics` in consumption order, read in chunks (plain rows: no
    ORM identity map grows with the archive)."""
    t = ArchivedEventRow
    last = 0
    while True:
        stmt = (
            select(t.id, t.ce_id, t.ce_type, t.source, t.subject, t.time, t.data, t.topic)
            .where(t.id > last, t.topic.in_(topics))
            .order_by(t.id)
            .limit(CHUNK)
        )
        chunk = (await session.execute(stmt)).all()
        if not chunk:
            return
        for row in chunk:
            yield Envelope(
                id=row.ce_id,
                type=row.ce_type,
                source=row.source,
                subject=row.subject,
                time=row.time,
                data=dict(row.data),
                topic=row.topic,
            )
        last = chunk[-1].id
