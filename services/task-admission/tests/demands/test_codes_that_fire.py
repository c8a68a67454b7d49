"""Demand codes that fire: a demand cannot be submitted before the county has a catalog."""

from sqlalchemy import func, select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.task_admission.demands.models import Demand


async def test_no_demand_before_the_county_publishes_a_catalog(admission_db, client_helpers):
    app, client = admission_db  # an empty database: no catalog in force
    h = client_helpers(app)
    # a system submitting for a unit its division code places in the county, which has no catalog
    headers = h.role("service", h.QINGSHAN)
    response = await client.post("/v1/demands", json=h.basic_task(), headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-NO-CATALOG"
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Demand)) == 0
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 0
