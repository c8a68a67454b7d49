"""Consumer handlers: every projected event moves the metrics (in the inbox's transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.evaluation.metrics import repository
from grassroots.evaluation.metrics.rules import PROJECTED_TYPES, contributions


async def on_event(session: AsyncSession, event: EventPayload, envelope: Envelope) -> None:
    """Projects one event into the metrics; a fact already counted is left as it is."""
    for item in contributions(event, envelope.time):
        await repository.apply(session, item, envelope.id, envelope.type)


HANDLERS = {cls: on_event for cls in PROJECTED_TYPES}
