"""GeoReport v2 wire formats: XML (the spec's default) and JSON, and the spec's error array.

Every document is built once as plain data (dicts, lists, scalars) and rendered in the format the
path's suffix names. XML follows the spec's examples: a root element (`services`,
`service_requests`, `service_definition`, `discovery`, `errors`) whose repeated children take the
singular name (`service`, `request`, `attribute`, `value`, `endpoint`, `format`, `error`);
booleans are `true`/`false`, a missing value an empty element.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import Response

FORMATS = ("xml", "json")
DEFAULT_FORMAT = "xml"
MEDIA_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}

# characters XML 1.0 cannot carry (control characters, lone surrogates); dropped from text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Open311Error(Exception):
    """A refusal answered as the spec's error array with the spec's HTTP status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def format_of(suffix: str) -> str:
    """The format a path suffix names; an unknown one is a 404 (answered in XML)."""
    if suffix not in FORMATS:
        raise Open311Error(404, f"不支持的格式 .{suffix[:20]}(支持 .xml 与 .json)")
    return suffix


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return _NOT_XML.sub("", str(value))


def _element(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _element(node, key, item)
    elif isinstance(value, list):
        child = SINGULAR.get(name, "item")
        for item in value:
            _element(node, child, item)
    else:
        node.text = _text(value)


def to_xml(root: str, document: Any) -> bytes:
    """The document as UTF-8 XML with the declaration the spec asks for."""
    top = ET.Element(root)
    if isinstance(document, list):
        child = SINGULAR[root]
        for item in document:
            _element(top, child, item)
    else:
        for key, item in document.items():
            _element(top, key, item)
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def render(fmt: str, root: str, document: Any, status: int = 200) -> Response:
    """A response in `fmt`; `root` names the XML root element."""
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=False, allow_nan=False)
        body = text.encode("utf-8", errors="replace")
    else:
        body = to_xml(root, document)
    return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt])


def errors(fmt: str, status: int, description: str) -> Response:
    """`[{"code": 400, "description": "…"}]` / `<errors><error>…</error></errors>`."""
    return render(fmt, "errors", [{"code": status, "description": description}], status)
