"""Reading a catalog upload (目录文件解析): JSON or YAML by content type, syntax refused as C-SYNTAX.

YAML scalars are read as text except ``null``, so codes and versions keep their exact
spelling (``2026.10`` stays a text, ``011`` keeps its zero); numbers are converted where the
format wants numbers. Anchors and aliases are refused, and so are duplicate keys in both
formats: a catalog never needs them, and they hide mistakes or blow up in size.
"""

import json
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from grassroots.common.catalog.codes import CatalogInvalid, problem

JSON_TYPES = frozenset({"application/json", "text/json"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")
)


class _CatalogLoader(yaml.SafeLoader):
    """Safe YAML loader: text scalars, no aliases, no duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "不允许使用锚点和别名(& 与 *)", mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str) or key in keys:
                raise ConstructorError(
                    None, None, f"字段名“{key}”重复或不是文本", key_node.start_mark
                )
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


_CatalogLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _TEXT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _syntax(detail: str) -> CatalogInvalid:
    return CatalogInvalid([problem("C-SYNTAX", "", detail=detail)])


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} 不是合法的数值")


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"字段名“{key}”重复")
        result[key] = value
    return result


def _parse_json(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise _syntax(f"第{exc.lineno}行第{exc.colno}列附近不符合 JSON 语法") from exc
    except ValueError as exc:
        raise _syntax(str(exc)) from exc
    except RecursionError as exc:
        raise _syntax("嵌套层次过深") from exc


def _parse_yaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=_CatalogLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第{mark.line + 1}行第{mark.column + 1}列附近" if mark else "文件中"
        raise _syntax(f"{where}不符合 YAML 语法({exc.problem or exc.context})") from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise _syntax("不符合 YAML 语法") from exc


def media_type(content_type: str) -> str:
    """The bare media type of a Content-Type header value, lower case."""
    return content_type.split(";", 1)[0].strip().lower()


def parse_catalog_bytes(body: bytes, content_type: str) -> object:
    """Parse an uploaded catalog as JSON or YAML by its content type; CatalogInvalid if unreadable."""
    media = media_type(content_type)
    if media in JSON_TYPES or media.endswith("+json"):
        parse = _parse_json
    elif media in YAML_TYPES or media.endswith("+yaml"):
        parse = _parse_yaml
    else:
        raise CatalogInvalid(
            [problem("C-CONTENT-TYPE", "", content_type=content_type or "(未提供)")]
        )
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _syntax("文件不是 UTF-8 编码的文本") from exc
    return parse(text)
