"""Who files and decides inspection plans: a department files for townships of its county
(`rules.check_plan`); the county's evaluator approves or refuses. A plan is read by the
evaluator and auditors of its county, the department that filed it and the townships it
inspects."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, COUNTY_QUERY, Access, FromPath, Grant, Target
from grassroots.common.problems import not_found
from grassroots.evaluation.access import EVALUATOR
from grassroots.evaluation.inspection_plans import repository
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow


def plan_target(row: InspectionPlanRow) -> Target:
    """A plan stands in its county, owned by its department, addressed to its townships."""
    return Target(county=row.county, unit=row.department, parties=frozenset(row.townships))


async def find_plan(session: AsyncSession, plan_id: str) -> Target | None:
    row = await repository.get(session, plan_id)
    return plan_target(row) if row is not None else None


AT_PLAN = FromPath("plan_id", find_plan, missing=lambda i: not_found("检查计划", i))
FILE = Access(Grant(("dept_submitter",), "county"))
DECIDE = Access(EVALUATOR, target=AT_PLAN)
SEE = Access(
    EVALUATOR,
    Grant(("dept_submitter",), "unit"),
    Grant(("township_admin",), "party"),
    *AUDIT,
    target=AT_PLAN,
)
LIST = Access(
    Grant(("evaluator", "dept_submitter", "township_admin"), "county"),
    *AUDIT,
    target=COUNTY_QUERY,
    rows="GET /v1/inspection-plans/{plan_id}",
)
