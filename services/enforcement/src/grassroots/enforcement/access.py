"""Who may do what in enforcement (DESIGN §1): one declaration per route, checked by the route's
dependency (`Access.route()`), and the targets they are checked against.

A township's staff work in their own township; a case is acted on by the township's supervisor
(法制审核) or by the officers assigned to it (by their login `sub`); auditors read their own
county (a province auditor its province) and change nothing; the evaluator and the catalog
admin never touch a case. Another system (`service`) reads and signs a township's checkpoints
in its own county, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import (
    AUDIT,
    Access,
    FromBody,
    FromPath,
    FromQuery,
    Grant,
    Target,
)
from grassroots.common.auth.principal import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import ProblemError, not_found
from grassroots.enforcement.cases import repository as cases
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.officers import repository as officers
from grassroots.enforcement.roles import OFFICER, READERS, STAFF, SUPERVISOR

SERVICE = "service"
OPS = "ops"


def case_target_of(case: Case, subs: Iterable[str] = ()) -> Target:
    """Where a case stands: its township (owning unit) and county; `subs` its assigned officers."""
    return Target(
        county=county_part(case.township),
        township=case.township,
        unit=case.township,
        subs=frozenset(subs),
    )


async def case_targets(session: AsyncSession, rows: Sequence[Case]) -> dict[str, Target]:
    """The targets of many cases, their assigned officers' subjects read at once."""
    ids = {officer_id for case in rows for officer_id in case.officer_ids}
    sub_of = {o.id: o.user_sub for o in await officers.by_ids(session, sorted(ids)) if o.user_sub}
    return {
        case.id: case_target_of(case, (sub_of[i] for i in case.officer_ids if i in sub_of))
        for case in rows
    }


async def case_target(session: AsyncSession, case_id: str) -> Target | None:
    """A case by id as a target, or None (unknown id: the case is not found)."""
    case = await cases.get(session, case_id)
    if case is None:
        return None
    return (await case_targets(session, [case]))[case.id]


def case_not_found(case_id: str) -> ProblemError:
    return not_found("案件", case_id)


THE_CASE = FromPath("case_id", case_target, missing=case_not_found)
OF_TOWNSHIP = FromQuery("township")  # ?township=: the township whose things are read
FOR_TOWNSHIP = FromBody("township")  # {"township": ...}: the township a new thing belongs to
TOWNSHIP_STAFF = Grant(READERS, "township")

# cases
OPEN_CASE = Access(Grant(STAFF, "township"), target=FOR_TOWNSHIP)
SEE_CASE = Access(TOWNSHIP_STAFF, *AUDIT, target=THE_CASE)
LIST_CASES = Access(TOWNSHIP_STAFF, *AUDIT, target=OF_TOWNSHIP, rows="GET /v1/cases/{case_id}")
ACT_ON_CASE = Access(
    Grant((SUPERVISOR,), "township"),
    Grant((OFFICER,), "assigned"),
    target=THE_CASE,
    note="an assigned officer acts from the case's own township (SEE_CASE as well); the "
    "lifecycle table still reserves its approval edges to the supervisor (e.g. close before a "
    "decision: 不予立案/撤销, AUTH-ROLE)",
)
APPROVE_CASE = Access(
    Grant((SUPERVISOR,), "township"), target=THE_CASE, note="法制审核: the supervisor only"
)

# officers, items, ledgers: the township's staff and the county's auditors read
REGISTER_OFFICER = Access(Grant((SUPERVISOR, "township_admin"), "township"), target=FOR_TOWNSHIP)
READ_TOWNSHIP = Access(TOWNSHIP_STAFF, *AUDIT, target=OF_TOWNSHIP)

# the verifiable log
RECORD_PATROL = Access(
    Grant(STAFF, "township"),
    target=FOR_TOWNSHIP,
    note="an entry on a case also needs ACT_ON_CASE on that case (AUTH-NOT-ASSIGNED)",
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


def require_assigned(principal: Principal, case: Target | None, case_id: str) -> None:
    """ACT_ON_CASE for a case named in a request's body (a patrol entry on it): 403
    AUTH-NOT-ASSIGNED unless the principal is its supervisor or one of its assigned officers."""
    if not ACT_ON_CASE.permits(principal, case):
        raise ProblemError(
            403,
            "AUTH-NOT-ASSIGNED",
            "该案件未指派给您",
            f"执法人员只能办理指派给本人的案件 {case_id}",
        )
