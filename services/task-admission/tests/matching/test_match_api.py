"""POST /v1/match over the county's active catalog, and the labelled set's shape."""

import importlib.util
import json
from pathlib import Path

from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.matching import engine
from grassroots.task_admission.matching.warmup import index_active
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
LABELLED = Path(__file__).with_name("labelled_set.json")


async def test_match_ranks_duty_items(admission_db):
    app, client = admission_db
    admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
    assert (
        await client.post("/v1/catalog/versions", json=demo_catalog(), headers=admin)
    ).is_success
    dept = auth(app.state.settings, "dept_submitter", org="11990101MB0000107H")
    body = {"text": "入冬以来火险等级升高,请各乡镇加强巡山护林,严管野外用火", "level": "township"}
    response = await client.post("/v1/match", json=body, headers=dept)
    assert response.status_code == 200, response.text
    matches = response.json()["matches"]
    assert matches[0]["code"] in ("T-B-001", "T-B-002")
    assert "巡山" in matches[0]["matched_terms"]
    assert all(m["score"] <= 1 for m in matches)
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)
    village = await client.post(
        "/v1/match", json={"text": "出具亲属关系证明", "level": "village", "limit": 1}, headers=dept
    )
    assert village.json()["matches"][0]["list"] == "negative"
    bad = await client.post("/v1/match", json={"text": "", "limit": 0}, headers=dept)
    assert bad.status_code == 422


async def test_before_any_catalog_no_department_is_known(admission_db):
    app, client = admission_db
    dept = auth(app.state.settings, "dept_submitter", org="11990101MB0000107H", county=COUNTY)
    response = await client.post("/v1/match", json={"text": "森林防火"}, headers=dept)
    assert response.status_code == 403 and response.json()["code"] == "AUTH-ORG-UNKNOWN"


def test_labelled_set_is_worth_the_name():
    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    second = json.loads((LABELLED.parent / "texts/second_county_items.json").read_text("utf-8"))
    codes = {
        "demo": {item["code"]: item for item in demo_catalog()["duty_items"]},
        "second": {item["code"]: item for item in second},
    }
    assert len(labelled) >= 500 and {e["county"] for e in labelled} == {"demo", "second"}
    assert sum(e["paraphrase"] for e in labelled) >= 0.4 * len(labelled)
    assert len({entry["id"] for entry in labelled}) == len(labelled)
    assert len({entry["text"] for entry in labelled}) == len(labelled)
    held = [e for e in labelled if e["split"] == "held_out"]
    assert 0.3 * len(labelled) <= len(held) <= 0.5 * len(labelled)
    unlisted = [e for e in labelled if e["code"] is None]
    assert {e["split"] for e in unlisted} == {"tuning", "held_out"}
    for entry in labelled:
        if entry["code"] is None:  # under no item: teaches the calibration what "none" is
            assert entry["list"] == entry["source"] == "unlisted" and entry["named"] is None
            continue
        item = codes[entry["county"]][entry["code"]]
        assert (entry["level"], entry["list"]) == (item["level"], item["list"]), entry
        assert entry["source"] and entry["split"] in ("tuning", "held_out")
        assert len(entry["text"]) >= 30 and isinstance(entry["shares_keyword"], bool)
        if entry["named"]:
            named = codes[entry["county"]][entry["named"]]
            assert named["level"] == item["level"] and named["list"] not in (
                "withdrawn",
                "negative",
            )
    # the committed file is what the builder makes of its sources
    spec = importlib.util.spec_from_file_location(
        "builder", LABELLED.parent / "build_labelled_set.py"
    )
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build() == labelled


async def test_active_catalogs_are_indexed_in_the_background(api):
    app, _, h = api
    engine._INDEXES.pop((h.COUNTY, "2026.1"), None)
    assert await index_active(app.state.database) == 1
    assert (h.COUNTY, "2026.1") in engine._INDEXES
