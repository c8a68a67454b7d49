"""The witness of the enforcement logs: what it keeps from `log.appended` / `log.checkpointed`,
what it finds in each checkpoint, what it serves and to whom (SQLite and PostgreSQL)."""

import base64
import hashlib
from collections import namedtuple

import httpx
import pytest
from evaluationtest_support import (
    DEV_LOG_SEED,
    TWP_A,
    TWP_B,
    checkpointed,
    deliver,
    envelope,
    hashes,
    token,
)
from sqlalchemy import func, select

from grassroots.common.events.enforcement import LogAppended
from grassroots.common.messaging.consumer import EventConsumer
from grassroots.common.transparency.checkpoints import (
    Checkpoint,
    new_seed,
    private_key,
    public_raw,
)
from grassroots.evaluation.main import handlers
from grassroots.evaluation.settings import DEV_LOG_PUBLIC_KEY
from grassroots.evaluation.witness.models import AppendedRow, CheckpointRow

Record = namedtuple("Record", "topic value headers partition offset key")


def appended(seq: int, entry_hash: str, township: str = TWP_A) -> LogAppended:
    return LogAppended(
        township=township, seq=seq, entry_hash=entry_hash, kind="case.filed", case_id=f"c{seq}"
    )


async def _get(client, app, what: str, township: str = TWP_A, **who):
    headers = token(app, who.pop("role", "auditor"), **who)
    return await client.get(f"/v1/witness/logs/{township}/{what}", headers=headers)


async def _count(app, model) -> int:
    async with app.state.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_appended_is_kept_once_and_a_second_hash_is_a_conflict(evaluation):
    app, client = evaluation
    first = hashes(3)
    envs = [envelope(appended(seq, h)) for seq, h in enumerate(first, start=1)]
    for env in envs:
        assert await deliver(app, env)
    assert not await deliver(app, envs[0])  # a redelivery: the inbox knows it
    assert await deliver(app, envelope(appended(2, first[1])))  # republished: same content
    assert await _count(app, AppendedRow) == 3

    forged = hashlib.sha256(b"forged").hexdigest()
    assert await deliver(app, envelope(appended(2, forged)))
    assert await deliver(app, envelope(appended(2, forged)))  # the conflict, once
    assert await _count(app, AppendedRow) == 4

    served = await _get(client, app, "appended")
    assert served.status_code == 200
    assert served.json() == {
        "items": [{"seq": s, "entry_hash": h} for s, h in enumerate(first, start=1)]
    }  # the first hash per seq, in seq order: the forged one never replaces it
    findings = (await _get(client, app, "findings")).json()
    assert [(c["seq"], c["entry_hash"]) for c in findings["conflicts"]] == [(2, forged)]
    assert (await _get(client, app, "appended", TWP_B)).json() == {"items": []}


async def test_checkpoints_are_verified_and_served_oldest_first(evaluation):
    app, client = evaluation
    log = hashes(7)
    one, signed_one = checkpointed(log[:2])
    two, signed_two = checkpointed(log[:5], previous=2, minutes=5)
    three, signed_three = checkpointed(log, previous=5, minutes=10)
    for event in (one, two, three):
        assert await deliver(app, envelope(event))
    assert await deliver(app, envelope(two))  # republished with another ce_id: kept once
    assert await _count(app, CheckpointRow) == 3

    served = await _get(client, app, "checkpoints")
    assert served.status_code == 200
    assert served.json() == {
        "items": [s.document() for s in (signed_one, signed_two, signed_three)]
    }
    again = [Checkpoint.from_document(d) for d in served.json()["items"]]
    assert again == [signed_one, signed_two, signed_three]  # the signatures still verify
    findings = (await _get(client, app, "findings")).json()["checkpoints"]
    assert [(f["signature_ok"], f["consistent"], f["finding"]) for f in findings] == [
        (True, None, None),  # the first one seen: nothing to compare with
        (True, True, None),
        (True, True, None),
    ]


async def test_a_bad_signature_is_kept_flagged_and_not_served(evaluation):
    app, client = evaluation
    log = hashes(4)
    good, signed_good = checkpointed(log[:2])
    await deliver(app, envelope(good))
    substituted, _ = checkpointed(log, previous=2, key=private_key(new_seed()), minutes=5)
    tampered, _ = checkpointed(log, previous=2, minutes=6)
    tampered = tampered.model_copy(update={"root_hash": "ab" * 32})  # signature no longer fits
    elsewhere, _ = checkpointed(log, previous=2, township=TWP_B, minutes=7)
    moved = elsewhere.model_copy(update={"township": TWP_A})  # TWP_B's signed checkpoint
    for event in (substituted, tampered, moved):
        assert await deliver(app, envelope(event))

    served = (await _get(client, app, "checkpoints")).json()
    assert served == {"items": [signed_good.document()]}
    findings = (await _get(client, app, "findings")).json()["checkpoints"]
    assert [(f["signature_ok"], f["finding"]) for f in findings] == [
        (True, None),
        (False, "E-CHECKPOINT-SIGNATURE"),
        (False, "E-CHECKPOINT-SIGNATURE"),
        (False, "E-CHECKPOINT-ORIGIN"),
    ]
    # a later good checkpoint is still checked against the last trusted one (size 2)
    later, signed_later = checkpointed(log, previous=2, minutes=9)
    await deliver(app, envelope(later))
    last = (await _get(client, app, "findings")).json()["checkpoints"][-1]
    assert (last["signature_ok"], last["consistent"]) == (True, True)
    served = (await _get(client, app, "checkpoints")).json()["items"]
    assert served == [signed_good.document(), signed_later.document()]


