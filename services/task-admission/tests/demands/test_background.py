"""The overdue loop runs in the service (no waiting for a test clock), and creating POSTs are
idempotent with an Idempotency-Key."""

from datetime import date

from sqlalchemy import func, select, update

from grassroots.common.db.plumbing import OutboxRow
from grassroots.task_admission.demands.models import Demand
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings
from grassroots.testkit.apps import eventually, running_app, settings_for


async def test_overdue_loop_flags_a_past_deadline(sqlite_url, client_helpers, catalog_storer):
    settings = settings_for(TaskAdmissionSettings, sqlite_url, None, overdue_scan_seconds=0.05)
    async with running_app(spec(settings)) as (app, client):
        await catalog_storer(app)
        h = client_helpers(app)
        created = await client.post("/v1/demands", json=h.basic_task(), headers=h.dept())
        assert created.json()["status"] == "admitted"
        async with app.state.database.transaction() as session:
            await session.execute(
                update(Demand)
                .where(Demand.id == created.json()["id"])
                .values(deadline=date(2026, 1, 5))
            )

        async def flagged() -> bool:
            async with app.state.database.transaction() as session:
                stmt = select(func.count()).where(OutboxRow.ce_type == "demand.overdue.v1")
                return await session.scalar(stmt) == 1

        await eventually(flagged, within=10)
        assert app.state.runtime.dead_tasks() == []


async def test_idempotency_key_returns_the_same_demand(api):
    _, client, h = api
    headers = {**h.dept(), "Idempotency-Key": "submit-1"}
    first = await client.post("/v1/demands", json=h.basic_task(), headers=headers)
    again = await client.post("/v1/demands", json=h.basic_task(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    listed = await client.get("/v1/demands", headers=h.dept())
    assert len(listed.json()["items"]) == 1
