"""Enforcement-log use cases: append (case actions, patrols, inspections), read, verify."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.events.enforcement import LogAppended
from grassroots.common.messaging.outbox import add_event
from grassroots.common.transparency.checkpoints import Checkpoint
from grassroots.common.transparency.verify import Entry, Finding, check
from grassroots.enforcement.logs import chain, repository
from grassroots.enforcement.logs.models import LogEntry


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
    await repository.serialize_appends(session, township)
    head = await repository.head(session, township)
    seq, prev_hash = (head[0] + 1, head[1]) if head is not None else (1, chain.GENESIS)
    at = at or utcnow()
    document = chain.entry_document(
        township=township,
        seq=seq,
        kind=kind,
        case_id=case_id,
        at=at,
        actor=actor,
        body=body,
        prev_hash=prev_hash,
    )
    entry = LogEntry(
        township=township,
        seq=seq,
        kind=kind,
        case_id=case_id,
        at=at,
        actor=actor,
        body=body,
        prev_hash=prev_hash,
        hash=chain.entry_hash(prev_hash, document),
    )
    await repository.append(session, entry)
    add_event(
        session,
        LogAppended(township=township, seq=seq, entry_hash=entry.hash, kind=kind, case_id=case_id),
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


def exported(entry: LogEntry) -> dict[str, Any]:
    """One line of `GET /v1/logs/export`: the hashed document and its stored hash."""
    return {**document_of(entry), "hash": entry.hash}


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


async def local_entries(session: AsyncSession, township: str, *, page: int = 1000) -> list[Entry]:
    """The verifier's view of the township's whole log, read a page at a time."""
    out: list[Entry] = []
    after = 0
    while True:
        rows = await repository.entries(session, township, after_seq=after, limit=page)
        out.extend(chain.entry_of(document_of(r), r.hash) for r in rows)
        if len(rows) < page:
            return out
        after = rows[-1].seq


@dataclass(frozen=True)
class Witnessed:
    """What verification compares the log with: checkpoints and announced entry hashes, and
    where they come from (`by` the witness's URL, or None for this database's own)."""

    by: str | None
    checkpoints: Sequence[Checkpoint]
    announced: Mapping[int, Sequence[str]] | None = None


async def local_witness(session: AsyncSession, township: str) -> Witnessed:
    """This database's own checkpoints (an insider can delete them: weaker than a witness)."""
    rows = await repository.checkpoints(session, township)
    return Witnessed(None, [r.checkpoint() for r in rows])


def announced_for(
    entries: Sequence[Entry], announced: Mapping[int, Sequence[str]] | None
) -> dict[int, str] | None:
    """One announced hash per position; a position announced with two different hashes (the
    tail cut and appended anew) is reported with the one the log no longer has."""
    if announced is None:
        return None
    out: dict[int, str] = {}
    for seq, hashes in announced.items():
        if not hashes:
            continue
        local = entries[seq - 1].hash if 0 < seq <= len(entries) else None
        differing = [h for h in hashes if h != local]
        out[seq] = differing[0] if differing else hashes[0]
    return out


async def verify(
    session: AsyncSession,
    *,
    township: str,
    keys: Mapping[str, Ed25519PublicKey],
    witnessed: Witnessed | None = None,
    page: int = 1000,
) -> Finding:
    """The township's log against the witnessed checkpoints and announced hashes (read first,
    so the log can only be longer than what was witnessed), or its own checkpoints."""
    if witnessed is None:
        witnessed = await local_witness(session, township)
    entries = await local_entries(session, township, page=page)
    return check(
        entries,
        genesis=chain.GENESIS,
        # not filtered by origin: the signature covers it, an edited origin fails it
        checkpoints=witnessed.checkpoints,
        keys=keys,
        announced=announced_for(entries, witnessed.announced),
    )
