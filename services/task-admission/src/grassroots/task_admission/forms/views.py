"""Reading fillings: one filling as its reader may see it (each cell's value, status and source;
people's data masked unless `in_full`), and a unit's fillings a page at a time. Every use case
that changes a filling answers with its `view`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, clock, pagination
from grassroots.common.auth import Principal
from grassroots.common.auth.access import Target
from grassroots.task_admission.forms import fillings, repository, rules
from grassroots.task_admission.forms.access import SEE_FILLING, target_of
from grassroots.task_admission.forms.models import Filling, FillingValue
from grassroots.task_admission.forms.rules import FILLING, FormShape
from grassroots.task_admission.forms.schemas import (
    CellRead,
    FieldRead,
    FillingPage,
    FillingRead,
    FillingSummary,
    RowRead,
    Source,
)

READ_FULL = "read_full"


def in_full(principal: Principal, filling: Filling) -> bool:
    """Whether a reader sees a filling's people's data in full: the filling unit itself, while
    it fills (open)."""
    return (
        filling.status == "open"
        and principal.org == filling.org
        and principal.has_any(*rules.GRASSROOTS)
    )


def _field_read(label: str, shape: FormShape) -> FieldRead:
    d = shape.definition(label)
    return FieldRead(
        label=label,
        code=d.code if d else None,
        name=d.name if d else None,
        type=d.type if d else "text",
        subject=d.subject if d else None,
        sensitivity=d.sensitivity if d else "internal",
        unit=d.unit if d else None,
        choices=list(d.choices) if d else [],
    )


def _answer_source(cell: FillingValue, filling: Filling) -> Source | None:
    if cell.origin == "confirmed":
        offer = fillings.fact_offer(cell)
        return Source(kind=offer.kind, id=offer.source, as_of=offer.as_of) if offer else None
    at = clock.china_date(cell.answered_at) if cell.answered_at else clock.today()
    if cell.origin == "shared" and cell.shared_from:
        return Source(kind="filling", id=cell.shared_from, as_of=at)
    return Source(kind="filling", id=filling.id, as_of=at)


async def view(
    session: AsyncSession, filling: Filling, shape: FormShape, *, full: bool
) -> FillingRead:
    cells = (await repository.values_of(session, [filling.id]))[filling.id]
    shared = await fillings.shared_for(session, filling, shape, cells)
    rows: dict[str, list[CellRead]] = {}
    for cell in cells:
        definition = shape.definition(cell.label)
        if cell.origin is not None:
            value, source = cell.value, _answer_source(cell, filling)
            status = rules.status_of(cell.origin, None)
        else:
            offer = rules.shown_offer(
                fillings.fact_offer(cell),
                fillings.shared_offer(shared.get((cell.subject, cell.field_key))),
            )
            value = offer.value if offer else None
            source = Source(kind=offer.kind, id=offer.source, as_of=offer.as_of) if offer else None
            status = rules.status_of(None, offer)
        rows.setdefault(cell.subject, []).append(
            CellRead(
                label=cell.label,
                value=rules.shown_value(value, definition, full=full),
                status=status,
                source=source,
            )
        )
    return FillingRead(
        id=filling.id,
        demand_id=filling.demand_id,
        county=filling.county,
        submitter=filling.submitter,
        form_code=filling.form_code,
        form_title=shape.title,
        org=filling.org,
        period=filling.period,
        subject=shape.subject,
        status=filling.status,  # type: ignore[arg-type]
        revision=filling.version,
        masked=not full,
        fields_asked=filling.fields_asked,
        fields_prefilled=filling.fields_prefilled,
        opened_at=filling.opened_at,
        submitted_at=filling.submitted_at,
        counts=fillings.counts_read(filling),
        fields=[_field_read(label, shape) for label, _ in shape.fields],
        rows=[
            RowRead(subject=rules.shown_subject(s, shape.subject, full=full), cells=c)
            for s, c in rows.items()
        ],
    )


async def get(session: AsyncSession, *, principal: Principal, filling_id: str) -> FillingRead:
    """One filling (its route's declaration has let the caller see it); a read in full of
    people's data is audited."""
    filling = await fillings.load(session, filling_id)
    shape = await fillings.filling_shape(session, filling)
    full = in_full(principal, filling)
    read = await view(session, filling, shape, full=full)
    if full and rules.protects(shape.fields, shape.subject):
        audit.record(
            session,
            principal,
            entity=FILLING.name,
            entity_id=filling.id,
            action=READ_FULL,
            changes={"rows": len(read.rows)},
        )
    return read


def _summary(f: Filling) -> FillingSummary:
    return FillingSummary(
        id=f.id,
        demand_id=f.demand_id,
        form_code=f.form_code,
        org=f.org,
        period=f.period,
        subject=f.subject,  # type: ignore[arg-type]
        status=f.status,  # type: ignore[arg-type]
        revision=f.version,
        fields_asked=f.fields_asked,
        fields_prefilled=f.fields_prefilled,
        opened_at=f.opened_at,
        submitted_at=f.submitted_at,
    )


async def list_(
    session: AsyncSession,
    *,
    principal: Principal,
    target: Target,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> FillingPage:
    """A unit's fillings (a township's own and its villages'), newest first, each as its item
    route would judge it."""
    assert target.county is not None and target.unit is not None
    before = pagination.decode(cursor)
    shown: list[Filling] = []
    while len(shown) <= limit:
        rows = await repository.list_for(
            session,
            county=target.county,
            org=target.unit,
            status=status,
            before=before,
            limit=limit + 1,
        )
        shown += [f for f in rows if SEE_FILLING.permits(principal, target_of(f))]
        if len(rows) <= limit:
            break
        before = (rows[-1].opened_at, rows[-1].id)
    page = shown[:limit]
    last = page[-1] if len(shown) > limit else None
    return FillingPage(
        items=[_summary(f) for f in page],
        next_cursor=pagination.encode(last.opened_at, last.id) if last else None,
    )
