"""An insider with the owner's connection rewrites a township's log (and its checkpoints) every
way the issue lists; verification finds each one at its first bad position with its code.

The log is built through the API: ten patrol entries, checkpoints signed at sizes 3, 7 and 10,
every `log.appended` / `log.checkpointed` taken in by a witness standing in for evaluation.
On PostgreSQL the insider disables the append-only triggers first (`ALTER TABLE … DISABLE
TRIGGER ALL`, as only the owner can) and enables them again afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from enforcementtest_factories import Actors, store_demo_catalog
from enforcementtest_logs import (
    WITNESS_URL,
    FakeWitness,
    base_settings,
    build,
    checkpoint,
    insider,
    patrol,
    rechain,
    rows,
    witnessed_app,
)
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.transparency import merkle
from grassroots.common.transparency.checkpoints import new_seed, private_key
from grassroots.common.transparency.verify import leaves
from grassroots.enforcement.logs import chain, service
from grassroots.enforcement.logs.models import LogCheckpoint, LogEntry
from grassroots.enforcement.settings import DEV_LOG_SEED, EnforcementSettings


@dataclass
class Log:
    app: Any
    client: Any
    actors: Actors
    witness: FakeWitness
    settings: EnforcementSettings

    async def verify(
        self, client: Any = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await (client or self.client).get(
            "/v1/logs/verify",
            params={"township": self.actors.township},
            headers=headers or self.actors.auditor,
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


@asynccontextmanager
async def _log(database_url: str, with_witness: bool) -> AsyncIterator[Log]:
    witness = FakeWitness()
    settings = base_settings(database_url)
    async with witnessed_app(settings, witness if with_witness else None) as (app, client):
        await store_demo_catalog(app)
        actors = await build(app, client, witness)
        yield Log(app, client, actors, witness, settings)


@pytest.fixture
async def witnessed(database_url) -> AsyncIterator[Log]:
    async with _log(database_url, True) as log:
        yield log


@pytest.fixture
async def local(database_url) -> AsyncIterator[Log]:
    async with _log(database_url, False) as log:
        yield log


async def edit(session: AsyncSession) -> None:
    entry = (await rows(session))[5]
    await session.execute(
        update(LogEntry).where(LogEntry.id == entry.id).values(body={**entry.body, "observed": "x"})
    )


async def edit_rechained(session: AsyncSession) -> None:
    await rechain(session, 5)


async def middle_delete(session: AsyncSession) -> None:
    await session.execute(delete(LogEntry).where(LogEntry.seq == 6))


async def swap(session: AsyncSession) -> None:
    entries = await rows(session)
    three, four = entries[3].id, entries[4].id
    await session.execute(update(LogEntry).where(LogEntry.id == three).values(seq=-3))
    await session.execute(update(LogEntry).where(LogEntry.id == four).values(seq=3))
    await session.execute(update(LogEntry).where(LogEntry.id == three).values(seq=4))


async def tail_delete(session: AsyncSession) -> None:
    """The last two entries gone; the checkpoints table untouched."""
    await session.execute(delete(LogEntry).where(LogEntry.seq > 8))


async def tail_delete_checkpoints_cut(session: AsyncSession) -> None:
    """The last two entries gone and every checkpoint that counted them: the local evidence
    of the former head (what the heads row was) rewound with them."""
    await tail_delete(session)
    await session.execute(delete(LogCheckpoint).where(LogCheckpoint.tree_size > 8))


async def whole_chain_delete(session: AsyncSession) -> None:
    await session.execute(delete(LogEntry))
    await session.execute(delete(LogCheckpoint))


FORGER = new_seed()


async def forged_checkpoints(session: AsyncSession) -> None:
    """Entry 2 rewritten and re-chained; the checkpoints replaced by ones signed with another key
    (the insider has the database, not the signing key)."""
    await rechain(session, 2)
    entries = list((await rows(session)).values())
    township = entries[0].township
    hashes = leaves([chain.entry_of(service.document_of(e), e.hash) for e in entries])
    old = (await session.scalars(select(LogCheckpoint).order_by(LogCheckpoint.tree_size))).all()
    await session.execute(delete(LogCheckpoint))
    key = private_key(FORGER)
    from grassroots.common.transparency.checkpoints import sign

    for cp in old:
        forged = sign(
            key,
            chain.origin(township),
            cp.tree_size,
            merkle.root(hashes[: cp.tree_size]).hex(),
            cp.time,
        )
        session.add(
            LogCheckpoint(
                township=township,
                origin=forged.origin,
                tree_size=forged.tree_size,
                root_hash=forged.root_hash,
                time=forged.time,
                key_id=forged.key_id,
                signature=forged.signature,
                previous_size=cp.previous_size,
                consistency=cp.consistency,
            )
        )


Tamper = Callable[[AsyncSession], Awaitable[None]]

# the tampering -> (code, first bad position) with the witness (evaluation) configured
WITH_WITNESS: dict[str, tuple[Tamper, str, int]] = {
    "edit": (edit, "E-LOG-ALTERED", 5),
    "edit, re-chained": (edit_rechained, "E-LOG-REWRITTEN", 5),
    "middle delete": (middle_delete, "E-LOG-MISSING", 6),
    "swap": (swap, "E-LOG-LINK", 3),
    "tail delete": (tail_delete, "E-LOG-TRUNCATED", 9),
    "tail delete, checkpoints cut": (tail_delete_checkpoints_cut, "E-LOG-TRUNCATED", 9),
    "whole chain delete": (whole_chain_delete, "E-LOG-TRUNCATED", 1),
    "key substitution": (forged_checkpoints, "E-LOG-REWRITTEN", 2),
}

# the same against this database's own checkpoints only (no witness configured): a re-chained
# edit is placed after the last checkpoint that still matches (3, so from 4); a cut of log and
# checkpoints together is beyond what local evidence can show (see the test below)
LOCAL: dict[str, tuple[Tamper, str, int]] = {
    "edit": (edit, "E-LOG-ALTERED", 5),
    "edit, re-chained": (edit_rechained, "E-LOG-REWRITTEN", 4),
    "middle delete": (middle_delete, "E-LOG-MISSING", 6),
    "swap": (swap, "E-LOG-LINK", 3),
    "tail delete": (tail_delete, "E-LOG-TRUNCATED", 9),
    "whole chain delete, checkpoints kept": (
        lambda s: s.execute(delete(LogEntry)),  # type: ignore[arg-type,return-value]
        "E-LOG-TRUNCATED",
        1,
    ),
    "key substitution": (forged_checkpoints, "E-CHECKPOINT-SIGNATURE", 3),
}


async def test_the_untouched_log_verifies_against_the_witness(witnessed: Log):
    auditor = witnessed.actors.auditor  # one token (a new one is signed each second)
    result = await witnessed.verify(headers=auditor)
    assert result == {
        "township": witnessed.actors.township,
        "ok": True,
        "entries": 10,
        "first_bad_seq": None,
        "code": None,
        "message": None,
        "witnessed_size": 10,
        "witnessed_by": WITNESS_URL,
        "checkpoints_from": "witness",
        "checkpoints_checked": 3,
    }
    # the caller's own token went to the witness, for both of its routes
    assert witnessed.witness.authorizations[-2:] == [auditor["Authorization"]] * 2


@pytest.mark.parametrize("case", list(WITH_WITNESS))
async def test_each_tampering_is_found_with_the_witness(witnessed: Log, case: str):
    tamper, code, seq = WITH_WITNESS[case]
    async with insider(witnessed.app) as session:
        await tamper(session)
    result = await witnessed.verify()
    assert (result["ok"], result["code"], result["first_bad_seq"]) == (False, code, seq), result
    assert result["witnessed_by"] == WITNESS_URL and result["witnessed_size"] == 10


async def test_the_untouched_log_verifies_against_its_own_checkpoints(local: Log):
    result = await local.verify()
    assert result["ok"] is True and result["entries"] == 10
    assert (result["witnessed_by"], result["checkpoints_from"]) == (None, "local")
    assert (result["checkpoints_checked"], result["witnessed_size"]) == (3, 10)


@pytest.mark.parametrize("case", list(LOCAL))
async def test_each_tampering_is_found_against_local_checkpoints(local: Log, case: str):
    tamper, code, seq = LOCAL[case]
    async with insider(local.app) as session:
        await tamper(session)
    result = await local.verify()
    assert (result["ok"], result["code"], result["first_bad_seq"]) == (False, code, seq), result
    assert result["checkpoints_from"] == "local"


async def test_without_a_witness_log_and_checkpoints_cut_together_go_unseen(local: Log):
    """Why the witness exists: the database's own checkpoints go with the log they describe."""
    async with insider(local.app) as session:
        await tail_delete_checkpoints_cut(session)
    result = await local.verify()
    assert (result["ok"], result["entries"], result["witnessed_by"]) == (True, 8, None)


