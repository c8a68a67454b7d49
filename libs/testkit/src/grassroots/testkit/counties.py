"""Two counties for tests that cross a county line: the demo county and its neighbour, the same
shape under other codes (the authorization matrix and the services' scope tests)."""

from __future__ import annotations

import json
from typing import Any

from grassroots.common.catalog.identifiers import make_uscc
from grassroots.dev.demo_catalog import demo_catalog

OURS, THEIRS = "990101000000", "990102000000"


def theirs(code: str) -> str:
    """The neighbour's unit that stands where `code` stands in ours."""
    if code.isdigit():
        return THEIRS[:6] + code[6:]
    return make_uscc("11" + THEIRS[:6], code[8:16])


def neighbour_catalog() -> dict[str, Any]:
    """The demo catalog re-coded for the neighbour county (every unit code mapped by `theirs`)."""
    document = demo_catalog()
    text = json.dumps(document, ensure_ascii=False)
    for unit in document["org_units"]:
        text = text.replace(f'"{unit["code"]}"', f'"{theirs(unit["code"])}"')
    neighbour = json.loads(text)
    neighbour["county"] = {"code": THEIRS, "name": "邻县"}
    return neighbour
