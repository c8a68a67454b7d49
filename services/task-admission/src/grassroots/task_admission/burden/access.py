"""Who may read an org's burden ledger (DESIGN §1): a township office its own and its
villages', a village its own, the county offices and auditors their county's."""

from __future__ import annotations

from grassroots.common.auth.access import AUDIT, Access, FromQuery, Grant
from grassroots.task_admission.access import COUNTY_READERS, GRASSROOTS

SEE_BURDEN = Access(
    Grant(GRASSROOTS, "area"), Grant(COUNTY_READERS, "county"), *AUDIT, target=FromQuery("org")
)
