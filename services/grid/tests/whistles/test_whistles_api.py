"""Whistles: a township summons two departments; one answers in time, one late (overdue once)."""

import asyncio
from datetime import date, timedelta

import pytest
from gridtest_setup import COUNTY, admin
from sqlalchemy import select

from grassroots.common import catalog_versions
from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.grid.whistles.scans import scan_whistles_overdue
from grassroots.testkit.apps import auth

NATURAL, ECOLOGY = "11990101MB00000006", "11990101MB00000193"


@pytest.fixture
async def with_catalog(grid):
    app, client = grid
    document = demo_catalog()
    async with app.state.database.transaction() as session:
        await catalog_versions.store(
            session,
            COUNTY,
            document["version"],
            date.fromisoformat(document["effective_from"]),
            document,
        )
    return app, client


def dept(app, code):
    return auth(app.state.settings, "dept_submitter", org=code)


async def test_whistle_to_two_departments_one_late(with_catalog):
    app, client = with_catalog
    body = {
        "departments": [NATURAL, ECOLOGY],
        "issue": "河道非法采砂,需自然资源、生态环境部门到场",
        "respond_within_hours": 2,
    }
    created = await client.post("/v1/whistles", json=body, headers=admin(app))
    assert created.status_code == 201, created.text
    wid = created.json()["id"]
    first = await client.post(
        f"/v1/whistles/{wid}/answers",
        json={"arrived": True, "action": "已到场核查"},
        headers=dept(app, NATURAL),
    )
    assert first.status_code == 200 and first.json()["status"] == "open"
    again = await client.post(
        f"/v1/whistles/{wid}/answers", json={"action": "再次"}, headers=dept(app, NATURAL)
    )
    assert again.status_code == 409 and again.json()["code"] == "E-WHISTLE-ANSWERED"
    stranger = await client.post(
        f"/v1/whistles/{wid}/answers", json={"action": "x"}, headers=dept(app, "11990101MB0000027X")
    )
    assert stranger.status_code == 404  # a department not called does not see the whistle

    later = utcnow() + timedelta(hours=3)
    assert await scan_whistles_overdue(app.state.database, later) == 1
    assert await scan_whistles_overdue(app.state.database, later) == 0
    last = await client.post(
        f"/v1/whistles/{wid}/answers", json={"action": "迟到报到"}, headers=dept(app, ECOLOGY)
    )
    assert last.status_code == 200
    whistle = last.json()
    assert whistle["status"] == "closed"
    calls = {c["department"]: c for c in whistle["calls"]}
    assert calls[NATURAL]["on_time"] is True and calls[ECOLOGY]["overdue"] is True
    async with app.state.database.transaction() as session:
        types = (await session.scalars(select(OutboxRow.ce_type))).all()
    assert types.count("whistle.blown.v1") == 1
    assert types.count("whistle.answered.v1") == 2
    assert types.count("whistle.overdue.v1") == 1
    mine = (await client.get("/v1/whistles", headers=dept(app, ECOLOGY))).json()["items"]
    assert [w["id"] for w in mine] == [wid]
    assert (await client.get("/v1/whistles", headers=dept(app, "11990101MB0000027X"))).json()[
        "items"
    ] == []
    assert (
        await client.get(f"/v1/whistles/{wid}", headers=dept(app, "11990101MB0000027X"))
    ).status_code == 404


async def test_base_codes_checked_against_the_catalog(with_catalog):
    app, client = with_catalog
    from gridtest_geo import collection, feature, rect

    layer = collection(
        feature(rect(0, 0, 1, 1), code="990101101201"),
        feature(rect(1, 0, 2, 1), code="990101101299"),
    )
    response = await client.post(
        "/v1/layers",
        json={"system": "村社区", "kind": "base", "features": layer},
        headers=admin(app),
    )
    assert response.status_code == 422
    assert [(p["index"], p["code"]) for p in response.json()["problems"]] == [(1, "E-FEATURE-CODE")]


async def test_whistle_refusals(with_catalog):
    app, client = with_catalog
    unknown = await client.post(
        "/v1/whistles",
        json={"departments": ["91110000600037341L"], "issue": "x"},
        headers=admin(app),
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-WHISTLE-DEPARTMENT"
    by_dept = await client.post(
        "/v1/whistles", json={"departments": [NATURAL], "issue": "x"}, headers=dept(app, NATURAL)
    )
    assert by_dept.status_code == 403
    event = await client.post(
        "/v1/whistles",
        json={"departments": [NATURAL], "issue": "x", "grid_event_id": "nope"},
        headers=admin(app),
    )
    assert event.json()["code"] == "E-WHISTLE-EVENT"


async def test_the_last_two_departments_answering_together_close_the_whistle(with_catalog):
    """Each answer counts the calls left after its own: the whistle is locked first, so two
    answers at the same moment cannot both see the other's call open."""
    app, client = with_catalog
    body = {"departments": [NATURAL, ECOLOGY], "issue": "联合执法", "respond_within_hours": 2}
    wid = (await client.post("/v1/whistles", json=body, headers=admin(app))).json()["id"]
    answer = {"arrived": True, "action": "到场"}
    url = f"/v1/whistles/{wid}/answers"
    for _ in range(3):  # a department refused by a concurrent claim (SQLite) answers again
        pending = [
            d
            for d in (NATURAL, ECOLOGY)
            if not any(
                c["department"] == d and c["answered_at"]
                for c in (await client.get(f"/v1/whistles/{wid}", headers=admin(app))).json()[
                    "calls"
                ]
            )
        ]
        answers = await asyncio.gather(
            *(client.post(url, json=answer, headers=dept(app, d)) for d in pending)
        )
        assert all(r.status_code in (200, 409) for r in answers), [r.text for r in answers]
    whistle = (await client.get(f"/v1/whistles/{wid}", headers=admin(app))).json()
    assert [c["answered_at"] is not None for c in whistle["calls"]] == [True, True]
    assert whistle["status"] == "closed"
