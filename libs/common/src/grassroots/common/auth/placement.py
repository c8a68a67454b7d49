"""Where a principal may stand: its org is a known unit of the county its code belongs to, the
county is derived from the org (a `county` claim that disagrees is refused), and each role fits
the org's kind. Checked once, at the edge, against the catalog in force (DESIGN §1).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.auth.principal import Principal
from grassroots.common.codes import AUTH_COUNTY_MISMATCH, AUTH_ORG_UNKNOWN, AUTH_ROLE_KIND
from grassroots.common.problems import ProblemError

COUNTY_KINDS = frozenset({"county", "office"})
ROLE_KINDS: dict[str, frozenset[str]] = {
    "dept_submitter": frozenset({"department"}),
    "township_admin": frozenset({"township"}),
    "grid_worker": frozenset({"township", "village"}),
    "enforcement_officer": frozenset({"township"}),
    "enforcement_supervisor": frozenset({"township"}),
    "village_operator": frozenset({"village"}),
    "admission_reviewer": COUNTY_KINDS,
    "catalog_admin": COUNTY_KINDS,
    "evaluator": COUNTY_KINDS,
    "auditor": COUNTY_KINDS,
    "province_auditor": frozenset({"province"}),  # reads every county of its province
    "ops": COUNTY_KINDS,  # runs operations (replay) for its county's deployment
}  # `service` (another system): any unit, with the roles it is given beside it


def is_region(org: str) -> bool:
    return len(org) == 12 and org.isdigit()


def kind_by_code(org: str) -> str | None:
    """The kind a 12-digit division code names (county, township, village); None for a credit
    code (a department or a county office: only the catalog tells)."""
    if not is_region(org):
        return None
    if org.endswith("0000000000"):
        return "province"
    if org.endswith("000000"):
        return "county"
    return "township" if org.endswith("000") else "village"


def check_roles(principal: Principal, kind: str | None) -> None:
    """Every role of the principal fits the kind of its org (an unknown kind fits only what a
    credit code can be: a department or a county office)."""
    for role in sorted(principal.roles - {"service"}):
        allowed = ROLE_KINDS.get(role)
        if allowed is None:
            raise ProblemError(AUTH_ROLE_KIND, "身份令牌含未知角色", role)
        kinds = {kind} if kind else {"department", "office"}
        if not kinds & allowed:
            raise ProblemError(
                AUTH_ROLE_KIND,
                None,
                f"{role} 不能由 {kind or '部门或县直机关'} {principal.org} 担任",
            )


async def placed(session: AsyncSession, principal: Principal, today: date) -> Principal:
    """The principal with its county derived from its org, or 403 with a stable code."""
    if kind_by_code(principal.org) == "province":  # a province-wide reader has no county
        check_roles(principal, "province")
        return replace(principal, county=None)
    county = await catalog_versions.county_of_org(session, principal.org, today)
    if principal.county is not None and county is not None and principal.county != county:
        raise ProblemError(
            AUTH_COUNTY_MISMATCH,
            None,
            f"单位 {principal.org} 属于 {county},令牌写的是 {principal.county}",
        )
    document = await catalog_versions.active_document(session, county, today) if county else None
    unit = document.org_unit(principal.org) if document else None
    if document is not None and unit is None:
        raise ProblemError(AUTH_ORG_UNKNOWN, "所在单位不在本县现行清单中", principal.org)
    if county is None and not is_region(principal.org) and "service" not in principal.roles:
        raise ProblemError(AUTH_ORG_UNKNOWN, "所在单位不在任何县的现行清单中", principal.org)
    check_roles(principal, unit.kind if unit is not None else kind_by_code(principal.org))
    return replace(principal, county=county or principal.county)
