"""Reading uploads: JSON and YAML by content type, every unreadable body refused as C-SYNTAX."""

import json
from typing import Any

import pytest
import yaml

from grassroots.common.catalog import CatalogInvalid, parse_catalog_bytes, validate_catalog


def refused(body: bytes, content_type: str) -> tuple[str, str, str]:
    with pytest.raises(CatalogInvalid) as caught:
        parse_catalog_bytes(body, content_type)
    [found] = caught.value.problems
    return found.path, found.code, found.message


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "text/json",
        "application/vnd.catalog+json",
    ],
)
def test_json_round_trip(demo_doc: dict[str, Any], content_type: str) -> None:
    body = json.dumps(demo_doc, ensure_ascii=False).encode("utf-8")
    assert parse_catalog_bytes(body, content_type) == demo_doc


def test_json_with_byte_order_mark(demo_doc: dict[str, Any]) -> None:
    body = json.dumps(demo_doc, ensure_ascii=False).encode("utf-8-sig")
    assert parse_catalog_bytes(body, "application/json") == demo_doc


@pytest.mark.parametrize("content_type", ["application/yaml", "application/x-yaml", "text/yaml"])
def test_yaml_gives_the_same_document_as_json(demo_doc: dict[str, Any], content_type: str) -> None:
    body = yaml.safe_dump(demo_doc, allow_unicode=True).encode("utf-8")
    from_yaml = validate_catalog(parse_catalog_bytes(body, content_type))
    assert from_yaml == validate_catalog(demo_doc)


def test_yaml_scalars_stay_text() -> None:
    body = """
county: {code: 990101000000, name: 示范县}
version: 2026.10
effective_from: 2026-01-01
org_units:
  - {code: 990101001000, name: 城关街道, kind: township, parent: 990101000000}
  - {code: 990101001001, name: 城南社区, kind: village, parent: 990101001000}
  - {code: 11990101MB00000006, name: 县自然资源局, kind: department, parent: 990101000000}
duty_items:
  - code: T-B-001
    level: township
    list: basic
    category: 平安法治
    title: 组织开展森林防火宣传和巡查
    keywords: [森林防火, on, 001]
enforcement_items:
  - {code: ZF-001, title: 对露天焚烧秸秆的处罚, origin_department: 11990101MB00000006,
     legal_basis: 大气污染防治法, fine_min: 500, fine_max: 2000.5}
approved_forms: []
""".encode()
    raw = parse_catalog_bytes(body, "application/yaml")
    assert isinstance(raw, dict)
    assert raw["version"] == "2026.10"
    assert raw["county"]["code"] == "990101000000"
    assert raw["duty_items"][0]["keywords"] == ["森林防火", "on", "001"]
    document = validate_catalog(raw)
    assert document.version == "2026.10"
    assert str(document.effective_from) == "2026-01-01"
    assert (document.enforcement_items[0].fine_min, document.enforcement_items[0].fine_max) == (
        500,
        2000.5,
    )


def test_yaml_null_parent() -> None:
    raw = parse_catalog_bytes(b"code: '990101000000'\nparent: null\nother: ~\n", "text/yaml")
    assert raw == {"code": "990101000000", "parent": None, "other": None}


@pytest.mark.parametrize(
    ("body", "content_type", "where"),
    [
        (b'{"county": {"code": "990101000000",}', "application/json", "第1行"),
        (b'{\n  "version": "1"\n  "county": {}\n}', "application/json", "第3行"),
        (b"", "application/json", "第1行"),
        (b'{"fine_min": NaN}', "application/json", "NaN"),
        (b'{"version": "1", "version": "2"}', "application/json", "version"),
        (b"county: {code: 1\nversion: [", "application/yaml", "行"),
        (b"a: 1\n  b: 2\n", "application/yaml", "第2行"),
        (b"version: 1\nversion: 2\n", "application/yaml", "version"),
        (b"base: &b {kind: village}\nunit: *b\n", "application/yaml", "别名"),
        (b"a: 1\n---\nb: 2\n", "application/yaml", "行"),
        ("版本: 1".encode("gbk"), "application/yaml", "UTF-8"),
        (b"\xff\xfe{}", "application/json", "UTF-8"),
    ],
)
def test_unparsable_bodies_are_c_syntax(body: bytes, content_type: str, where: str) -> None:
    path, code, message = refused(body, content_type)
    assert (path, code) == ("", "C-SYNTAX")
    assert where in message


def test_deep_nesting_is_c_syntax_not_a_crash() -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    assert refused(body, "application/json")[:2] == ("", "C-SYNTAX")


@pytest.mark.parametrize("content_type", ["text/csv", "", "application/xml", "multipart/form-data"])
def test_other_content_types_are_refused(content_type: str) -> None:
    path, code, message = refused(b"{}", content_type)
    assert (path, code) == ("", "C-CONTENT-TYPE")
    assert "JSON" in message and "YAML" in message


def test_empty_yaml_is_a_document_of_the_wrong_type() -> None:
    assert parse_catalog_bytes(b"", "application/yaml") is None
    with pytest.raises(CatalogInvalid) as caught:
        validate_catalog(None)
    assert [(p.path, p.code) for p in caught.value.problems] == [("", "C-TYPE")]
