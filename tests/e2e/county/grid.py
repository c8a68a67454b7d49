"""grid steps: the comprehensive grids, workers, the six-step loop, referrals and whistles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from county import geo
from county.context import County
from county.orgs import VILLAGES

GRID = "grid"


@dataclass
class GridEvent:
    """One event as the test follows it: the steps it took after their limit."""

    id: str
    township: str
    worker: str
    late_steps: set[str] = field(default_factory=set)


def worker_of(village: str) -> str:
    return f"gw-{village}"


def build_grids(county: County, township: str) -> None:
    """Base units and the old 综治 layer imported, merged; one worker per grid (定人定岗)."""
    call = _township(county, township)
    base = {"system": "村社区", "kind": "base", "features": geo.base_layer(township)}
    call("POST", "/v1/layers", json=base, expect=201)
    legacy = {
        "system": "综治",
        "kind": "legacy",
        "township": township,
        "features": geo.legacy_layer(township),
    }
    call("POST", "/v1/layers", json=legacy, expect=201)
    report = call("POST", "/v1/layers/merge", json={"township": township})
    villages = VILLAGES[township]
    assert sorted(g["grid_id"] for g in report["grids"]) == [f"{v}-01" for v in villages]
    assert report["gaps_m2"] == 0 and report["overlaps_m2"] == 0, report
    for village in villages:
        worker = {"name": "网格员", "post": "专职网格员", "phone": "13800000000"}
        worker["sub"] = worker_of(village)
        call("POST", f"/v1/grids/{village}-01/workers", json=worker, expect=201)
        lon, lat = geo.point_in(village)
        located = call("GET", "/v1/grids/locate", params={"lon": lon, "lat": lat})
        assert located["grid_id"] == f"{village}-01", located


def _township(county: County, township: str) -> Any:
    def call(method: str, path: str, **kw: Any) -> Any:
        return county.call(GRID, "township_admin", township, method, path, **kw)

    return call


def report(county: County, village: str, category: str, description: str) -> GridEvent:
    """发现上报 by the village's grid worker, located to the worker's grid."""
    lon, lat = geo.point_in(village)
    body = {"category": category, "description": description, "lon": lon, "lat": lat}
    body["reporter"] = "网格员"
    got = county.call(
        GRID,
        "grid_worker",
        village,
        "POST",
        "/v1/grid-events",
        json=body,
        expect=201,
        sub=worker_of(village),
    )
    assert got["grid_id"] == f"{village}-01"
    return GridEvent(got["id"], got["township"], worker_of(village))


def step(county: County, event: GridEvent, action: str, body: dict[str, Any]) -> dict[str, Any]:
    """One step by the township's grid centre (受理, 分拨, 核查, 结案)."""
    path = f"/v1/grid-events/{event.id}/{action}"
    return county.call(GRID, "township_admin", event.township, "POST", path, json=body)


def assign_to_worker(county: County, event: GridEvent) -> None:
    step(county, event, "assign", {"assignee_kind": "grid_worker", "assignee": event.worker})


def handle(county: County, event: GridEvent) -> None:
    """处置反馈 by the assigned worker."""
    path = f"/v1/grid-events/{event.id}/handle"
    village = event.worker.removeprefix("gw-")
    county.call(
        GRID,
        "grid_worker",
        village,
        "POST",
        path,
        json={"feedback": "已现场处置"},
        sub=event.worker,
    )


def close(
    county: County, event: GridEvent, satisfaction: str | None = "satisfied", resolved: bool = True
) -> None:
    """核查 passed and 结案评价; the ledger books the closure as the test took its steps."""
    step(county, event, "verify", {"passed": True})
    got = step(county, event, "close", {"resolved": resolved, "satisfaction": satisfaction})
    assert got["status"] == "closed"
    county.ledger.grid_closed(
        event.township, late_steps=event.late_steps, resolved=resolved, satisfaction=satisfaction
    )


def walk(
    county: County, event: GridEvent, satisfaction: str | None = "satisfied", resolved: bool = True
) -> None:
    """The remaining steps, all taken now, by the grid centre and the grid's worker."""
    status = county.call(
        GRID, "township_admin", event.township, "GET", f"/v1/grid-events/{event.id}"
    )["status"]
    if status == "reported":
        step(county, event, "accept", {})
        status = "accepted"
    if status == "accepted":
        assign_to_worker(county, event)
        handle(county, event)
    close(county, event, satisfaction, resolved)


def await_overdue(county: County, event: GridEvent, step_name: str) -> None:
    """The clock passed a step's limit: the scan flags it (once) before the step is taken."""
    county.await_event("grid.event.overdue.v1", grid_event_id=event.id, step=step_name)
    event.late_steps.add(step_name)
    county.ledger.grid_step_late()


def refer(county: County, event: GridEvent, item_code: str) -> None:
    """分拨 to township enforcement: a referral (grid.event.referred)."""
    step(county, event, "accept", {})
    step(county, event, "assign", {"assignee_kind": "enforcement", "item_code": item_code})


def await_handled_by_case(county: County, event: GridEvent) -> None:
    """case.closed comes back and moves the event to handled."""

    def handled() -> bool:
        got = county.call(
            GRID, "township_admin", event.township, "GET", f"/v1/grid-events/{event.id}"
        )
        return bool(got["status"] == "handled" and got["case_id"])

    county.eventually(handled, f"grid event {event.id} handled by its case")


def blow_whistle(county: County, township: str, departments: list[str], hours: int) -> str:
    """乡镇吹哨: departments must report within `hours`."""
    body = {
        "departments": departments,
        "issue": "联合处置群众反映问题",
        "respond_within_hours": hours,
    }
    got = county.call(
        GRID, "township_admin", township, "POST", "/v1/whistles", json=body, expect=201
    )
    county.ledger.whistle_blown(got["id"], departments)
    return str(got["id"])


def answer(county: County, whistle_id: str, dept: str, late: bool = False) -> None:
    """部门报到; a late department answers after the scan has marked it overdue."""
    if late:
        county.await_event("whistle.overdue.v1", whistle_id=whistle_id, department=dept)
    got = county.call(
        GRID,
        "dept_submitter",
        dept,
        "POST",
        f"/v1/whistles/{whistle_id}/answers",
        json={"arrived": True, "action": "到场处置"},
    )
    call = next(c for c in got["calls"] if c["department"] == dept)
    assert call["on_time"] is (not late), call
    county.ledger.whistle_answered(whistle_id, dept, on_time=not late)
