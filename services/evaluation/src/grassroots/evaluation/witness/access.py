"""Who reads the witness of a township's enforcement log, within the township's county: its
enforcement supervisor and officers, the county's evaluator, auditors, and a `service` placed in
the county (enforcement's `GET /v1/logs/verify` forwards its caller's token)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, Access, FromPath, Grant, Target
from grassroots.common.catalog.regions import county_of, org_kind_of_region_code
from grassroots.common.problems import not_found


async def township_target(session: AsyncSession, township: str) -> Target | None:
    """A township's log stands in the township; None for what is no township's code."""
    if org_kind_of_region_code(township) != "township":
        return None
    return Target(county=county_of(township), township=township, unit=township)


READ = Access(
    Grant(("enforcement_supervisor", "enforcement_officer"), "township"),
    Grant(("evaluator", "service"), "county"),
    *AUDIT,
    target=FromPath("township", township_target, missing=lambda t: not_found("乡镇执法日志", t)),
)
