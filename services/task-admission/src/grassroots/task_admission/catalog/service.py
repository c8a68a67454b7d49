"""Catalog use cases: publish a version (validated whole, stored once, announced), read versions."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.auth.access import Target
from grassroots.common.catalog import CatalogDocument, CatalogInvalid, validate_catalog
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.catalog.access import PUBLISH
from grassroots.task_admission.catalog.overlaps import analyse
from grassroots.task_admission.catalog.rules import diff_documents
from grassroots.task_admission.catalog.schemas import (
    CatalogCounts,
    CatalogDiff,
    CatalogVersionRead,
    FormOverlaps,
)
from grassroots.task_admission.codes import (
    CATALOG_EFFECTIVE_ORDER,
    CATALOG_INVALID,
    CATALOG_VERSION_EXISTS,
)
from grassroots.task_admission.matching.engine import index_for


def _read(row: catalog_versions.CatalogVersionRow, with_document: bool) -> CatalogVersionRead:
    doc = row.document
    return CatalogVersionRead(
        county=row.county,
        version=row.version,
        effective_from=row.effective_from,
        counts=CatalogCounts(**{k: len(doc.get(k, [])) for k in CatalogCounts.model_fields}),
        document=doc if with_document else None,
    )


async def publish(
    session: AsyncSession, *, principal: Principal, raw: object
) -> CatalogVersionRead:
    """Validates a whole import document, stores it immutably, emits `catalog.published`."""
    try:
        document: CatalogDocument = validate_catalog(raw)
    except CatalogInvalid as exc:
        raise ProblemError(
            CATALOG_INVALID,
            None,
            problems=[p.model_dump() for p in exc.problems],
        ) from exc
    county = document.county.code
    PUBLISH.require(principal, Target(county=county, unit=county), county)
    latest = await catalog_versions.active(session, county, date.max)
    if latest is not None and document.effective_from < latest.effective_from:
        raise ProblemError(
            CATALOG_EFFECTIVE_ORDER,
            None,
            f"现行版本 {latest.version} 自 {latest.effective_from} 起生效",
        )
    stored: dict[str, Any] = document.model_dump(mode="json", exclude_none=True)
    if not await catalog_versions.store(
        session, county, document.version, document.effective_from, stored
    ):
        raise ProblemError(
            CATALOG_VERSION_EXISTS,
            None,
            f"{county} {document.version}",
        )
    # indexed at publication, not on the first request; off the loop (new items are embedded)
    await asyncio.to_thread(index_for, document)
    add_event(
        session,
        CatalogPublished(
            county=county,
            version=document.version,
            effective_from=document.effective_from,
            document=stored,
        ),
    )
    row = await catalog_versions.get(session, county, document.version)
    assert row is not None
    return _read(row, with_document=False)


async def get_active(
    session: AsyncSession, *, county: str, on: date, with_document: bool
) -> CatalogVersionRead:
    """The version in force on a date."""
    row = await catalog_versions.active(session, county, on)
    if row is None:
        raise not_found("现行清单", county)
    return _read(row, with_document)


async def get_version(
    session: AsyncSession, *, county: str, version: str, with_document: bool
) -> CatalogVersionRead:
    """One version of a county's catalog."""
    row = await catalog_versions.get(session, county, version)
    if row is None:
        raise not_found("清单版本", f"{county} {version}")
    return _read(row, with_document)


async def diff(
    session: AsyncSession, *, county: str, from_version: str, to_version: str
) -> CatalogDiff:
    """Items added, removed, changed and moved between lists from one version to another."""
    rows = []
    for version in (from_version, to_version):
        row = await catalog_versions.get(session, county, version)
        if row is None:
            raise not_found("清单版本", f"{county} {version}")
        rows.append(row)
    sections = diff_documents(rows[0].document, rows[1].document)
    return CatalogDiff(county=county, from_version=from_version, to_version=to_version, **sections)


async def form_overlaps(
    session: AsyncSession, *, county: str, year: int, today: date
) -> FormOverlaps:
    """The overlaps of the approved forms of the version in force in a year: on today's date in
    the current year, else on the year's last day."""
    as_of = today if year == today.year else date(year, 12, 31)
    document = await catalog_versions.active_document(session, county, as_of)
    if document is None:
        raise not_found("现行清单", county)
    return analyse(document, year, as_of=as_of)
