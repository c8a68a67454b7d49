"""The active catalog per county without reloading its whole JSON document on every request.

`catalog_versions.active()` selects the full row, document included (hundreds of KB), twice per
submission (county of the department, then the document). Versions never change, so this looks
up only the version in force and keeps parsed documents per (county, version) in the process.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.catalog import CatalogDocument
from grassroots.common.catalog_versions import CatalogVersionRow

_DOCUMENTS: dict[tuple[str, str], CatalogDocument] = {}


async def active_document(session: AsyncSession, county: str, on: date) -> CatalogDocument | None:
    """The catalog in force in a county on a date (None before any publication)."""
    stmt = (
        select(CatalogVersionRow.version)
        .where(CatalogVersionRow.county == county, CatalogVersionRow.effective_from <= on)
        .order_by(CatalogVersionRow.effective_from.desc(), CatalogVersionRow.id.desc())
        .limit(1)
    )
    version = await session.scalar(stmt)
    if version is None:
        return None
    document = _DOCUMENTS.get((county, version))
    if document is None:
        row = await catalog_versions.get(session, county, version)
        if row is None:
            return None
        document = _DOCUMENTS[(county, version)] = catalog_versions.document_of(row)
    return document


async def counties(session: AsyncSession) -> list[str]:
    """Every county with a published catalog."""
    return list((await session.scalars(select(CatalogVersionRow.county).distinct())).all())


async def county_of_org(session: AsyncSession, org: str, on: date) -> str | None:
    """The county of an org: from a region code, or the active catalogs for a department."""
    if len(org) == 12 and org.isdigit():
        return org[:6] + "000000"
    for county in await counties(session):
        document = await active_document(session, county, on)
        if document is not None and document.org_unit(org) is not None:
            return county
    return None
