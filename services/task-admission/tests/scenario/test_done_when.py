"""The issue's "Done when" over HTTP and the real broker, every event checked against AsyncAPI."""

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import jsonschema
from aiokafka import AIOKafkaConsumer

from grassroots.common.events import ADMISSION_TOPIC
from grassroots.common.events.asyncapi import build_document
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.demands.scans import scan_overdue
from grassroots.testkit.apps import eventually

MARKET = "11990101MB0000051E"
LAND = "11990101MB00000006"


async def _records(bootstrap: str, want: int) -> list:
    consumer = AIOKafkaConsumer(
        ADMISSION_TOPIC, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    records: list = []
    try:

        async def enough() -> bool:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
            return len(records) >= want

        await eventually(enough, within=30)
        for batch in (await consumer.getmany(timeout_ms=1000)).values():
            records.extend(batch)  # anything beyond what we expect would be a duplicate
    finally:
        await consumer.stop()
    return records


def _check_against_asyncapi(records: list) -> Counter:
    document = build_document()
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    types: Counter = Counter()
    for record in records:
        headers = {k: v.decode() for k, v in record.headers}
        message = messages[headers["ce_type"]]
        jsonschema.validate(headers, message["headers"])
        root = {**message["payload"], "components": document["components"]}
        jsonschema.validate(json.loads(record.value), root)
        assert record.key.decode() == headers["ce_subject"]
        types[headers["ce_type"].removesuffix(".v1")] += 1
    return types


async def test_done_when(admission, kafka_broker, client_helpers):
    app, client = admission
    h = client_helpers(app)
    admin = h.role("catalog_admin", h.COUNTY, county=h.COUNTY)
    published = await client.post("/v1/catalog/versions", json=demo_catalog(), headers=admin)
    assert published.status_code == 201, published.text

    async def submit(body, org=h.FORESTRY):
        response = await client.post("/v1/demands", json=body, headers=h.dept(org))
        assert response.status_code == 201, response.text
        return response.json()

    def codes(demand):
        return [r["code"] for r in demand["decision"]["reasons"]]

    basic = await submit(h.basic_task())
    assert basic["status"] == "admitted"
    assist = await submit(
        h.basic_task(
            duty_item_code="T-A-014",
            title="开展耕地保护动态巡查",
            description="请各乡镇对县局下发的耕地图斑开展动态巡查,发现问题及时报告。",
            support={"funding_yuan": 0},
        ),
        org=LAND,
    )
    assert assist["status"] == "returned" and codes(assist) == ["R-ASSIST-NO-SUPPORT"]
    disguised = await submit(
        h.basic_task(
            title="森林防火期间食品安全保障",
            description="请各乡镇在巡山期间同步对辖区食品生产企业开展日常监督检查,核查食品生产许可。",
            clarities={**h.CLEAR, "grassroots_does": "乡镇对食品生产企业逐家开展监督检查"},
        ),
        org=MARKET,
    )
    assert disguised["status"] == "rejected" and "R-DISGUISED-WITHDRAWN" in codes(disguised)
    unlisted = await submit(h.unlisted_task())
    assert unlisted["status"] == "needs_review" and codes(unlisted) == ["R-NOT-IN-LIST"]
    approved = await client.post(
        f"/v1/demands/{unlisted['id']}/review", json={"action": "approve"}, headers=h.reviewer()
    )
    assert approved.json()["status"] == "admitted"
    form = await submit(h.basic_task(kind="report_form", form_code="F-404"))
    assert form["status"] == "rejected" and codes(form) == ["R-FORM-NOT-APPROVED"]
    inspection = await submit(h.basic_task(kind="inspection", inspection_plan_id=None))
    assert inspection["status"] == "rejected" and codes(inspection) == [
        "R-INSPECTION-NOT-REGISTERED"
    ]

    url = f"/v1/demands/{basic['id']}"
    v1, v2 = h.QINGSHAN_VILLAGES
    dispatched = await client.post(
        f"{url}/dispatch", json={"villages": [v1, v2]}, headers=h.township()
    )
    assert dispatched.status_code == 200, dispatched.text
    for village in (v1, v2):
        assert (await client.post(f"{url}/receipts", headers=h.village(village))).status_code == 200
    for org, headers in ((v1, h.village(v1)), (h.QINGSHAN, h.township())):
        done = await client.post(
            f"{url}/completion", json={"org": org, "summary": "已完成"}, headers=headers
        )
        assert done.status_code == 200
    other = await client.post(
        f"/v1/demands/{unlisted['id']}/completion", json={"summary": "已推荐"}, headers=h.township()
    )
    assert other.status_code == 200
    later = datetime.now(UTC) + timedelta(days=60)
    assert await scan_overdue(app.state.database, later) == 1
    assert await scan_overdue(app.state.database, later) == 0
    late = await client.post(
        f"{url}/completion", json={"summary": "超期完成"}, headers=h.village(v2)
    )
    assert {a["org"]: a["on_time"] for a in late.json()["assignments"]}[v2] is False

    complaint = await client.post(
        "/v1/complaints",
        json={
            "kind": "bypassed_platform",
            "department": MARKET,
            "demand_id": disguised["id"],
            "description": "市场监管局借森林防火名义要求乡镇检查食品生产企业",
        },
        headers=h.village(v1),
    )
    assert complaint.status_code == 201, complaint.text
    ruled = await client.post(
        f"/v1/complaints/{complaint.json()['id']}/ruling",
        json={"upheld": True, "reason": "属于上级部门收回事项"},
        headers=h.reviewer(),
    )
    assert ruled.json()["status"] == "upheld"

    today = datetime.now(UTC).astimezone(h.CHINA).date()
    period = f"{today.year:04d}-{today.month:02d}"

    async def ledger(org, headers):
        response = await client.get(
            "/v1/burden", params={"org": org, "period": period}, headers=headers
        )
        assert response.status_code == 200, response.text
        return {m["name"]: m["value"] for m in response.json()["metrics"]}

    township = await ledger(h.QINGSHAN, h.township())
    assert township["demands"] == 6
    assert (
        township["outcome_admitted"],
        township["outcome_returned"],
        township["outcome_rejected"],
    ) == (2, 1, 3)
    assert township["returns"] == 1 and township["kind_report_form"] == 1
    assert township["kind_inspection"] == 1 and township["inspections"] == 0
    assert township["funding_yuan"] == 10000 and township["completed_on_time"] == 2
    late_village = await ledger(v2, h.reviewer())
    assert (late_village["completed_late"], late_village["overdue"]) == (1, 1)
    complaining = await ledger(v1, h.village(v1))
    assert (complaining["complaints_filed"], complaining["complaints_upheld"]) == (1, 1)
    assert complaining["completed_on_time"] == 1

    expected = Counter(
        {
            "catalog.published": 1,
            "demand.submitted": 6,
            "demand.admitted": 2,
            "demand.returned": 1,
            "demand.rejected": 3,
            "demand.dispatched": 1,
            "demand.received": 2,
            "demand.completed": 4,
            "demand.overdue": 1,
            "complaint.filed": 1,
            "complaint.ruled": 1,
        }
    )
    records = await _records(kafka_broker.bootstrap, sum(expected.values()))
    assert _check_against_asyncapi(records) == expected
