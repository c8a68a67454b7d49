"""Fillings follow their demand (the consumers of task-admission's own demand events): an
admitted or dispatched `report_form` demand opens one for each unit it reached at its form's
level, pre-filled with the latest facts; a withdrawn one closes the open ones unsubmitted. The
service itself acts (rules.SYSTEM), one transaction with the event each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog import regions
from grassroots.common.events.admission import FormFillingOpened
from grassroots.common.lifecycle import transition
from grassroots.common.messaging.outbox import add_event
from grassroots.task_admission.demands import repository as demands
from grassroots.task_admission.forms import fillings, repository, rules
from grassroots.task_admission.forms.rules import FILLING

SERVICE = "task-admission"  # the service itself, opening and withdrawing fillings


def _system(org: str) -> Principal:
    return Principal(sub=SERVICE, org=org, roles=frozenset(rules.SYSTEM))


async def open_fillings(
    session: AsyncSession, *, demand_id: str, orgs: Sequence[str], now: datetime
) -> int:
    """Opens a filling of a `report_form` demand for each of `orgs` it reached at its form's
    level, for the period the form's frequency asks on the day the demand was submitted;
    nothing twice (a redelivered event). Returns how many opened."""
    demand = await demands.get(session, demand_id)
    if demand is None or demand.kind != "report_form" or not demand.form_code:
        return 0
    shape = await fillings.form_shape(
        session, demand.county, demand.catalog_version, demand.form_code
    )
    if shape is None:
        return 0
    parts = await demands.assignments(session, demand.id)
    reached = {a.org for a in parts if a.active and a.level == shape.level}
    period = rules.period_of(shape.frequency, clock.china_date(demand.created_at))
    opened = 0
    for org in dict.fromkeys(orgs):
        if org not in reached:
            continue
        values: dict[str, Any] = {
            "id": f"fl_{uuid.uuid4().hex}",
            "demand_id": demand.id,
            "county": demand.county,
            "submitter": demand.submitter,
            "form_code": shape.code,
            "catalog_version": demand.catalog_version,
            "org": org,
            "township": regions.township_of(org),
            "period": period,
            "subject": shape.subject,
            "status": "open",
            "fields_asked": len(shape.fields),
            "fields_prefilled": 0,
            "opened_at": now,
            "version": 1,
        }
        filling = await repository.add_filling(session, values)
        if filling is None:
            continue  # this demand already opened it
        if not shape.keyed:  # one row, about the unit itself
            cells, known = await fillings.new_row(
                session, filling=filling, shape=shape, subject=org, position=0, now=now
            )
            repository.add_values(session, cells)
            filling.fields_prefilled = known
        audit.record(
            session,
            _system(org),
            entity=FILLING.name,
            entity_id=filling.id,
            action="open",
            changes={"to": "open", "demand_id": demand.id, "period": period},
        )
        add_event(
            session,
            FormFillingOpened(
                **fillings.event_fields(filling), fields_prefilled=filling.fields_prefilled
            ),
        )
        opened += 1
    await session.flush()
    return opened


async def withdraw_fillings(session: AsyncSession, *, demand_id: str, now: datetime) -> None:
    """The department withdrew its demand: its open fillings close unsubmitted."""
    for filling in await repository.of_demand(session, demand_id, for_update=True):
        if FILLING.allows(filling.status, "withdraw"):
            await transition(
                session, FILLING, filling, "withdraw", principal=_system(filling.org), at=now
            )
