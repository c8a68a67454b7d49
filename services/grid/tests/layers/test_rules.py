"""Pure layer rules: each refusal code fires; geodesic areas; equal-area splitting."""

import pytest
from gridtest_geo import collection, feature, rect, rect_area
from shapely.geometry import shape

from grassroots.grid.layers.rules import (
    area_m2,
    parse_features,
    parts_for,
    split_equal_area,
)

TOWNSHIP = "990101101000"


def _codes(features, kind="base"):
    _, problems = parse_features(collection(*features), kind=kind, township=TOWNSHIP)
    return {(p.index, p.code) for p in problems}


def test_valid_base_layer_parses():
    parsed, problems = parse_features(
        collection(feature(rect(0, 0, 1, 1), code="990101101201", households=12)),
        kind="base",
        township=TOWNSHIP,
    )
    assert problems == [] and parsed[0].key == "990101101201" and parsed[0].households == 12


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        ({"type": "Point", "coordinates": [110, 30]}, "E-GEOMETRY-TYPE"),
        (
            {"type": "Polygon", "coordinates": [[[30, 110], [30, 111], [31, 111], [30, 110]]]},
            "E-COORD-ORDER",
        ),
        (
            {"type": "Polygon", "coordinates": [[[10, 10], [11, 10], [11, 11], [10, 10]]]},
            "E-OUTSIDE-CHINA",
        ),
        (
            {"type": "Polygon", "coordinates": [[[110, 30], [111, 30], [111, 31], [110, 31]]]},
            "E-RING-NOT-CLOSED",
        ),
        (
            {"type": "Polygon", "coordinates": [[[110, 30], [111, 30], [110, 30]]]},
            "E-RING-TOO-SHORT",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[110, 30], [111, 31], [111, 30], [110, 31], [110, 30]]],
            },
            "E-SELF-INTERSECTION",
        ),
        (
            {"type": "Polygon", "coordinates": [[["a", 30], [111, 30], [111, 31], [110, 30]]]},
            "E-COORDINATES",
        ),
        ({"type": "Polygon", "coordinates": "nope"}, "E-COORDINATES"),
        (None, "E-GEOMETRY-TYPE"),
    ],
)
def test_each_geometry_rule_fires(geometry, code):
    assert (0, code) in _codes([feature(geometry, code="990101101201")])


def test_property_rules_fire_with_indexes():
    good = rect(0, 0, 1, 1)
    codes = _codes(
        [
            feature(good, code="990101101201"),
            feature(good, code="990101999201"),  # another township
            feature(good, code="990101101201"),  # duplicate
            feature(good, code="990101101202", households=-3),
        ]
    )
    assert codes == {(1, "E-FEATURE-CODE"), (2, "E-FEATURE-DUPLICATE"), (3, "E-FEATURE-HOUSEHOLDS")}
    assert _codes([feature(good)], kind="legacy") == {(0, "E-FEATURE-GRID-ID")}
    _, problems = parse_features(
        {"type": "FeatureCollection", "features": []}, kind="base", township=TOWNSHIP
    )
    assert problems[0].code == "E-LAYER-EMPTY"
    _, problems = parse_features([1, 2], kind="base", township=TOWNSHIP)
    assert problems[0].code == "E-FEATURE-SHAPE"


def test_geodesic_area_matches_the_sphere_within_half_a_percent():
    expected = rect_area(0, 0, 3, 2)
    assert area_m2(shape(rect(0, 0, 3, 2))) == pytest.approx(expected, rel=5e-3)


def test_split_by_households():
    assert parts_for(None, 500) == 1
    assert parts_for(400, 500) == 1
    assert parts_for(900, 500) == 2
    assert parts_for(1001, 500) == 3
    assert parts_for(900, None) == 1
    unit = shape(
        {"type": "Polygon", "coordinates": [[[110, 30], [110.04, 30], [110.01, 30.03], [110, 30]]]}
    )
    pieces = split_equal_area(unit, 3)
    assert len(pieces) == 3
    for piece in pieces:
        assert piece.area == pytest.approx(unit.area / 3, rel=1e-6)
    assert sum(p.area for p in pieces) == pytest.approx(unit.area, rel=1e-9)
