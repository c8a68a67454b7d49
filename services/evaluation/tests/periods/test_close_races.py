"""A close racing ratings: every rating that was accepted is in the stored results, every other
one was refused because the period had closed; the scheme froze once."""

import asyncio

from evaluationtest_support import TWP_A, token
from sqlalchemy import func, select

from grassroots.common.db.plumbing import AuditRow

D2T = "department_rates_township"
DEPTS = ["11990101MB00000006", "11990101MB00000193", "11990101MB0000027X", "11990101MB0000035Q"]
SCHEME = {
    "year": 2026,
    "direction": D2T,
    "indicators": [
        {
            "code": "work",
            "name": "部门评价",
            "weight": 100,
            "source": "rating",
            "duty_item_codes": ["T-B-002"],
        }
    ],
}


async def test_no_accepted_rating_is_missed_by_a_concurrent_close(evaluation):
    app, client = evaluation
    ev = token(app, "evaluator")
    assert (await client.post("/v1/schemes", json=SCHEME, headers=ev)).status_code == 201

    async def rate(dept: str):
        body = {"year": 2026, "direction": D2T, "ratee": TWP_A, "indicator": "work", "score": 80}
        headers = token(app, "dept_submitter", org=dept, county=None)
        return await client.post("/v1/ratings", json=body, headers=headers)

    close = client.post("/v1/periods/2026/close", json={"direction": D2T}, headers=ev)
    closed, *rated = await asyncio.gather(close, *(rate(d) for d in DEPTS))
    assert closed.status_code == 200, closed.text
    accepted = [r for r in rated if r.status_code == 201]
    assert all(r.json()["code"] == "E-PERIOD-CLOSED" for r in rated if r not in accepted)
    explained = await client.get(
        f"/v1/results/{TWP_A}/explain", params={"year": 2026, "direction": D2T}, headers=ev
    )
    assert explained.json()["indicators"][0]["ratings"]["count"] == len(accepted)
    async with app.state.database.sessions() as session:
        freezes = await session.scalar(
            select(func.count()).where(AuditRow.entity == "scheme", AuditRow.action == "freeze")
        )
    assert freezes == 1
