"""The forms' overlap analysis (标签化, 一表同享): the facts several forms ask and what merging them
would save — by hand on a small catalog, then over the API on the demo county, its expected
figures computed here from the demo document with plain set arithmetic."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import load_workbook

from grassroots.common import catalog_versions, clock
from grassroots.common.catalog import validate_catalog
from grassroots.common.exports import XLSX
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.overlaps import analyse, fillings_per_unit
from grassroots.task_admission.catalog.schemas import OVERLAPS_EXAMPLE
from grassroots.testkit.counties import OURS, THEIRS, neighbour_catalog

COUNTY = "990101000000"
LAND, CIVIL = "11990101MB00000006", "11990101MB000006X6"  # 县自然资源局, 县民政局
T1, T2 = "990101101000", "990101102000"
URL = "/v1/catalog/forms/overlaps"


def _form(code: str, level: str, frequency: str, mapped: dict[str, str]) -> dict[str, Any]:
    return {
        "code": code,
        "title": f"表{code}",
        "owner_department": CIVIL,
        "level": level,
        "frequency": frequency,
        "fields": list(mapped),
        "field_map": mapped,
    }


def _definition(code: str, name: str, kind: str, subject: str, **more: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "type": kind, "subject": subject, **more}


def small_catalog() -> dict[str, Any]:
    """Two townships, three villages; five forms over six canonical fields."""
    units = [
        {"code": COUNTY, "name": "示范县", "kind": "county", "parent": None},
        {"code": LAND, "name": "县自然资源局", "kind": "department", "parent": COUNTY},
        {"code": CIVIL, "name": "县民政局", "kind": "department", "parent": COUNTY},
        {"code": T1, "name": "青山镇", "kind": "township", "parent": COUNTY},
        {"code": T2, "name": "石门镇", "kind": "township", "parent": COUNTY},
        {"code": "990101101201", "name": "石桥村", "kind": "village", "parent": T1},
        {"code": "990101101202", "name": "桃园村", "kind": "village", "parent": T1},
        {"code": "990101102201", "name": "河口村", "kind": "village", "parent": T2},
    ]
    forms = [
        _form(
            "F-A",
            "village",
            "quarterly",
            {"户主姓名": "FD-1", "身份证号": "FD-2", "家庭人口": "FD-3"},
        ),
        _form("F-B", "village", "monthly", {"户主": "FD-1", "证件号码": "FD-2"}),
        _form("F-C", "village", "yearly", {"户数": "FD-4", "耕地面积": "FD-5"}),
        _form("F-D", "township", "weekly", {"巡查日期": "FD-6", "耕地面积": "FD-5"}),
        _form("F-E", "village", "half_yearly", {"总户数": "FD-4"}),
    ]
    definitions = [
        _definition("FD-1", "户主姓名", "text", "household"),
        _definition("FD-2", "户主身份证号", "id_number", "household", sensitivity="sensitive"),
        _definition("FD-3", "家庭人口", "integer", "household", unit="人"),
        _definition("FD-4", "户数", "integer", "village", unit="户"),
        _definition("FD-5", "耕地面积", "decimal", "village", unit="亩"),
        _definition("FD-6", "巡查日期", "date", "organisation"),
    ]
    return {
        "county": {"code": COUNTY, "name": "示范县"},
        "version": "1",
        "effective_from": "2026-01-01",
        "org_units": units,
        "duty_items": [],
        "enforcement_items": [],
        "approved_forms": forms,
        "field_definitions": definitions,
    }


def test_fillings_per_unit_by_frequency():
    assert [
        fillings_per_unit(f, 2026)
        for f in ("weekly", "monthly", "quarterly", "half_yearly", "yearly", "once", "on_demand")
    ] == [53, 12, 4, 2, 1, 1, 1]
    assert fillings_per_unit("weekly", 2027) == 52  # ISO weeks: 2026 has 53, 2027 has 52


def test_overlaps_of_a_small_catalog_by_hand():
    report = analyse(validate_catalog(small_catalog()), 2026, as_of=date(2026, 6, 1))
    assert report.units == {"township": 2, "village": 3}
    # fillings a year = per unit × units: A 4×3, B 12×3, C 1×3, D 53×2 (weeks of 2026), E 2×3
    loads = {f.code: f.fillings_a_year for f in report.forms}
    assert loads == {"F-A": 12, "F-B": 36, "F-C": 3, "F-D": 106, "F-E": 6}
    # facts asked twice: 户主姓名 and 户主身份证号 (A, B), 户数 (C, E), 耕地面积 (C, D)
    groups = {g.field: [(a.form, a.label) for a in g.forms] for g in report.groups}
    assert groups == {
        "FD-1": [("F-A", "户主姓名"), ("F-B", "户主")],
        "FD-2": [("F-A", "身份证号"), ("F-B", "证件号码")],
        "FD-4": [("F-C", "户数"), ("F-E", "总户数")],
        "FD-5": [("F-C", "耕地面积"), ("F-D", "耕地面积")],
    }
    # folding, fewest fields first: E (户数 asked by C) folds; then B (A asks both); C keeps
    # 户数 (E is folded), D keeps 巡查日期, A keeps 家庭人口 → 5 forms to 3
    folded = {f.code: f.merged_into for f in report.forms if f.folded}
    assert folded == {"F-E": ["F-C"], "F-B": ["F-A"]}
    s = report.savings
    assert (s.forms.before, s.forms.after, s.forms.saved) == (5, 3, 2)
    # fields: 3 + 2 + 2 + 2 + 1 = 10 → 6 distinct (field, subject)
    assert (s.fields.before, s.fields.after) == (10, 6)
    # before: 3×12 + 2×36 + 2×3 + 2×106 + 1×6 = 36 + 72 + 6 + 212 + 6 = 332
    # after, each fact at its most demanding form: FD-1 36 (B), FD-2 36 (B), FD-3 12 (A),
    # FD-4 6 (E), FD-5 106 (D), FD-6 106 (D) = 302
    assert (s.field_fillings.before, s.field_fillings.after, s.field_fillings.saved) == (
        332,
        302,
        30,
    )
    assert s.field_fillings.arithmetic.endswith("= 302")
    assert "= 332" in s.field_fillings.arithmetic
    assert s.forms.arithmetic == "5 − 2(F-B 并入 F-A、F-E 并入 F-C)= 3"


def test_the_year_sets_the_weeks():
    report = analyse(validate_catalog(small_catalog()), 2027, as_of=date(2027, 12, 31))
    # D: 52×2 = 104; before 36 + 72 + 6 + 208 + 6 = 328; after 36 + 36 + 12 + 6 + 104 + 104 = 298
    s = report.savings.field_fillings
    assert (s.before, s.after) == (328, 298)


def test_a_catalog_without_canonical_fields_shares_nothing():
    raw = small_catalog()
    del raw["field_definitions"]
    for form in raw["approved_forms"]:
        del form["field_map"]
    report = analyse(validate_catalog(raw), 2026, as_of=date(2026, 6, 1))
    assert report.groups == [] and report.unmapped_fields == 10
    s = report.savings
    assert (s.forms.before, s.forms.after) == (5, 5)
    assert (s.fields.before, s.fields.after) == (10, 10)
    assert s.field_fillings.before == s.field_fillings.after == 332


# The demo county, over the API; the expected figures from the document, by set arithmetic.
PER_UNIT = {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1, "once": 1}
PER_UNIT["on_demand"] = 1


def expected_of_demo() -> dict[str, Any]:
    doc = demo_catalog()
    subject = {d["code"]: d["subject"] for d in doc["field_definitions"]}
    count = {
        kind: sum(1 for u in doc["org_units"] if u["kind"] == kind)
        for kind in ("township", "village")
    }
    facts = {
        f["code"]: {(code, subject[code]) for code in f["field_map"].values()}
        for f in doc["approved_forms"]
    }
    load = {f["code"]: PER_UNIT[f["frequency"]] * count[f["level"]] for f in doc["approved_forms"]}
    everything = set().union(*facts.values())
    askers = {fact: {c for c, own in facts.items() if fact in own} for fact in everything}
    shared = {fact[0]: codes for fact, codes in askers.items() if len(codes) > 1}
    others = {c: set().union(*(o for d, o in facts.items() if d != c)) for c in facts}
    foldable = {c for c, own in facts.items() if own <= others[c]}
    # the simple arithmetic is exact when the foldable forms do not lean on each other
    rest = {c: own for c, own in facts.items() if c not in foldable}
    assert all(facts[c] <= set().union(*rest.values()) for c in foldable)
    return {
        "groups": shared,
        "forms": (len(facts), len(facts) - len(foldable)),
        "foldable": foldable,
        "fields": (sum(len(f["fields"]) for f in doc["approved_forms"]), len(everything)),
        "field_fillings": (
            sum(len(facts[c]) * load[c] for c in facts),
            sum(max(load[c] for c in askers[fact]) for fact in everything),
        ),
    }


def test_the_openapi_example_is_the_demo_county_cut_short():
    report = analyse(validate_catalog(demo_catalog()), 2026, as_of=date(2026, 6, 1))
    shown = report.model_dump(mode="json")
    shown["groups"] = [g for g in shown["groups"] if g["field"] == "FD-029"]  # 家庭人口
    shown["forms"] = [f for f in shown["forms"] if f["code"] in ("F-007", "F-018")]
    assert shown == OVERLAPS_EXAMPLE


async def test_overlaps_of_the_demo_county(api):
    _app, client, h = api
    response = await client.get(URL, headers=h.reviewer())
    assert response.status_code == 200, response.text
    body = response.json()
    expected = expected_of_demo()
    assert (body["county"], body["version"], body["year"]) == (COUNTY, "2026.1", clock.today().year)
    groups = {g["field"]: {a["form"] for a in g["forms"]} for g in body["groups"]}
    assert groups == expected["groups"]
    assert {f["code"] for f in body["forms"] if f["folded"]} == expected["foldable"]
    savings = body["savings"]
    for name in ("forms", "fields", "field_fillings"):
        assert (savings[name]["before"], savings[name]["after"]) == expected[name], name
    # the figures of the demo county, as the README quotes them
    assert expected["forms"] == (18, 17) and expected["fields"] == (95, 74)
    assert expected["field_fillings"] == (17160, 15000)
    low_income = next(g for g in body["groups"] if g["name"] == "户主身份证号")
    assert {(a["form"], a["label"]) for a in low_income["forms"]} >= {
        ("F-007", "身份证号"),
        ("F-016", "身份证号"),
    }
    assert low_income["subject"] == "household" and low_income["sensitivity"] == "sensitive"


async def test_overlaps_of_a_year_without_a_catalog_in_force(api):
    _app, client, h = api
    response = await client.get(URL, params={"year": 2025}, headers=h.reviewer())
    assert response.status_code == 404 and response.json()["code"] == "E-NOT-FOUND"
    past = await client.get(URL, params={"year": 1999}, headers=h.reviewer())
    assert past.status_code == 422


async def test_overlaps_as_csv_and_xlsx(api):
    _app, client, h = api
    response = await client.get(URL, params={"format": "csv"}, headers=h.reviewer())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["规范字段代码", "规范字段", "数据对象"]
    asked = sum(len(codes) for codes in expected_of_demo()["groups"].values())
    assert len(rows) == 1 + asked  # a row per form asking a shared fact
    book = await client.get(URL, headers={**h.reviewer(), "accept": XLSX})
    assert book.status_code == 200 and book.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    assert "表格 18→17" in str(sheet["A1"].value)


async def test_who_may_read_the_overlaps(api):
    app, client, h = api
    document = validate_catalog(neighbour_catalog()).model_dump(mode="json", exclude_none=True)
    async with app.state.database.transaction() as session:
        await catalog_versions.store(session, THEIRS, "2026.1", date(2026, 1, 1), document)
    allowed = {
        "reviewer": h.reviewer(),
        "department": h.dept(),
        "catalog admin": h.role("catalog_admin", OURS),
        "evaluator": h.role("evaluator", OURS),
        "auditor": h.auditor(),
    }
    for who, headers in allowed.items():
        response = await client.get(URL, headers=headers)
        assert response.status_code == 200, (who, response.text)
    for who, headers in {"village": h.village(), "township": h.township()}.items():
        response = await client.get(URL, headers=headers)
        assert (response.status_code, response.json()["code"]) == (403, "AUTH-ROLE"), who
    theirs = h.role("admission_reviewer", THEIRS)
    asked = await client.get(URL, params={"county": OURS}, headers=theirs)
    assert (asked.status_code, asked.json()["code"]) == (403, "AUTH-SCOPE")
    own = await client.get(URL, headers=theirs)  # their own county: their catalog
    assert own.status_code == 200 and own.json()["county"] == THEIRS
