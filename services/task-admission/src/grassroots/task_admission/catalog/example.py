"""The request example of `POST /v1/catalog/versions` in the OpenAPI document: a valid excerpt of
the demo county's catalog (the county, three departments, two township duties, the 低保 form with
its canonical fields), written out here so the service does not need the dev-only demo data (a
test keeps it equal to the demo's)."""

from __future__ import annotations

from typing import Any

PUBLISH_EXAMPLE: dict[str, Any] = {
    "county": {"code": "990101000000", "name": "示范县"},
    "version": "2026.1",
    "effective_from": "2026-01-01",
    "org_units": [
        {"code": "990101000000", "name": "示范县", "kind": "county", "parent": None},
        {
            "code": "11990101MB00000006",
            "name": "县自然资源局",
            "kind": "department",
            "parent": "990101000000",
        },
        {
            "code": "11990101MB00000193",
            "name": "县生态环境局",
            "kind": "department",
            "parent": "990101000000",
        },
        {
            "code": "11990101MB000006X6",
            "name": "县民政局",
            "kind": "department",
            "parent": "990101000000",
        },
    ],
    "duty_items": [
        {
            "code": "T-B-001",
            "level": "township",
            "list": "basic",
            "category": "平安法治",
            "title": "组织开展森林防火宣传和巡查",
            "keywords": ["森林防火", "巡山", "野外用火"],
            "legal_basis": "《森林防火条例》",
            "applies_to": [],
        },
        {
            "code": "T-B-002",
            "level": "township",
            "list": "basic",
            "category": "平安法治",
            "title": "落实森林防火期野外火源管控",
            "keywords": ["森林防火", "巡山", "野外用火"],
            "legal_basis": "《森林防火条例》",
            "applies_to": [],
        },
    ],
    "enforcement_items": [],
    "approved_forms": [
        {
            "code": "F-007",
            "title": "农村低保对象季度核查表",
            "owner_department": "11990101MB000006X6",
            "level": "village",
            "frequency": "quarterly",
            "fields": ["户主姓名", "身份证号", "家庭人口", "家庭年收入", "保障类别", "核查结论"],
            # each field label → the code of its canonical field (规范字段): the same fact is
            # asked once, whichever form asks it and under whichever label
            "field_map": {
                "户主姓名": "FD-027",
                "身份证号": "FD-028",
                "家庭人口": "FD-029",
                "家庭年收入": "FD-030",
                "保障类别": "FD-031",
                "核查结论": "FD-032",
            },
        }
    ],
    "field_definitions": [
        {
            "code": "FD-027",
            "name": "户主姓名",
            "type": "text",
            "subject": "household",
            "sensitivity": "internal",
        },
        {
            "code": "FD-028",
            "name": "户主身份证号",
            "type": "id_number",
            "subject": "household",
            "sensitivity": "sensitive",
        },
        {
            "code": "FD-029",
            "name": "家庭人口",
            "type": "integer",
            "subject": "household",
            "sensitivity": "internal",
            "unit": "人",
        },
        {
            "code": "FD-030",
            "name": "家庭年收入",
            "type": "decimal",
            "subject": "household",
            "sensitivity": "sensitive",
            "unit": "元",
        },
        {
            "code": "FD-031",
            "name": "低保保障类别",
            "type": "choice",
            "subject": "household",
            "sensitivity": "sensitive",
            "choices": ["一类", "二类", "三类"],
        },
        {
            "code": "FD-032",
            "name": "低保核查结论",
            "type": "choice",
            "subject": "household",
            "sensitivity": "sensitive",
            "choices": ["继续保障", "调整保障金额", "停止保障"],
        },
    ],
}
