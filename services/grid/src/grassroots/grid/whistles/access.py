"""Who may blow, see and answer a whistle (乡镇吹哨、部门报到): one declaration per route."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, CALLER, Access, FromPath, Grant, Target
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import ProblemError, not_found
from grassroots.grid.access import GRID_CENTRE
from grassroots.grid.whistles import repository
from grassroots.grid.whistles.models import WhistleCallRow, WhistleRow


def whistle_target(row: WhistleRow, calls: Sequence[WhistleCallRow]) -> Target:
    """A whistle stands in the township that blew it; its parties are the departments called."""
    return Target(
        county=county_part(row.township),
        township=row.township,
        unit=row.township,
        parties=frozenset(c.department for c in calls),
    )


async def whistle_by_id(session: AsyncSession, whistle_id: str) -> Target | None:
    row = await repository.get(session, whistle_id[:40])
    if row is None:
        return None
    return whistle_target(row, await repository.calls(session, row.id))


def whistle_not_found(whistle_id: str) -> ProblemError:
    return not_found("吹哨", whistle_id)


_IN_WHISTLE = FromPath("whistle_id", whistle_by_id, missing=whistle_not_found)
BLOW = Access(Grant(GRID_CENTRE, "township"), target=CALLER, note="the caller's township blows")
SEE = Access(
    Grant(GRID_CENTRE, "township"),
    Grant(("dept_submitter",), "party"),
    Grant(("evaluator",), "county"),  # rates the departments' answers
    *AUDIT,
    target=_IN_WHISTLE,
)
LIST = Access(
    Grant(GRID_CENTRE, "township"),
    Grant(("dept_submitter",), "unit"),
    Grant(("evaluator",), "county"),
    *AUDIT,
    target=CALLER,
    rows="GET /v1/whistles/{whistle_id}",
    note="the township's own whistles, those calling the department, the county's for the "
    "evaluator and the auditor",
)
ANSWER = Access(Grant(("dept_submitter",), "party"), target=_IN_WHISTLE)
