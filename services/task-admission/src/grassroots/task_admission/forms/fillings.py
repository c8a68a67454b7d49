"""What the forms use cases share about a filling: the filling and the form it asks (as the
catalog version its demand was checked against has it), loaded; the cells of a new row, each
offered the latest fact held about it; what a cell is offered (a fact, or another live filling's
answer for the period); the fields its events carry; its counts as read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions, clock
from grassroots.common.problems import not_found
from grassroots.task_admission.forms import repository, rules
from grassroots.task_admission.forms.models import Filling, FillingValue
from grassroots.task_admission.forms.rules import FormShape, Offer
from grassroots.task_admission.forms.schemas import CountsRead


async def form_shape(
    session: AsyncSession, county: str, version: str, code: str
) -> FormShape | None:
    """The approved form `code` as the catalog version a demand was checked against has it."""
    row = await catalog_versions.get(session, county, version)
    if row is None:
        return None
    document = catalog_versions.document_of(row)
    form = document.approved_form(code)
    return rules.shape(form, document.form_fields(form)) if form is not None else None


async def filling_shape(session: AsyncSession, filling: Filling) -> FormShape:
    shape = await form_shape(session, filling.county, filling.catalog_version, filling.form_code)
    assert shape is not None, f"{filling.id}: its catalog version holds its form"
    return shape


async def load(session: AsyncSession, filling_id: str, *, for_update: bool = False) -> Filling:
    filling = await (repository.get_for_update if for_update else repository.get)(
        session, filling_id
    )
    if filling is None:
        raise not_found("填报", filling_id)
    return filling


# --- cells ------------------------------------------------------------------------------------


def fact_offer(cell: FillingValue) -> Offer | None:
    if cell.offered is None or cell.offered_kind is None or cell.offered_id is None:
        return None
    assert cell.offered_as_of is not None
    kind: Literal["filling", "import"] = "import" if cell.offered_kind == "import" else "filling"
    return Offer(cell.offered, kind, cell.offered_id, cell.offered_as_of)


def shared_offer(answer: FillingValue | None) -> Offer | None:
    if answer is None or answer.value is None:
        return None
    at = clock.china_date(answer.answered_at) if answer.answered_at else clock.today()
    return Offer(answer.value, "filling", answer.filling_id, at, shared=True)


def subjects(cells: Sequence[FillingValue]) -> list[str]:
    return list(dict.fromkeys(c.subject for c in cells))


async def shared_for(
    session: AsyncSession, filling: Filling, shape: FormShape, cells: Sequence[FillingValue]
) -> dict[tuple[str, str], FillingValue]:
    if filling.status != "open":
        return {}
    return await repository.shared_answers(
        session,
        county=filling.county,
        period=filling.period,
        exclude=filling.id,
        subjects=subjects(cells),
        keys=list(shape.keys.values()),
    )


async def new_row(
    session: AsyncSession,
    *,
    filling: Filling,
    shape: FormShape,
    subject: str,
    position: int,
    now: datetime,
) -> tuple[list[FillingValue], int]:
    """The cells of a row about `subject`, each offered the latest fact held about it; and how
    many fields open with a known value (a fact, or the period's shared answer)."""
    keys = [shape.keys[label] for label, _ in shape.fields]
    facts = await repository.latest_facts(session, filling.county, [subject], keys)
    shared = await repository.shared_answers(
        session,
        county=filling.county,
        period=filling.period,
        exclude=filling.id,
        subjects=[subject],
        keys=keys,
    )
    cells, known = [], 0
    for label, _ in shape.fields:
        key = shape.keys[label]
        fact = facts.get((subject, key)) if label != shape.id_label else None
        cell = FillingValue(
            filling_id=filling.id,
            position=position,
            subject=subject,
            label=label,
            field_key=key,
            offered=fact.value if fact else None,
            offered_kind=fact.source_kind if fact else None,
            offered_id=fact.source_id if fact else None,
            offered_as_of=fact.as_of if fact else None,
        )
        if label == shape.id_label:  # the row's own resident ID, typed to add it
            cell.value, cell.origin, cell.answered_at = subject, "typed", now
        elif fact is not None or (subject, key) in shared:
            known += 1
        cells.append(cell)
    return cells, known


# --- what it says of itself -------------------------------------------------------------------


def event_fields(filling: Filling) -> dict[str, Any]:
    return {
        "filling_id": filling.id,
        "demand_id": filling.demand_id,
        "form_code": filling.form_code,
        "county": filling.county,
        "submitter": filling.submitter,
        "org": filling.org,
        "period": filling.period,
        "fields_asked": filling.fields_asked,
    }


def counts_read(filling: Filling) -> CountsRead | None:
    if filling.rows is None:
        return None
    return CountsRead(
        rows=filling.rows,
        fields_prefilled=filling.fields_confirmed or 0,
        fields_typed=filling.fields_typed or 0,
        fields_shared=filling.fields_shared or 0,
    )
