"""Lookups on a validated catalog and the applies_to behaviour."""

from typing import Any, TypeVar

import pytest
from pydantic import ValidationError

from grassroots.common.catalog import CatalogDocument, validate_catalog

QINGSHAN = "990101101000"  # 青山镇: forest, scenic
SHIMEN = "990101102000"  # 石门镇: river
CHENGGUAN = "990101001000"  # 城关街道: urban
COMMUNITY = "990101001001"  # 城南社区
VILLAGE = "990101101201"  # 石桥村

T = TypeVar("T")


def present(value: T | None) -> T:
    """The value, asserted to be there."""
    assert value is not None
    return value


@pytest.fixture
def document(demo_doc: dict[str, Any]) -> CatalogDocument:
    return validate_catalog(demo_doc)


def test_lookups_by_code(document: CatalogDocument) -> None:
    assert present(document.org_unit(QINGSHAN)).name == "青山镇"
    assert document.org_unit("nope") is None
    assert present(document.duty_item("T-W-001")).list == "withdrawn"
    assert document.duty_item("T-X-001") is None
    assert document.enforcement_item("ZF-001") is not None
    assert document.approved_form("F-999") is None


def test_townships_villages_departments(document: CatalogDocument) -> None:
    assert [t.name for t in document.townships()][:3] == ["城关街道", "东城街道", "青山镇"]
    villages = document.villages_of(QINGSHAN)
    assert [v.name for v in villages] == [
        "青山社区",
        "石桥村",
        "桃园村",
        "松林村",
        "茶坪村",
        "白鹤村",
        "双河村",
    ]
    assert document.villages_of("990101999000") == ()
    assert all(d.kind == "department" for d in document.departments())


def test_items_for_respects_level_and_applies_to(document: CatalogDocument) -> None:
    scenic = {i.code for i in document.duty_items if i.applies_to and QINGSHAN in i.applies_to}
    assert scenic  # the scenic-area duties of 青山镇
    qingshan = {i.code for i in document.items_for("township", QINGSHAN)}
    shimen = {i.code for i in document.items_for("township", SHIMEN)}
    assert scenic <= qingshan
    assert not scenic & shimen
    everywhere = {i.code for i in document.duty_items if i.level == "township" and not i.applies_to}
    assert everywhere <= qingshan and everywhere <= shimen
    assert all(present(document.duty_item(c)).level == "township" for c in qingshan)


def test_items_for_villages_and_communities(document: CatalogDocument) -> None:
    community = {i.code for i in document.items_for("village", COMMUNITY)}
    village = {i.code for i in document.items_for("village", VILLAGE)}
    only_communities = community - village
    assert only_communities
    assert all(COMMUNITY in present(document.duty_item(c)).applies_to for c in only_communities)
    assert village < community


def test_items_for_filters_lists(document: CatalogDocument) -> None:
    negative = document.items_for("village", VILLAGE, lists={"negative"})
    assert len(negative) == 30 and {i.list for i in negative} == {"negative"}
    admissible = document.items_for("township", SHIMEN, lists=("basic", "assist"))
    assert {i.list for i in admissible} == {"basic", "assist"}


def test_enforcement_items_for(document: CatalogDocument) -> None:
    river = {i.code for i in document.enforcement_items_for(SHIMEN)}
    town = {i.code for i in document.enforcement_items_for(CHENGGUAN)}
    assert "ZF-012" in river and "ZF-012" in town
    assert river != town
    for code in river - town:
        assert SHIMEN in present(document.enforcement_item(code)).applies_to


def test_canonical_fields_of_a_form(document: CatalogDocument) -> None:
    low_income = present(document.approved_form("F-007"))  # 农村低保对象季度核查表
    assert low_income.canonical("身份证号") == "FD-028"
    assert low_income.canonical("备注") is None
    fields = document.form_fields(low_income)
    assert [label for label, _ in fields] == list(low_income.fields)
    householder_id = present(fields[1][1])
    assert (householder_id.name, householder_id.type, householder_id.subject) == (
        "户主身份证号",
        "id_number",
        "household",
    )
    assert householder_id.sensitivity == "sensitive"
    assert present(document.field_definition("FD-005")).unit == "亩"  # 耕地面积
    assert document.field_definition("FD-999") is None
    # the same label is not always the same fact: a veteran's 身份证号 is a person's
    veteran = present(document.approved_form("F-008"))
    assert present(document.field_definition(present(veteran.canonical("身份证号")))).subject == (
        "person"
    )


def test_documents_are_frozen_and_round_trip(document: CatalogDocument) -> None:
    with pytest.raises(ValidationError):
        document.version = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        document.org_units[0].name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        document.approved_forms[0].field_map["村(社区)名称"] = "x"  # type: ignore[index]
    assert hash(document.approved_forms[0])  # frozen all the way down
    dumped = document.model_dump(mode="json")
    assert dumped["approved_forms"][0]["field_map"]["户数"] == "FD-002"
    assert validate_catalog(dumped) == document
