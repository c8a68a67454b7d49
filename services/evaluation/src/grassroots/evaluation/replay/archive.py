"""Evaluation's archive of consumed facts: every event a projection or store of this service
handled, kept with its effect in the consumer's transaction (the inbox's), so that a replay can
rebuild from it when the broker lost history (retention, a broker that forgot everything).

Only events with a real handler are kept (not the registered types this service ignores).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore_returning
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.consumer import Handler
from grassroots.common.messaging.deferred import defer
from grassroots.evaluation.replay.models import ArchivedEventRow

CHUNK = 2000


def _row(envelope: Envelope) -> dict[str, Any]:
    return {
        "ce_id": envelope.id,
        "ce_type": envelope.type,
        "topic": envelope.topic,
        "source": envelope.source,
        "subject": envelope.subject,
        "time": envelope.time,
        "data": envelope.data,
    }


async def _write(session: AsyncSession, envelopes: list[Envelope]) -> None:
    rows = list({e.id: _row(e) for e in envelopes}.values())
    await insert_ignore_returning(session, ArchivedEventRow, rows, ["ce_id"], ["ce_id"])


def keep(session: AsyncSession, envelope: Envelope) -> None:
    """Archives one consumed envelope once (by ce_id), with the poll's others at its flush."""
    defer(session, _write, envelope)


def archived(handler: Handler) -> Handler:
    """The handler, archiving its envelope first (same transaction). `__wrapped__` is the plain
    handler, which a replay calls (it must not archive what it reads from the archive)."""

    @wraps(handler)
    async def keep_then_apply(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        keep(session, envelope)
        await handler(session, event, envelope)

    return keep_then_apply


def is_archived(handler: Handler) -> bool:
    return getattr(handler, "__wrapped__", None) is not None


def plain(handler: Handler) -> Handler:
    """The handler without its archiving."""
    inner: Callable[..., Any] = getattr(handler, "__wrapped__", handler)
    return inner  # type: ignore[return-value]
