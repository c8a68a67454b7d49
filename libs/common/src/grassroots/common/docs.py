"""Writes the committed API documents: `python -m grassroots.common.docs openapi|asyncapi PATH`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from grassroots.common.events.asyncapi import build_document
from grassroots.common.services import SERVICE_NAMES, service


def asyncapi_text() -> str:
    """The AsyncAPI document as YAML text."""
    return yaml.safe_dump(build_document(), allow_unicode=True, sort_keys=False, width=100)


def openapi_document(name: str) -> dict[str, Any]:
    """One service's OpenAPI document."""
    from grassroots.common.app.factory import create_service_app

    spec = service(name).spec()
    return create_service_app(spec).openapi()


def openapi_text(name: str) -> str:
    return json.dumps(openapi_document(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> None:
    kind, target = argv
    path = Path(target)
    if kind == "asyncapi":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(asyncapi_text(), encoding="utf-8")
    elif kind == "openapi":
        path.mkdir(parents=True, exist_ok=True)
        for name in SERVICE_NAMES:
            (path / f"{name}.json").write_text(openapi_text(name), encoding="utf-8")
    else:
        raise SystemExit("usage: python -m grassroots.common.docs openapi|asyncapi PATH")


if __name__ == "__main__":
    main(sys.argv[1:])
