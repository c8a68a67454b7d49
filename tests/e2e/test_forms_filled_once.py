"""一套表, filled once, across real processes: two departments' forms asking the same facts of the
same village are admitted; the village answers a shared fact once for both; a third form opens
pre-filled from what the first left; the village's burden ledger shows the fields saved; and
evaluation's metric of fields typed by hand moves for each department (through the broker only)."""

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from grassroots.common.calendar import add_working_days
from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.bursts import burst

COUNTY = "990101000000"
QINGSHAN = "990101101000"  # 青山镇
VILLAGE = "990101101201"  # one of its villages
CLEAR = {
    "department_does": "本部门统一制定报表口径并共享已有数据,提供填报培训",
    "grassroots_does": "村(社区)在平台上核对预填数据,补充更正后提交",
    "department_support": "本部门安排专人解答填报问题,已有数据由平台自动预填",
}
F001 = {"村(社区)名称": "青山村", "户数": 420, "户籍人口": 1400, "常住人口": 1300}
F001 |= {"耕地面积": 2150.5, "集体经济收入": 35.2}
F017_OWN = {"粮食播种面积": 1800, "新型农业经营主体数": 7}


def _wait(probe: Callable[[], Any], what: str, within: float = 60) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _demand(suite, form, dept: str) -> str:
    body = {
        "kind": "report_form",
        "title": f"报送{form.title}",
        "description": f"请各村(社区)在平台上核对并报送《{form.title}》,已有数据自动预填。",
        "target_level": "village",
        "targets": [VILLAGE],
        "deadline": add_working_days(date.today(), 10).isoformat(),
        "form_code": form.code,
        "clarities": CLEAR,
        "support": {"funding_yuan": 0, "data": "共享本部门已有的历史数据"},
    }
    with suite.client("task-admission", "dept_submitter", dept, county=COUNTY) as client:
        created = client.post("/v1/demands", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "admitted", created.json()["decision"]
    return str(created.json()["id"])


def _filling(village, demand_id: str) -> dict[str, Any]:
    def opened() -> dict[str, Any] | None:
        page = village.get("/v1/fillings", params={"org": VILLAGE})
        assert page.status_code == 200, page.text
        found = [f for f in page.json()["items"] if f["demand_id"] == demand_id]
        if not found:
            return None
        read = village.get(f"/v1/fillings/{found[0]['id']}")
        assert read.status_code == 200, read.text
        return dict(read.json())

    return dict(_wait(opened, f"the filling of {demand_id}"))


def _cells(read: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for c in read["rows"][0]["cells"]}


def _metric(suite, org: str) -> dict[str, Any] | None:
    with suite.client("evaluation", "evaluator", COUNTY) as evaluator:
        page = evaluator.get("/v1/metrics", params={"org": org, "year": date.today().year})
    assert page.status_code == 200, page.text
    return next(
        (m for m in page.json()["metrics"] if m["metric"] == "dept.form_fields_typed"), None
    )


def test_a_fact_is_asked_once_and_the_burden_and_the_metric_show_it(
    grassroots_suite, event_recorder
):
    suite = grassroots_suite
    catalog = demo_catalog()
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        published = admin.post("/v1/catalog/versions", json=catalog)
        assert published.status_code in (201, 409), published.text
    event_recorder.wait_for(lambda r: r.of_type("catalog.published.v1"))
    document = validate_catalog(catalog)
    basic, farming, census = (document.approved_form(c) for c in ("F-001", "F-017", "F-018"))
    assert basic and farming and census
    # the test's own count of what the two yearly forms ask alike (same fact, same period)
    shared = {d.code for _, d in document.form_fields(basic) if d} & {
        d.code for _, d in document.form_fields(farming) if d
    }
    assert basic.owner_department != farming.owner_department and len(shared) == 4

    first = _demand(suite, basic, basic.owner_department)
    second = _demand(suite, farming, farming.owner_department)
    with suite.client("task-admission", "village_operator", VILLAGE, county=COUNTY) as village:
        one, two = _filling(village, first), _filling(village, second)
        assert one["period"] == two["period"] == str(date.today().year)

        # answered in the first, shown answered in the second: 交叉事项一次报
        put = village.put(f"/v1/fillings/{one['id']}/values", json={"rows": [{"values": F001}]})
        assert put.status_code == 200, put.text
        seen = _cells(village.get(f"/v1/fillings/{two['id']}").json())
        assert seen["户数"]["status"] == "shared" and seen["户数"]["value"] == "420"
        assert seen["粮食播种面积"]["status"] == "empty"
        done = village.post(f"/v1/fillings/{one['id']}/submit")
        assert done.status_code == 200, done.text
        put = village.put(f"/v1/fillings/{two['id']}/values", json={"rows": [{"values": F017_OWN}]})
        assert put.status_code == 200, put.text
        done = village.post(f"/v1/fillings/{two['id']}/submit")
        assert done.status_code == 200, done.text
        assert done.json()["counts"] == {
            "rows": 1,
            "fields_prefilled": 0,
            "fields_typed": len(F017_OWN),
            "fields_shared": len(shared),
        }

        # a third department's form opens pre-filled from what the two left
        third = _filling(village, _demand(suite, census, census.owner_department))
        known = _cells(third)
        assert known["户数"]["status"] == "prefilled" and known["户数"]["value"] == "420"
        assert known["户数"]["source"]["kind"] == "filling"
        assert known["户数"]["source"]["id"] in (one["id"], two["id"])  # the latest to leave it
        assert third["fields_prefilled"] == len(census.fields)

        # the village's ledger: what it answered, and how much of it the platform saved it
        today = date.today()
        ledger = village.get("/v1/burden", params={"org": VILLAGE, "period": f"{today:%Y-%m}"})
        assert ledger.status_code == 200, ledger.text
        figures = {m["name"]: m["value"] for m in ledger.json()["metrics"]}
        assert figures["form_fillings"] == 2
        assert figures["form_fields_shared"] == len(shared)
        assert figures["form_fields_typed"] == len(F001) + len(F017_OWN)
        assert figures["form_fields_asked"] == len(basic.fields) + len(farming.fields)

    # evaluation: fields typed by hand per filling, for each department
    event_recorder.wait_for(lambda r: len(r.of_type("form.filling.submitted.v1")) >= 2)
    typed = _wait(lambda: _metric(suite, farming.owner_department), "the second's metric")
    assert (typed["numerator"], typed["denominator"]) == (len(F017_OWN), 1)
    typed = _wait(lambda: _metric(suite, basic.owner_department), "the first's metric")
    assert (typed["numerator"], typed["denominator"]) == (len(F001), 1)


def test_ten_answers_on_one_revision_and_ten_submissions_apply_once(
    grassroots_suite, event_recorder
):
    suite = grassroots_suite
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        published = admin.post("/v1/catalog/versions", json=demo_catalog())
        assert published.status_code in (201, 409), published.text
    form = validate_catalog(demo_catalog()).approved_form("F-001")
    assert form is not None
    demand = _demand(suite, form, form.owner_department)
    with suite.client("task-admission", "village_operator", VILLAGE, county=COUNTY) as village:
        filling = _filling(village, demand)
        url = f"/v1/fillings/{filling['id']}"
        etag = village.get(url).headers["ETag"]
        answers = [{"rows": [{"values": F001 | {"户数": 420 + i}}]} for i in range(10)]
        outcome = burst(village, "PUT", f"{url}/values", bodies=answers, headers={"If-Match": etag})
        winner = outcome.assert_once(refused=(409, 412))  # a lost race: 409, a stale read: 412
        kept = _cells(village.get(url).json())["户数"]["value"]
        assert kept == _cells(winner.json())["户数"]["value"]  # the one that applied, whole
        submitted = burst(village, "POST", f"{url}/submit")
        assert submitted.assert_once(refused=(409,)).json()["status"] == "submitted"

    def submitted_events(r) -> list[Any]:
        found = r.of_type("form.filling.submitted.v1")
        return [e for e in found if e.data["filling_id"] == filling["id"]]

    event_recorder.wait_for(lambda r: bool(submitted_events(r)))
    time.sleep(1)  # a second submission would follow the first within the relay's pass
    assert len({e.id for e in submitted_events(event_recorder)}) == 1
