"""Filling in (一套表): the unit answers (confirms or corrects what each cell shows), adds rows by
resident ID and submits, completing its part of the demand. One transaction each, through
rules.FILLING; each answers with the filling's view (views.py). Fillings open and close with
their demand (opening.py); reads are views.py, the department's submissions submissions.py, a
form's history import history.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import clock
from grassroots.common.auth import Principal
from grassroots.common.events.admission import FormFillingSubmitted
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.problems import ProblemError
from grassroots.common.refusals import Refusal
from grassroots.task_admission.codes import (
    FILLING_INCOMPLETE,
    FILLING_ROW_EXISTS,
    FILLING_ROWS,
    FILLING_VALUES,
)
from grassroots.task_admission.demands import progress
from grassroots.task_admission.demands import repository as demands
from grassroots.task_admission.demands.rules import ASSIGNMENT
from grassroots.task_admission.forms import fillings, repository, rules, views
from grassroots.task_admission.forms.models import Fact, Filling
from grassroots.task_admission.forms.rules import FILLING, FormShape
from grassroots.task_admission.forms.schemas import FillingRead, RowCreate, ValuesUpdate


def _problem(path: str, message: str) -> dict[str, str]:
    return {"path": path, "message": message}


async def answer(
    session: AsyncSession,
    *,
    principal: Principal,
    filling_id: str,
    body: ValuesUpdate,
    now: datetime,
    if_match: str | None,
) -> FillingRead:
    """The unit confirms or corrects values: the value a cell shows confirms it (shared when it
    showed another filling's answer), another value is typed, null clears the answer."""
    filling = await fillings.load(session, filling_id, for_update=True)
    shape = await fillings.filling_shape(session, filling)

    async def step(edge: Edge) -> Change:
        cells = (await repository.values_of(session, [filling.id]))[filling.id]
        by_cell = {(c.subject, c.label): c for c in cells}
        subjects = set(fillings.subjects(cells))
        shared = await fillings.shared_for(session, filling, shape, cells)
        problems: list[dict[str, str]] = []
        answered = 0
        for i, row in enumerate(body.rows):
            where = f"rows[{i}]"
            subject = _row_subject(row.subject, filling, shape)
            if subject not in subjects:
                problems.append(_problem(f"{where}.subject", "不是本表的对象,请先按身份证号添加"))
                continue
            for label, raw in row.values.items():
                path = f"{where}.values.{label}"
                cell = by_cell.get((subject, label))
                if cell is None:
                    problems.append(_problem(path, "不是本表的字段"))
                    continue
                value, problem = rules.read_value(raw, shape.definition(label))
                if problem is not None:
                    problems.append(_problem(path, problem))
                elif label == shape.id_label:
                    if value != subject:
                        problems.append(_problem(path, "身份证号即本行对象,不能修改"))
                elif value is None:
                    cell.value = cell.origin = cell.shared_from = cell.answered_at = None
                    answered += 1
                else:
                    offer = rules.shown_offer(
                        fillings.fact_offer(cell),
                        fillings.shared_offer(shared.get((subject, cell.field_key))),
                    )
                    cell.value, cell.origin = value, rules.origin_of(value, offer)
                    shared_from = offer.source if offer and cell.origin == "shared" else None
                    cell.shared_from, cell.answered_at = shared_from, now
                    answered += 1
        if problems:
            raise ProblemError(FILLING_VALUES, None, problems=problems)
        return Change(detail={"answered": answered})

    await transition(
        session,
        FILLING,
        filling,
        "answer",
        principal=principal,
        step=step,
        if_match=if_match,
        at=now,
    )
    return await views.view(session, filling, shape, full=views.in_full(principal, filling))


def _row_subject(given: str | None, filling: Filling, shape: FormShape) -> str | None:
    if not shape.keyed:
        return filling.org if given in (None, filling.org) else given
    if given is None:
        return None
    return str(given).strip().upper().replace(" ", "")


async def add_row(
    session: AsyncSession,
    *,
    principal: Principal,
    filling_id: str,
    body: RowCreate,
    now: datetime,
    if_match: str | None,
) -> FillingRead:
    """A household or person the filling reports on, by resident ID: the row opens with that
    person's latest facts."""
    filling = await fillings.load(session, filling_id, for_update=True)
    shape = await fillings.filling_shape(session, filling)

    async def step(edge: Edge) -> Change:
        if not shape.keyed:
            raise Refusal(FILLING_ROWS)
        subject = rules.resident_id(body.subject)
        cells = (await repository.values_of(session, [filling.id]))[filling.id]
        subjects = fillings.subjects(cells)
        if subject in subjects:
            raise Refusal(FILLING_ROW_EXISTS, None, f"{rules.mask_id(subject)} 已在本表中")
        position = max((c.position for c in cells), default=-1) + 1
        new, known = await fillings.new_row(
            session, filling=filling, shape=shape, subject=subject, position=position, now=now
        )
        repository.add_values(session, new)
        return Change(detail={"rows": len(subjects) + 1, "prefilled": known})

    await transition(
        session,
        FILLING,
        filling,
        "add_row",
        principal=principal,
        step=step,
        if_match=if_match,
        at=now,
    )
    return await views.view(session, filling, shape, full=views.in_full(principal, filling))


async def submit(
    session: AsyncSession,
    *,
    principal: Principal,
    filling_id: str,
    now: datetime,
    if_match: str | None,
) -> FillingRead:
    """The unit submits: every field answered (or answered by another filling of the period);
    the answers become the latest facts, `form.filling.submitted` counts them, and the unit's
    part of the demand completes (the demand when it was the last)."""
    filling = await fillings.load(session, filling_id, for_update=True)
    shape = await fillings.filling_shape(session, filling)

    async def step(edge: Edge) -> Change:
        cells = (await repository.values_of(session, [filling.id]))[filling.id]
        shared = await fillings.shared_for(session, filling, shape, cells)
        missing: list[dict[str, str]] = []
        subjects = fillings.subjects(cells)
        for cell in cells:
            if cell.origin is not None:
                continue
            other = shared.get((cell.subject, cell.field_key))
            if other is not None and other.value is not None:
                cell.value, cell.origin = other.value, "shared"
                cell.shared_from, cell.answered_at = other.filling_id, now
            else:
                row = subjects.index(cell.subject)
                missing.append(_problem(f"rows[{row}].values.{cell.label}", "尚未确认或填写"))
        if missing:
            raise ProblemError(FILLING_INCOMPLETE, None, problems=missing)
        today = clock.china_date(now)
        repository.add_facts(
            session,
            [
                Fact(
                    county=filling.county,
                    subject=c.subject,
                    field_key=c.field_key,
                    value=c.value,
                    as_of=today,
                    source_kind="filling",
                    source_id=filling.id,
                    recorded_at=now,
                )
                for c in cells
                if c.value is not None and c.label != shape.id_label
            ],
        )
        tally = rules.counts([c.origin or "" for c in cells], rows=len(subjects))
        filling.rows, filling.fields_confirmed = tally.rows, tally.confirmed
        filling.fields_typed, filling.fields_shared = tally.typed, tally.shared
        filling.submitted_at, filling.submitted_by = now, principal.sub
        await _complete_part(session, principal, filling, shape, now)
        submitted = FormFillingSubmitted(
            **fillings.event_fields(filling),
            rows=tally.rows,
            fields_prefilled=tally.confirmed,
            fields_typed=tally.typed,
            fields_shared=tally.shared,
            submitted_at=now,
        )
        detail = {"rows": tally.rows, "typed": tally.typed, "shared": tally.shared}
        return Change(detail=detail, events=[submitted])

    await transition(
        session,
        FILLING,
        filling,
        "submit",
        principal=principal,
        step=step,
        if_match=if_match,
        at=now,
    )
    return await views.view(session, filling, shape, full=views.in_full(principal, filling))


async def _complete_part(
    session: AsyncSession, principal: Principal, filling: Filling, shape: FormShape, now: datetime
) -> None:
    """The unit's part of the demand is done (demands.progress.complete), unless it already
    reported it done."""
    parts = await demands.assignments(session, filling.demand_id)
    own = next((a for a in parts if a.org == filling.org and a.active), None)
    if own is None or not ASSIGNMENT.allows(own.status, "complete"):
        return
    await progress.complete(
        session,
        principal=principal,
        demand_id=filling.demand_id,
        org=None,
        summary=f"已在平台填报《{shape.title}》({filling.period})",
        now=now,
    )
