"""Whole-document validation of a catalog (目录校验): every problem, never just the first."""

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from grassroots.common.catalog.codes import CatalogInvalid, CatalogProblem
from grassroots.common.catalog.models import CatalogDocument
from grassroots.common.catalog.rules import check_rules
from grassroots.common.catalog.shape import check_shape, convert_error, join

_ORDER = (
    "",
    "county",
    "version",
    "effective_from",
    "org_units",
    "duty_items",
    "enforcement_items",
    "approved_forms",
    "field_definitions",
)
_HEAD = re.compile(r"^([^.\[]*)(?:\[(\d+)\])?")


def _position(item: CatalogProblem) -> tuple[int, int]:
    match = _HEAD.match(item.path)
    head, index = (match.group(1), match.group(2)) if match else ("", None)
    rank = _ORDER.index(head) if head in _ORDER else len(_ORDER)
    return rank, int(index) if index is not None else -1


def find_problems(raw: object) -> list[CatalogProblem]:
    """Every problem of a raw document, in document order; empty when it is valid."""
    problems: list[CatalogProblem] = []
    draft = check_shape(raw, problems)
    if draft is not None:
        problems.extend(check_rules(draft))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=_position)


def validate_catalog(raw: object) -> CatalogDocument:
    """Validate a raw import document (DESIGN §4); raise CatalogInvalid listing every problem."""
    problems = find_problems(raw)
    if problems:
        raise CatalogInvalid(problems)
    try:
        return CatalogDocument.model_validate(raw)
    except ValidationError as exc:  # the shape check above mirrors the models; kept as a guard
        raise CatalogInvalid([_guard_problem(error) for error in exc.errors()]) from exc


def _guard_problem(error: Mapping[str, Any]) -> CatalogProblem:
    path, name = "", ""
    for part in error["loc"]:
        path = join(path, part)
        name = part if isinstance(part, str) else name
    return convert_error({**error, "loc": ()}, path, name)
