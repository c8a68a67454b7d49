"""Signed checkpoints: on demand and by the loop, claimed once, published with their consistency
proof; the exports an inspector checks with grassroots-verify-log; the witness's contract; the
signing keys (rotation, the dev key refused in prod)."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from enforcementtest_factories import OTHER_TOWNSHIP, Actors, store_demo_catalog
from enforcementtest_logs import (
    FakeWitness,
    base_settings,
    build,
    checkpoint,
    insider,
    patrol,
    rechain,
    witnessed_app,
)
from pydantic import ValidationError
from sqlalchemy import select

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.transparency import chainlog, cli, merkle
from grassroots.common.transparency.checkpoints import (
    Checkpoint,
    keyring,
    new_seed,
    private_key,
    public_raw,
    verify_signature,
)
from grassroots.enforcement.logs.checkpoints import checkpoint_grown
from grassroots.enforcement.logs.signing import keys_of
from grassroots.enforcement.settings import DEV_LOG_SEED, EnforcementSettings


async def events(app, ce_type: str = "log.checkpointed.v1") -> list[dict]:
    async with app.state.database.transaction() as session:
        rows = await session.scalars(
            select(OutboxRow).where(OutboxRow.ce_type == ce_type).order_by(OutboxRow.id)
        )
        return [json.loads(r.payload) for r in rows]


def public_of(seed: str) -> str:
    return base64.b64encode(public_raw(private_key(seed).public_key())).decode()


async def test_a_checkpoint_on_demand_and_when_nothing_grew(enforcement):
    app, client = enforcement
    actors = Actors(app)
    empty = await checkpoint(client, actors)
    assert empty.status_code == 409 and empty.json()["code"] == "E-LOG-EMPTY"
    for n in range(1, 4):
        await patrol(client, actors, n)
    first = await checkpoint(client, actors)
    assert first.status_code == 201, first.text
    cp = first.json()
    assert (cp["tree_size"], cp["previous_size"], cp["consistency"]) == (3, 0, [])
    assert cp["origin"] == f"grassroots/enforcement/{actors.township}"
    assert cp["key_id"] == keys_of(app.state.settings).signing_key_id
    assert verify_signature(Checkpoint.from_document(cp), keys_of(app.state.settings).trusted)
    again = await checkpoint(client, actors)
    assert again.status_code == 200 and again.json() == cp  # nothing grew: the latest
    for n in range(4, 9):
        await patrol(client, actors, n)
    second = (await checkpoint(client, actors)).json()
    assert (second["tree_size"], second["previous_size"]) == (8, 3)
    proof = [bytes.fromhex(p) for p in second["consistency"]]
    old, new = bytes.fromhex(cp["root_hash"]), bytes.fromhex(second["root_hash"])
    assert merkle.verify_consistency(3, 8, old, new, proof)
    published = await events(app)
    assert [e["tree_size"] for e in published] == [3, 8]
    assert published[1]["consistency"] == second["consistency"]
    listed = await client.get(
        "/v1/logs/checkpoints", params={"township": actors.township}, headers=actors.officer()
    )
    assert [c["tree_size"] for c in listed.json()["items"]] == [8, 3]  # newest first


async def test_who_may_sign_a_checkpoint(enforcement):
    app, client = enforcement
    actors = Actors(app)
    await patrol(client, actors, 1)
    params = {"township": actors.township}
    officer = await client.post("/v1/logs/checkpoints", params=params, headers=actors.officer())
    assert officer.status_code == 403
    foreign = Actors(app, OTHER_TOWNSHIP).supervisor
    assert (
        await client.post("/v1/logs/checkpoints", params=params, headers=foreign)
    ).status_code == 403
    service = actors.headers("service", "svc-evaluation", org="990101000000")
    assert (
        await client.post("/v1/logs/checkpoints", params=params, headers=service)
    ).status_code == 201
    # auditors read only (DESIGN §1): they read checkpoints, the loop or ops sign them
    auditor = await client.post("/v1/logs/checkpoints", params=params, headers=actors.auditor)
    assert auditor.status_code == 403 and auditor.json()["code"] == "AUTH-ROLE"
    ops = actors.headers("ops", "operator", org="990101000000")
    assert (
        await client.post("/v1/logs/checkpoints", params=params, headers=ops)
    ).status_code == 200


async def test_replicas_signing_at_once_store_one_checkpoint(enforcement):
    app, client = enforcement
    actors = Actors(app)
    for n in range(1, 6):
        await patrol(client, actors, n)
    answers = await asyncio.gather(*(checkpoint(client, actors) for _ in range(6)))
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers]
    assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
    assert [e["tree_size"] for e in await events(app)] == [5]


async def test_the_loop_signs_every_township_that_grew(enforcement):
    app, client = enforcement
    here, there = Actors(app), Actors(app, OTHER_TOWNSHIP)
    for n in range(1, 4):
        await patrol(client, here, n)
    await patrol(client, there, 1)
    keys = keys_of(app.state.settings)
    assert sorted(await checkpoint_grown(app.state.database, keys, utcnow())) == [1, 3]
    assert await checkpoint_grown(app.state.database, keys, utcnow()) == []  # nothing grew
    await patrol(client, here, 4)
    assert await checkpoint_grown(app.state.database, keys, utcnow()) == [4]
    published = await events(app)
    assert sorted((e["township"], e["tree_size"]) for e in published) == [
        (here.township, 3),
        (here.township, 4),
        (there.township, 1),
    ]


async def test_the_loop_runs_in_the_background(database_url):
    settings = base_settings(database_url, checkpoint_seconds=0.05)
    async with witnessed_app(settings, None) as (app, client):
        await store_demo_catalog(app)
        actors = Actors(app)
        await patrol(client, actors, 1)
        for _ in range(100):
            if await events(app):
                break
            await asyncio.sleep(0.05)
        assert [e["tree_size"] for e in await events(app)] == [1]


async def test_the_loop_does_not_sign_a_contradicted_log(enforcement):
    app, client = enforcement
    actors = Actors(app)
    for n in range(1, 4):
        await patrol(client, actors, n)
    keys = keys_of(app.state.settings)
    assert await checkpoint_grown(app.state.database, keys, utcnow()) == [3]
    async with insider(app) as session:
        await rechain(session, 2)
    await patrol(client, actors, 4)
    assert await checkpoint_grown(app.state.database, keys, utcnow()) == []


async def _download(client, path: str, actors, tmp_path, name: str) -> tuple[str, list[dict]]:
    response = await client.get(path, params={"township": actors.township}, headers=actors.auditor)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    target = tmp_path / name
    target.write_bytes(response.content)
    return str(target), [json.loads(line) for line in response.text.splitlines()]


async def test_an_inspector_verifies_the_exports_offline(database_url, tmp_path, capsys):
    witness = FakeWitness()
    async with witnessed_app(base_settings(database_url), witness) as (app, client):
        await store_demo_catalog(app)
        actors = await build(app, client, witness)
        keys = (await client.get("/v1/logs/keys", headers=actors.auditor)).json()["items"]
        assert keys == [
            {
                "key_id": keys_of(app.state.settings).signing_key_id,
                "public_key": public_of(DEV_LOG_SEED),
                "signing": True,
            }
        ]
        key = ["--public-key", keys[0]["public_key"]]
        cps, lines = await _download(
            client, "/v1/logs/checkpoints/export", actors, tmp_path, "cps.jsonl"
        )
        assert [c["tree_size"] for c in lines] == [3, 7, 10]
        assert set(lines[0]) == {"origin", "tree_size", "root_hash", "time", "key_id", "signature"}
        appended = tmp_path / "appended.jsonl"
        appended.write_text(
            "".join(json.dumps(a) + "\n" for a in witness.appended[actors.township]), "utf-8"
        )

        exported: list[dict] = []

        async def run(*extra: str) -> tuple[int, dict]:
            log, lines = await _download(client, "/v1/logs/export", actors, tmp_path, "log.jsonl")
            exported[:] = lines
            status = cli.main(["--log", log, "--checkpoints", cps, *key, *extra])
            return status, json.loads(capsys.readouterr().out)

        status, finding = await run()
        assert (status, finding["ok"], finding["entries"]) == (0, True, 10)
        assert [e["seq"] for e in exported] == list(range(1, 11))
        assert set(exported[0]) == {*chainlog.FIELDS, "hash"}
        async with insider(app) as session:
            await rechain(session, 5)
        status, finding = await run()
        assert (status, finding["code"], finding["first_bad_seq"]) == (1, "E-LOG-REWRITTEN", 4)
        status, finding = await run("--announced", str(appended))
        assert (status, finding["code"], finding["first_bad_seq"]) == (1, "E-LOG-REWRITTEN", 5)
        status, finding = await run("--public-key", public_of(new_seed()))
        assert status == 1  # another trusted key changes nothing


async def test_an_unavailable_witness_is_never_ok(database_url):
    witness = FakeWitness()
    async with witnessed_app(base_settings(database_url), witness) as (app, client):
        await store_demo_catalog(app)
        actors = await build(app, client, witness, n=3, sizes=(3,))
        params = {"township": actors.township}
        for down, unreachable in ((True, False), (False, True)):
            witness.down, witness.unreachable = down, unreachable
            answer = await client.get("/v1/logs/verify", params=params, headers=actors.auditor)
            assert answer.status_code == 503, answer.text
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["code"] == "E-WITNESS-UNAVAILABLE"
        witness.down = witness.unreachable = False
        ok = await client.get("/v1/logs/verify", params=params, headers=actors.auditor)
        assert ok.status_code == 200 and ok.json()["ok"] is True


async def test_a_witness_off_its_contract_is_unavailable(database_url):
    witness = FakeWitness()
    async with witnessed_app(base_settings(database_url), witness) as (app, client):
        await store_demo_catalog(app)
        actors = await build(app, client, witness, n=3, sizes=(3,))
        witness.checkpoints[actors.township] = [{"tree_size": "three"}]  # type: ignore[list-item]
        answer = await client.get(
            "/v1/logs/verify", params={"township": actors.township}, headers=actors.auditor
        )
        assert answer.status_code == 503 and answer.json()["code"] == "E-WITNESS-UNAVAILABLE"


async def test_rotating_the_signing_key(database_url):
    """A new seed first, the old one after it: old checkpoints still verify, new ones carry the
    new key id; dropping the old key makes its checkpoints unverifiable."""
    newer = new_seed()
    witness = FakeWitness()
    async with witnessed_app(base_settings(database_url), witness) as (app, client):
        await store_demo_catalog(app)
        actors = await build(app, client, witness, n=3, sizes=(3,))
    rotated = base_settings(database_url, log_signing_keys=[newer, DEV_LOG_SEED])
    async with witnessed_app(rotated, witness) as (app, client):
        for n in (4, 5):
            await patrol(client, actors, n)
        signed = (await checkpoint(client, actors)).json()
        assert signed["key_id"] == keys_of(rotated).signing_key_id
        assert signed["previous_size"] == 3
        await witness.observe(app)
        verified = (
            await client.get(
                "/v1/logs/verify", params={"township": actors.township}, headers=actors.auditor
            )
        ).json()
        assert verified["ok"] is True and verified["witnessed_size"] == 5
        published = (await client.get("/v1/logs/keys", headers=actors.auditor)).json()["items"]
        assert [k["signing"] for k in published] == [True, False]
    retired = base_settings(
        database_url, log_signing_keys=[newer], log_public_keys=[public_of(DEV_LOG_SEED)]
    )
    assert set(keys_of(retired).trusted) == set(keys_of(rotated).trusted)
    forgotten = base_settings(database_url, log_signing_keys=[newer])
    async with witnessed_app(forgotten, witness) as (app, client):
        result = (
            await client.get(
                "/v1/logs/verify", params={"township": actors.township}, headers=actors.auditor
            )
        ).json()
        assert (result["code"], result["first_bad_seq"]) == ("E-CHECKPOINT-SIGNATURE", 3)


def test_the_keys_come_from_a_secret_json_list(monkeypatch):
    seeds = [new_seed(), new_seed()]
    monkeypatch.setenv("ENFORCEMENT_LOG_SIGNING_KEYS", json.dumps(seeds))
    settings = EnforcementSettings()
    keys = keys_of(settings)
    assert set(keys.trusted) == set(keyring([public_of(s) for s in seeds]))
    assert keys.signing_key_id == next(iter(keyring([public_of(seeds[0])])))
    assert seeds[0] not in repr(settings)  # a secret: never printed
    monkeypatch.setenv("ENFORCEMENT_LOG_SIGNING_KEYS", json.dumps(["bm90IGEgc2VlZA=="]))
    with pytest.raises(ValidationError, match="not a base64 Ed25519 seed"):
        EnforcementSettings()
    monkeypatch.setenv("ENFORCEMENT_LOG_SIGNING_KEYS", "[]")
    with pytest.raises(ValidationError):
        EnforcementSettings()


PROD = {
    "env": "prod",
    "jwt_jwks_url": "https://idp.example/jwks",
    "database_url": "postgresql+asyncpg://app@db/enforcement",
}


def test_prod_refuses_the_built_in_dev_key():
    with pytest.raises(ValidationError, match="ENFORCEMENT_LOG_SIGNING_KEYS"):
        EnforcementSettings(**PROD)
    with pytest.raises(ValidationError, match="ENFORCEMENT_LOG_SIGNING_KEYS"):
        EnforcementSettings(**PROD, log_signing_keys=[new_seed(), DEV_LOG_SEED])
    assert EnforcementSettings(**PROD, log_signing_keys=[new_seed()]).env == "prod"
    assert EnforcementSettings(env="test").log_signing_keys[0].get_secret_value() == DEV_LOG_SEED
