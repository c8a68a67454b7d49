"""Closing a period over the API: results to the point, explanations, exports, authorization."""

import csv
import io
from datetime import UTC, datetime

from evaluationtest_support import DEPT_A, DEPT_B, TWP_A, TWP_B, deliver, envelope, token
from openpyxl import load_workbook
from sqlalchemy import select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.events.grid import GridEventClosed

D2T = "department_rates_township"
AT = datetime(2026, 5, 5, 3, tzinfo=UTC)


def closed(i, township, on_time):
    return GridEventClosed(
        grid_event_id=f"g{i}",
        township=township,
        grid_id=None,
        category="c",
        urgency="normal",
        at=AT,
        resolved=True,
        on_time=on_time,
    )


async def _setup(app, client):
    body = {
        "year": 2026,
        "direction": D2T,
        "indicators": [
            {
                "code": "grid",
                "name": "网格事件按时办结",
                "weight": 60,
                "source": "metric",
                "metric": "twp.grid_closed_on_time",
                "duty_item_codes": ["T-B-001"],
            },
            {
                "code": "work",
                "name": "部门评价",
                "weight": 40,
                "source": "rating",
                "duty_item_codes": ["T-B-002"],
            },
        ],
    }
    assert (
        await client.post("/v1/schemes", json=body, headers=token(app, "evaluator"))
    ).status_code == 201
    envs = [
        envelope(closed(1, TWP_A, True)),
        envelope(closed(2, TWP_A, True)),
        envelope(closed(3, TWP_A, False)),
        envelope(closed(4, TWP_A, True)),
        envelope(closed(5, TWP_B, False)),
    ]
    for env in envs:
        await deliver(app, env)
    for dept, twp, score in ((DEPT_A, TWP_A, 90), (DEPT_B, TWP_A, 80), (DEPT_A, TWP_B, 50)):
        response = await client.post(
            "/v1/ratings",
            json={
                "year": 2026,
                "direction": D2T,
                "ratee": twp,
                "indicator": "work",
                "score": score,
            },
            headers=token(app, "dept_submitter", org=dept, county=None),
        )
        assert response.status_code == 201, response.text
    return envs


