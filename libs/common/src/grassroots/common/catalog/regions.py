"""Statistical division codes (统计用区划代码) of counties, townships and villages.

A code has 12 digits: 6 for the county, 3 for the township (001–099 streets 街道, 100–199
towns 镇, 200–399 townships 乡), 3 for the village (001–199 communities 社区, 200 and up
villages 村). A county is ``XXXXXX000000``, a township ``XXXXXXTTT000``.
"""

from typing import Literal

RegionKind = Literal["county", "township", "village"]
TownshipType = Literal["street", "town", "township"]
VillageType = Literal["community", "village"]

REGION_KIND_NAMES: dict[str, str] = {
    "county": "县",
    "township": "乡镇(街道)",
    "village": "村(社区)",
}


def _digits12(code: object) -> bool:
    return isinstance(code, str) and len(code) == 12 and code.isascii() and code.isdigit()


def _county_part_ok(code: str) -> bool:
    # A province (XX0000) is not a county; the first six digits must name a county-level unit.
    return code[2:6] != "0000"


def _township_part_ok(code: str) -> bool:
    return 1 <= int(code[6:9]) <= 399


def org_kind_of_region_code(code: str) -> RegionKind | None:
    """Kind of region a 12-digit division code names, or None if it names none."""
    if not _digits12(code) or not _county_part_ok(code):
        return None
    if code[6:] == "000000":
        return "county"
    if not _township_part_ok(code):
        return None
    return "township" if code[9:] == "000" else "village"


def is_region_code(code: str) -> bool:
    """Whether the code is a county, township or village division code."""
    return org_kind_of_region_code(code) is not None


def county_of(code: str) -> str | None:
    """The county division code a region code lies in, or None for a non-region code."""
    return county_part(code) if is_region_code(code) else None


def county_part(code: str) -> str:
    """The county its first six digits name, for a code already known to be a division code
    (a validated township or village): the one place `code[:6] + "000000"` is written."""
    return code[:6] + "000000"


def township_of(code: str) -> str | None:
    """The township code of a township or village code, or None."""
    kind = org_kind_of_region_code(code)
    return code[:9] + "000" if kind in ("township", "village") else None


def township_type(code: str) -> TownshipType | None:
    """Whether a township code names a street (街道), a town (镇) or a township (乡)."""
    if org_kind_of_region_code(code) != "township":
        return None
    number = int(code[6:9])
    return "street" if number < 100 else "town" if number < 200 else "township"


def village_type(code: str) -> VillageType | None:
    """Whether a village code names a community (社区) or a village (村)."""
    if org_kind_of_region_code(code) != "village":
        return None
    return "community" if int(code[9:]) < 200 else "village"


def region_code_problem(code: str, kind: RegionKind) -> str | None:
    """Why the code is not a division code of this kind (Chinese), or None when it is."""
    if not _digits12(code):
        return "应为12位数字"
    if not _county_part_ok(code):
        return "前6位应为县级区划代码"
    if kind == "county":
        return None if code[6:] == "000000" else "县级代码应为6位县代码加“000000”"
    if not _township_part_ok(code):
        return "第7至9位乡镇码应在001至399之间(001–099街道、100–199镇、200–399乡)"
    if kind == "township":
        return None if code[9:] == "000" else "乡镇代码应为9位加“000”"
    return (
        None if code[9:] != "000" else "村(社区)代码末3位应在001至999之间(001–199社区、200起为村)"
    )
