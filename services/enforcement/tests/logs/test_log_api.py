"""The enforcement log over HTTP: patrol entries, chain order, verification, tampering detected."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from enforcementtest_factories import OTHER_TOWNSHIP, Actors, ago
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from grassroots.enforcement.logs.models import LogEntry

FIELDS = {
    "township": "990101103000",
    "seq": 99,
    "kind": "inspection",
    "case_id": "case_forged",
    "at": datetime(2020, 1, 1, tzinfo=UTC),
    "actor": "mallory",
    "body": {"place": "别处", "officers": [], "observed": "改过"},
    "prev_hash": "f" * 64,
    "hash": "e" * 64,
}


async def patrol(client, actors, n: int, **over):
    body = {
        "township": actors.township,
        "kind": "patrol",
        "at": ago(1 - n / 100).isoformat(),
        "place": f"石桥村第{n}段",
        "officers": [],
        "observed": f"巡查第{n}次,未见异常",
        **over,
    }
    response = await client.post("/v1/logs", json=body, headers=actors.officer())
    assert response.status_code == 201, response.text
    return response.json()


async def verify(client, actors):
    response = await client.get(
        "/v1/logs/verify", params={"township": actors.township}, headers=actors.auditor
    )
    assert response.status_code == 200
    return response.json()


async def allow_tampering(app) -> None:
    """Tamper tests write past the triggers on PostgreSQL (as the tables' owner)."""
    if app.state.database.dialect == "postgresql":
        async with app.state.database.transaction() as session:
            for table in ("enforcement_log", "enforcement_log_checkpoints"):
                await session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))


async def five_entries(enforcement):
    app, client = enforcement
    actors = Actors(app)
    for n in range(1, 6):
        await patrol(client, actors, n)
    return app, client, actors


