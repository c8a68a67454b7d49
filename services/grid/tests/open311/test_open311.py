"""Open311 GeoReport v2 in-process: XML and JSON on every endpoint, public reads without a key,
the spec's filters and comma lists, POST by lat/long, address_string or address_id with the key in
the form or the query string, and the spec's error array with its statuses."""

from collections.abc import AsyncIterator
from xml.etree import ElementTree as ET

import pytest
from gridtest_fixtures import A, B, C
from gridtest_geo import point
from gridtest_setup import (
    COUNTY,
    OPEN311_KEY,
    OPEN311_KEYS,
    admin,
    import_and_merge,
    store_demo_catalog,
)

from grassroots.grid.main import spec
from grassroots.grid.settings import GridSettings
from grassroots.testkit.apps import running_app, settings_for

KEY, KEYS = OPEN311_KEY, OPEN311_KEYS
V2 = "/open311/v2"
# what a public request read may show: the spec's fields, nothing else
SPEC_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
async def grid311(database_url) -> AsyncIterator:
    settings = settings_for(GridSettings, database_url, None, open311_api_keys=KEYS)
    async with running_app(spec(settings)) as (app, client):
        await store_demo_catalog(app.state.database)
        await import_and_merge(app, client)
        yield app, client


def _form(**extra):
    lon, lat = point(0.5, 0.5)
    return {
        "service_code": "environment",
        "lat": str(lat),
        "long": str(lon),
        "description": "路灯损坏,联系电话 13800138000",
        "first_name": "三",
        "last_name": "张",
        **extra,
    }


async def _post(client, data, params=None, fmt="json"):
    return await client.post(f"{V2}/requests.{fmt}", data=data, params=params or {})


