"""Identifier helpers: GB 11714 organisation codes, USCCs and statistical division codes."""

import pytest
from stdnum.cn import uscc

from grassroots.common.catalog import (
    county_of,
    is_region_code,
    is_uscc,
    is_valid_org_code,
    make_uscc,
    org_code_check_char,
    org_kind_of_region_code,
    regions,
    township_of,
    township_type,
    uscc_problem,
    village_type,
)
from grassroots.common.catalog.regions import region_code_problem


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("D2143569", "X"),  # the textbook example of GB 11714: weighted sum 199, 11 - 1 = 10
        ("60003734", "1"),  # from the USCC 91110000600037341L
        ("MB000000", "0"),  # weighted sum 143 = 13 x 11, so 11 - 0 = 11 -> "0"
    ],
)
def test_gb11714_check_character(body: str, check: str) -> None:
    assert org_code_check_char(body) == check
    assert is_valid_org_code(body + check)


def test_gb11714_rejects_wrong_or_malformed_codes() -> None:
    assert not is_valid_org_code("D21435691")
    assert not is_valid_org_code("d2143569X")
    assert not is_valid_org_code("D2143569")
    assert not is_valid_org_code("D2143-69X")
    with pytest.raises(ValueError):
        org_code_check_char("D214356")


def test_uscc_checks_both_check_characters() -> None:
    assert is_uscc("91110000600037341L")
    assert is_uscc("11990101MB00000006")
    assert uscc_problem("11990101MB00000007") == "最后一位校验码不正确"
    # right final character, wrong organisation code check: stdnum alone accepts it
    partial = "11990101MB0000001"
    code = partial + uscc.calc_check_digit(partial)
    assert uscc.is_valid(code)
    assert uscc_problem(code) == "第9至17位组织机构代码的校验码不正确"
    assert uscc_problem("11990101MB0000000") == "应为18位"
    assert uscc_problem("11990101mb00000006") is not None
    assert uscc_problem("11990101 MB00000006") is not None
    assert uscc_problem("A1990101MB00000006") is not None


def test_make_uscc_builds_valid_codes() -> None:
    assert make_uscc("11990101", "MB000000") == "11990101MB00000006"
    codes = {make_uscc("11990101", f"MB{n:06d}") for n in range(200)}
    assert len(codes) == 200 and all(is_uscc(c) for c in codes)
    with pytest.raises(ValueError):
        make_uscc("11990101", "MB0000I0")  # I is not in the USCC alphabet


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("990101000000", "county"),
        ("990101001000", "township"),
        ("990101399000", "township"),
        ("990101101201", "village"),
        ("990101101001", "village"),
        ("990101400000", None),
        ("990101000201", None),
        ("990000000000", None),
        ("99010100000", None),
        ("99010100000a", None),
        ("11990101MB00000006", None),
        ("９９０１０１０００００００", None),
    ],
)
def test_region_kinds(code: str, kind: str | None) -> None:
    assert org_kind_of_region_code(code) == kind
    assert is_region_code(code) is (kind is not None)


def test_region_helpers() -> None:
    assert county_of("990101101201") == "990101000000"
    assert county_of("990101000000") == "990101000000"
    assert county_of("11990101MB00000006") is None
    assert county_of("990000000000") is None  # a province is in no county
    assert regions.county_part("990101101000") == "990101000000"
    assert township_of("990101101201") == "990101101000"
    assert township_of("990101101000") == "990101101000"
    assert township_of("990101000000") is None
    assert [township_type(f"990101{n}000") for n in ("001", "099", "100", "199", "200", "399")] == [
        "street",
        "street",
        "town",
        "town",
        "township",
        "township",
    ]
    assert township_type("990101101201") is None
    assert village_type("990101101001") == "community"
    assert village_type("990101101199") == "community"
    assert village_type("990101101200") == "village"
    assert village_type("990101101000") is None


def test_region_code_problems_explain_the_rule() -> None:
    assert region_code_problem("990101101000", "township") is None
    assert "12位" in (region_code_problem("9901011010", "township") or "")
    assert "001至399" in (region_code_problem("990101401000", "township") or "")
    assert "000" in (region_code_problem("990101101201", "township") or "")
    assert "000000" in (region_code_problem("990101101000", "county") or "")
    assert region_code_problem("990101101000", "village") is not None
