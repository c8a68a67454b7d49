"""The demo county's catalog: valid, deterministic, in the national proportions."""

import json
import subprocess
import sys
from collections import Counter
from typing import Any, TypeVar

from grassroots.common.catalog import find_problems, is_uscc, validate_catalog
from grassroots.dev.demo_catalog import demo_catalog, take_in_turn

T = TypeVar("T")


def present(value: T | None) -> T:
    """The value, asserted to be there."""
    assert value is not None
    return value


def test_demo_catalog_validates(demo_doc: dict[str, Any]) -> None:
    assert find_problems(demo_doc) == []
    document = validate_catalog(demo_doc)
    assert document.county.code == "990101000000"
    assert document.county.name == "示范县"
    assert str(document.effective_from) == "2026-01-01"


def test_demo_catalog_is_deterministic_and_parametrised() -> None:
    assert demo_catalog() == demo_catalog()
    other = demo_catalog(version="2027.1", effective_from="2027-01-01")
    assert (other["version"], other["effective_from"]) == ("2027.1", "2027-01-01")
    assert validate_catalog(other).version == "2027.1"


def test_demo_lists_follow_the_national_proportions(demo_doc: dict[str, Any]) -> None:
    counts = Counter((item["level"], item["list"]) for item in demo_doc["duty_items"])
    assert counts == {
        ("township", "basic"): 117,
        ("township", "assist"): 99,
        ("township", "withdrawn"): 124,
        ("village", "main"): 40,
        ("village", "assist"): 40,
        ("village", "negative"): 30,
    }
    assert len(demo_doc["enforcement_items"]) == 30
    assert len(demo_doc["approved_forms"]) == 18


def test_demo_titles_are_varied_not_numbered(demo_doc: dict[str, Any]) -> None:
    titles = [item["title"] for item in demo_doc["duty_items"]]
    assert len(set(titles)) == len(titles)
    assert not any(char.isdigit() for title in titles for char in title)
    categories = {
        item["category"] for item in demo_doc["duty_items"] if item["level"] == "township"
    }
    assert {"党的建设", "经济发展", "民生服务", "平安法治", "生态环保", "应急管理"} <= categories


def test_demo_org_units(demo_doc: dict[str, Any]) -> None:
    document = validate_catalog(demo_doc)
    townships = document.townships()
    assert len(townships) == 10
    assert {t.code[6:9][0] for t in townships} == {"0", "1", "2"}  # streets, towns, townships
    assert sum(len(document.villages_of(t.code)) for t in townships) == 60
    departments = document.departments()
    assert len(departments) == 20
    assert all(is_uscc(d.code) for d in departments)
    names = {d.name for d in departments}
    assert {"县自然资源局", "县应急管理局", "县乡村振兴局", "县卫生健康委员会"} <= names


def test_demo_keeps_the_codes_quoted_in_the_design(demo_doc: dict[str, Any]) -> None:
    document = validate_catalog(demo_doc)
    assert present(document.org_unit("11990101MB00000006")).name == "县自然资源局"
    assert present(document.org_unit("990101101000")).name == "青山镇"
    assert present(document.org_unit("990101101201")).name == "石桥村"
    assert present(document.duty_item("T-B-001")).title == "组织开展森林防火宣传和巡查"
    assist = present(document.duty_item("T-A-014"))
    assert assist.title == "配合开展耕地保护动态巡查"
    assert assist.lead_department == "11990101MB00000006"
    assert present(document.duty_item("V-N-003")).title == "为金融机构出具居民亲属关系证明"
    fine = present(document.enforcement_item("ZF-012"))
    assert (fine.title, fine.fine_min, fine.fine_max) == ("对违法占用耕地建房的处罚", 0, 50000)
    assert present(document.approved_form("F-007")).frequency == "quarterly"


def test_demo_assist_and_withdrawn_items_name_their_department(demo_doc: dict[str, Any]) -> None:
    document = validate_catalog(demo_doc)
    for item in document.duty_items:
        if item.list in ("assist", "withdrawn"):
            lead = document.org_unit(item.lead_department or "")
            assert lead is not None and lead.kind == "department"
        if item.level == "township" and item.list == "assist":
            assert item.department_duties and item.township_duties


def test_demo_forms_map_every_field_with_real_overlaps(demo_doc: dict[str, Any]) -> None:
    document = validate_catalog(demo_doc)
    assert len(document.field_definitions) == 74
    asked: dict[str, set[str]] = {}
    for form in document.approved_forms:
        assert set(form.field_map) == set(form.fields)
        for label, definition in document.form_fields(form):
            assert definition is not None, (form.code, label)
            asked.setdefault(definition.name, set()).add(form.code)
    assert set(asked) == {f.name for f in document.field_definitions}  # each one asked
    # 民政 and 乡村振兴 ask the same households; 统计, 农业农村 and 卫生健康 the same villages
    assert {"F-007", "F-016"} <= asked["户主身份证号"] and {"F-007", "F-016"} <= asked["家庭人口"]
    assert asked["户数"] == asked["户籍人口"] == {"F-001", "F-017", "F-018"}
    assert asked["耕地面积"] == {"F-001", "F-017"}
    # a label is not a fact: the forest and the river patrols' 巡查日期 are two fields
    assert asked["森林防火巡查日期"] == {"F-003"} and asked["河湖巡查日期"] == {"F-013"}


def test_take_in_turn_spreads_the_cut_over_groups() -> None:
    groups = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]
    assert take_in_turn(groups, 4) == ["a1", "a2", "b1", "c1"]
    assert take_in_turn(groups, 6) == ["a1", "a2", "a3", "b1", "c1", "c2"]


def test_module_prints_the_catalog_as_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "grassroots.dev.demo_catalog", "--version", "2026.9"],
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode("utf-8")
    assert "示范县" in text  # ensure_ascii=False
    printed = json.loads(text)
    assert printed == demo_catalog(version="2026.9")
