"""Test support for evaluation's tests (beside them, not in the service): the demo county,
recorded envelopes, direct delivery, tokens."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from grassroots.common import catalog_versions
from grassroots.common.catalog.regions import county_part
from grassroots.common.events.admission import DemandCompleted
from grassroots.common.events.base import EventPayload
from grassroots.common.events.enforcement import LogCheckpointed
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging import deferred, inbox
from grassroots.common.transparency import merkle
from grassroots.common.transparency.chainlog import origin
from grassroots.common.transparency.checkpoints import Checkpoint, private_key, sign
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.evaluation.main import handlers
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
TWP_A, TWP_B, TWP_C = "990101101000", "990101102000", "990101103000"
DEPT_A, DEPT_B = "11990101MB00000006", "11990101MB00000193"
# enforcement's built-in dev signing seed (grassroots.enforcement.settings.DEV_LOG_SEED): tests
# sign checkpoints with it; the witness trusts its public half by default (DEV_LOG_PUBLIC_KEY)
DEV_LOG_SEED = "gh6kY7eY9BnZaCkTSZGkF/CujIeKNnoiDAaGSWOinC4="


async def store_catalog(app: Any) -> None:
    document = demo_catalog()
    async with app.state.database.transaction() as session:
        await catalog_versions.store(
            session, COUNTY, document["version"], datetime(2026, 1, 1).date(), document
        )


def envelope(payload: EventPayload, at: datetime | None = None) -> Envelope:
    """A recorded envelope of a registered type, as the producing service would publish it."""
    service = {"grassroots.admission.v1": "task-admission", "grassroots.grid.v1": "grid"}.get(
        payload.topic, "enforcement"
    )
    return Envelope.wrap(payload, service, time=at or datetime(2026, 6, 15, 4, tzinfo=UTC))


async def deliver(app: Any, env: Envelope) -> bool:
    """Applies an envelope as the live consumer does (inbox claim, handler and what it deferred,
    one transaction)."""
    by_type = {cls.ce_type(): h for cls, h in handlers(app.state.settings).items()}
    async with app.state.database.transaction() as session:
        if not await inbox.claim(session, "evaluation", env, 0, 0):
            return False
        await by_type[env.type](session, env.payload(), env)
        await deferred.flush(session)
    return True


async def deliver_poll(app: Any, envs: list[Envelope]) -> set[str]:
    """Applies envelopes as the live consumer applies one poll: claimed together, handled in
    order, flushed once, one transaction; returns the ce_ids applied (not duplicates)."""
    by_type = {cls.ce_type(): h for cls, h in handlers(app.state.settings).items()}
    async with app.state.database.transaction() as session:
        fresh = await inbox.claim_many(
            session, "evaluation", [(e, 0, n) for n, e in enumerate(envs)]
        )
        applied = set(fresh)
        for env in envs:
            if env.id in fresh:
                fresh.discard(env.id)
                await by_type[env.type](session, env.payload(), env)
        await deferred.flush(session)
    return applied


def token(app: Any, role: str, org: str = COUNTY, county: str | None = COUNTY) -> dict[str, str]:
    return auth(app.state.settings, role, org=org, county=county)


def completed(n: int, org: str = TWP_A) -> Envelope:
    """The n-th `demand.completed` of `org` (on time when n is even)."""
    return envelope(
        DemandCompleted(
            demand_id=f"d-{org}-{n}",
            county=county_part(org),
            submitter=DEPT_A,
            kind="task",
            org=org,
            deadline=date(2026, 6, 30),
            completed_at=datetime(2026, 6, 10, 2, tzinfo=UTC),
            on_time=n % 2 == 0,
        )
    )


T0 = datetime(2026, 6, 15, 4, tzinfo=UTC)
DEV_KEY = private_key(DEV_LOG_SEED)


def hashes(n: int, salt: str = "") -> list[str]:
    return [hashlib.sha256(f"{salt}{i}".encode()).hexdigest() for i in range(1, n + 1)]


def leaves(entry_hashes: list[str]) -> list[bytes]:
    return [merkle.leaf_hash(bytes.fromhex(h)) for h in entry_hashes]


def checkpointed(
    entry_hashes: list[str],
    previous: int = 0,
    *,
    key=DEV_KEY,
    township: str = TWP_A,
    minutes: int = 0,
    proof_from: list[str] | None = None,
    root: str | None = None,
) -> tuple[LogCheckpointed, Checkpoint]:
    """A signed checkpoint of the log `entry_hashes` (over `root` instead of the log's, when
    given) with the proof from `previous`."""
    tree = leaves(entry_hashes)
    signed = sign(
        key,
        origin(township),
        len(tree),
        merkle.root(tree).hex() if root is None else root,
        T0 + timedelta(minutes=minutes),
    )
    proof_tree = leaves(proof_from) if proof_from is not None else tree
    proof = [p.hex() for p in merkle.consistency_proof(previous, proof_tree)] if previous else []
    event = LogCheckpointed(
        township=township,
        origin=signed.origin,
        tree_size=signed.tree_size,
        root_hash=signed.root_hash,
        time=signed.time,
        key_id=signed.key_id,
        signature=signed.signature,
        previous_size=previous,
        consistency=proof,
    )
    return event, signed
