"""Grid event reads: an event's history, a township's list a page at a time."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, unprocessable
from grassroots.grid.access import may_read_township
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.schemas import EventHistory, EventPage, StepRead
from grassroots.grid.events.service import get_or_raise, read


async def history(session: AsyncSession, *, principal: Principal, event_id: str) -> EventHistory:
    """Every step of the event."""
    row = await get_or_raise(session, event_id=event_id, principal=principal)
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
    """A township's events, newest first, a page at a time (readers of the township or county)."""
    if not may_read_township(principal, township):
        raise ProblemError(403, "AUTH-ORG", "无权查看其他乡镇的网格事件")
    rows = await repository.list_events(
        session,
        county=None,
        townships=[township],
        statuses=[status] if status else None,
        category=category,
        since=None,
        until=None,
        ids=None,
        limit=limit + 1,
        after=decode_cursor(cursor) if cursor else None,
    )
    items = [read(r) for r in rows[:limit]]
    more = len(rows) > limit
    return EventPage(items=items, next_cursor=encode_cursor(rows[limit - 1]) if more else None)


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
        raise unprocessable("E-CURSOR", "分页游标无效", str(exc)[:100]) from exc
