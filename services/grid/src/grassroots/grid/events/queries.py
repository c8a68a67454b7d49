"""Grid event reads: an event's history, a township's list a page at a time."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.codes import CURSOR
from grassroots.common.problems import ProblemError
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
    after = decode_cursor(cursor) if cursor else None
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
    more = len(shown) > limit
    return EventPage(items=items, next_cursor=encode_cursor(shown[limit - 1]) if more else None)


def encode_cursor(row: GridEventRow) -> str:
    """An opaque keyset cursor: the (created_at, id) of a page's last row."""
    raw = json.dumps([row.created_at.isoformat(), row.id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The keyset of a cursor, or 422 E-CURSOR."""
    try:
        at, event_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not isinstance(event_id, str):
            raise ValueError("bad cursor")
        return parsed, event_id
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ProblemError(CURSOR, None, str(exc)[:100]) from exc
