"""Double clicks on grid, against the real processes: of ten identical (or conflicting) requests
to every transition endpoint exactly one applies, with one history row and one outbox event; the
rest answer 409 problem+json, none 5xx."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from county import geo
from county.orgs import COUNTY, FORESTRY, LAND, QINGSHAN, VILLAGES

from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.bursts import Burst, burst

VILLAGE = VILLAGES[QINGSHAN][0]
GRID = f"{VILLAGE}-01"
WORKER = f"gw-{VILLAGE}"


@pytest.fixture(scope="module")
def town(grassroots_suite) -> Iterator[httpx.Client]:
    """青山镇 with its merged layer and one worker in the first village's grid; the client is
    the township's grid centre."""
    with grassroots_suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        published = admin.post("/v1/catalog/versions", json=demo_catalog())
        assert published.status_code in (201, 409), published.text
    with grassroots_suite.client("grid", "dept_submitter", FORESTRY) as dept:
        deadline = time.monotonic() + 60  # grid places departments once it holds the catalog
        while dept.get("/v1/me").status_code != 200:
            assert time.monotonic() < deadline, "grid never received the catalog"
            time.sleep(0.2)
    with grassroots_suite.client("grid", "township_admin", QINGSHAN) as client:
        base = {"system": "村社区", "kind": "base", "features": geo.base_layer(QINGSHAN)}
        assert client.post("/v1/layers", json=base).status_code == 201
        merged = client.post("/v1/layers/merge", json={"township": QINGSHAN})
        assert merged.status_code == 200, merged.text
        worker = {"name": "网格员", "post": "专职网格员", "phone": "13800000000", "sub": WORKER}
        hired = client.post(f"/v1/grids/{GRID}/workers", json=worker)
        assert hired.status_code == 201, hired.text
        yield client


def _event(client: httpx.Client, *steps: tuple[str, dict[str, Any]]) -> str:
    """A fresh event in the first village, taken through `steps` one request each."""
    lon, lat = geo.point_in(VILLAGE)
    body = {"category": "environment", "description": "河道垃圾", "lon": lon, "lat": lat}
    created = client.post("/v1/grid-events", json={**body, "reporter": "网格员"})
    assert created.status_code == 201, created.text
    event_id = str(created.json()["id"])
    for action, payload in steps:
        response = client.post(f"/v1/grid-events/{event_id}/{action}", json=payload)
        assert response.status_code == 200, (action, response.text)
    return event_id


def _count(suite, sql: str, **params: object) -> int:
    return int(suite.query("grid", sql, **params)[0][0])


def _outbox(suite, ce_type: str, entity_id: str) -> int:
    sql = "SELECT count(*) FROM outbox WHERE ce_type = :t AND payload LIKE :id"
    return _count(suite, sql, t=f"{ce_type}.v1", id=f"%{entity_id}%")


def _steps(suite, event_id: str) -> int:
    return _count(suite, "SELECT count(*) FROM grid_event_steps WHERE event_id = :e", e=event_id)


TO_WORKER = {"assignee_kind": "grid_worker", "assignee": WORKER}
ACCEPTED = (("accept", {}),)
ASSIGNED = (*ACCEPTED, ("assign", TO_WORKER))
HANDLED = (*ASSIGNED, ("handle", {"feedback": "已清理"}))
VERIFIED = (*HANDLED, ("verify", {"passed": True}))

# (the action, the steps before it, its body, the status after, the events it announces once)
CASES = {
    "accept": ("accept", (), {}, "accepted", ["grid.event.accepted"]),
    "assign": ("assign", ACCEPTED, TO_WORKER, "assigned", ["grid.event.assigned"]),
    "refer": (
        "assign",
        ASSIGNED,
        {"assignee_kind": "enforcement", "item_code": "E-001"},
        "assigned",
        ["grid.event.assigned", "grid.event.referred"],
    ),
    "handle": ("handle", ASSIGNED, {"feedback": "已清理"}, "handled", ["grid.event.handled"]),
    "verify": ("verify", HANDLED, {"passed": True}, "verified", ["grid.event.verified"]),
    "reject": ("verify", HANDLED, {"passed": False}, "assigned", ["grid.event.verified"]),
    "close": ("close", VERIFIED, {"satisfaction": "satisfied"}, "closed", ["grid.event.closed"]),
    "extend": ("extend", ASSIGNED, {"working_days": 10, "reason": "需协调"}, "assigned", []),
}


