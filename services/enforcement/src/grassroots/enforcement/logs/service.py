"""Enforcement-log use cases: append (case actions, patrols, inspections), read, verify."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.events.enforcement import LogAppended
from grassroots.common.messaging.outbox import add_event
from grassroots.enforcement.logs import chain, repository
from grassroots.enforcement.logs.models import LogEntry

SERVICE = "enforcement"


async def append(
    session: AsyncSession,
    *,
    township: str,
    kind: str,
    actor: str,
    body: dict[str, Any],
    case_id: str | None = None,
    at: datetime | None = None,
) -> LogEntry:
    """Appends one entry to the township's chain in the caller's transaction; emits log.appended."""
    head = await repository.lock_head(session, township)
    at = at or utcnow()
    seq = head.seq + 1
    document = chain.entry_document(
        township=township,
        seq=seq,
        kind=kind,
        case_id=case_id,
        at=at,
        actor=actor,
        body=body,
        prev_hash=head.hash,
    )
    entry = LogEntry(
        township=township,
        seq=seq,
        kind=kind,
        case_id=case_id,
        at=at,
        actor=actor,
        body=body,
        prev_hash=head.hash,
        hash=chain.entry_hash(head.hash, document),
    )
    await repository.append(session, entry)
    add_event(
        session,
        LogAppended(township=township, seq=seq, entry_hash=entry.hash, kind=kind, case_id=case_id),
        SERVICE,
    )
    return entry


def document_of(entry: LogEntry) -> dict[str, Any]:
    """The hashed document of a stored entry, rebuilt from its columns."""
    return chain.entry_document(
        township=entry.township,
        seq=entry.seq,
        kind=entry.kind,
        case_id=entry.case_id,
        at=entry.at,
        actor=entry.actor,
        body=entry.body,
        prev_hash=entry.prev_hash,
    )


async def list_entries(
    session: AsyncSession,
    *,
    township: str,
    after_seq: int,
    limit: int,
    case_id: str | None = None,
) -> Sequence[LogEntry]:
    """A page of a township's log in chain order."""
    return await repository.entries(
        session, township, after_seq=after_seq, limit=limit, case_id=case_id
    )


async def verify(session: AsyncSession, *, township: str, page: int = 1000) -> chain.Verification:
    """Walks the township's whole chain, a page at a time, and names the first bad entry."""
    walker = chain.Walker()
    after = 0
    while True:
        rows = await repository.entries(session, township, after_seq=after, limit=page)
        for row in rows:
            bad = walker.step(document_of(row), row.hash)
            if bad is not None:
                return bad
        if len(rows) < page:
            break
        after = rows[-1].seq
    head = await repository.head(session, township)
    return walker.finish(head.seq if head is not None else None)