async def test_patrols_chain_and_verify(enforcement):
    app, client, actors = await five_entries(enforcement)
    page = await client.get(
        "/v1/logs", params={"township": actors.township, "limit": 3}, headers=actors.officer()
    )
    items = page.json()["items"]
    assert [e["seq"] for e in items] == [1, 2, 3] and page.json()["next_after_seq"] == 3
    assert items[0]["prev_hash"] == "0" * 64 and items[1]["prev_hash"] == items[0]["hash"]
    assert await verify(client, actors) == {
        "township": actors.township,
        "ok": True,
        "entries": 5,
        "first_bad_seq": None,
        "code": None,
        "message": None,
        "witnessed_size": 0,
        "witnessed_by": None,
        "checkpoints_from": "local",
        "checkpoints_checked": 0,
    }
    other = Actors(app, OTHER_TOWNSHIP)
    await patrol(client, other, 1)
    assert (await verify(client, other))["entries"] == 1  # chains are per township
    foreign = await client.post(
        "/v1/logs",
        json={
            "township": actors.township,
            "kind": "patrol",
            "at": ago(0).isoformat(),
            "place": "x",
            "officers": [],
            "observed": "x",
        },
        headers=other.officer(),
    )
    assert foreign.status_code == 403
    unknown = await client.post(
        "/v1/logs",
        json={
            "township": actors.township,
            "kind": "inspection",
            "at": ago(0).isoformat(),
            "place": "x",
            "officers": ["off_nobody"],
            "observed": "x",
        },
        headers=actors.officer(),
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-OFFICER-UNKNOWN"


@pytest.mark.parametrize("field", list(FIELDS))
async def test_altering_any_field_is_found(enforcement, field):
    app, client, actors = await five_entries(enforcement)
    await allow_tampering(app)
    async with app.state.database.transaction() as session:
        await session.execute(
            update(LogEntry)
            .where(LogEntry.township == actors.township, LogEntry.seq == 3)
            .values({field: FIELDS[field]})
        )
    result = await verify(client, actors)
    assert result["ok"] is False and result["first_bad_seq"] == 3, result


async def test_deleting_and_swapping_are_found(enforcement):
    app, client, actors = await five_entries(enforcement)
    await allow_tampering(app)
    async with app.state.database.transaction() as session:
        rows = {
            e.seq: e for e in (await session.scalars(select(LogEntry).order_by(LogEntry.seq))).all()
        }
        two, four = rows[2].id, rows[4].id
        # swap entries 2 and 4 (by their positions in the chain)
        await session.execute(update(LogEntry).where(LogEntry.id == two).values(seq=-2))
        await session.execute(update(LogEntry).where(LogEntry.id == four).values(seq=2))
        await session.execute(update(LogEntry).where(LogEntry.id == two).values(seq=4))
    swapped = await verify(client, actors)
    assert (swapped["ok"], swapped["first_bad_seq"], swapped["code"]) == (False, 2, "E-LOG-LINK")
    async with app.state.database.transaction() as session:
        await session.execute(delete(LogEntry).where(LogEntry.seq.in_([2, 4])))
    deleted = await verify(client, actors)
    assert (deleted["first_bad_seq"], deleted["code"]) == (2, "E-LOG-MISSING")
    async with app.state.database.transaction() as session:
        await session.execute(delete(LogEntry).where(LogEntry.seq == 5))
    # the tail removed too: still the first gap is named
    assert (await verify(client, actors))["first_bad_seq"] == 2


async def test_removing_the_last_entry_is_found(enforcement):
    """The head is derived: a cut tail shows against the checkpoint that counted it."""
    app, client, actors = await five_entries(enforcement)
    signed = await client.post(
        "/v1/logs/checkpoints", params={"township": actors.township}, headers=actors.supervisor
    )
    assert signed.status_code == 201 and signed.json()["tree_size"] == 5
    await allow_tampering(app)
    async with app.state.database.transaction() as session:
        await session.execute(delete(LogEntry).where(LogEntry.seq == 5))
    result = await verify(client, actors)
    assert (result["first_bad_seq"], result["code"]) == (5, "E-LOG-TRUNCATED")


async def test_postgresql_refuses_update_and_delete(enforcement):
    app, client, actors = await five_entries(enforcement)
    if app.state.database.dialect != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    for statement in (
        update(LogEntry).where(LogEntry.seq == 3).values(actor="mallory"),
        delete(LogEntry).where(LogEntry.seq == 3),
        text("TRUNCATE enforcement_log"),
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with app.state.database.transaction() as session:
                await session.execute(statement)
    assert (await verify(client, actors))["ok"] is True


async def test_concurrent_appends_keep_one_chain(enforcement):
    """Ten patrols posted at once: seq 1..10, one chain, no gap, no fork, no 5xx."""
    import asyncio

    from grassroots.common.db.plumbing import OutboxRow

    app, client = enforcement
    actors = Actors(app)
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    body = {
        "township": actors.township,
        "kind": "patrol",
        "at": at,
        "place": "p",
        "officers": [],
        "observed": "o",
    }
    responses = await asyncio.gather(
        *(client.post("/v1/logs", json=body, headers=actors.officer()) for _ in range(10))
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    assert sorted(r.json()["seq"] for r in responses) == list(range(1, 11))
    by_seq = {r.json()["seq"]: r.json() for r in responses}
    assert all(by_seq[n]["prev_hash"] == by_seq[n - 1]["hash"] for n in range(2, 11))
    async with app.state.database.transaction() as session:
        stored = (await session.scalars(select(LogEntry.seq).order_by(LogEntry.seq))).all()
        announced = (
            await session.scalars(select(OutboxRow).where(OutboxRow.ce_type == "log.appended.v1"))
        ).all()
    assert list(stored) == list(range(1, 11))
    assert sorted(json.loads(r.payload)["seq"] for r in announced) == list(range(1, 11))
    assert (await verify(client, actors))["ok"] is True


async def test_verification_pages_through_a_long_chain(enforcement):
    from grassroots.enforcement.logs import service
    from grassroots.enforcement.logs.signing import keys_of

    app, _client, actors = await five_entries(enforcement)
    keys = keys_of(app.state.settings).trusted
    async with app.state.database.transaction() as session:
        assert (await service.verify(session, township=actors.township, keys=keys, page=2)).ok
    await allow_tampering(app)
    async with app.state.database.transaction() as session:
        await session.execute(update(LogEntry).where(LogEntry.seq == 5).values(actor="mallory"))
    async with app.state.database.transaction() as session:
        result = await service.verify(session, township=actors.township, keys=keys, page=2)
    assert (result.ok, result.first_bad_seq, result.code) == (False, 5, "E-LOG-ALTERED")


async def test_inspection_on_a_case_by_its_officers_only(staffed):
    from enforcementtest_factories import open_case

    _app, client, actors, officers = staffed
    case = await open_case(client, actors, officers=officers)
    body = {
        "township": actors.township,
        "kind": "inspection",
        "at": ago(0.5).isoformat(),
        "place": "石桥村三组",
        "officers": officers,
        "observed": "现场仍有焚烧痕迹,已拍照取证",
        "case_id": case["id"],
    }
    stranger = await client.post("/v1/logs", json=body, headers=actors.officer("zhao"))
    assert stranger.status_code == 403 and stranger.json()["code"] == "AUTH-NOT-ASSIGNED"
    assigned = await client.post("/v1/logs", json=body, headers=actors.officer("wang"))
    assert assigned.status_code == 201 and assigned.json()["case_id"] == case["id"]
    unknown = await client.post(
        "/v1/logs", json={**body, "case_id": "case_nope"}, headers=actors.officer("wang")
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-CASE-UNKNOWN"
