"""Who may do what in task-admission (DESIGN §1): the role groups every domain's declarations
share and the declaration of a list.

Each domain declares its routes in its own `access.py` (`Access(Grant(roles, scope), ...)`,
grassroots.common.auth.access); a list names its item route in `rows` and shows only the rows
that item's declaration permits.
"""

from __future__ import annotations

from grassroots.common.auth import Principal
from grassroots.common.auth.access import AUDIT, COUNTY_QUERY, Access, Grant
from grassroots.common.auth.principal import ROLES

# every role placed in a county that works there (auditors read through AUDIT; `ops` runs
# operations, none here); `service` is granted beside them where another system calls
COUNTY_STAFF = tuple(r for r in ROLES if r not in ("auditor", "province_auditor", "ops", "service"))
DEPARTMENT = ("dept_submitter", "service")  # a department, or its own system, as itself
GRASSROOTS = ("township_admin", "village_operator")
# county offices that read the county's demands and complaints (the reviewer decides on them;
# the catalog admin and the evaluator only read: they never act in a demand's lifecycle)
COUNTY_READERS = ("admission_reviewer", "catalog_admin", "evaluator")
REVIEWER = Grant(("admission_reviewer",), "county")


def wide(access: Access, principal: Principal) -> bool:
    """Whether a principal's grants on `access` reach a whole county or province (not only the
    rows it is party to): lists then narrow rows in SQL by county alone."""
    return any(
        g.scope in ("county", "province") and principal.has_any(*g.roles) for g in access.grants
    )


def list_of(item: Access, route: str) -> Access:
    """The declaration of a list of `item`'s rows: the same roles, asked of their own county
    (`?county=`; auditors as ever); each row is then shown only if `item` permits it."""
    roles = tuple(dict.fromkeys(r for g in item.grants if g not in AUDIT for r in g.roles))
    return Access(Grant(roles, "county"), *AUDIT, target=COUNTY_QUERY, rows=route)
