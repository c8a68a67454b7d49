"""Handlers of task-admission's own demand events: an admitted `report_form` demand opens its
fillings for the townships (or villages) it targets, a dispatch for the villages it lists (a
village-level form); a withdrawal closes the open ones. The inbox applies each event once and
the fillings' unique key (demand, unit, period) makes a replay open nothing twice."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.events.admission import DemandAdmitted, DemandDispatched, DemandWithdrawn
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.consumer import Handlers
from grassroots.task_admission.forms import opening


async def on_demand_admitted(
    session: AsyncSession, event: DemandAdmitted, envelope: Envelope
) -> None:
    if event.kind == "report_form":
        await opening.open_fillings(
            session, demand_id=event.demand_id, orgs=event.targets, now=utcnow()
        )


async def on_demand_dispatched(
    session: AsyncSession, event: DemandDispatched, envelope: Envelope
) -> None:
    if event.kind == "report_form":
        await opening.open_fillings(
            session, demand_id=event.demand_id, orgs=event.villages, now=utcnow()
        )


async def on_demand_withdrawn(
    session: AsyncSession, event: DemandWithdrawn, envelope: Envelope
) -> None:
    if event.kind == "report_form":
        await opening.withdraw_fillings(session, demand_id=event.demand_id, now=utcnow())


HANDLERS: Handlers = {
    DemandAdmitted: on_demand_admitted,
    DemandDispatched: on_demand_dispatched,
    DemandWithdrawn: on_demand_withdrawn,
}
