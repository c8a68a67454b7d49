"""Who may do what in enforcement (DESIGN §1): one declaration per route, checked by the route's
dependency (`Access.route()`). The case routes declare theirs in `cases/access.py` (with where a
case stands); this module imports no domain.

A township's staff work in their own township; a case is acted on by the township's supervisor
(法制审核) or by the officers assigned to it (by their login `sub`); auditors read their own
county (a province auditor its province) and change nothing; the evaluator and the catalog
admin never touch a case. Another system (`service`) reads and signs a township's checkpoints
in its own county, nothing else.
"""

from __future__ import annotations

from grassroots.common.auth.access import AUDIT, Access, FromBody, FromQuery, Grant
from grassroots.enforcement.roles import READERS, STAFF, SUPERVISOR

SERVICE = "service"
OPS = "ops"


OF_TOWNSHIP = FromQuery("township")  # ?township=: the township whose things are read
FOR_TOWNSHIP = FromBody("township")  # {"township": ...}: the township a new thing belongs to
TOWNSHIP_STAFF = Grant(READERS, "township")

# officers, items, ledgers: the township's staff and the county's auditors read
REGISTER_OFFICER = Access(Grant((SUPERVISOR, "township_admin"), "township"), target=FOR_TOWNSHIP)
READ_TOWNSHIP = Access(TOWNSHIP_STAFF, *AUDIT, target=OF_TOWNSHIP)

# the verifiable log
RECORD_PATROL = Access(
    Grant(STAFF, "township"),
    target=FOR_TOWNSHIP,
    note="an entry on a case also needs cases.access.ACT_ON_CASE on that case (AUTH-NOT-ASSIGNED)",
)
READ_LOG = READ_TOWNSHIP  # the entries carry case ids and facts: the readers of the cases
VERIFY_LOG = Access(
    Grant(STAFF, "township"),
    *AUDIT,
    target=OF_TOWNSHIP,
    note="forwards the caller's token to the witness (evaluation), which grants these readers too",
)
READ_CHECKPOINTS = Access(TOWNSHIP_STAFF, *AUDIT, Grant((SERVICE,), "county"), target=OF_TOWNSHIP)
SIGN_CHECKPOINT = Access(
    Grant((SUPERVISOR,), "township"), Grant((OPS, SERVICE), "county"), target=OF_TOWNSHIP
)
SEE_KEYS = Access(
    Grant((*READERS, "auditor", "province_auditor", SERVICE), "anyone"),
    note="the public keys are no township's data: every reader of checkpoints needs them",
)
