"""Grid event reads: an event's history, a township's list a page at a time."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import pagination
from grassroots.common.auth import Principal
from grassroots.grid.events import access, repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.schemas import EventHistory, EventPage, StepRead
from grassroots.grid.events.service import get_or_raise, read


async def history(session: AsyncSession, *, event_id: str) -> EventHistory:
    """Every step of the event."""
    row = await get_or_raise(session, event_id=event_id)
    steps = await repository.history(session, row.id)
    return EventHistory(
        id=row.id, steps=[StepRead.model_validate(s, from_attributes=True) for s in steps]
    )


async def list_events(
    session: AsyncSession,
    *,
    principal: Principal,
    township: str,
    status: str | None,
    category: str | None,
    limit: int,
    cursor: str | None = None,
) -> EventPage:
    """A township's events, newest first, a page at a time: only those the principal may see
    one by one (`access.SEE`), read in batches until the page is full."""
    after = pagination.decode(cursor)
    shown: list[GridEventRow] = []
    batch = max(limit + 1, 100)
    while len(shown) <= limit:
        rows = await repository.list_events(
            session,
            county=None,
            townships=[township],
            statuses=[status] if status else None,
            category=category,
            since=None,
            until=None,
            ids=None,
            limit=batch,
            after=after,
        )
        shown += [r for r in rows if access.SEE.permits(principal, access.event_target(r))]
        if len(rows) < batch:
            break
        after = (rows[-1].created_at, rows[-1].id)
    items = [read(r) for r in shown[:limit]]
    last = shown[limit - 1] if len(shown) > limit else None
    return EventPage(
        items=items, next_cursor=pagination.encode(last.created_at, last.id) if last else None
    )
