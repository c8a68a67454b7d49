"""Who may report, see and handle a grid event (a grid worker only in own grids)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError
from grassroots.grid.access import county_of
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.workers import service as workers


def may_see(principal: Principal, row: GridEventRow) -> bool:
    """Auditors and the county everywhere in the county; townships/villages/workers their own."""
    if principal.is_auditor:
        return True
    if len(principal.org) == 12 and principal.org[:9] == row.township[:9]:
        return True
    if principal.org == row.assignee:
        return True
    return principal.org == row.county or (
        principal.county == row.county
        and principal.has_any("catalog_admin", "evaluator", "service")
    )


async def require_reporter(
    session: AsyncSession, principal: Principal, township: str, grid_id: str
) -> None:
    """Grid workers in their own grids, the township, its villages, or a county service."""
    if principal.has_any("grid_worker") and await workers.works_in(
        session, sub=principal.sub, grid_id=grid_id
    ):
        return
    if principal.has_any("township_admin") and principal.org == township:
        return
    if principal.has_any("village_operator") and principal.org[:9] == township[:9]:
        return
    if principal.has_any("service") and (principal.county or principal.org) == county_of(township):
        return
    raise ProblemError(403, "AUTH-ORG", "只能在本人负责的网格或本乡镇上报事件", grid_id)


def may_handle(principal: Principal, row: GridEventRow) -> bool:
    """The assignee (worker, office, department, enforcement) or the township's grid centre."""
    if principal.has_any("township_admin") and principal.org == row.township:
        return True
    kind, assignee = row.assignee_kind, row.assignee
    if kind == "grid_worker":
        return principal.has_any("grid_worker") and principal.sub == assignee
    if kind == "enforcement":
        return (
            principal.has_any("enforcement_officer", "enforcement_supervisor")
            and principal.org == row.township
        )
    return principal.org == assignee and not principal.is_auditor
