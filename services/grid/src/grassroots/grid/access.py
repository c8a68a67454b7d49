"""Who may act where (DESIGN §1): townships in their own grids, county staff in their county."""

from __future__ import annotations

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, unprocessable

COUNTY_ROLES = ("catalog_admin", "evaluator")
COUNTY_READERS = ("service", "dept_submitter")  # departments register duties on grids


def county_of(code: str) -> str:
    """The county of a 12-digit region code."""
    return code[:6] + "000000"


def check_township_code(township: str) -> None:
    """422 unless `township` is a 12-digit township code (乡镇/街道)."""
    if not (
        isinstance(township, str)
        and len(township) == 12
        and township.isdigit()
        and township.endswith("000")
        and not township.endswith("000000")
    ):
        raise unprocessable("E-TOWNSHIP-CODE", "乡镇(街道)区划代码不正确", str(township)[:40])


def require_township_admin(principal: Principal, township: str) -> None:
    """The township's own office, or county staff of its county; everyone else 403."""
    if principal.has_any("township_admin") and principal.org == township:
        return
    if principal.has_any(*COUNTY_ROLES) and (principal.county or principal.org) == county_of(
        township
    ):
        return
    raise ProblemError(403, "AUTH-ORG", "无权处理其他乡镇的网格", f"本单位为 {principal.org}")


def may_read_township(principal: Principal, township: str) -> bool:
    """Reading: auditors everywhere; the township and its villages; county staff of its county."""
    if principal.is_auditor:
        return True
    if len(principal.org) == 12 and principal.org[:9] == township[:9]:
        return True
    county = county_of(township)
    if principal.org == county:
        return True
    return principal.county == county and principal.has_any(*COUNTY_ROLES, *COUNTY_READERS)
