"""Who may match a text against the duty lists (DESIGN §1): whoever works in a county, against
its own county's catalog in force (a read, so no one acts by it; auditors read the catalog); the
reviewers' example candidates: the catalog admin and auditors of the county."""

from __future__ import annotations

from grassroots.common.auth.access import CALLER, Access, Grant
from grassroots.task_admission.access import COUNTY_STAFF

MATCH = Access(Grant((*COUNTY_STAFF, "service"), "county"), target=CALLER)
# the lessons are for whoever prepares the next catalog version, and those who audit it
CANDIDATES = Access(Grant(("catalog_admin", "auditor"), "county"), target=CALLER)
