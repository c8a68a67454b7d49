"""Dispatch, receipt, completion and the overdue scan (once per org, safe with two scanners)."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.task_admission.demands.scans import scan_overdue


async def _admitted(client, h, **overrides):
    response = await client.post("/v1/demands", json=h.basic_task(**overrides), headers=h.dept())
    assert response.status_code == 201 and response.json()["status"] == "admitted", response.text
    return response.json()


async def _count(app, ce_type):
    async with app.state.database.transaction() as session:
        stmt = select(func.count()).select_from(OutboxRow).where(OutboxRow.ce_type == ce_type)
        return await session.scalar(stmt)


async def test_dispatch_receive_complete(api):
    app, client, h = api
    demand = await _admitted(client, h)
    url = f"/v1/demands/{demand['id']}"
    v1, v2 = h.QINGSHAN_VILLAGES
    foreign = await client.post(
        f"{url}/dispatch", json={"villages": [h.SHIMEN_VILLAGE]}, headers=h.township()
    )
    assert foreign.status_code == 422 and foreign.json()["code"] == "E-VILLAGE-NOT-OURS"
    other = await client.post(
        f"{url}/dispatch", json={"villages": [h.SHIMEN_VILLAGE]}, headers=h.township(h.SHIMEN)
    )
    assert other.status_code == 404
    as_village = await client.post(f"{url}/dispatch", json={"villages": [v1]}, headers=h.village())
    assert as_village.status_code == 403
    dispatched = await client.post(f"{url}/dispatch", json={"villages": [v1]}, headers=h.township())
    assert dispatched.status_code == 200, dispatched.text
    assert dispatched.json()["status"] == "dispatched"
    again = await client.post(f"{url}/dispatch", json={"villages": [v1]}, headers=h.township())
    assert again.status_code == 409 and again.json()["code"] == "E-DEMAND-STATE"
    more = await client.post(f"{url}/dispatch", json={"villages": [v1, v2]}, headers=h.township())
    assert more.status_code == 200, more.text
    assert {a["org"] for a in more.json()["assignments"]} == {h.QINGSHAN, v1, v2}
    assert await _count(app, "demand.dispatched.v1") == 2
    township_part = next(a for a in more.json()["assignments"] if a["org"] == h.QINGSHAN)
    assert township_part["received_at"] is not None  # passing it on is receiving it
    own_receipt = await client.post(f"{url}/receipts", headers=h.township())
    assert own_receipt.status_code == 409 and own_receipt.json()["code"] == "E-ASSIGNMENT-STATE"

    for village in (v1, v2):
        received = await client.post(f"{url}/receipts", headers=h.village(village))
        assert received.status_code == 200
    repeated = await client.post(f"{url}/receipts", headers=h.village(v1))
    assert repeated.status_code == 409 and repeated.json()["code"] == "E-ASSIGNMENT-STATE"
    assert await _count(app, "demand.received.v1") == 2
    for_other = await client.post(f"{url}/receipts", json={"org": v2}, headers=h.village(v1))
    assert for_other.status_code == 422 and for_other.json()["code"] == "E-ORG-NOT-CALLER"
    assert (await client.get(url, headers=h.village(h.SHIMEN_VILLAGE))).status_code == 404
    listed = await client.get("/v1/demands", headers=h.village(v1))
    assert [d["id"] for d in listed.json()["items"]] == [demand["id"]]

    for org, headers in ((v1, h.village(v1)), (v2, h.village(v2)), (h.QINGSHAN, h.township())):
        done = await client.post(
            f"{url}/completion", json={"org": org, "summary": "已完成"}, headers=headers
        )
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert all(a["on_time"] for a in done.json()["assignments"])
    twice = await client.post(f"{url}/completion", json={"summary": "x"}, headers=h.village(v1))
    assert twice.status_code == 409 and twice.json()["code"] == "E-ASSIGNMENT-STATE"
    history = (await client.get(f"{url}/history", headers=h.dept())).json()
    steps = [(e["action"], e["status_from"], e["status_to"]) for e in history]
    assert steps == [
        ("submit", None, "admitted"),
        ("dispatch", "admitted", "dispatched"),
        ("dispatch", "dispatched", "dispatched"),
        ("receive", "dispatched", "dispatched"),
        ("receive", "dispatched", "dispatched"),
        ("complete", "dispatched", "dispatched"),
        ("complete", "dispatched", "dispatched"),
        ("complete", "dispatched", "completed"),  # the last part done completes the demand
    ]
    assert [e["detail"]["assignment"] for e in history if e["action"] == "complete"] == [
        ["received", "completed"]
    ] * 3
    assert await _count(app, "demand.completed.v1") == 3


async def test_progress_needs_an_admitted_demand(api):
    _app, client, h = api
    response = await client.post("/v1/demands", json=h.unlisted_task(), headers=h.dept())
    url = f"/v1/demands/{response.json()['id']}"
    refused = await client.post(f"{url}/receipts", headers=h.township())
    assert refused.status_code == 404  # not reached the township before admission


async def test_overdue_is_emitted_once_per_org(api):
    app, client, h = api
    demand = await _admitted(client, h)
    url = f"/v1/demands/{demand['id']}"
    v1, v2 = h.QINGSHAN_VILLAGES
    await client.post(f"{url}/dispatch", json={"villages": [v1, v2]}, headers=h.township())
    await client.post(f"{url}/completion", json={"summary": "按时完成"}, headers=h.village(v1))
    assert await scan_overdue(app.state.database, datetime.now(UTC)) == 0
    later = datetime.now(UTC) + timedelta(days=60)
    results = await asyncio.gather(
        scan_overdue(app.state.database, later),
        scan_overdue(app.state.database, later),
        return_exceptions=True,
    )
    assert await _count(app, "demand.overdue.v1") == 2  # the township and v2, not v1
    assert sum(r for r in results if isinstance(r, int)) == 2
    assert await scan_overdue(app.state.database, later) == 0
    late = await client.post(f"{url}/completion", json={"summary": "迟办"}, headers=h.village(v2))
    by_org = {a["org"]: a for a in late.json()["assignments"]}
    assert by_org[v2]["on_time"] is False and by_org[v2]["overdue"] is True
    assert by_org[v1]["on_time"] is True and by_org[v1]["overdue"] is False
    assert await scan_overdue(app.state.database, later) == 0
