"""Who may see and act on a demand (DESIGN §1): one declaration per route.

A department sees and changes the demands it submitted; a township or village sees those that
reached it (admitted, addressed to it or to its villages) and acts on its own part; the
reviewer decides within its county; the catalog admin and the evaluator read within their
county and never act; auditors read only.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, CALLER, Access, FromPath, Grant, Target
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.access import (
    COUNTY_READERS,
    DEPARTMENT,
    GRASSROOTS,
    REVIEWER,
    list_of,
)
from grassroots.task_admission.demands import repository
from grassroots.task_admission.demands.models import Demand, DemandAssignment


def target_of(demand: Demand, assignments: Iterable[DemandAssignment]) -> Target:
    """Where a demand stands: its county, its submitter, and the units it reached (each active
    part's org and, for a village's part, its township)."""
    reached = {org for a in assignments if a.active for org in (a.org, a.parent) if org}
    return Target(county=demand.county, unit=demand.submitter, parties=frozenset(reached))


def _assignees(demand: Demand, assignments: Iterable[DemandAssignment]) -> Target:
    """A demand as the units it reached act on it: only the orgs with an active part."""
    parties = frozenset(a.org for a in assignments if a.active)
    return Target(county=demand.county, unit=demand.submitter, parties=parties)


async def demand_target(session: AsyncSession, demand_id: str) -> Target | None:
    """The demand a path names, as it is seen (None when there is none)."""
    demand = await repository.get(session, demand_id)
    if demand is None:
        return None
    return target_of(demand, await repository.assignments(session, demand_id))


async def assignee_target(session: AsyncSession, demand_id: str) -> Target | None:
    """The demand a path names, as the units it reached act on it (None when there is none).
    Its routes change it: the rows are locked now and handed to the use case."""
    loaded = await repository.lock(session, demand_id)
    if loaded is None:
        return None
    return _assignees(*loaded)


def demand_not_found(demand_id: str) -> ProblemError:
    return not_found("事项", demand_id)


THE_DEMAND = FromPath("demand_id", demand_target, missing=demand_not_found)
ITS_PART = FromPath("demand_id", assignee_target, missing=demand_not_found)

SEE_DEMAND = Access(
    Grant(DEPARTMENT, "unit"),
    Grant(GRASSROOTS, "party"),
    Grant(COUNTY_READERS, "county"),
    *AUDIT,
    target=THE_DEMAND,
)
LIST_DEMANDS = list_of(SEE_DEMAND, "GET /v1/demands/{demand_id}")
SUBMIT = Access(Grant(DEPARTMENT, "unit"), target=CALLER)
CHANGE_OWN = Access(Grant(DEPARTMENT, "unit"), target=THE_DEMAND)  # resubmit, withdraw
REVIEW = Access(REVIEWER, target=THE_DEMAND)
DISPATCH = Access(Grant(("township_admin",), "party"), target=ITS_PART)
PROGRESS = Access(Grant(GRASSROOTS, "party"), target=ITS_PART)  # receipts, completion