async def test_inconsistent_checkpoints_are_flagged(evaluation):
    app, client = evaluation
    log = hashes(6)
    await deliver(app, envelope(checkpointed(log[:4])[0]))
    rewritten = [*log[:1], hashlib.sha256(b"rewritten").hexdigest(), *log[2:]]
    fork, _ = checkpointed(rewritten, previous=4, minutes=5)  # a proof from the rewritten tree
    same_size, _ = checkpointed(rewritten[:4], minutes=6)
    shorter, _ = checkpointed(log[:3], minutes=7)
    unlinked, _ = checkpointed(log, previous=5, minutes=8)
    for event in (fork, same_size, shorter, unlinked):
        assert await deliver(app, envelope(event))
    findings = (await _get(client, app, "findings")).json()["checkpoints"]
    assert [(f["tree_size"], f["consistent"], f["finding"]) for f in findings] == [
        (4, None, None),
        (6, False, "E-CHECKPOINT-INCONSISTENT"),
        (4, False, "E-CHECKPOINT-FORK"),
        (3, False, "E-CHECKPOINT-ROLLBACK"),
        (6, False, "E-CHECKPOINT-UNLINKED"),
    ]
    assert all(f["signature_ok"] for f in findings)
    # signed by the log's key, they are served: the verifier reports the fork from them
    served = (await _get(client, app, "checkpoints")).json()["items"]
    assert [c["tree_size"] for c in served] == [4, 6, 4, 3, 6]
    # the honest continuation still verifies against the last consistent one (4)
    honest, _ = checkpointed(log, previous=4, minutes=9)
    await deliver(app, envelope(honest))
    last = (await _get(client, app, "findings")).json()["checkpoints"][-1]
    assert (last["consistent"], last["finding"]) == (True, None)


class _NoLink:
    async def producer(self):  # pragma: no cover - a dead letter would need it
        raise AssertionError("nothing may be dead-lettered")


async def test_the_live_consumer_applies_a_bad_checkpoint_not_dead_letters_it(evaluation):
    app, _ = evaluation
    consumer = EventConsumer(
        app.state.settings, app.state.database, handlers(app.state.settings), [], _NoLink()
    )
    bad, _ = checkpointed(hashes(2), key=private_key(new_seed()))
    env = envelope(bad)
    record = Record(env.topic, env.value(), env.headers(), 0, 0, None)
    assert await consumer.process(record) == "applied"
    async with app.state.database.sessions() as session:
        row = await session.scalar(select(CheckpointRow))
    assert row is not None and (row.signature_ok, row.finding) == (False, "E-CHECKPOINT-SIGNATURE")


OTHER_COUNTY = "990102000000"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ({"role": "auditor"}, 200),
        ({"role": "service", "org": "990101000000", "county": None}, 200),
        ({"role": "evaluator"}, 200),
        ({"role": "enforcement_supervisor", "org": TWP_A}, 200),
        ({"role": "enforcement_officer", "org": TWP_A}, 200),
        ({"role": "evaluator", "org": OTHER_COUNTY, "county": OTHER_COUNTY}, 404),
        ({"role": "enforcement_officer", "org": TWP_B}, 404),
        ({"role": "enforcement_supervisor", "org": TWP_B}, 404),
        ({"role": "township_admin", "org": TWP_A}, 403),
        ({"role": "dept_submitter", "org": "11990101MB00000006", "county": None}, 403),
    ],
)
async def test_who_may_read_the_witness(evaluation, who, status):
    app, client = evaluation
    for what in ("checkpoints", "appended", "findings"):
        response = await _get(client, app, what, **dict(who))
        assert response.status_code == status, (what, who, response.text)
        if status != 200:
            assert response.headers["content-type"].startswith("application/problem+json")
            # out of scope, the log is not found (nothing leaks); a role that reads none: 403
            assert response.json()["code"] in ("AUTH-ROLE", "E-NOT-FOUND")


async def test_no_token_and_no_township(evaluation):
    app, client = evaluation
    assert (await client.get(f"/v1/witness/logs/{TWP_A}/checkpoints")).status_code == 401
    for bad in ("990101000000", "not-a-code", "990101101001"):
        response = await _get(client, app, "checkpoints", bad)
        assert response.status_code == 404, bad
        assert response.json()["code"] == "E-NOT-FOUND"


# The witness as enforcement uses it: its client reads our two routes, and the key the witness
# trusts by default is the public half of enforcement's built-in dev seed.


def test_the_default_trusted_key_is_the_dev_seeds_public_key():
    public = private_key(DEV_LOG_SEED).public_key()
    assert base64.b64encode(public_raw(public)).decode() == DEV_LOG_PUBLIC_KEY
    enforcement = pytest.importorskip("grassroots.enforcement.settings")
    assert enforcement.DEV_LOG_SEED == DEV_LOG_SEED


async def test_enforcements_client_reads_the_contract(evaluation):
    app, _ = evaluation
    witness = pytest.importorskip("grassroots.enforcement.logs.witness")
    log = hashes(3)
    for seq, h in enumerate(log, start=1):
        await deliver(app, envelope(appended(seq, h)))
    event, signed = checkpointed(log)
    await deliver(app, envelope(event))
    client = witness.Witness("http://evaluation", transport=httpx.ASGITransport(app=app))
    auth = token(app, "enforcement_supervisor", org=TWP_A)["Authorization"]
    seen = await client.fetch(TWP_A, auth)
    assert seen.checkpoints == [signed]
    assert seen.announced == {seq: [h] for seq, h in enumerate(log, start=1)}
