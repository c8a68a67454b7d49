"""Who may publish and read a county's catalog (DESIGN §1): the catalog admin (编办) of the
county publishes it; whoever works in the county, and its auditors, read it."""

from __future__ import annotations

from grassroots.common.auth.access import AUDIT, CALLER, COUNTY_QUERY, Access, Grant
from grassroots.task_admission.access import COUNTY_READERS, COUNTY_STAFF, DEPARTMENT

# the document names its county: the service checks it with PUBLISH.require (JSON, YAML or a
# workbook: only the parsed document tells)
PUBLISH = Access(
    Grant(("catalog_admin",), "county"),
    target=CALLER,
    note="the document's county must be the caller's (checked once the body is parsed)",
)
CONVERT = Access(Grant(("catalog_admin",), "county"), target=CALLER)  # nothing is published
READ_CATALOG = Access(Grant((*COUNTY_STAFF, "service"), "county"), *AUDIT, target=COUNTY_QUERY)
# the forms' overlaps: the county offices that approve and review forms, the departments that ask
# them, and auditors (not the townships and villages that fill them)
READ_OVERLAPS = Access(Grant((*DEPARTMENT, *COUNTY_READERS), "county"), *AUDIT, target=COUNTY_QUERY)
