"""Who may open, see and act on a case (DESIGN §1): a case is acted on by its township's
supervisor (法制审核) or by the officers assigned to it (by their login `sub`); auditors read
their own county; the evaluator and the catalog admin never touch a case."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, Access, FromPath, Grant, Target
from grassroots.common.auth.principal import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import ProblemError, not_found
from grassroots.enforcement.access import FOR_TOWNSHIP, OF_TOWNSHIP, TOWNSHIP_STAFF
from grassroots.enforcement.cases import repository as cases
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.codes import AUTH_NOT_ASSIGNED
from grassroots.enforcement.officers import repository as officers
from grassroots.enforcement.roles import OFFICER, STAFF, SUPERVISOR


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


def require_assigned(principal: Principal, case: Target | None, case_id: str) -> None:
    """ACT_ON_CASE for a case named in a request's body (a patrol entry on it): 403
    AUTH-NOT-ASSIGNED unless the principal is its supervisor or one of its assigned officers."""
    if not ACT_ON_CASE.permits(principal, case):
        raise ProblemError(
            AUTH_NOT_ASSIGNED,
            None,
            f"执法人员只能办理指派给本人的案件 {case_id}",
        )
