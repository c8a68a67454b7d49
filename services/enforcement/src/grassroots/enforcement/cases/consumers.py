"""Event handlers of cases: a grid referral (网格移交执法) opens a discovered case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.envelope import Envelope
from grassroots.common.events.grid import GridEventReferred
from grassroots.enforcement.cases import service
from grassroots.enforcement.policy import Policy


def on_grid_event_referred(
    policy: Policy,
) -> Callable[[AsyncSession, GridEventReferred, Envelope], Awaitable[None]]:
    """The handler for `grid.event.referred` under a county's policy."""

    async def handle(session: AsyncSession, event: GridEventReferred, envelope: Envelope) -> None:
        await service.open_from_referral(session, event=event, policy=policy)

    return handle