async def test_close_results_explain_export(evaluation):
    app, client = evaluation
    envs = await _setup(app, client)
    ev = token(app, "evaluator")
    closed_ = await client.post("/v1/periods/2026/close", json={"direction": D2T}, headers=ev)
    assert closed_.status_code == 200 and closed_.json()["orgs"] == 10
    again = await client.post("/v1/periods/2026/close", json={"direction": D2T}, headers=ev)
    assert again.status_code == 409 and again.json()["code"] == "E-PERIOD-CLOSED"

    results = (
        await client.get("/v1/results", params={"year": 2026, "direction": D2T}, headers=ev)
    ).json()
    by_org = {r["org"]: r for r in results}
    # A: grid 3/4 → 75 × 60% = 45; ratings (90+80)/2 = 85 × 40% = 34; total 79 一般
    a = by_org[TWP_A]
    assert [(i["raw"], i["score"], i["points"]) for i in a["indicators"]] == [
        (0.75, 75, 45),
        (85, 85, 34),
    ]
    assert (a["total"], a["grade"]) == (79, "一般")
    # B: grid 0/1 → 0; rating 50 → 20; total 20 较差, second and last of the ranked
    assert (by_org[TWP_B]["total"], by_org[TWP_B]["grade"], by_org[TWP_B]["rank"]) == (
        20,
        "较差",
        2,
    )
    # the 8 others: no data → no score, no total, no rank (never full marks); listed last
    others = [r for r in results if r["org"] not in (TWP_A, TWP_B)]
    assert {(r["total"], r["grade"], r["rank"]) for r in others} == {(None, "无数据", None)}
    assert all((i["score"], i["points"]) == (None, None) for r in others for i in r["indicators"])
    assert a["rank"] == 1 and [r["org"] for r in results[:2]] == [TWP_A, TWP_B]

    explained = (
        await client.get(
            f"/v1/results/{TWP_A}/explain", params={"year": 2026, "direction": D2T}, headers=ev
        )
    ).json()
    grid, work = explained["indicators"]
    assert [e["ce_id"] for e in grid["events"]] == [e.id for e in envs[:4]]
    assert sum(e["numerator"] for e in grid["events"]) == 3 and grid["numerator"] == 3
    assert work["ratings"] == {"count": 2, "scores": [80, 90], "mean": 85}
    assert DEPT_A not in str(explained) and DEPT_B not in str(explained)  # raters stay anonymous
    assert explained["pay_linked_share"] == 0.3

    exported = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T}, headers={**ev, "Accept": "text/csv"}
    )
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["绩效挂钩比例", "绩效兑现系数"]
    row_a = next(r for r in rows if r[1] == TWP_A)
    assert row_a[2] == "青山镇" and row_a[-4:] == ["79", "一般", "30%", "0.237"]  # 79, not 79.0
    xlsx = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T, "format": "xlsx"}, headers=ev
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "2026年度考核结果(部门评乡镇)"  # the title, then the header
    assert sheet.max_row == 12 and sheet.cell(2, 1).value == "排名" and sheet.freeze_panes == "A3"
    pdf = await client.get(
        "/v1/results",
        params={"year": 2026, "direction": D2T},
        headers={**ev, "Accept": "application/pdf"},
    )
    assert pdf.status_code == 406 and pdf.json()["code"] == "E-NOT-ACCEPTABLE"
    row_other = next(r for r in rows if r[1] not in (TWP_A, TWP_B, "单位代码"))
    assert row_other[0] == "" and row_other[-4:] == ["无数据", "无数据", "30%", ""]

    async with app.state.database.sessions() as session:
        types = [r.ce_type for r in (await session.scalars(select(OutboxRow))).all()]
    assert types.count("period.closed.v1") == 1 and types.count("result.published.v1") == 2

    late = await client.post(
        "/v1/ratings",
        json={"year": 2026, "direction": D2T, "ratee": TWP_A, "indicator": "work", "score": 10},
        headers=token(app, "dept_submitter", org=DEPT_A, county=None),
    )
    assert late.status_code == 409 and late.json()["code"] == "E-PERIOD-CLOSED"


async def test_ratees_see_only_their_own(evaluation):
    app, client = evaluation
    await _setup(app, client)
    await client.post(
        "/v1/periods/2026/close", json={"direction": D2T}, headers=token(app, "evaluator")
    )
    twp = token(app, "township_admin", org=TWP_A)
    own = (
        await client.get("/v1/results", params={"year": 2026, "direction": D2T}, headers=twp)
    ).json()
    assert [r["org"] for r in own] == [TWP_A]
    assert (
        await client.get(
            f"/v1/results/{TWP_A}/explain", params={"year": 2026, "direction": D2T}, headers=twp
        )
    ).status_code == 200
    no_direction = await client.get(
        f"/v1/results/{TWP_A}/explain", params={"year": 2026}, headers=twp
    )
    assert no_direction.status_code == 200 and no_direction.json()["direction"] == D2T
    other = await client.get(
        f"/v1/results/{TWP_B}/explain", params={"year": 2026, "direction": D2T}, headers=twp
    )
    assert other.status_code == 404  # another org's result is not found: nothing leaks
    audit = await client.get(
        f"/v1/results/{TWP_B}/explain",
        params={"year": 2026, "direction": D2T},
        headers=token(app, "auditor"),
    )
    assert audit.status_code == 200
    assert (
        await client.post(
            "/v1/periods/2026/close", json={"direction": D2T}, headers=token(app, "auditor")
        )
    ).status_code == 403


async def test_no_results_before_close(evaluation):
    app, client = evaluation
    response = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T}, headers=token(app, "evaluator")
    )
    assert response.status_code == 404
    missing = await client.post(
        "/v1/periods/2026/close", json={"direction": D2T}, headers=token(app, "evaluator")
    )
    assert missing.status_code == 422 and missing.json()["code"] == "E-SCHEME-MISSING"
