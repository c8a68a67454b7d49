"""Signed checkpoints of each township's log: issued on demand and by a background loop for
every township whose log grew, stored append-only and published as `log.checkpointed` with
the RFC 9162 consistency proof from the township's previous checkpoint."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.periodic import periodic
from grassroots.common.app.runtime import Runtime
from grassroots.common.db.base import utcnow
from grassroots.common.db.session import Database
from grassroots.common.events.enforcement import LogCheckpointed
from grassroots.common.messaging.outbox import add_event
from grassroots.common.transparency import merkle
from grassroots.common.transparency.verify import Finding, check, leaves
from grassroots.enforcement.logs import chain, repository, service
from grassroots.enforcement.logs.models import LogCheckpoint
from grassroots.enforcement.logs.signing import Keys, keys_of
from grassroots.enforcement.settings import EnforcementSettings

log = logging.getLogger(__name__)


class CheckpointRefused(Exception):
    """The local log does not verify against its own last checkpoint: signing it would vouch
    for a tampered log, so nothing is signed."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(f"{finding.code} at {finding.first_bad_seq}: {finding.detail}")
        self.finding = finding


async def issue(
    session: AsyncSession, *, township: str, keys: Keys, now: datetime
) -> tuple[LogCheckpoint | None, bool]:
    """Signs the township's log as it is now, unless it did not grow since its last checkpoint.

    Returns the checkpoint of the current size (or the latest one when nothing grew; None when
    the log is empty) and whether this call stored it. UNIQUE(township, tree_size) lets one
    replica win: a loser returns the winner's checkpoint and publishes nothing."""
    latest = await repository.latest_checkpoint(session, township)
    entries = await service.local_entries(session, township)
    size = len(entries)
    if size == 0 or (latest is not None and size <= latest.tree_size):
        return latest, False
    finding = check(
        entries,
        genesis=chain.GENESIS,
        checkpoints=[latest.checkpoint()] if latest is not None else [],
        keys=keys.trusted,
    )
    if not finding.ok:
        raise CheckpointRefused(finding)
    hashes = leaves(entries)
    previous = latest.tree_size if latest is not None else 0
    proof = [p.hex() for p in merkle.consistency_proof(previous, hashes)] if previous else []
    signed = keys.sign(chain.origin(township), size, merkle.root(hashes).hex(), now)
    stored = await repository.add_checkpoint(
        session,
        {
            "township": township,
            "origin": signed.origin,
            "tree_size": size,
            "root_hash": signed.root_hash,
            "time": signed.time,
            "key_id": signed.key_id,
            "signature": signed.signature,
            "previous_size": previous,
            "consistency": proof,
        },
    )
    row = await repository.checkpoint_of_size(session, township, size)
    if stored:
        add_event(session, event_of(row))
    return row, stored


def event_of(row: LogCheckpoint) -> LogCheckpointed:
    return LogCheckpointed(
        township=row.township,
        origin=row.origin,
        tree_size=row.tree_size,
        root_hash=row.root_hash,
        time=row.time,
        key_id=row.key_id,
        signature=row.signature,
        previous_size=row.previous_size,
        consistency=list(row.consistency),
    )


async def checkpoint_grown(database: Database, keys: Keys, now: datetime) -> list[int]:
    """One pass: a checkpoint for every township whose log grew; returns the sizes stored."""
    async with database.transaction() as session:
        townships = await repository.grown(session)
    stored: list[int] = []
    for township in townships:
        try:
            async with database.transaction() as session:
                row, created = await issue(session, township=township, keys=keys, now=now)
        except CheckpointRefused as refused:
            log.error(
                "log does not verify against its last checkpoint; not signed",
                extra={"township": township, "code": refused.finding.code},
            )
            continue
        if created and row is not None:
            stored.append(row.tree_size)
    return stored


async def _checkpoint(runtime: Runtime) -> int:
    settings = runtime.settings
    assert isinstance(settings, EnforcementSettings)
    return len(await checkpoint_grown(runtime.database, keys_of(settings), utcnow()))


# every `checkpoint_seconds`: checkpoints the townships whose log grew; the relay is woken after
# storing any (the witnesses learn them from the events)
checkpoint_loop = periodic("checkpoint pass", "checkpoint_seconds", _checkpoint, wait_first=True)
