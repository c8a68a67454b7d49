"""Across real processes: a demand admitted and completed in task-admission moves evaluation's
metrics, through the broker only (each service with its own database)."""

import time
from datetime import date

from grassroots.common.calendar import add_working_days
from grassroots.dev.demo_catalog import demo_catalog

COUNTY = "990101000000"
FORESTRY = "11990101MB0000107H"  # 县林业局 in the demo county
QINGSHAN = "990101101000"  # 青山镇


def _metric(page: dict, code: str) -> dict | None:
    return next((m for m in page["metrics"] if m["metric"] == code), None)


def test_a_completed_demand_is_counted_by_evaluation(grassroots_suite, event_recorder):
    suite = grassroots_suite
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        response = admin.post("/v1/catalog/versions", json=demo_catalog())
        assert response.status_code in (201, 409), response.text
    event_recorder.wait_for(lambda r: r.of_type("catalog.published.v1"))
    body = {
        "kind": "task",
        "title": "秋冬季森林防火宣传和巡查",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "targets": [QINGSHAN],
        "deadline": add_working_days(date.today(), 10).isoformat(),
        "duty_item_code": "T-B-001",
        "clarities": {
            "department_does": "县林业局制定方案并提供宣传资料和技术指导",
            "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
            "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
        },
        "support": {"funding_yuan": 5000},
    }
    with suite.client("task-admission", "dept_submitter", FORESTRY, county=COUNTY) as dept:
        created = dept.post("/v1/demands", json=body)
    assert created.status_code == 201, created.text
    demand = created.json()
    assert demand["status"] == "admitted", demand["decision"]
    with suite.client("task-admission", "township_admin", QINGSHAN) as township:
        url = f"/v1/demands/{demand['id']}"
        assert township.post(f"{url}/receipts").status_code == 200
        done = township.post(f"{url}/completion", json={"org": QINGSHAN, "summary": "已完成"})
        assert done.status_code == 200, done.text
    event_recorder.wait_for(lambda r: r.of_type("demand.completed.v1"))

    year = date.today().year
    with suite.client("evaluation", "evaluator", COUNTY) as evaluator:
        deadline = time.monotonic() + 60
        metric = None
        while time.monotonic() < deadline:
            page = evaluator.get("/v1/metrics", params={"org": QINGSHAN, "year": year})
            assert page.status_code == 200, page.text
            metric = _metric(page.json(), "twp.demands_completed_on_time")
            if metric and metric["denominator"] >= 1:
                break
            time.sleep(0.5)
    assert metric is not None and metric["denominator"] == 1 and metric["numerator"] == 1