async def test_tail_cut_then_appended_anew_is_found_and_appending_still_works(witnessed: Log):
    """The former 'head rewound': with the head derived, the next append simply follows the
    shortened log (201, not a 500); the witness still holds what seq 9 and 10 were."""
    log = witnessed
    async with insider(log.app) as session:
        await tail_delete_checkpoints_cut(session)
    again = await patrol(log.client, log.actors, 11)
    assert again["seq"] == 9 and again["prev_hash"] != chain.GENESIS
    await patrol(log.client, log.actors, 12)
    await patrol(log.client, log.actors, 13)
    # the log grew past the checkpoint at 7 again: the service signs 11, and the witness keeps
    # it beside the genuine 10 (and both announcements of 9)
    signed = await checkpoint(log.client, log.actors)
    assert signed.status_code == 201 and signed.json()["tree_size"] == 11
    await log.witness.observe(log.app)
    result = await log.verify()
    assert (result["ok"], result["code"], result["first_bad_seq"]) == (False, "E-LOG-REWRITTEN", 9)


async def test_the_service_refuses_to_sign_a_log_its_own_checkpoint_contradicts(local: Log):
    async with insider(local.app) as session:
        await tail_delete(session)
    for n in (11, 12, 13):
        await patrol(local.client, local.actors, n)
    refused = await checkpoint(local.client, local.actors)
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert (body["code"], body["finding"]) == ("E-LOG-UNVERIFIED", "E-LOG-REWRITTEN")


async def test_a_substituted_signing_key_is_found(witnessed: Log, database_url):
    """The insider also restarts the service with a key of theirs: the witness's checkpoints no
    longer verify; keeping the old key trusted beside it, the rewrite shows instead."""
    log = witnessed
    async with insider(log.app) as session:
        await forged_checkpoints(session)
    for trusted, code, seq in (
        ([FORGER], "E-CHECKPOINT-SIGNATURE", 3),
        ([FORGER, DEV_LOG_SEED], "E-LOG-REWRITTEN", 2),
    ):
        settings = base_settings(database_url, log_signing_keys=trusted)
        async with witnessed_app(settings, log.witness) as (_app, client):
            result = await log.verify(client)
        assert (result["ok"], result["code"], result["first_bad_seq"]) == (False, code, seq)


async def test_postgresql_refuses_changing_checkpoints(local: Log):
    if local.app.state.database.dialect != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    from sqlalchemy.exc import DBAPIError

    for statement in (
        update(LogCheckpoint).values(root_hash="0" * 64),
        delete(LogCheckpoint),
        text("TRUNCATE enforcement_log_checkpoints"),
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with local.app.state.database.transaction() as session:
                await session.execute(statement)
    assert (await local.verify())["ok"] is True
