"""Witness use cases: keep what enforcement announced (idempotently, never overwriting), judge
each checkpoint on arrival, and serve both to the readers of the township's log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.enforcement import LogAppended, LogCheckpointed
from grassroots.common.events.envelope import Envelope
from grassroots.common.transparency.checkpoints import Checkpoint
from grassroots.evaluation.witness import repository, rules


async def keep_appended(session: AsyncSession, event: LogAppended, envelope: Envelope) -> bool:
    """Keeps an announced (township, seq, hash); a redelivery changes nothing, another hash for
    a position already held is kept as a conflict. Returns whether a row was added."""
    taken = await repository.position_taken_by_other(
        session, event.township, event.seq, event.entry_hash
    )
    return await repository.add_appended(
        session,
        {
            "township": event.township,
            "seq": event.seq,
            "entry_hash": event.entry_hash,
            "kind": event.kind,
            "case_id": event.case_id,
            "ce_id": envelope.id,
            "conflict": taken,
        },
    )


def checkpoint_of(event: LogCheckpointed) -> Checkpoint:
    return Checkpoint(
        origin=event.origin,
        tree_size=event.tree_size,
        root_hash=event.root_hash,
        time=event.time,
        key_id=event.key_id,
        signature=event.signature,
    )


async def keep_checkpoint(
    session: AsyncSession,
    event: LogCheckpointed,
    envelope: Envelope,
    keys: Mapping[str, Ed25519PublicKey],
) -> rules.Verdict | None:
    """Judges and keeps a checkpoint, bad or good (never raises on a bad one: the evidence is
    kept, not dead-lettered); None for a redelivery of one already kept."""
    checkpoint = checkpoint_of(event)
    digest = rules.digest(event.township, checkpoint, event.previous_size, event.consistency)
    if await repository.has_checkpoint(session, event.township, digest):
        return None
    previous = await repository.held(session, event.township)
    held = rules.Held(previous.tree_size, previous.root_hash) if previous is not None else None
    verdict = rules.judge(
        event.township,
        checkpoint,
        previous_size=event.previous_size,
        proof=event.consistency,
        keys=keys,
        held=held,
    )
    stored = await repository.add_checkpoint(
        session,
        {
            "township": event.township,
            "digest": digest,
            "origin": event.origin,
            "tree_size": event.tree_size,
            "root_hash": event.root_hash,
            "time": event.time,
            "key_id": event.key_id,
            "signature": event.signature,
            "previous_size": event.previous_size,
            "consistency": list(event.consistency),
            "ce_id": envelope.id,
            "signature_ok": verdict.signature_ok,
            "consistent": verdict.consistent,
            "finding": verdict.finding,
            "detail": verdict.detail,
        },
    )
    return verdict if stored else None


async def served_checkpoints(session: AsyncSession, township: str) -> list[dict[str, Any]]:
    """Every checkpoint whose signature verified, oldest first, as `Checkpoint.document()`."""
    rows = await repository.checkpoints(session, township, trusted_only=True)
    return [
        Checkpoint(r.origin, r.tree_size, r.root_hash, r.time, r.key_id, r.signature).document()
        for r in rows
    ]


async def served_appended(session: AsyncSession, township: str) -> list[dict[str, Any]]:
    return [
        {"seq": seq, "entry_hash": entry_hash}
        for seq, entry_hash in await repository.appended(session, township)
    ]


async def findings(session: AsyncSession, township: str) -> dict[str, Any]:
    """For inspectors: every checkpoint received with its verdict, and every conflict."""
    rows = await repository.checkpoints(session, township, trusted_only=False)
    return {
        "checkpoints": [
            {
                **Checkpoint(
                    r.origin, r.tree_size, r.root_hash, r.time, r.key_id, r.signature
                ).document(),
                "previous_size": r.previous_size,
                "signature_ok": r.signature_ok,
                "consistent": r.consistent,
                "finding": r.finding,
                "detail": r.detail,
                "received_at": r.received_at,
            }
            for r in rows
        ],
        "conflicts": [
            {"seq": r.seq, "entry_hash": r.entry_hash, "received_at": r.received_at}
            for r in await repository.conflicts(session, township)
        ],
    }
