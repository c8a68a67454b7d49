"""Who may see and act on a complaint (DESIGN §1): one declaration per route.

A township or village files for itself; the township office sees its area's complaints, a
village its own; the department complained about sees them; the reviewer rules within its
county; the catalog admin and the evaluator only read; auditors read only.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, CALLER, Access, FromPath, Grant, Target
from grassroots.common.catalog import regions
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.access import (
    COUNTY_READERS,
    DEPARTMENT,
    GRASSROOTS,
    REVIEWER,
    list_of,
)
from grassroots.task_admission.complaints import repository
from grassroots.task_admission.complaints.models import Complaint


def target_of(complaint: Complaint) -> Target:
    """Where a complaint stands: its county, the complainant's township and unit, and the
    department complained about (its party)."""
    return Target(
        county=complaint.county,
        township=regions.township_of(complaint.complainant),
        unit=complaint.complainant,
        parties=frozenset({complaint.department}),
    )


async def complaint_target(session: AsyncSession, complaint_id: str) -> Target | None:
    """The complaint a path names (None when there is none)."""
    complaint = await repository.get(session, complaint_id)
    return target_of(complaint) if complaint is not None else None


def complaint_not_found(complaint_id: str) -> ProblemError:
    return not_found("投诉", complaint_id)


THE_COMPLAINT = FromPath("complaint_id", complaint_target, missing=complaint_not_found)

SEE_COMPLAINT = Access(
    Grant(GRASSROOTS, "area"),
    Grant(DEPARTMENT, "party"),
    Grant(COUNTY_READERS, "county"),
    *AUDIT,
    target=THE_COMPLAINT,
)
LIST_COMPLAINTS = list_of(SEE_COMPLAINT, "GET /v1/complaints/{complaint_id}")
FILE = Access(Grant(GRASSROOTS, "unit"), target=CALLER)
RULE = Access(REVIEWER, target=THE_COMPLAINT)
