"""inspection.plan.approved registers a plan (once), and the inspection rule then admits."""

from datetime import date

from grassroots.common.events.envelope import Envelope
from grassroots.common.events.evaluation import InspectionPlanApproved
from grassroots.task_admission.policy.consumers import on_inspection_plan_approved


async def test_registered_plan_admits_an_inspection(api):
    app, client, h = api
    body = h.basic_task(kind="inspection", inspection_plan_id="PLAN-1")
    refused = await client.post("/v1/demands", json=body, headers=h.dept())
    assert refused.json()["status"] == "rejected"
    assert [r["code"] for r in refused.json()["decision"]["reasons"]] == [
        "R-INSPECTION-NOT-REGISTERED"
    ]
    event = InspectionPlanApproved(
        plan_id="PLAN-1",
        county=h.COUNTY,
        department=h.FORESTRY,
        title="森林防火专项督查",
        kind="督查",
        townships=[h.QINGSHAN],
        window_start=date(2026, 1, 1),
        window_end=date(2027, 12, 31),
        year=2026,
    )
    envelope = Envelope.wrap(event, "evaluation")
    for _ in range(2):  # a redelivered event changes nothing
        async with app.state.database.transaction() as session:
            await on_inspection_plan_approved(session, event, envelope)
    admitted = await client.post("/v1/demands", json=body, headers=h.dept())
    assert admitted.json()["status"] == "admitted", admitted.json()["decision"]
    outside = await client.post(
        "/v1/demands", json={**body, "targets": [h.SHIMEN]}, headers=h.dept()
    )
    assert outside.json()["status"] == "rejected"
