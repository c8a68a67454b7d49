"""The township fixture of the merge tests: base units and three legacy layers with known areas.

Units are 0.01° squares from (110°E, 30°N):
  base A 990101101201 (0,0)-(2,2); B 990101101202 (2,0)-(4,2), 900 households;
  C 990101101203 (1,1.5)-(3,4) overlaps A in (1,1.5)-(2,2) and B in (2,1.5)-(3,2).
  综治: Z1 (0,0)-(4,2) = A+B; Z2 (4,0)-(5,2) outside every base unit (a gap).
  环保: E1 (0,0)-(2,4): its part (0,2)-(1,4) is in no base unit (a gap).
  党建: P1 (0,0)-(3,4), P2 (2.5,0)-(4,2) overlapping P1 in (2.5,0)-(3,2).
"""

from __future__ import annotations

from gridtest_geo import collection, feature, rect, rect_area

A, B, C = "990101101201", "990101101202", "990101101203"

BASE = collection(
    feature(rect(0, 0, 2, 2), code=A, name="石桥村", households=300),
    feature(rect(2, 0, 4, 2), code=B, name="河口村", households=900),
    feature(rect(1, 1.5, 3, 4), code=C, name="山后村"),
)
LEGACY = {
    "综治": collection(
        feature(rect(0, 0, 4, 2), grid_id="Z1"), feature(rect(4, 0, 5, 2), grid_id="Z2")
    ),
    "环保": collection(feature(rect(0, 0, 2, 4), grid_id="E1")),
    "党建": collection(
        feature(rect(0, 0, 3, 4), grid_id="P1"), feature(rect(2.5, 0, 4, 2), grid_id="P2")
    ),
}
GAPS_M2 = sorted([rect_area(4, 0, 5, 2), rect_area(0, 2, 1, 4)], reverse=True)
OVERLAP_AC = rect_area(1, 1.5, 2, 2)
OVERLAP_BC = rect_area(2, 1.5, 3, 2)
LEGACY_OVERLAP_P = rect_area(2.5, 0, 3, 2)

# The township's administrative boundary (民政): (0,0)-(5,3.5). Inside it, the strip (3,2)-(5,3.5)
# lies in no layer at all; C's part (1,3.5)-(3,4) lies outside it.
BOUNDARY = collection(feature(rect(0, 0, 5, 3.5), code="990101101000", name="青山镇"))
BOUNDARY_GAPS_M2 = rect_area(4, 0, 5, 3.5) + rect_area(3, 2, 4, 3.5) + rect_area(0, 2, 1, 3.5)
STRIP_IN_NO_LAYER_M2 = rect_area(3, 2, 5, 3.5)
OUTSIDE_BOUNDARY_C = rect_area(1, 3.5, 3, 4)
