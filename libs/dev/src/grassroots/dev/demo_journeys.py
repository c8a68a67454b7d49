"""One journey per printed token, against the running, seeded demo county (`grassroots-stack
--journeys`): a department's demand admitted, dispatched, received and completed; a grid event
reported by the worker and taken through its six steps; a case decided on the spot and closed;
the evaluator reading the township's metrics, the auditor and the catalog admin reading; an
Open311 client posting with the printed key and reading without one. Each journey prints what
happened; any refusal stops it with the service's answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from grassroots.common import clock
from grassroots.dev import demo_county
from grassroots.dev.demo_county import Seeder

Journey = Callable[[Seeder, dict[str, str], dict[str, Any]], str]
PARTY = {"name": "李四", "id_type": "resident", "id_no": "11010519491231002X"}


def demand(s: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> str:
    dept, township, village = (
        orgs["dept_submitter"],
        orgs["township_admin"],
        orgs["village_operator"],
    )
    body = {
        "kind": "task",
        "title": "秋冬季森林防火宣传和巡查",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "duty_item_code": "T-B-001",
        "targets": [township],
        "deadline": str(clock.today() + timedelta(days=30)),
        "support": {"funding_yuan": 5000},
        "clarities": {
            "department_does": "县林业局制定方案并提供宣传资料和技术指导",
            "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
            "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
        },
    }
    got = s.call("task-admission", "dept_submitter", dept, "POST", "/v1/demands", json=body)
    said = [f"dept_submitter: demand {got['id']} {got['status']}"]
    path = f"/v1/demands/{got['id']}"
    if got["status"] == "needs_review":
        reviewer = orgs["admission_reviewer"]
        review = {"action": "approve", "reason": None}
        got = s.call(
            "task-admission", "admission_reviewer", reviewer, "POST", f"{path}/review", json=review
        )
        said.append(f"admission_reviewer: {got['status']}")
    s.call(
        "task-admission",
        "township_admin",
        township,
        "POST",
        f"{path}/dispatch",
        json={"villages": [village]},
    )
    s.call("task-admission", "village_operator", village, "POST", f"{path}/receipts")
    done = {"org": village, "summary": "已按要求完成"}
    s.call("task-admission", "village_operator", village, "POST", f"{path}/completion", json=done)
    done = {"org": township, "summary": "已按要求完成"}
    got = s.call(
        "task-admission", "township_admin", township, "POST", f"{path}/completion", json=done
    )
    return "; ".join(
        [*said, f"township_admin and village_operator: received, dispatched, {got['status']}"]
    )


def grid_event(s: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> str:
    township, worker = orgs["township_admin"], orgs["grid_worker_sub"]
    villages = demo_county.villages_by_township(document)[township]
    index = list(demo_county.villages_by_township(document)).index(township)
    lon, lat = demo_county.point_in(villages, orgs["village_operator"], index)
    report = {"category": "environment", "description": "河道垃圾堆积", "lon": lon, "lat": lat}
    report["reporter"] = "网格员"
    got = s.call(
        "grid", "grid_worker", township, "POST", "/v1/grid-events", json=report, sub=worker
    )
    path = f"/v1/grid-events/{got['id']}"
    said = f"grid_worker {worker}: event {got['id']} in grid {got['grid_id']}"
    s.call("grid", "township_admin", township, "POST", f"{path}/accept", json={})
    assign = {"assignee_kind": "grid_worker", "assignee": worker}
    s.call("grid", "township_admin", township, "POST", f"{path}/assign", json=assign)
    s.call(
        "grid",
        "grid_worker",
        township,
        "POST",
        f"{path}/handle",
        json={"feedback": "已现场清理"},
        sub=worker,
    )
    s.call("grid", "township_admin", township, "POST", f"{path}/verify", json={"passed": True})
    closing = {"resolved": True, "satisfaction": "satisfied"}
    got = s.call("grid", "township_admin", township, "POST", f"{path}/close", json=closing)
    return f"{said}; township_admin: accepted, assigned, verified, {got['status']}"


def case(s: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> str:
    township, officer = orgs["enforcement_supervisor"], orgs["officer_sub"]
    officers = s.call(
        "enforcement",
        "enforcement_supervisor",
        township,
        "GET",
        "/v1/officers",
        params={"township": township},
    )
    ids = [o["id"] for o in (officers["items"] if isinstance(officers, dict) else officers)][:2]
    body = {
        "township": township,
        "party": PARTY,
        "item_code": next(  # one a fine of 100 yuan on the spot fits (Art. 51: ≤ 200)
            i["code"]
            for i in document["enforcement_items"]
            if i["fine_min"] <= 100 <= i["fine_max"] and township in (i["applies_to"] or [township])
        ),
        "source": "patrol",
        "facts": "巡查发现违规燃放烟花爆竹",
        "discovered_at": (clock.now() - timedelta(hours=1)).isoformat(),
        "officers": ids,
        "procedure": "simplified",
    }
    got = s.call("enforcement", "enforcement_supervisor", township, "POST", "/v1/cases", json=body)
    path = f"/v1/cases/{got['id']}"
    decide = {"fine_yuan": 100, "party_present": True}
    s.call("enforcement", "enforcement_supervisor", township, "POST", f"{path}/decide", json=decide)
    for action, step in (("serve", {}), ("execute", {"paid_yuan": 100}), ("close", {})):
        got = s.call(
            "enforcement",
            "enforcement_officer",
            township,
            "POST",
            f"{path}/{action}",
            json=step,
            sub=officer,
        )
    return f"enforcement_supervisor: case {got['id']} decided on the spot; enforcement_officer {officer}: served, paid, {got['state']}"


def readers(s: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> str:
    township, year = orgs["township_admin"], clock.today().year
    metrics = s.call(
        "evaluation",
        "evaluator",
        orgs["evaluator"],
        "GET",
        "/v1/metrics",
        params={"org": township, "year": year},
    )
    demands = s.call("task-admission", "auditor", orgs["auditor"], "GET", "/v1/demands")
    active = s.call(
        "task-admission", "catalog_admin", orgs["catalog_admin"], "GET", "/v1/catalog/active"
    )
    count = len(demands["items"]) if isinstance(demands, dict) else len(demands)
    shown = len(metrics.get("metrics", metrics)) if isinstance(metrics, dict) else len(metrics)
    return (
        f"evaluator: {shown} metrics of {township}; auditor: {count} demands of the county; "
        f"catalog_admin: catalog {active.get('version')} in force"
    )


def open311(s: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> str:
    township = orgs["township_admin"]
    villages = demo_county.villages_by_township(document)[township]
    index = list(demo_county.villages_by_township(document)).index(township)
    lon, lat = demo_county.point_in(villages, villages[-1], index)
    services = httpx.get(s.urls["grid"] + "/open311/v2/services.json", timeout=30).json()
    form = {
        "api_key": orgs["open311_api_key"],
        "service_code": services[0]["service_code"],
        "lat": str(lat),
        "long": str(lon),
        "description": "路灯损坏",
    }
    posted = httpx.post(s.urls["grid"] + "/open311/v2/requests.json", data=form, timeout=30)
    if posted.status_code != 201 and posted.status_code != 200:
        raise RuntimeError(f"Open311 POST: {posted.text[:300]}")
    request_id = posted.json()[0].get("service_request_id") or posted.json()[0].get("token")
    read = httpx.get(s.urls["grid"] + "/open311/v2/requests.json", timeout=30).json()
    return f"open311 client: request {request_id} posted with the key; {len(read)} requests read without one"


JOURNEYS: tuple[Journey, ...] = (demand, grid_event, case, readers, open311)


def walk(seeder: Seeder, orgs: dict[str, str], document: dict[str, Any]) -> list[str]:
    """Every journey, in order; what each did, one line each."""
    return [journey(seeder, orgs, document) for journey in JOURNEYS]
