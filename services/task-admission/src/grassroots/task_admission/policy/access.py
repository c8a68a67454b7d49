"""Who may read and set a county's admission policy (DESIGN §1): the reviewer sets its own
county's; whoever works in the county, and its auditors, read it."""

from __future__ import annotations

from grassroots.common.auth.access import AUDIT, CALLER, COUNTY_QUERY, Access, Grant
from grassroots.task_admission.access import COUNTY_STAFF, REVIEWER

READ_POLICY = Access(Grant((*COUNTY_STAFF, "service"), "county"), *AUDIT, target=COUNTY_QUERY)
SET_POLICY = Access(REVIEWER, target=CALLER)