@pytest.mark.parametrize("case", CASES)
def test_ten_identical_steps_apply_once(grassroots_suite, town, case):
    suite = grassroots_suite
    action, before, body, status, events = CASES[case]
    event_id = _event(town, *before)
    steps = _steps(suite, event_id)
    announced = {t: _outbox(suite, t, event_id) for t in events}
    outcome = burst(town, "POST", f"/v1/grid-events/{event_id}/{action}", json=body)
    winner = outcome.assert_once()
    assert winner.json()["status"] == status
    assert _refused_by_state(outcome)
    assert _steps(suite, event_id) == steps + 1
    for ce_type in events:
        assert _outbox(suite, ce_type, event_id) == announced[ce_type] + 1, ce_type
    audited = _count(
        suite,
        "SELECT count(*) FROM audit_log WHERE entity = 'grid_event' AND entity_id = :e"
        " AND action = :a",
        e=event_id,
        a=action,
    )
    assert audited == sum(1 for a, _ in before if a == action) + 1


def test_conflicting_verdicts_apply_one_of_them(grassroots_suite, town):
    suite = grassroots_suite
    event_id = _event(town, *HANDLED)
    verdicts = [{"passed": i % 2 == 0} for i in range(10)]
    outcome = burst(town, "POST", f"/v1/grid-events/{event_id}/verify", bodies=verdicts)
    winner = outcome.assert_once()
    assert winner.json()["status"] in ("verified", "assigned")
    assert _outbox(suite, "grid.event.verified", event_id) == 1
    history = town.get(f"/v1/grid-events/{event_id}/history").json()["steps"]
    assert [s["step"] for s in history][-1] == winner.json()["status"]
    assert [s["detail"]["from"] for s in history[1:]] == [
        "reported",
        "accepted",
        "assigned",
        "handled",
    ]


def test_a_department_answers_a_whistle_once_and_the_last_answer_closes_it(grassroots_suite, town):
    suite = grassroots_suite
    body = {"departments": [FORESTRY, LAND], "issue": "联合处置", "respond_within_hours": 24}
    blown = town.post("/v1/whistles", json=body)
    assert blown.status_code == 201, blown.text
    whistle_id = blown.json()["id"]
    answer = {"arrived": True, "action": "到场处置"}
    for department, status in ((FORESTRY, "open"), (LAND, "closed")):
        with suite.client("grid", "dept_submitter", department) as dept:
            outcome = burst(dept, "POST", f"/v1/whistles/{whistle_id}/answers", json=answer)
        assert outcome.assert_once().json()["status"] == status
        assert set(outcome.codes) <= {"E-WHISTLE-ANSWERED", "E-WHISTLE-STATE"}, outcome.describe()
    assert _outbox(suite, "whistle.answered", whistle_id) == 2
    answers = _count(
        suite,
        "SELECT count(*) FROM audit_log WHERE entity = 'whistle_call' AND action = 'answer'"
        " AND CAST(changes AS TEXT) LIKE :w",
        w=f"%{whistle_id}%",
    )
    closings = _count(
        suite,
        "SELECT count(*) FROM audit_log WHERE entity = 'whistle' AND action = 'close'"
        " AND entity_id = :w",
        w=whistle_id,
    )
    assert (answers, closings) == (2, 1)
    calls = suite.query(
        "grid", "SELECT status FROM whistle_calls WHERE whistle_id = :w", w=whistle_id
    )
    assert sorted(c[0] for c in calls) == ["answered", "answered"]


def _refused_by_state(outcome: Burst) -> bool:
    """Every loser was refused by the event's state (or a repeat of what just applied)."""
    repeats = {"E-EVENT-TRANSITION", "E-ASSIGNEE-SAME", "E-EXTENSION-UNCHANGED"}
    return set(outcome.codes) <= repeats
