"""Catalog versions as every service keeps them: the owner stores what it publishes, the others
what they consume from `catalog.published`; the active version is chosen by `effective_from`."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, String, UniqueConstraint, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from grassroots.common.catalog import regions
from grassroots.common.catalog.models import CatalogDocument
from grassroots.common.db.base import Base, BigIntPK, utcnow
from grassroots.common.db.upsert import insert_ignore
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.envelope import Envelope


class CatalogVersionRow(Base):
    """One immutable catalog version of one county."""

    __tablename__ = "catalog_versions"
    __table_args__ = (UniqueConstraint("county", "version"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    version: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


async def store(
    session: AsyncSession, county: str, version: str, effective_from: date, document: dict[str, Any]
) -> bool:
    """Stores a version once; False if that county already has that version."""
    values = {
        "county": county,
        "version": version,
        "effective_from": effective_from,
        "document": document,
        "stored_at": utcnow(),
    }
    session.info[_STORED] = True  # this process forgets what it remembers once this commits
    return await insert_ignore(session, CatalogVersionRow, values, ["county", "version"])


async def active(session: AsyncSession, county: str, on: date) -> CatalogVersionRow | None:
    """The version in force in `county` on `on` (latest effective_from not after it)."""
    stmt = (
        select(CatalogVersionRow)
        .where(CatalogVersionRow.county == county, CatalogVersionRow.effective_from <= on)
        .order_by(CatalogVersionRow.effective_from.desc(), CatalogVersionRow.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def get(session: AsyncSession, county: str, version: str) -> CatalogVersionRow | None:
    """One version of a county's catalog."""
    stmt = select(CatalogVersionRow).where(
        CatalogVersionRow.county == county, CatalogVersionRow.version == version
    )
    return (await session.scalars(stmt)).first()


async def on_catalog_published(
    session: AsyncSession, event: CatalogPublished, envelope: Envelope
) -> None:
    """Consumer handler: keep the published version (duplicates are ignored)."""
    await store(session, event.county, event.version, event.effective_from, event.document)


_PARSED: dict[tuple[str, str], CatalogDocument] = {}
_ORG_COUNTY: dict[tuple[str, str], frozenset[str]] = {}

# Which version is in force, and which counties have one, read at most once a second per
# database: a version stored by this process is seen at once (its commit forgets them), one
# stored by another replica within REMEMBERED seconds. Every request asks; few need to read.
REMEMBERED = 1.0
_STORED = "grassroots.catalog_stored"


class _Remembered:
    """One database's answers with the monotonic time each was read."""

    def __init__(self) -> None:
        self.generation = 0  # a read that began before a forgetting is not remembered
        self.in_force: dict[tuple[str, date], tuple[float, str | None]] = {}
        self.counties: tuple[float, list[str]] | None = None

    def forget(self) -> None:
        self.generation += 1
        self.in_force.clear()
        self.counties = None


# Keyed by the database's URL: every engine of this process on it shares what is remembered and
# forgotten — a GET's reading sessions (an engine copy, `Database.reading`) and a consumer on its
# own loop with its own pool (`ServiceSpec.consumer_loop_of_its_own`) alike.
_BY_DATABASE: dict[str, _Remembered] = {}


def _remembered_for(session: Session) -> _Remembered:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    key = engine.url.render_as_string(hide_password=False)
    remembered = _BY_DATABASE.get(key)
    if remembered is None:
        remembered = _BY_DATABASE.setdefault(key, _Remembered())
    return remembered


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    if session.info.pop(_STORED, False):
        _remembered_for(session).forget()


@event.listens_for(Session, "after_rollback")
def _nothing_stored(session: Session) -> None:
    session.info.pop(_STORED, None)


def document_of(row: CatalogVersionRow) -> CatalogDocument:
    """The parsed document of a stored version (parsed once per process; versions never change)."""
    key = (row.county, row.version)
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = CatalogDocument.model_validate(row.document)
        _PARSED[key] = parsed
    return parsed


async def _version_in_force(session: AsyncSession, county: str, on: date) -> str | None:
    if session.info.get(_STORED):  # this transaction stored a version: read what it sees
        return await _read_version_in_force(session, county, on)
    remembered = _remembered_for(session.sync_session)
    generation, now = remembered.generation, time.monotonic()
    known = remembered.in_force.get((county, on))
    if known is not None and now - known[0] < REMEMBERED:
        return known[1]
    version = await _read_version_in_force(session, county, on)
    if remembered.generation == generation:
        if len(remembered.in_force) > 4096:
            remembered.in_force.clear()
        remembered.in_force[(county, on)] = (now, version)
    return version


async def _read_version_in_force(session: AsyncSession, county: str, on: date) -> str | None:
    stmt = (
        select(CatalogVersionRow.version)
        .where(CatalogVersionRow.county == county, CatalogVersionRow.effective_from <= on)
        .order_by(CatalogVersionRow.effective_from.desc(), CatalogVersionRow.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def active_document(session: AsyncSession, county: str, on: date) -> CatalogDocument | None:
    """The catalog in force in `county` on `on`, parsed (None before any publication).

    The version is read at most once a second (`REMEMBERED`); the document is loaded and parsed
    once per process.
    """
    version = await _version_in_force(session, county, on)
    if version is None:
        return None
    parsed = _PARSED.get((county, version))
    if parsed is not None:
        return parsed
    row = await get(session, county, version)
    return document_of(row) if row is not None else None


async def counties(session: AsyncSession) -> list[str]:
    """Every county with a published catalog."""
    remembered = _remembered_for(session.sync_session)
    generation, now = remembered.generation, time.monotonic()
    known = remembered.counties
    if known is not None and now - known[0] < REMEMBERED and not session.info.get(_STORED):
        return list(known[1])
    found = list((await session.scalars(select(CatalogVersionRow.county).distinct())).all())
    if remembered.generation == generation and not session.info.get(_STORED):
        remembered.counties = (now, found)
    return list(found)


async def county_of_org(session: AsyncSession, org: str, on: date) -> str | None:
    """The county an org unit belongs to: from a region code, or the catalogs for a department."""
    if len(org) == 12 and org.isdigit():
        return regions.county_part(org)
    for county in await counties(session):
        version = await _version_in_force(session, county, on)
        if version is None:
            continue
        orgs = _ORG_COUNTY.get((county, version))
        if orgs is None:
            document = await active_document(session, county, on)
            orgs = frozenset(u.code for u in document.org_units) if document else frozenset()
            _ORG_COUNTY[(county, version)] = orgs
        if org in orgs:
            return county
    return None
