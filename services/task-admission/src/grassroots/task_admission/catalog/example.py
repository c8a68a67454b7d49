"""The request example of `POST /v1/catalog/versions` in the OpenAPI document: a valid excerpt of
the demo county's catalog (the county, two departments, two township duties), written out here
so the service does not need the dev-only demo data (a test keeps it equal to the demo's)."""

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
    "approved_forms": [],
}
