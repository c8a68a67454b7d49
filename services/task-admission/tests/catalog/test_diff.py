"""The diff between two catalog versions: added, removed, changed, moved between lists."""

import copy

from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.rules import diff_documents
from grassroots.testkit.apps import auth

COUNTY = "990101000000"


def _next_version() -> dict:
    new = copy.deepcopy(demo_catalog(version="2026.2"))
    new["effective_from"] = "2026-07-01"
    items = new["duty_items"]
    removed = next(i for i in items if i["code"] == "T-B-002")
    items.remove(removed)
    moved = next(i for i in items if i["code"] == "T-B-003")
    moved["list"] = "withdrawn"
    moved["lead_department"] = "11990101MB00000006"
    items.append({**copy.deepcopy(items[0]), "code": "T-B-900", "title": "新增事项"})
    return new


def test_diff_documents_is_exhaustive():
    old = demo_catalog()
    result = diff_documents(old, _next_version())
    duty = result["duty_items"]
    assert [i["code"] for i in duty["added"]] == ["T-B-900"]
    assert [i["code"] for i in duty["removed"]] == ["T-B-002"]
    assert duty["moved"] == [
        {
            "code": "T-B-003",
            "title": duty["moved"][0]["title"],
            "from_list": "basic",
            "to_list": "withdrawn",
        }
    ]
    assert duty["changed"] == [{"code": "T-B-003", "fields": ["lead_department"]}]
    assert diff_documents(old, old)["duty_items"] == {
        "added": [],
        "removed": [],
        "changed": [],
        "moved": [],
    }


async def test_diff_endpoint(admission_db):
    app, client = admission_db
    admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
    for document in (demo_catalog(), _next_version()):
        response = await client.post("/v1/catalog/versions", json=document, headers=admin)
        assert response.status_code == 201, response.text
    response = await client.get(
        "/v1/catalog/diff", params={"from": "2026.1", "to": "2026.2"}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["duty_items"]["moved"][0]["code"] == "T-B-003"
    missing = await client.get(
        "/v1/catalog/diff", params={"from": "2026.1", "to": "9.9"}, headers=admin
    )
    assert missing.status_code == 404
    no_params = await client.get("/v1/catalog/diff", headers=admin)
    assert no_params.status_code == 422


def test_diff_of_canonical_fields_and_maps():
    old = demo_catalog()
    new = copy.deepcopy(old)
    new["field_definitions"].append(
        {
            "code": "FD-900",
            "name": "宅基地面积",
            "type": "decimal",
            "subject": "household",
            "unit": "平方米",
        }
    )
    low_income = next(f for f in new["approved_forms"] if f["code"] == "F-007")
    low_income["fields"].append("宅基地面积")
    low_income["field_map"]["宅基地面积"] = "FD-900"
    result = diff_documents(old, new)
    assert [d["code"] for d in result["field_definitions"]["added"]] == ["FD-900"]
    assert result["approved_forms"]["changed"] == [
        {"code": "F-007", "fields": ["field_map", "fields"]}
    ]


def test_a_version_stored_before_field_maps_differs_in_nothing_but_them():
    """A version stored before the format gained `field_map` lacks it; an empty one is no change."""
    old = demo_catalog()
    del old["field_definitions"]
    for entry in old["approved_forms"]:
        del entry["field_map"]
    new = copy.deepcopy(old)
    for entry in new["approved_forms"]:
        entry["field_map"] = {}
    new["field_definitions"] = []
    result = diff_documents(old, new)
    assert all(not part for section in result.values() for part in section.values())
