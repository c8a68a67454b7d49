"""Publishing a catalog version: validated whole, stored once, announced on the topic."""

import copy
import json

import yaml
from aiokafka import AIOKafkaConsumer

from grassroots.common.events import ADMISSION_TOPIC
from grassroots.common.problems import PROBLEM_JSON
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.apps import auth

COUNTY = "990101000000"


def _admin(app, county=COUNTY):
    return auth(app.state.settings, "catalog_admin", org=county, county=county)


async def test_publish_read_and_announce(admission, kafka_broker):
    app, client = admission
    document = demo_catalog()
    created = await client.post("/v1/catalog/versions", json=document, headers=_admin(app))
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/catalog/versions/2026.1"
    assert created.json()["counts"]["duty_items"] == len(document["duty_items"])
    active = await client.get(
        "/v1/catalog/active", params={"on": "2026-06-01"}, headers=_admin(app)
    )
    assert active.json()["version"] == "2026.1"
    assert len(active.json()["document"]["duty_items"]) == len(document["duty_items"])
    again = await client.post("/v1/catalog/versions", json=document, headers=_admin(app))
    assert again.status_code == 409 and again.json()["code"] == "E-CATALOG-VERSION-EXISTS"

    consumer = AIOKafkaConsumer(
        ADMISSION_TOPIC,
        bootstrap_servers=kafka_broker.bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    try:
        records = []
        while not records:
            for recs in (await consumer.getmany(timeout_ms=1000)).values():
                records += recs
    finally:
        await consumer.stop()
    assert dict(records[0].headers)["ce_type"] == b"catalog.published.v1"
    assert json.loads(records[0].value)["version"] == "2026.1"


async def test_yaml_is_accepted(admission):
    app, client = admission
    body = yaml.safe_dump(demo_catalog(version="2026.2"), allow_unicode=True)
    headers = {**_admin(app), "content-type": "application/yaml"}
    response = await client.post("/v1/catalog/versions", content=body.encode(), headers=headers)
    assert response.status_code == 201, response.text


async def test_invalid_catalog_lists_every_problem(admission):
    app, client = admission
    document = copy.deepcopy(demo_catalog())
    document["duty_items"][0]["list"] = "negative"  # not a township list
    document["duty_items"][1]["surprise"] = 1  # unknown field
    response = await client.post("/v1/catalog/versions", json=document, headers=_admin(app))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["code"] == "E-CATALOG-INVALID"
    paths = {p["path"] for p in body["problems"]}
    assert any(p.startswith("duty_items[0]") for p in paths)
    assert any(p.startswith("duty_items[1]") for p in paths)


async def test_unparsable_body_and_wrong_role(admission):
    app, client = admission
    headers = {**_admin(app), "content-type": "application/json"}
    response = await client.post("/v1/catalog/versions", content=b"{nope", headers=headers)
    assert response.status_code == 422 and response.json()["code"] == "E-CATALOG-INVALID"
    reviewer = auth(app.state.settings, "admission_reviewer", org=COUNTY)
    response = await client.post("/v1/catalog/versions", json=demo_catalog(), headers=reviewer)
    assert response.status_code == 403


async def test_another_county_admin_is_refused(admission):
    app, client = admission
    other = _admin(app, county="990102000000")
    response = await client.post("/v1/catalog/versions", json=demo_catalog(), headers=other)
    assert response.status_code == 403 and response.json()["code"] == "AUTH-SCOPE"


async def test_no_active_version_is_404(admission):
    app, client = admission
    response = await client.get("/v1/catalog/active", headers=_admin(app))
    assert response.status_code == 404 and response.json()["code"] == "E-NOT-FOUND"


async def test_a_nul_character_is_refused_not_a_server_error(admission):
    app, client = admission
    response = await client.get("/v1/catalog/versions/a%00b", headers=_admin(app))
    assert response.headers["content-type"] == PROBLEM_JSON
    if app.state.database.dialect == "postgresql":  # PostgreSQL text cannot hold U+0000
        assert (response.status_code, response.json()["code"]) == (422, "E-INVALID-VALUE")
    else:
        assert response.status_code == 404
