"""Shape check of a raw catalog document (目录格式检查), field by field, every error kept.

Each field is validated on its own with the model's own type, so one bad field never hides
another, and the values that did validate are kept (a ``Draft``) for the cross-entry rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from grassroots.common.catalog.codes import CatalogProblem, field_label, problem
from grassroots.common.catalog.models import (
    ApprovedForm,
    CatalogDocument,
    County,
    DutyItem,
    EnforcementItem,
    FieldDefinition,
    OrgUnit,
)

SECTIONS: dict[str, type[BaseModel]] = {
    "org_units": OrgUnit,
    "duty_items": DutyItem,
    "enforcement_items": EnforcementItem,
    "approved_forms": ApprovedForm,
    "field_definitions": FieldDefinition,
}
LITERAL_CODES = {
    "kind": "C-KIND",
    "level": "C-LEVEL",
    "list": "C-LIST",
    "frequency": "C-FREQUENCY",
    "type": "C-FIELD-TYPE",
    "subject": "C-SUBJECT",
    "sensitivity": "C-SENSITIVITY",
}
FREQUENCIES = "weekly、monthly、quarterly、half_yearly、yearly、once、on_demand"
# a pydantic location inside a mapping names the key, then "[key]" when the key itself failed
_MAPPING_KEY = "[key]"
_EXPECTED = (
    ("string", "文本"),
    ("list", "列表"),
    ("tuple", "列表"),
    ("int", "数字"),
    ("float", "数字"),
    ("dict", "对象"),
    ("model", "对象"),
)


@dataclass(frozen=True)
class Entry:
    """The fields of one entry that passed the shape check, and those that did not."""

    index: int
    path: str
    values: dict[str, Any]
    failed: frozenset[str]

    def ok(self, *names: str) -> bool:
        """Whether none of these fields failed its shape check."""
        return not self.failed.intersection(names)


@dataclass
class Draft:
    """What passed the shape check: top-level values and the entries of each section."""

    top: dict[str, Any] = field(default_factory=dict)
    county: Entry | None = None
    sections: dict[str, list[Entry]] = field(default_factory=dict)
    # sections not wholly read: not a list, or holding an entry that is not an object
    incomplete: set[str] = field(default_factory=set)


def join(path: str, part: str | int) -> str:
    """Extend a path by a field name or a list index."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


def _expected(error_type: str) -> str:
    return next(
        (label for prefix, label in _EXPECTED if error_type.startswith(prefix)), "正确的类型"
    )


def convert_error(error: Mapping[str, Any], path: str, name: str) -> CatalogProblem:
    """One pydantic error on field ``name`` at ``path`` as a catalog problem."""
    # Union members add their tag to loc ('int', 'float'); only list indices locate anything,
    # and the labels of a form's field_map.
    for part in error["loc"]:
        if isinstance(part, int) or (name == "field_map" and part != _MAPPING_KEY):
            path = join(path, part)
    kind = error["type"]
    label = field_label(name)
    if kind == "missing":
        return problem("C-REQUIRED", path, field=label)
    if kind == "extra_forbidden":
        return problem("C-UNKNOWN-FIELD", path, field=name)
    if kind == "literal_error" and name in LITERAL_CODES:
        return problem(LITERAL_CODES[name], path, value=error.get("input"), allowed=FREQUENCIES)
    if kind in ("string_too_short", "too_short"):
        return problem("C-EMPTY", path, field=label)
    if kind.startswith("date"):
        return problem("C-DATE", path, field=label)
    if kind.endswith(("_type", "_parsing")) or kind == "int_from_float":
        return problem("C-TYPE", path, field=label, expected=_expected(kind))
    return problem("C-VALUE", path, field=label)


def check_value(
    model: type[BaseModel], name: str, value: object, path: str, problems: list[CatalogProblem]
) -> tuple[bool, Any]:
    """Validate one field value with the model's type; (ok, cleaned value)."""
    try:
        return True, _adapter(model, name).validate_python(value)
    except ValidationError as exc:
        found = {convert_error(error, path, name) for error in exc.errors()}
        problems.extend(sorted(found, key=lambda p: (p.path, p.code)))
        return False, None


def check_entry(
    model: type[BaseModel], raw: object, path: str, index: int, problems: list[CatalogProblem]
) -> Entry | None:
    """Shape-check one object against a model, field by field."""
    if not isinstance(raw, Mapping):
        label = field_label(path.split("[")[0]) + (f"第{index + 1}条" if "[" in path else "")
        problems.append(problem("C-TYPE", path, field=label, expected="对象"))
        return None
    fields = model.model_fields
    problems.extend(
        problem("C-UNKNOWN-FIELD", join(path, str(key)), field=key)
        for key in raw
        if key not in fields
    )
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for name, info in fields.items():
        if name not in raw:
            if info.is_required():
                problems.append(problem("C-REQUIRED", join(path, name), field=field_label(name)))
                failed.add(name)
            continue
        ok, value = check_value(model, name, raw[name], join(path, name), problems)
        if ok:
            values[name] = value
        else:
            failed.add(name)
    return Entry(index=index, path=path, values=values, failed=frozenset(failed))


def check_shape(raw: object, problems: list[CatalogProblem]) -> Draft | None:
    """Shape-check a whole document; None when it is not even an object."""
    if not isinstance(raw, Mapping):
        problems.append(problem("C-TYPE", "", field="目录文件", expected="对象"))
        return None
    draft = Draft()
    fields = CatalogDocument.model_fields
    problems.extend(
        problem("C-UNKNOWN-FIELD", str(key), field=key) for key in raw if key not in fields
    )
    for name, info in fields.items():
        if name not in raw:
            if info.is_required():
                problems.append(problem("C-REQUIRED", name, field=field_label(name)))
        elif name == "county":
            draft.county = check_entry(County, raw[name], name, 0, problems)
        elif name in SECTIONS:
            draft.sections[name] = _check_section(name, raw[name], problems)
            if len(draft.sections[name]) != _length(raw[name]):
                draft.incomplete.add(name)
        else:
            ok, value = check_value(CatalogDocument, name, raw[name], name, problems)
            if ok:
                draft.top[name] = value
    return draft


def _length(raw: object) -> int:
    return len(raw) if isinstance(raw, list | tuple) else -1


def _check_section(name: str, raw: object, problems: list[CatalogProblem]) -> list[Entry]:
    if not isinstance(raw, list | tuple):
        problems.append(problem("C-TYPE", name, field=field_label(name), expected="列表"))
        return []
    entries = (
        check_entry(SECTIONS[name], item, join(name, i), i, problems) for i, item in enumerate(raw)
    )
    return [entry for entry in entries if entry is not None]
