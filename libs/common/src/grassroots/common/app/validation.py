"""Validation errors a person reads, in Chinese by error type; English stays in `type` only."""

from __future__ import annotations

from typing import Any

# pydantic-core error types -> message templates over the error's `ctx`
MESSAGES: dict[str, str] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段",
    "string_type": "应为文本",
    "string_too_short": "文本过短(至少 {min_length} 个字符)",
    "string_too_long": "文本过长(最多 {max_length} 个字符)",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数,不能带小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_places": "小数位数过多(最多 {decimal_places} 位)",
    "decimal_max_digits": "数字位数过多(最多 {max_digits} 位)",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "literal_error": "应为以下之一: {expected}",
    "enum": "应为以下之一: {expected}",
    "date_type": "应为日期(YYYY-MM-DD)",
    "date_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_inexact": "应为日期,不带时刻",
    "datetime_type": "应为日期时间(ISO 8601)",
    "datetime_parsing": "应为日期时间(ISO 8601)",
    "datetime_from_date_parsing": "应为日期时间(ISO 8601)",
    "timezone_aware": "日期时间须带时区",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "too_short": "项目过少(至少 {min_length} 项)",
    "too_long": "项目过多(最多 {max_length} 项)",
    "json_invalid": "不是合法的 JSON",
    "json_type": "不是合法的 JSON",
    "uuid_parsing": "应为 UUID",
    "url_parsing": "应为网址",
    "union_tag_invalid": "类型标记应为以下之一: {expected_tags}",
    "union_tag_not_found": "缺少类型标记 {discriminator}",
}
_VALUE_ERROR = "Value error, "


def message_of(error: dict[str, Any]) -> str:
    """The Chinese message of one pydantic error (a rule's own message is kept as it is)."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        text = str(error.get("msg", ""))
        return text.removeprefix(_VALUE_ERROR).removeprefix("Assertion failed, ")
    template = MESSAGES.get(kind)
    if template is None:
        return "取值不符合要求"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template.split("(")[0].split("{")[0].rstrip(" :")


def clean_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Each error as `loc` (where), `msg` (Chinese), `type` (the stable English type)."""
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": message_of(e), "type": e.get("type")}
        for e in errors
    ]
