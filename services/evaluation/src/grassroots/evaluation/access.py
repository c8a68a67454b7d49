"""Who may see and do what in evaluation (DESIGN §1): the roles the domains' declarations share.

Each domain declares its routes in its own `access.py` (`Access(Grant(roles, scope), ...)`,
grassroots.common.auth.access); this module holds what they share: the role groups and the
catalog a year is scored against.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.auth.access import Grant
from grassroots.common.auth.principal import ROLES
from grassroots.common.catalog import CatalogDocument

# the units rated (双向考核): a township's office, a department — each sees its own results
RATEES = ("township_admin", "dept_submitter")
# every role placed in a county that works there (auditors read through AUDIT; `ops` runs
# operations; `service` is granted only where another system calls)
COUNTY_STAFF = tuple(r for r in ROLES if r not in ("auditor", "province_auditor", "ops", "service"))
EVALUATOR = Grant(("evaluator",), "county")


async def catalog_for_year(session: AsyncSession, county: str, year: int) -> CatalogDocument | None:
    """The catalog in force at the end of a year, or (for a year before any) the latest one."""
    document = await catalog_versions.active_document(session, county, date(year, 12, 31))
    if document is None:
        document = await catalog_versions.active_document(session, county, date.max)
    return document
