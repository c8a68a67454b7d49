"""Who may fill, read and import forms (DESIGN §1): one declaration per route.

A township or village fills its own fillings; the township office reads its villages'; the
department whose demand opened a filling reads it (masked) and reads its demand's submissions;
auditors read. History of a form is imported by its owner department or the county's reviewer.
Nobody else: the catalog admin and the evaluator never see people's data here.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, CALLER, Access, FromPath, FromQuery, Grant, Target
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.access import DEPARTMENT, GRASSROOTS, REVIEWER
from grassroots.task_admission.demands.access import THE_DEMAND
from grassroots.task_admission.forms import repository
from grassroots.task_admission.forms.models import Filling


def target_of(filling: Filling) -> Target:
    """Where a filling stands: its county, the filling unit's township and the unit, and the
    department whose demand opened it (its party)."""
    return Target(
        county=filling.county,
        township=filling.township,
        unit=filling.org,
        parties=frozenset({filling.submitter}),
    )


async def filling_target(session: AsyncSession, filling_id: str) -> Target | None:
    """The filling a path names (None when there is none)."""
    filling = await repository.get(session, filling_id)
    return target_of(filling) if filling is not None else None


def filling_not_found(filling_id: str) -> ProblemError:
    return not_found("填报", filling_id)


THE_FILLING = FromPath("filling_id", filling_target, missing=filling_not_found)

SEE_FILLING = Access(
    Grant(GRASSROOTS, "area"), Grant(DEPARTMENT, "party"), *AUDIT, target=THE_FILLING
)
# a unit's own fillings (`?org=`, default the caller's): a township's are its own and its villages'
LIST_FILLINGS = Access(
    Grant(GRASSROOTS, "area"),
    *AUDIT,
    target=FromQuery("org"),
    rows="GET /v1/fillings/{filling_id}",
)
FILL = Access(Grant(GRASSROOTS, "unit"), target=THE_FILLING)  # answer, add a row, submit
SEE_SUBMISSIONS = Access(Grant(DEPARTMENT, "unit"), *AUDIT, target=THE_DEMAND)
# the form is found in the caller's county's catalog once the file is read: its owner department
# (or the county's reviewer) is checked then, with OWN_FORM.require
IMPORT_HISTORY = Access(
    Grant(("dept_submitter",), "unit"),
    REVIEWER,
    target=CALLER,
    note="a department imports the history of the forms it owns (checked against the form)",
)
OWN_FORM = Access(Grant(("dept_submitter",), "unit"), REVIEWER, target=CALLER)
