"""Enforcement items of a township as the active catalog delegates them (赋权事项)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import not_found
from grassroots.enforcement.items.schemas import EnforcementItemPage, EnforcementItemRead


async def list_items(
    session: AsyncSession, *, township: str, on: date, everything: bool
) -> EnforcementItemPage:
    """The items delegated to a township (or every item of the county, flagged)."""
    county = county_part(township)
    document = await catalog_versions.active_document(session, county, on)
    if document is None:
        raise not_found("现行执法事项清单", county)
    delegated = {item.code for item in document.enforcement_items_for(township)}
    return EnforcementItemPage(
        township=township,
        catalog_version=document.version,
        items=[
            EnforcementItemRead(
                code=item.code,
                title=item.title,
                origin_department=item.origin_department,
                legal_basis=item.legal_basis,
                fine_min=float(item.fine_min),
                fine_max=float(item.fine_max),
                delegated=item.code in delegated,
            )
            for item in document.enforcement_items
            if everything or item.code in delegated
        ],
    )