def _spec_error(response, status):
    """The spec's error array, JSON: [{"code": status, "description": "…"}], nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and len(body) == 1, body
    assert set(body[0]) == {"code", "description"} and body[0]["code"] == status
    text = body[0]["description"]
    assert text and "nan" not in text and "http" not in text and "pydantic" not in text
    return text


async def test_public_reads_show_places_and_offices_not_people(grid311):
    app, client = grid311
    by_query = await _post(client, _form(), params={"api_key": KEY})  # as `open311` posts it
    assert by_query.status_code == 201, by_query.text
    first = by_query.json()[0]["service_request_id"]

    # the defect: only an address_string was answered 422 with a raw validation dump
    by_address = await _post(
        client,
        {
            "api_key": KEY,
            "service_code": "dispute",
            "address_string": "青山镇桃园村村委会门口",
            "description": "邻里纠纷",
            "attribute[urgency]": "difficult",
        },
    )
    assert by_address.status_code == 201, by_address.text
    second = by_address.json()[0]["service_request_id"]
    by_grid = await _post(
        client,
        {
            "api_key": KEY,
            "service_code": "road_facility",
            "address_id": f"{C}-01",
            "description": "路面塌陷",
            "media_url": "https://img.example.org/a.jpg",
        },
    )
    assert by_grid.status_code == 201, by_grid.text
    third = by_grid.json()[0]["service_request_id"]

    listed = await client.get(f"{V2}/requests.json")  # no key: reads are public
    assert listed.status_code == 200, listed.text
    requests = {r["service_request_id"]: r for r in listed.json()}
    assert set(requests) == {first, second, third}
    for one in requests.values():
        assert set(one) == SPEC_FIELDS
        assert "张" not in str(one) and "hotline-12345" not in str(one)
    one = requests[first]
    assert one["address"] == "青山镇石桥村" and one["address_id"] == f"{A}-01"
    assert one["agency_responsible"] == "青山镇"
    assert one["description"] == "路灯损坏,联系电话 ***"
    assert one["status"] == "open" and one["status_notes"].startswith("发现上报")
    assert one["requested_datetime"].endswith("+08:00")
    assert requests[second]["address"] == "青山镇桃园村"
    assert requests[second]["address_id"] == f"{B}-01"
    assert requests[third]["address"] == "青山镇松林村"
    assert requests[third]["media_url"] == "https://img.example.org/a.jpg"
    assert requests[first]["media_url"] is None

    async def ids(**params):
        response = await client.get(f"{V2}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return {r["service_request_id"] for r in response.json()}

    assert await ids(status="open,closed") == {first, second, third}
    assert await ids(status="closed") == set()
    assert await ids(service_code="environment,dispute") == {first, second}
    assert await ids(service_request_id=f"{first},{third}") == {first, third}
    assert await ids(service_request_id=third, status="closed") == {third}  # overrides the rest
    assert await ids(start_date="2020-01-01T00:00:00Z", end_date="2020-03-01T00:00:00Z") == set()
    assert await ids(jurisdiction_id=COUNTY) == {first, second, third}
    assert await ids(jurisdiction_id="990202000000") == set()

    single = await client.get(f"{V2}/requests/{second}.json")
    assert single.status_code == 200 and [r["service_code"] for r in single.json()] == ["dispute"]

    # the step row keeps what the channel said; the event carries the urgency attribute
    event = (await client.get(f"/v1/grid-events/{second}", headers=admin(app))).json()
    assert event["urgency"] == "difficult" and event["channel"] == "open311"
    history = (await client.get(f"/v1/grid-events/{second}/history", headers=admin(app))).json()
    said = history["steps"][0]["detail"]["open311"]
    assert said == {"address_string": "青山镇桃园村村委会门口"}


async def test_xml_is_the_spec_shape(grid311):
    _, client = grid311
    created = await _post(client, {**_form(), "api_key": KEY}, fmt="xml")
    assert created.status_code == 201 and created.headers["content-type"].startswith("text/xml")
    assert created.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    rid = ET.fromstring(created.content).findtext("request/service_request_id")
    assert rid

    discovery = ET.fromstring((await client.get(f"{V2}/discovery.xml")).content)
    assert discovery.tag == "discovery"
    endpoint = discovery.find("endpoints/endpoint")
    assert endpoint is not None
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url", "").endswith("/open311/v2")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]

    services = ET.fromstring((await client.get(f"{V2}/services.xml")).content)
    assert services.tag == "services"
    first = services.findall("service")[0]
    assert [child.tag for child in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.findtext("service_code") == "environment"
    assert first.findtext("metadata") == "true" and first.findtext("type") == "realtime"

    definition = ET.fromstring((await client.get(f"{V2}/services/environment.xml")).content)
    assert definition.tag == "service_definition"
    assert definition.findtext("service_code") == "environment"
    attribute = definition.find("attributes/attribute")
    assert attribute is not None
    assert attribute.findtext("variable") == "true"
    assert attribute.findtext("code") == "urgency"
    assert attribute.findtext("datatype") == "singlevaluelist"
    assert attribute.findtext("order") == "1"
    values = {v.findtext("key"): v.findtext("name") for v in attribute.findall("values/value")}
    assert values["ordinary"] == "一般(3 个工作日内办结)"
    assert values["on_the_spot"] == "当场处置(当日办结)"

    listing = ET.fromstring((await client.get(f"{V2}/requests.xml")).content)
    assert listing.tag == "service_requests"
    request = listing.find("request")
    assert request is not None
    assert [child.tag for child in request][:2] == ["service_request_id", "status"]
    assert request.findtext("service_request_id") == rid
    assert request.findtext("address") == "青山镇石桥村"
    assert request.findtext("zipcode") == ""  # present and empty, as in the spec
    assert float(request.findtext("lat", "")) == pytest.approx(point(0.5, 0.5)[1])
    one = ET.fromstring((await client.get(f"{V2}/requests/{rid}.xml")).content)
    assert one.findtext("request/agency_responsible") == "青山镇"

    missing = await client.get(f"{V2}/requests/GEnope.xml")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/xml")
    errors = ET.fromstring(missing.content)
    assert errors.tag == "errors" and errors.findtext("error/code") == "404"
    assert errors.findtext("error/description")
    unknown_format = await client.get(f"{V2}/services.html")
    assert unknown_format.status_code == 404
    assert ET.fromstring(unknown_format.content).findtext("error/code") == "404"


async def test_errors_are_the_spec_array(grid311):
    _, client = grid311
    assert "api_key" in _spec_error(await _post(client, _form()), 403)
    _spec_error(await _post(client, _form(), params={"api_key": "wrong"}), 403)
    _spec_error(await _post(client, {**_form(), "api_key": KEY, "lat": "nan"}), 400)
    _spec_error(await _post(client, {**_form(), "api_key": KEY, "lat": "x"}), 400)
    only_lat = _form()
    del only_lat["long"]
    _spec_error(await _post(client, {**only_lat, "api_key": KEY}), 400)
    _spec_error(await _post(client, {**_form(), "api_key": KEY, "service_code": "nope"}), 400)
    _spec_error(await _post(client, {**_form(), "api_key": KEY, "attribute[colour]": "red"}), 400)
    _spec_error(await _post(client, {**_form(), "api_key": KEY, "attribute[urgency]": "x"}), 400)
    nowhere = {"api_key": KEY, "service_code": "environment", "description": "x"}
    _spec_error(await _post(client, {**nowhere, "address_string": "火星基地"}), 400)
    _spec_error(await _post(client, {**nowhere, "address_id": "nope"}), 400)
    _spec_error(await _post(client, nowhere), 400)
    far_lon, far_lat = point(50, 50)
    _spec_error(
        await _post(client, {**_form(), "api_key": KEY, "lat": far_lat, "long": far_lon}), 400
    )
    _spec_error(
        await client.post(
            f"{V2}/requests.json",
            content=b"\xff\xfe",
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        400,
    )
    _spec_error(await client.get(f"{V2}/requests.json", params={"status": "pending"}), 400)
    _spec_error(await client.get(f"{V2}/requests.json", params={"start_date": "yesterday"}), 400)
    too_long = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}
    assert "90" in _spec_error(await client.get(f"{V2}/requests.json", params=too_long), 400)
    _spec_error(await client.get(f"{V2}/requests/GEnope.json"), 404)
    _spec_error(await client.get(f"{V2}/services/nope.json"), 404)
    _spec_error(await client.get(f"{V2}/requests.json", params={"jurisdiction_id": "x"}), 404)
    _spec_error(await client.get(f"{V2}/requests.json", params={"service_code": "x" * 3000}), 400)


async def test_dates_outside_the_horizon_are_the_spec_error(grid311):
    """start_date / end_date from 1990 to next year; beyond, 400 (not an overflow's 500)."""
    _, client = grid311
    for params in (
        {"start_date": "9999-12-31T00:00:00Z"},
        {"end_date": "0001-01-01T00:00:00+14:00"},
        {"start_date": "1989-12-31T00:00:00+08:00"},
    ):
        text = _spec_error(await client.get(f"{V2}/requests.json", params=params), 400)
        assert "1990" in text
    legal = {"start_date": "1990-01-01T00:00:00+08:00", "end_date": "1990-03-31T00:00:00+08:00"}
    assert (await client.get(f"{V2}/requests.json", params=legal)).json() == []
