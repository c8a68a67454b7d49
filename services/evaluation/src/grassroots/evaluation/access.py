"""Who may see and do what (DESIGN §1): evaluators manage, auditors read all, ratees see their own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions, clock
from grassroots.common.auth import Principal, require_roles
from grassroots.common.catalog import CatalogDocument
from grassroots.common.problems import ProblemError, unprocessable

EvaluatorDep = Annotated[Principal, Depends(require_roles("evaluator"))]
READ_ALL = ("evaluator", "auditor")


async def county_of(session: AsyncSession, principal: Principal) -> str:
    """The county the caller acts in: its claim, its region code, or the catalog (departments)."""
    if principal.county:
        return principal.county
    county = await catalog_versions.county_of_org(session, principal.org, clock.today())
    if county is None:
        raise unprocessable(
            "E-COUNTY-REQUIRED", "无法确定所属县", f"单位 {principal.org} 不在任何已发布的清单中"
        )
    return county


def require_may_read(principal: Principal, org: str) -> None:
    """Evaluators and auditors read every org; anyone else only its own."""
    if principal.has_any(*READ_ALL) or principal.org == org:
        return
    raise ProblemError(403, "AUTH-ORG", "只能查看本单位的考核数据", f"本单位为 {principal.org}")


async def catalog_for_year(session: AsyncSession, county: str, year: int) -> CatalogDocument | None:
    """The catalog in force at the end of a year, or (for a year before any) the latest one."""
    document = await catalog_versions.active_document(session, county, date(year, 12, 31))
    if document is None:
        document = await catalog_versions.active_document(session, county, date.max)
    return document
