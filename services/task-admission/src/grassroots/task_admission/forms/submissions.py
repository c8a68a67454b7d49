"""The department's submissions: what the units a `report_form` demand reached submitted, as
JSON or a table (exports.py), masked unless the owner department's own submitter asks to see
people's data in full (`reveal`, audited)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.codes import REVEAL_FORBIDDEN
from grassroots.task_admission.demands import repository as demands
from grassroots.task_admission.forms import repository, rules
from grassroots.task_admission.forms.fillings import counts_read, form_shape
from grassroots.task_admission.forms.schemas import SubmissionRead, SubmissionRow, SubmissionsRead


def may_reveal(principal: Principal, submitter: str) -> bool:
    """Who reads a demand's submissions in full: the owner department's own submitter."""
    return principal.has_any("dept_submitter") and principal.org == submitter


async def submissions(
    session: AsyncSession, *, principal: Principal, demand_id: str, reveal: bool, fmt: str
) -> SubmissionsRead:
    """What the units a demand reached submitted, masked unless the owner department asks to
    see people's data in full (`reveal`, audited)."""
    demand = await demands.get(session, demand_id)
    if demand is None:
        raise not_found("事项", demand_id)
    if reveal and not may_reveal(principal, demand.submitter):
        raise ProblemError(REVEAL_FORBIDDEN, None, demand_id)
    fillings = await repository.of_demand(session, demand_id)
    shape = None
    if demand.form_code:
        shape = await form_shape(session, demand.county, demand.catalog_version, demand.form_code)
    done = [f for f in fillings if f.status == "submitted"]
    cells = await repository.values_of(session, [f.id for f in done])
    out: list[SubmissionRead] = []
    for f in done:
        assert shape is not None
        rows: dict[str, dict[str, str | None]] = {}
        for c in cells[f.id]:
            subject = rules.shown_subject(c.subject, shape.subject, full=reveal)
            shown = rules.shown_value(c.value, shape.definition(c.label), full=reveal)
            rows.setdefault(subject, {})[c.label] = shown
        counts = counts_read(f)
        assert f.submitted_at is not None and counts is not None
        out.append(
            SubmissionRead(
                filling_id=f.id,
                org=f.org,
                period=f.period,
                submitted_at=f.submitted_at,
                counts=counts,
                rows=[SubmissionRow(subject=s, values=v) for s, v in rows.items()],
            )
        )
    if reveal:
        audit.record(
            session,
            principal,
            entity="form_submissions",
            entity_id=demand_id,
            action="reveal",
            changes={"format": fmt, "fillings": len(out)},
        )
    return SubmissionsRead(
        demand_id=demand.id,
        form_code=demand.form_code,
        form_title=shape.title if shape else None,
        fields=[label for label, _ in shape.fields] if shape else [],
        masked=not reveal,
        submissions=out,
        pending=[f.org for f in fillings if f.status == "open"],
    )
