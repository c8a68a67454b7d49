"""Each catalog rule fires with its code and path on a deliberately broken demo document."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from stdnum.cn import uscc

from grassroots.common.catalog import (
    MESSAGES,
    CatalogInvalid,
    find_problems,
    make_uscc,
    org_code_check_char,
    validate_catalog,
)
from grassroots.common.catalog.shape import convert_error
from grassroots.dev.demo_catalog import demo_catalog

Doc = dict[str, Any]
QINGSHAN = "990101101000"  # 青山镇 (scenic, forest)
SHIMEN = "990101102000"  # 石门镇
SHIQIAO = "990101101201"  # 石桥村, under 青山镇
NATURAL_RESOURCES = "11990101MB00000006"  # 县自然资源局


def at(doc: Doc, section: str, code: str) -> int:
    """Index of the entry with this code in a section."""
    return next(i for i, entry in enumerate(doc[section]) if entry["code"] == code)


def org(doc: Doc, code: str) -> Doc:
    return doc["org_units"][at(doc, "org_units", code)]


def duty(doc: Doc, code: str) -> Doc:
    return doc["duty_items"][at(doc, "duty_items", code)]


def office_code(doc: Doc) -> str:
    return next(u["code"] for u in doc["org_units"] if u["kind"] == "office")


def add_org(doc: Doc, **unit: Any) -> str:
    doc["org_units"].append(unit)
    return f"org_units[{len(doc['org_units']) - 1}]"


def p_org(doc: Doc, code: str, field: str) -> str:
    return f"org_units[{at(doc, 'org_units', code)}].{field}"


def p_duty(doc: Doc, code: str, field: str) -> str:
    return f"duty_items[{at(doc, 'duty_items', code)}].{field}"


LOW_INCOME = (
    "F-007"  # 农村低保对象季度核查表: 户主姓名/身份证号/家庭人口/家庭年收入/保障类别/核查结论
)
FARMLAND = "FD-005"  # 耕地面积 (decimal, 亩)
VILLAGE_NAME = "FD-001"  # 村(社区)名称 (text)
LOW_INCOME_CLASS = "FD-031"  # 低保保障类别 (choice)
HOUSEHOLDER = "FD-027"  # 户主姓名


def form(doc: Doc, code: str) -> Doc:
    return doc["approved_forms"][at(doc, "approved_forms", code)]


def field_def(doc: Doc, code: str) -> Doc:
    return doc["field_definitions"][at(doc, "field_definitions", code)]


def p_form(doc: Doc, code: str, field: str) -> str:
    return f"approved_forms[{at(doc, 'approved_forms', code)}].{field}"


def p_field(doc: Doc, code: str, field: str) -> str:
    return f"field_definitions[{at(doc, 'field_definitions', code)}].{field}"


def wrong_org_check_uscc() -> str:
    """A USCC whose final character is right but whose organisation code check is not."""
    body = "MB000123"
    wrong = "1" if org_code_check_char(body) != "1" else "2"
    partial = "11990101" + body + wrong
    return partial + uscc.calc_check_digit(partial)


# Each case breaks a fresh demo document and returns the (path, code) pairs expected, exactly.
Case = Callable[[Doc], list[tuple[str, str]]]


def _type(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["keywords"] = "森林防火"
    return [(p_duty(d, "T-B-001", "keywords"), "C-TYPE")]


def _type_of_a_section(d: Doc) -> list[tuple[str, str]]:
    d["approved_forms"] = {"F-001": "x"}
    return [("approved_forms", "C-TYPE")]


def _type_of_an_entry(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"].append("ZF-099")
    return [(f"enforcement_items[{len(d['enforcement_items']) - 1}]", "C-TYPE")]


def _required(d: Doc) -> list[tuple[str, str]]:
    del duty(d, "T-B-001")["title"]
    return [(p_duty(d, "T-B-001", "title"), "C-REQUIRED")]


def _required_section(d: Doc) -> list[tuple[str, str]]:
    del d["approved_forms"]
    return [("approved_forms", "C-REQUIRED")]


def _empty(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["title"] = "   "
    return [(p_duty(d, "T-B-001", "title"), "C-EMPTY")]


def _empty_fields(d: Doc) -> list[tuple[str, str]]:
    d["approved_forms"][0]["fields"] = []
    return [("approved_forms[0].fields", "C-EMPTY")]


def _unknown_field(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["priority"] = "high"
    return [(p_duty(d, "T-B-001", "priority"), "C-UNKNOWN-FIELD")]


def _unknown_top_field(d: Doc) -> list[tuple[str, str]]:
    d["notes"] = "草稿"
    return [("notes", "C-UNKNOWN-FIELD")]


def _date(d: Doc) -> list[tuple[str, str]]:
    d["effective_from"] = "2026-13-01"
    return [("effective_from", "C-DATE")]


def _date_as_number(d: Doc) -> list[tuple[str, str]]:
    d["effective_from"] = 20260101
    return [("effective_from", "C-DATE")]


def _kind(d: Doc) -> list[tuple[str, str]]:
    org(d, QINGSHAN)["kind"] = "city"
    return [(p_org(d, QINGSHAN, "kind"), "C-KIND")]


def _level(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["level"] = "county"
    return [(p_duty(d, "T-B-001", "level"), "C-LEVEL")]


def _list(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["list"] = "optional"
    return [(p_duty(d, "T-B-001", "list"), "C-LIST")]


def _frequency(d: Doc) -> list[tuple[str, str]]:
    d["approved_forms"][2]["frequency"] = "daily"
    return [("approved_forms[2].frequency", "C-FREQUENCY")]


def _division_code_township(d: Doc) -> list[tuple[str, str]]:
    path = add_org(d, code="990101400000", name="开发区", kind="township", parent="990101000000")
    return [(f"{path}.code", "C-DIVISION-CODE")]


def _division_code_village(d: Doc) -> list[tuple[str, str]]:
    path = add_org(d, code="990101101000", name="错村", kind="village", parent=QINGSHAN)
    return [(f"{path}.code", "C-DIVISION-CODE"), (f"{path}.code", "C-DUPLICATE-CODE")]


def _division_code_county(d: Doc) -> list[tuple[str, str]]:
    d["county"]["code"] = "99010100000"
    path = p_org(d, "990101000000", "code")
    # every unit naming the real county as parent still finds it as an org unit
    return [("county.code", "C-DIVISION-CODE"), (path, "C-COUNTY-MISMATCH")]


def _uscc(d: Doc) -> list[tuple[str, str]]:
    path = add_org(
        d, code="11990101MB00000007", name="县审计局", kind="department", parent="990101000000"
    )
    return [(f"{path}.code", "C-USCC")]


def _uscc_org_code(d: Doc) -> list[tuple[str, str]]:
    code = wrong_org_check_uscc()
    assert uscc.is_valid(code)  # stdnum alone would accept it
    path = add_org(d, code=code, name="县审计局", kind="department", parent="990101000000")
    return [(f"{path}.code", "C-USCC")]


def _county_mismatch(d: Doc) -> list[tuple[str, str]]:
    path = add_org(d, code="990102101000", name="邻县镇", kind="township", parent="990101000000")
    return [(f"{path}.code", "C-COUNTY-MISMATCH")]


def _parent_required(d: Doc) -> list[tuple[str, str]]:
    org(d, QINGSHAN)["parent"] = None
    return [(p_org(d, QINGSHAN, "parent"), "C-PARENT-REQUIRED")]


def _parent_unknown(d: Doc) -> list[tuple[str, str]]:
    org(d, SHIQIAO)["parent"] = "990101199000"
    return [(p_org(d, SHIQIAO, "parent"), "C-PARENT-UNKNOWN")]


def _nesting_prefix(d: Doc) -> list[tuple[str, str]]:
    org(d, SHIQIAO)["parent"] = SHIMEN
    return [(p_org(d, SHIQIAO, "parent"), "C-NESTING")]


def _nesting_kind(d: Doc) -> list[tuple[str, str]]:
    org(d, NATURAL_RESOURCES)["parent"] = QINGSHAN
    return [(p_org(d, NATURAL_RESOURCES, "parent"), "C-NESTING")]


def _nesting_county(d: Doc) -> list[tuple[str, str]]:
    org(d, "990101000000")["parent"] = "990100000000"
    return [(p_org(d, "990101000000", "parent"), "C-NESTING")]


def _duplicate_code(d: Doc) -> list[tuple[str, str]]:
    d["duty_items"].append(copy.deepcopy(duty(d, "T-B-001")))
    return [(f"duty_items[{len(d['duty_items']) - 1}].code", "C-DUPLICATE-CODE")]


def _duplicate_field(d: Doc) -> list[tuple[str, str]]:
    fields = d["approved_forms"][0]["fields"]
    fields.append(fields[0])
    return [(f"approved_forms[0].fields[{len(fields) - 1}]", "C-DUPLICATE-VALUE")]


def _duplicate_applies_to(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["applies_to"] = [QINGSHAN, QINGSHAN]
    return [(p_duty(d, "T-B-001", "applies_to[1]"), "C-DUPLICATE-VALUE")]


def _list_level(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["list"] = "negative"
    return [(p_duty(d, "T-B-001", "list"), "C-LIST-LEVEL")]


def _lead_required(d: Doc) -> list[tuple[str, str]]:
    del duty(d, "T-W-001")["lead_department"]
    return [(p_duty(d, "T-W-001", "lead_department"), "C-LEAD-DEPARTMENT-REQUIRED")]


def _lead_required_village(d: Doc) -> list[tuple[str, str]]:
    duty(d, "V-A-001")["lead_department"] = " "
    return [(p_duty(d, "V-A-001", "lead_department"), "C-LEAD-DEPARTMENT-REQUIRED")]


def _lead_unknown(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-A-014")["lead_department"] = office_code(d)  # an office, not a department
    return [(p_duty(d, "T-A-014", "lead_department"), "C-LEAD-DEPARTMENT-UNKNOWN")]


def _assist_duties(d: Doc) -> list[tuple[str, str]]:
    item = duty(d, "T-A-014")
    item["township_duties"] = ""
    del item["department_duties"]
    return [
        (p_duty(d, "T-A-014", "department_duties"), "C-ASSIST-DUTIES-REQUIRED"),
        (p_duty(d, "T-A-014", "township_duties"), "C-ASSIST-DUTIES-REQUIRED"),
    ]


def _applies_to_unknown(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["applies_to"] = [QINGSHAN, "990101109000"]
    return [(p_duty(d, "T-B-001", "applies_to[1]"), "C-APPLIES-TO-UNKNOWN")]


def _applies_to_level(d: Doc) -> list[tuple[str, str]]:
    duty(d, "T-B-001")["applies_to"] = [SHIQIAO]
    return [(p_duty(d, "T-B-001", "applies_to[0]"), "C-APPLIES-TO-LEVEL")]


def _applies_to_level_enforcement(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0]["applies_to"] = [NATURAL_RESOURCES]
    return [("enforcement_items[0].applies_to[0]", "C-APPLIES-TO-LEVEL")]


def _origin_unknown(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0]["origin_department"] = QINGSHAN
    return [("enforcement_items[0].origin_department", "C-ORIGIN-DEPARTMENT-UNKNOWN")]


def _fine_order(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0].update(fine_min=3000, fine_max=2000)
    return [("enforcement_items[0].fine_min", "C-FINE-RANGE")]


def _fine_negative(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0]["fine_max"] = -1
    return [("enforcement_items[0].fine_max", "C-FINE-RANGE")]


def _fine_not_finite(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0]["fine_max"] = float("inf")
    return [("enforcement_items[0].fine_max", "C-FINE-RANGE")]


def _fine_as_bool(d: Doc) -> list[tuple[str, str]]:
    d["enforcement_items"][0]["fine_min"] = True
    return [("enforcement_items[0].fine_min", "C-TYPE")]


def _owner_unknown(d: Doc) -> list[tuple[str, str]]:
    d["approved_forms"][0]["owner_department"] = "11990101MB99999999"
    return [("approved_forms[0].owner_department", "C-OWNER-DEPARTMENT-UNKNOWN")]


def _field_duplicate_code(d: Doc) -> list[tuple[str, str]]:
    d["field_definitions"].append(copy.deepcopy(field_def(d, VILLAGE_NAME)))
    return [(f"field_definitions[{len(d['field_definitions']) - 1}].code", "C-DUPLICATE-CODE")]


def _field_required(d: Doc) -> list[tuple[str, str]]:
    del field_def(d, VILLAGE_NAME)["subject"]
    return [(p_field(d, VILLAGE_NAME, "subject"), "C-REQUIRED")]


def _field_unknown_key(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["label"] = "村名"
    return [(p_field(d, VILLAGE_NAME, "label"), "C-UNKNOWN-FIELD")]


def _field_type(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["type"] = "string"
    return [(p_field(d, VILLAGE_NAME, "type"), "C-FIELD-TYPE")]


def _subject(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["subject"] = "county"
    return [(p_field(d, VILLAGE_NAME, "subject"), "C-SUBJECT")]


def _sensitivity(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["sensitivity"] = "secret"
    return [(p_field(d, VILLAGE_NAME, "sensitivity"), "C-SENSITIVITY")]


def _field_unit_missing(d: Doc) -> list[tuple[str, str]]:
    del field_def(d, FARMLAND)["unit"]
    return [(p_field(d, FARMLAND, "unit"), "C-FIELD-UNIT")]


def _field_unit_on_text(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["unit"] = "个"
    return [(p_field(d, VILLAGE_NAME, "unit"), "C-FIELD-UNIT")]


def _field_choices_too_few(d: Doc) -> list[tuple[str, str]]:
    field_def(d, LOW_INCOME_CLASS)["choices"] = ["一类"]
    return [(p_field(d, LOW_INCOME_CLASS, "choices"), "C-FIELD-CHOICES")]


def _field_choices_missing(d: Doc) -> list[tuple[str, str]]:
    del field_def(d, LOW_INCOME_CLASS)["choices"]
    return [(p_field(d, LOW_INCOME_CLASS, "choices"), "C-FIELD-CHOICES")]


def _field_choices_on_text(d: Doc) -> list[tuple[str, str]]:
    field_def(d, VILLAGE_NAME)["choices"] = ["城", "乡"]
    return [(p_field(d, VILLAGE_NAME, "choices"), "C-FIELD-CHOICES")]


def _field_choices_repeated(d: Doc) -> list[tuple[str, str]]:
    field_def(d, LOW_INCOME_CLASS)["choices"] = ["一类", "二类", "一类"]
    return [(p_field(d, LOW_INCOME_CLASS, "choices[2]"), "C-DUPLICATE-VALUE")]


def _field_label_unknown(d: Doc) -> list[tuple[str, str]]:
    form(d, LOW_INCOME)["field_map"]["备注"] = VILLAGE_NAME
    return [(p_form(d, LOW_INCOME, "field_map.备注"), "C-FIELD-LABEL-UNKNOWN")]


def _field_unknown(d: Doc) -> list[tuple[str, str]]:
    form(d, LOW_INCOME)["field_map"]["家庭人口"] = "FD-999"
    return [(p_form(d, LOW_INCOME, "field_map.家庭人口"), "C-FIELD-UNKNOWN")]


def _field_unmapped(d: Doc) -> list[tuple[str, str]]:
    del form(d, LOW_INCOME)["field_map"]["家庭人口"]  # the third field
    return [(p_form(d, LOW_INCOME, "fields[2]"), "C-FIELD-UNMAPPED")]


def _field_map_missing(d: Doc) -> list[tuple[str, str]]:
    del form(d, LOW_INCOME)["field_map"]
    return [(p_form(d, LOW_INCOME, f"fields[{j}]"), "C-FIELD-UNMAPPED") for j in range(6)]


def _field_twice(d: Doc) -> list[tuple[str, str]]:
    form(d, LOW_INCOME)["field_map"]["家庭人口"] = HOUSEHOLDER  # as 户主姓名 already is
    return [(p_form(d, LOW_INCOME, "field_map.家庭人口"), "C-FIELD-TWICE")]


def _field_map_type(d: Doc) -> list[tuple[str, str]]:
    form(d, LOW_INCOME)["field_map"] = ["户主姓名"]
    return [(p_form(d, LOW_INCOME, "field_map"), "C-TYPE")]


def _field_map_value_type(d: Doc) -> list[tuple[str, str]]:
    form(d, LOW_INCOME)["field_map"]["家庭人口"] = 29
    return [(p_form(d, LOW_INCOME, "field_map.家庭人口"), "C-TYPE")]


def _field_definitions_type(d: Doc) -> list[tuple[str, str]]:
    d["field_definitions"] = {"FD-001": "村(社区)名称"}
    # no definition could be read: no form field is reported unmapped or unknown on top
    return [("field_definitions", "C-TYPE")]


CASES: dict[str, Case] = {
    name.lstrip("_"): case
    for name, case in list(globals().items())
    if name.startswith("_") and not name.startswith("__") and callable(case)
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_fires_with_its_code_and_path(name: str) -> None:
    doc = demo_catalog()
    expected = CASES[name](doc)
    found = [(p.path, p.code) for p in find_problems(doc)]
    assert sorted(found) == sorted(expected)
    with pytest.raises(CatalogInvalid) as caught:
        validate_catalog(doc)
    assert [(p.path, p.code) for p in caught.value.problems] == found


def test_every_problem_code_is_made_to_fire() -> None:
    fired = {code for case in CASES.values() for _, code in case(demo_catalog())}
    # C-SYNTAX and C-CONTENT-TYPE fire in test_catalog_parsing, C-VALUE below.
    assert fired | {"C-SYNTAX", "C-CONTENT-TYPE", "C-VALUE"} == set(MESSAGES)


def test_unmapped_pydantic_error_is_a_value_problem() -> None:
    error = {"type": "finite_number", "loc": (), "msg": "x", "input": float("nan")}
    found = convert_error(error, "enforcement_items[0].fine_min", "fine_min")
    assert (found.path, found.code) == ("enforcement_items[0].fine_min", "C-VALUE")
    assert "罚款下限" in found.message


def test_a_document_with_many_problems_reports_all_of_them(demo_doc: Doc) -> None:
    expected: list[tuple[str, str]] = []
    for case in (
        _unknown_field,
        _kind,
        _nesting_prefix,
        _uscc,
        _lead_unknown,
        _fine_order,
        _owner_unknown,
        _duplicate_field,
        _date,
        _assist_duties,
        _applies_to_level,
    ):
        expected += case(demo_doc)
    # several problems inside one entry: each is reported
    item = duty(demo_doc, "T-W-002")
    item.update(list="main", lead_department="", priority=1)
    expected += [
        (p_duty(demo_doc, "T-W-002", "priority"), "C-UNKNOWN-FIELD"),
        (p_duty(demo_doc, "T-W-002", "list"), "C-LIST-LEVEL"),
    ]
    with pytest.raises(CatalogInvalid) as caught:
        validate_catalog(demo_doc)
    found = [(p.path, p.code) for p in caught.value.problems]
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))


def test_problems_come_in_document_order(demo_doc: Doc) -> None:
    demo_doc["approved_forms"][0]["owner_department"] = "x"
    duty(demo_doc, "T-B-001")["level"] = "city"
    org(demo_doc, QINGSHAN)["kind"] = "city"
    demo_doc["version"] = ""
    paths = [p.path for p in find_problems(demo_doc)]
    assert paths == [
        "version",
        p_org(demo_doc, QINGSHAN, "kind"),
        p_duty(demo_doc, "T-B-001", "level"),
        "approved_forms[0].owner_department",
    ]


def test_messages_are_rendered_chinese_sentences() -> None:
    problems = []
    for case in CASES.values():
        doc = demo_catalog()
        case(doc)
        problems += find_problems(doc)
    assert len(problems) >= len(CASES)
    for found in problems:
        assert found.message.endswith("。")
        assert "{" not in found.message
        assert any("\u4e00" <= char <= "\u9fff" for char in found.message)


def test_not_an_object_at_all() -> None:
    raws: tuple[object, ...] = (None, [], "catalog", 3)
    for raw in raws:
        with pytest.raises(CatalogInvalid) as caught:
            validate_catalog(raw)
        assert [(p.path, p.code) for p in caught.value.problems] == [("", "C-TYPE")]


def test_empty_object_lists_every_required_field() -> None:
    found = [(p.path, p.code) for p in find_problems({})]
    assert found == [
        (name, "C-REQUIRED")
        for name in (
            "county",
            "version",
            "effective_from",
            "org_units",
            "duty_items",
            "enforcement_items",
            "approved_forms",
        )
    ]


def test_unknown_fields_are_refused_everywhere(demo_doc: Doc) -> None:
    demo_doc["county"]["population"] = 300000
    org(demo_doc, QINGSHAN)["area_km2"] = 120
    demo_doc["enforcement_items"][0]["notes"] = ""
    demo_doc["approved_forms"][0]["owner"] = "x"
    found = [(p.path, p.code) for p in find_problems(demo_doc)]
    assert found == [
        ("county.population", "C-UNKNOWN-FIELD"),
        (p_org(demo_doc, QINGSHAN, "area_km2"), "C-UNKNOWN-FIELD"),
        ("enforcement_items[0].notes", "C-UNKNOWN-FIELD"),
        ("approved_forms[0].owner", "C-UNKNOWN-FIELD"),
    ]


def test_minimal_document_with_county_only_by_reference() -> None:
    dept = make_uscc("11990101", "MB000042")
    raw: Doc = {
        "county": {"code": "990101000000", "name": "示范县"},
        "version": "1",
        "effective_from": "2026-01-01",
        "org_units": [
            {
                "code": "990101001000",
                "name": "城关街道",
                "kind": "township",
                "parent": "990101000000",
            },
            {
                "code": "990101001001",
                "name": "城南社区",
                "kind": "village",
                "parent": "990101001000",
            },
            {"code": dept, "name": "县审计局", "kind": "department", "parent": "990101000000"},
            {
                "code": make_uscc("11990101", "MB000043"),
                "name": "综合行政执法办公室",
                "kind": "office",
                "parent": "990101001000",
            },
        ],
        "duty_items": [],
        "enforcement_items": [],
        "approved_forms": [],
    }
    document = validate_catalog(raw)
    assert document.org_unit("990101000000") is None  # referenced only through county.code
    assert [u.name for u in document.villages_of("990101001000")] == ["城南社区"]


def test_a_catalog_without_canonical_fields_stays_valid(demo_doc: Doc) -> None:
    del demo_doc["field_definitions"]
    for entry in demo_doc["approved_forms"]:
        del entry["field_map"]
    assert find_problems(demo_doc) == []
    document = validate_catalog(demo_doc)
    assert document.field_definitions == ()
    low_income = document.approved_forms[at(demo_doc, "approved_forms", LOW_INCOME)]
    assert low_income.field_map == {} and low_income.canonical("户主姓名") is None
    assert document.form_fields(low_income)[0] == ("户主姓名", None)


def test_a_map_without_definitions_names_unknown_fields(demo_doc: Doc) -> None:
    del demo_doc["field_definitions"]
    found = {(p.path, p.code) for p in find_problems(demo_doc)}
    mapped = sum(len(entry["field_map"]) for entry in demo_doc["approved_forms"])
    assert len(found) == mapped and {code for _, code in found} == {"C-FIELD-UNKNOWN"}


def test_every_code_is_documented_in_the_codes_module() -> None:
    from grassroots.common.catalog import codes

    assert codes.__doc__ is not None
    documented = {word for word in codes.__doc__.split() if word.startswith("C-")}
    assert documented == set(MESSAGES)
