"""task-admission's part of the authorization matrix: one demand of 县林业局 admitted and
dispatched by 青山镇 to its first village, one complaint of that village against 县林业局, and
one filling of that village (a report_form demand of 县林业局), made through the API as the roles
whose work they are; and where each stands."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from county.orgs import FORESTRY, QINGSHAN, SOCIAL_WORK, VILLAGES

from authz import Fixtures
from grassroots.common.auth.access import Target
from grassroots.common.calendar import add_working_days
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.counties import OURS

TA = "task-admission"
VILLAGE = VILLAGES[QINGSHAN][0]  # 石桥村
VERSION = "2026.1"  # the demo catalog's version, published in both counties
CLARITIES = {
    "department_does": "县林业局制定方案并提供宣传资料和技术指导",
    "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
    "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
}


def _task() -> dict[str, Any]:
    return {
        "kind": "task",
        "title": "秋冬季森林防火宣传和巡查",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "targets": [QINGSHAN],
        "deadline": add_working_days(date.today(), 15).isoformat(),
        "duty_item_code": "T-B-001",
        "clarities": CLARITIES,
        "support": {"funding_yuan": 5000},
    }


def _client(suite, role: str, org: str):
    return suite.client(TA, role, org, county=OURS)


def _demand(suite) -> str:
    """Submitted by 县林业局, admitted (approved by the reviewer should the county review every
    demand), dispatched by 青山镇 to 石桥村."""
    with _client(suite, "dept_submitter", FORESTRY) as dept:
        created = dept.post("/v1/demands", json=_task())
    assert created.status_code == 201, created.text
    demand = created.json()
    if demand["status"] == "needs_review":
        with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
            approved = reviewer.post(
                f"/v1/demands/{demand['id']}/review", json={"action": "approve"}
            )
        assert approved.status_code == 200, approved.text
        demand = approved.json()
    assert demand["status"] == "admitted", demand["decision"]
    with _client(suite, "township_admin", QINGSHAN) as township:
        dispatched = township.post(
            f"/v1/demands/{demand['id']}/dispatch", json={"villages": [VILLAGE]}
        )
    assert dispatched.status_code == 200, dispatched.text
    return str(demand["id"])


def _complaint(suite) -> str:
    """石桥村 complains about 县林业局 (naming no demand: a complaint shows its demand's id)."""
    body = {
        "kind": "bypassed_platform",
        "department": FORESTRY,
        "description": "县林业局通过微信群直接要求各村上报护林员名单,未经平台派单",
    }
    with _client(suite, "village_operator", VILLAGE) as village:
        filed = village.post("/v1/complaints", json=body)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"])


def _filling(suite) -> tuple[str, str]:
    """A report_form demand of 县林业局 for 石桥村, admitted: the filling it opened, and its form."""
    form = next(f for f in demo_catalog()["approved_forms"] if f["level"] == "village")
    body = _task() | {
        "kind": "report_form",
        "title": "报送村(社区)年度基本数据",
        "description": "请各村(社区)在平台上核对并报送年度基本数据,已有数据自动预填。",
        "target_level": "village",
        "targets": [VILLAGE],
        "duty_item_code": None,
        "form_code": form["code"],
    }
    with _client(suite, "dept_submitter", FORESTRY) as dept:
        created = dept.post("/v1/demands", json=body)
    assert created.status_code == 201, created.text
    demand = created.json()
    if demand["status"] == "needs_review":
        with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
            reviewer.post(f"/v1/demands/{demand['id']}/review", json={"action": "approve"})
    deadline = time.monotonic() + 60  # opened by task-admission's consumer of its own events
    with _client(suite, "village_operator", VILLAGE) as village:
        while True:
            items = village.get("/v1/fillings").json()["items"]
            found = [i["id"] for i in items if i["demand_id"] == demand["id"]]
            if found:
                return str(found[0]), str(form["code"])
            assert time.monotonic() < deadline, "the report_form demand opened no filling"
            time.sleep(0.2)


def prepare(suite) -> Fixtures:
    """One demand, one complaint and one filling in 青山镇, and the values every task-admission
    route is called with (the catalog's county and version, the burden ledger's org and period,
    the form whose history is imported)."""
    demand_id, complaint_id = _demand(suite), _complaint(suite)
    filling_id, form_code = _filling(suite)
    # the demand: its county, its submitter, the units it reached (the township, the village)
    demand = Target(county=OURS, unit=FORESTRY, parties=frozenset({QINGSHAN, VILLAGE}))
    # the complaint: the complainant's township and unit; the department complained about
    complaint = Target(county=OURS, township=QINGSHAN, unit=VILLAGE, parties=frozenset({FORESTRY}))
    # the filling: the filling unit's township and unit; the department whose demand opened it
    filling = Target(county=OURS, township=QINGSHAN, unit=VILLAGE, parties=frozenset({FORESTRY}))
    return Fixtures(
        values={
            "demand_id": demand_id,
            "complaint_id": complaint_id,
            "filling_id": filling_id,
            "form_code": form_code,  # POST /v1/forms/{form_code}/history
            "version": VERSION,
            "county": OURS,  # ?county= of the catalog, policy and list routes
            "org": QINGSHAN,  # ?org= of the burden ledger
            "period": "2026-11",
            "from": VERSION,
            "to": VERSION,
        },
        targets={
            "demand_id": demand,
            "complaint_id": complaint,
            "filling_id": filling,
            "county": Target(county=OURS, unit=OURS),
            "org": Target(county=OURS, township=QINGSHAN, unit=QINGSHAN),
        },
        secrets=[
            (demand_id, "GET /v1/demands/{demand_id}", demand),
            (complaint_id, "GET /v1/complaints/{complaint_id}", complaint),
            (filling_id, "GET /v1/fillings/{filling_id}", filling),
        ],
    )
