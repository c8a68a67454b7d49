"""Complaint codes that fire: nobody can complain before the county has a catalog; a body the
framework cannot decode is a bad request."""

from sqlalchemy import func, select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.problems import PROBLEM_JSON
from grassroots.task_admission.complaints.models import Complaint

MARKET = "11990101MB0000051E"


async def test_no_complaint_before_the_county_publishes_a_catalog(admission_db, client_helpers):
    app, client = admission_db  # an empty database: no catalog in force
    h = client_helpers(app)
    body = {
        "kind": "bypassed_platform",
        "department": MARKET,
        "description": "县市场监管局通过微信群直接要求各村检查食品作坊,未经平台派单",
    }
    response = await client.post("/v1/complaints", json=body, headers=h.village())
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-NO-CATALOG"
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Complaint)) == 0
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 0


async def test_a_json_body_that_is_not_utf8_is_a_bad_request(api):
    """The framework cannot decode the body at all (not a JSON syntax error, which is 422): it
    answers 400, which the shared handlers map to E-BAD-REQUEST."""
    app, client, h = api
    body = '{"kind": "bypassed_platform", "department": "市场监管局"}'.encode("gb18030")
    headers = {**h.village(), "content-type": "application/json"}
    response = await client.post("/v1/complaints", content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "E-BAD-REQUEST"
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Complaint)) == 0
