"""The pure merge against the fixture with known gaps, overlaps and shares."""

import pytest
from gridtest_fixtures import (
    BASE,
    BOUNDARY,
    BOUNDARY_GAPS_M2,
    GAPS_M2,
    LEGACY,
    LEGACY_OVERLAP_P,
    OUTSIDE_BOUNDARY_C,
    OVERLAP_AC,
    OVERLAP_BC,
    STRIP_IN_NO_LAYER_M2,
    A,
    B,
    C,
)

from grassroots.grid.layers.merge import merge_report, plan_grids
from grassroots.grid.layers.rules import parse_features

TOWNSHIP = "990101101000"


def _parsed(collection, kind):
    features, problems = parse_features(collection, kind=kind, township=TOWNSHIP)
    assert problems == []
    return features


def _report(split_over=None):
    grids = plan_grids(_parsed(BASE, "base"), split_over)
    legacy = {system: _parsed(c, "legacy") for system, c in LEGACY.items()}
    return grids, merge_report(grids, legacy)


def test_one_grid_per_unit_with_gaps_and_overlaps():
    grids, report = _report()
    assert [g.grid_id for g in grids] == [f"{A}-01", f"{B}-01", f"{C}-01"]
    assert [g["area_m2"] for g in report["gaps"]] == pytest.approx(GAPS_M2, rel=5e-3)
    assert report["gaps_m2"] == pytest.approx(sum(GAPS_M2), rel=5e-3)
    overlaps = {tuple(o["grids"]): o["area_m2"] for o in report["overlaps"]}
    assert overlaps == {
        (f"{A}-01", f"{C}-01"): pytest.approx(OVERLAP_AC, rel=5e-3),
        (f"{B}-01", f"{C}-01"): pytest.approx(OVERLAP_BC, rel=5e-3),
    }
    assert report["overlaps_m2"] == pytest.approx(OVERLAP_AC + OVERLAP_BC, rel=5e-3)
    assert report["legacy_overlaps"] == [
        {
            "system": "党建",
            "grids": ["P1", "P2"],
            "area_m2": pytest.approx(LEGACY_OVERLAP_P, rel=5e-3),
        }
    ]
    by_id = {(entry["system"], entry["grid_id"]): entry for entry in report["legacy"]}
    z1 = by_id[("综治", "Z1")]
    shares = {c["grid_id"]: c["share"] for c in z1["covered_by"]}
    assert shares[f"{A}-01"] == pytest.approx(0.5, abs=0.01)
    assert shares[f"{B}-01"] == pytest.approx(0.5, abs=0.01)
    assert shares[f"{C}-01"] == pytest.approx(0.125, abs=0.01)  # C reaches into Z1 (1..3 × 1.5..2)
    assert z1["uncovered_m2"] == 0
    z2 = by_id[("综治", "Z2")]
    assert z2["covered_by"] == [] and z2["uncovered_m2"] == pytest.approx(GAPS_M2[0], rel=5e-3)
    assert report["gaps"][0]["systems"] == ["综治"]


def test_large_unit_split_by_households():
    grids, report = _report(split_over=500)
    assert [g.grid_id for g in grids] == [f"{A}-01", f"{B}-01", f"{B}-02", f"{C}-01"]
    assert [g.households for g in grids] == [300, 450, 450, None]
    z1 = next(e for e in report["legacy"] if e["grid_id"] == "Z1")
    shares = {c["grid_id"]: c["share"] for c in z1["covered_by"]}
    assert shares[f"{B}-01"] == pytest.approx(0.25, abs=0.01)
    assert shares[f"{B}-02"] == pytest.approx(0.25, abs=0.01)


def test_gaps_against_the_township_boundary():
    grids = plan_grids(_parsed(BASE, "base"), None)
    legacy = {system: _parsed(c, "legacy") for system, c in LEGACY.items()}
    (outline,) = parse_features(BOUNDARY, kind="boundary", township=TOWNSHIP)[0]
    report = merge_report(grids, legacy, outline.geometry)
    assert report["gaps_basis"] == "boundary"
    assert report["gaps_m2"] == pytest.approx(BOUNDARY_GAPS_M2, rel=5e-3)
    assert report["outside_boundary"] == [
        {
            "grid_id": f"{C}-01",
            "area_m2": pytest.approx(OUTSIDE_BOUNDARY_C, rel=5e-3),
            "point": pytest.approx(report["outside_boundary"][0]["point"]),
        }
    ]
    without = merge_report(grids, legacy)
    assert without["gaps_basis"] == "layers" and "未导入乡镇行政区划边界" in without["gaps_note"]
    assert without["gaps_m2"] < report["gaps_m2"] - STRIP_IN_NO_LAYER_M2 / 2
    assert without["outside_boundary"] == [] and without["boundary_m2"] is None


def test_boundary_layer_is_one_polygon_of_the_township():
    two = {"type": "FeatureCollection", "features": BOUNDARY["features"] * 2}
    problems = parse_features(two, kind="boundary", township=TOWNSHIP)[1]
    assert (1, "E-BOUNDARY-COUNT") in [(p.index, p.code) for p in problems]
    other = parse_features(BOUNDARY, kind="boundary", township="990101102000")[1]
    assert [p.code for p in other] == ["E-BOUNDARY-CODE"]
