"""Who may see and act on a demand (DESIGN §1), and the shapes every demand use case returns."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import clock
from grassroots.common.auth import Principal
from grassroots.common.catalog_versions import county_of_org
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.demands.models import Demand, DemandAssignment
from grassroots.task_admission.demands.schemas import (
    AssignmentRead,
    DecisionRead,
    DemandRead,
)

# China's date is `grassroots.common.clock`'s: these two names only forward to it (burden/ still
# reads them); new code calls `clock.china_date` / `clock.CHINA` directly.
CHINA = clock.CHINA
COUNTY_ROLES = ("admission_reviewer", "catalog_admin", "evaluator")


def local_today(now: datetime) -> date:
    """China's calendar date at `now` (`clock.china_date`)."""
    return clock.china_date(now)


async def county_of(session: AsyncSession, principal: Principal, today: date) -> str | None:
    """The county a principal acts in (its claim, or its org's)."""
    return principal.county or await county_of_org(session, principal.org, today)


def forbidden(detail: str) -> ProblemError:
    """403 for an org acting outside its own demands."""
    return ProblemError(403, "AUTH-ORG", "无权处理其他单位的事项", detail)


def can_see(
    principal: Principal, county: str | None, demand: Demand, assignments: list[DemandAssignment]
) -> bool:
    """Auditors see all; county roles their county; departments their own; orgs what reaches them."""
    if principal.is_auditor:
        return True
    if principal.has_any(*COUNTY_ROLES) and county == demand.county:
        return True
    if principal.has_any("dept_submitter", "service") and demand.submitter == principal.org:
        return True
    if principal.has_any("township_admin", "village_operator"):
        return any(a.active and principal.org in (a.org, a.parent) for a in assignments)
    return False


def ensure_visible(
    principal: Principal,
    county: str | None,
    demand: Demand | None,
    assignments: list[DemandAssignment],
) -> Demand:
    """The demand, or 404 when it does not exist or the caller may not see it."""
    if demand is None or not can_see(principal, county, demand, assignments):
        raise not_found("事项", demand.id if demand else "")
    return demand


def read(demand: Demand, assignments: list[DemandAssignment]) -> DemandRead:
    """The API view of a demand."""
    return DemandRead(
        id=demand.id,
        status=demand.status,  # type: ignore[arg-type]
        county=demand.county,
        submitter=demand.submitter,
        kind=demand.kind,  # type: ignore[arg-type]
        title=demand.title,
        description=demand.description,
        target_level=demand.target_level,
        targets=list(demand.targets),
        deadline=demand.deadline,
        duty_item_code=demand.duty_item_code,
        urgent=demand.urgent,
        urgent_reason=demand.urgent_reason,
        clarities=dict(demand.clarities),
        support=dict(demand.support),
        form_code=demand.form_code,
        form_fields=list(demand.form_fields),
        inspection_plan_id=demand.inspection_plan_id,
        decision=DecisionRead.model_validate(demand.decision),
        revision=demand.version,
        created_at=demand.created_at,
        updated_at=demand.updated_at,
        assignments=[
            AssignmentRead(
                org=a.org,
                level=a.level,
                parent=a.parent,
                active=a.active,
                dispatched_at=a.dispatched_at,
                received_at=a.received_at,
                completed_at=a.completed_at,
                summary=a.summary,
                on_time=a.on_time,
                overdue=a.overdue_emitted_at is not None,
            )
            for a in assignments
        ],
    )
