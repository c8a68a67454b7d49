"""Rules across catalog entries (目录规则): codes, nesting, references, ranges (DESIGN §4).

Pure functions over what passed the shape check; a rule whose fields failed that check is
skipped, so no problem is reported twice.
"""

import math
from collections.abc import Iterable

from grassroots.common.catalog.codes import CatalogProblem, field_label, problem
from grassroots.common.catalog.identifiers import uscc_problem
from grassroots.common.catalog.models import LISTS_BY_LEVEL, LISTS_NEEDING_LEAD
from grassroots.common.catalog.regions import REGION_KIND_NAMES, region_code_problem
from grassroots.common.catalog.shape import Draft, Entry, join

KIND_NAMES: dict[str, str] = {**REGION_KIND_NAMES, "department": "县直部门", "office": "机构"}
LEVEL_NAMES: dict[str, str] = {"township": "乡镇", "village": "村(社区)"}
LIST_NAMES: dict[str, str] = {"assist": "配合(协助)履职事项", "withdrawn": "上级部门收回事项"}
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "township": ("county",),
    "village": ("township",),
    "department": ("county",),
    "office": ("county", "township", "department"),
}
NESTING_PREFIX: dict[str, int] = {"township": 6, "village": 9}
ASSIST_DUTIES: dict[str, str] = {"department_duties": "部门职责", "township_duties": "乡镇配合职责"}
UNIT_TYPES = ("integer", "decimal")  # the types a unit of measure fits; decimal needs one


class _Catalog:
    """What the rules need to know about the whole document."""

    def __init__(self, draft: Draft) -> None:
        county = draft.county.values.get("code") if draft.county else None
        self.county: str | None = county
        self.county_valid = county is not None and region_code_problem(county, "county") is None
        # code -> kind; None when the unit exists but its kind failed the shape check, so that
        # references to it are neither unknown nor of the wrong kind (no cascades).
        self.kinds: dict[str, str | None] = {}
        for entry in draft.sections.get("org_units", ()):
            code = entry.values.get("code")
            if code is not None:
                self.kinds.setdefault(code, entry.values.get("kind"))
        if county is not None:
            self.kinds.setdefault(county, "county")
        definitions = draft.sections.get("field_definitions", [])
        # a catalog that defines any field maps every field of every form (C-FIELD-UNMAPPED)
        self.defines_fields = bool(definitions)
        # None when a definition could not be read: its code is unknown, so a form's reference
        # is neither unknown nor unmapped (no cascades)
        self.field_codes: set[str] | None = {e.values["code"] for e in definitions if e.ok("code")}
        if "field_definitions" in draft.incomplete or not all(e.ok("code") for e in definitions):
            self.field_codes = None

    def is_department(self, code: str) -> bool:
        return code in self.kinds and self.kinds[code] in ("department", None)


def check_rules(draft: Draft) -> list[CatalogProblem]:
    """Every cross-entry problem of a shape-checked document."""
    catalog = _Catalog(draft)
    problems: list[CatalogProblem] = []
    if draft.county is not None and catalog.county is not None and not catalog.county_valid:
        rule = region_code_problem(catalog.county, "county")
        problems.append(
            problem(
                "C-DIVISION-CODE", "county.code", value=catalog.county, kind_name="县", rule=rule
            )
        )
    for entries in draft.sections.values():
        problems.extend(_duplicate_codes(entries))
    checks = {
        "org_units": _org_unit,
        "duty_items": _duty_item,
        "enforcement_items": _enforcement_item,
        "approved_forms": _approved_form,
        "field_definitions": _field_definition,
    }
    for section, check in checks.items():
        for entry in draft.sections.get(section, ()):
            problems.extend(check(entry, catalog))
    return problems


def _duplicate_codes(entries: Iterable[Entry]) -> Iterable[CatalogProblem]:
    first: dict[str, int] = {}
    for entry in entries:
        code = entry.values.get("code")
        if code is None:
            continue
        if code in first:
            yield problem(
                "C-DUPLICATE-CODE", join(entry.path, "code"), value=code, first=first[code] + 1
            )
        else:
            first[code] = entry.index


def _text(entry: Entry, name: str) -> str:
    value = entry.values.get(name)
    return value.strip() if isinstance(value, str) else ""


def _org_unit(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    code, kind = _text(entry, "code"), entry.values.get("kind")
    if not code or kind is None:
        return
    code_path = join(entry.path, "code")
    code_ok = True
    if kind in REGION_KIND_NAMES:
        rule = region_code_problem(code, kind)
        if rule is not None:
            code_ok = False
            yield problem(
                "C-DIVISION-CODE", code_path, value=code, kind_name=KIND_NAMES[kind], rule=rule
            )
        elif catalog.county_valid and catalog.county and code[:6] != catalog.county[:6]:
            code_ok = False
            yield problem("C-COUNTY-MISMATCH", code_path, value=code, county=catalog.county)
        elif kind == "county" and code != catalog.county:
            yield problem("C-COUNTY-MISMATCH", code_path, value=code, county=catalog.county)
    else:
        reason = uscc_problem(code)
        if reason is not None:
            yield problem("C-USCC", code_path, value=code, reason=reason)
    if entry.ok("parent"):
        yield from _parent(entry, catalog, code, kind, code_ok)


def _parent(
    entry: Entry, catalog: _Catalog, code: str, kind: str, code_ok: bool
) -> Iterable[CatalogProblem]:
    parent, path = _text(entry, "parent"), join(entry.path, "parent")
    if kind == "county":
        if parent:
            yield problem(
                "C-NESTING", path, value=code, parent=parent, rule="县的上级单位应为空(null)"
            )
        return
    if not parent:
        yield problem(
            "C-PARENT-REQUIRED",
            path,
            kind_name=KIND_NAMES[kind],
            name=entry.values.get("name", code),
        )
        return
    if parent not in catalog.kinds:
        yield problem("C-PARENT-UNKNOWN", path, value=parent)
        return
    parent_kind = catalog.kinds[parent]
    if parent_kind is None:
        return
    allowed = ALLOWED_PARENTS[kind]
    if parent_kind not in allowed:
        rule = f"{KIND_NAMES[kind]}的上级应为{'或'.join(KIND_NAMES[k] for k in allowed)}"
        yield problem("C-NESTING", path, value=code, parent=parent, rule=rule)
        return
    prefix = NESTING_PREFIX.get(kind)
    if prefix and code_ok and code[:prefix] != parent[:prefix]:
        rule = f"代码前{prefix}位应与上级单位代码相同"
        yield problem("C-NESTING", path, value=code, parent=parent, rule=rule)


def _applies_to(entry: Entry, catalog: _Catalog, expected: str | None) -> Iterable[CatalogProblem]:
    seen: set[str] = set()
    for j, code in enumerate(entry.values.get("applies_to", ())):
        path = join(join(entry.path, "applies_to"), j)
        kind = catalog.kinds.get(code)
        if code in seen:
            yield problem("C-DUPLICATE-VALUE", path, value=code, field=field_label("applies_to"))
        elif code not in catalog.kinds:
            yield problem("C-APPLIES-TO-UNKNOWN", path, value=code)
        elif expected is not None and kind is not None and kind != expected:
            yield problem(
                "C-APPLIES-TO-LEVEL",
                path,
                value=code,
                actual=KIND_NAMES[kind],
                expected=KIND_NAMES[expected],
            )
        seen.add(code)


def _duty_item(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    level, kind = entry.values.get("level"), entry.values.get("list")
    if level is not None and kind is not None and kind not in LISTS_BY_LEVEL[level]:
        yield problem(
            "C-LIST-LEVEL",
            join(entry.path, "list"),
            value=kind,
            level_name=LEVEL_NAMES[level],
            allowed="、".join(LISTS_BY_LEVEL[level]),
        )
    lead, lead_path = _text(entry, "lead_department"), join(entry.path, "lead_department")
    if kind in LISTS_NEEDING_LEAD and not lead and entry.ok("lead_department"):
        yield problem("C-LEAD-DEPARTMENT-REQUIRED", lead_path, list_name=LIST_NAMES[kind])
    if lead and not catalog.is_department(lead):
        yield problem("C-LEAD-DEPARTMENT-UNKNOWN", lead_path, value=lead)
    if level == "township" and kind == "assist":
        for name, duty_name in ASSIST_DUTIES.items():
            if entry.ok(name) and not _text(entry, name):
                yield problem(
                    "C-ASSIST-DUTIES-REQUIRED",
                    join(entry.path, name),
                    duty_name=duty_name,
                    field=name,
                )
    if entry.ok("level"):
        yield from _applies_to(entry, catalog, level)


def _enforcement_item(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    origin = _text(entry, "origin_department")
    if origin and not catalog.is_department(origin):
        yield problem(
            "C-ORIGIN-DEPARTMENT-UNKNOWN", join(entry.path, "origin_department"), value=origin
        )
    amounts = {name: entry.values.get(name) for name in ("fine_min", "fine_max")}
    for name, amount in amounts.items():
        if amount is None:
            continue
        if not math.isfinite(amount):
            yield problem(
                "C-FINE-RANGE", join(entry.path, name), reason=f"{field_label(name)}应为数字"
            )
        elif amount < 0:
            yield problem(
                "C-FINE-RANGE", join(entry.path, name), reason=f"{field_label(name)}不能为负数"
            )
    low, high = amounts["fine_min"], amounts["fine_max"]
    if low is not None and high is not None and 0 <= high < low:
        yield problem(
            "C-FINE-RANGE", join(entry.path, "fine_min"), reason=f"罚款下限{low}元高于上限{high}元"
        )
    yield from _applies_to(entry, catalog, "township")


def _approved_form(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    owner = _text(entry, "owner_department")
    if owner and not catalog.is_department(owner):
        yield problem(
            "C-OWNER-DEPARTMENT-UNKNOWN", join(entry.path, "owner_department"), value=owner
        )
    yield from _repeated(entry, "fields")
    if entry.ok("fields", "field_map"):
        yield from _field_map(entry, catalog)


def _repeated(entry: Entry, name: str) -> Iterable[CatalogProblem]:
    seen: set[str] = set()
    for j, value in enumerate(entry.values.get(name, ())):
        if value in seen:
            yield problem(
                "C-DUPLICATE-VALUE",
                join(join(entry.path, name), j),
                value=value,
                field=field_label(name),
            )
        seen.add(value)


def _field_map(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    """Each label of the map is a field of the form, each code a defined field, no code twice;
    in a catalog that defines fields, every field of the form is mapped."""
    fields: tuple[str, ...] = entry.values.get("fields", ())
    mapping = entry.values.get("field_map", {})
    first: dict[str, str] = {}
    for label, code in mapping.items():
        path = join(join(entry.path, "field_map"), label)
        if label not in fields:
            yield problem("C-FIELD-LABEL-UNKNOWN", path, value=label)
        if catalog.field_codes is not None and code not in catalog.field_codes:
            yield problem("C-FIELD-UNKNOWN", path, label=label, value=code)
        elif code in first:
            yield problem("C-FIELD-TWICE", path, label=label, first=first[code], value=code)
        else:
            first[code] = label
    if catalog.defines_fields and catalog.field_codes is not None:
        for j, label in enumerate(fields):
            if label not in mapping:
                yield problem("C-FIELD-UNMAPPED", join(join(entry.path, "fields"), j), value=label)


def _field_definition(entry: Entry, catalog: _Catalog) -> Iterable[CatalogProblem]:
    kind, name = entry.values.get("type"), entry.values.get("name") or _text(entry, "code")
    if kind is None:
        return
    unit_path, choices_path = join(entry.path, "unit"), join(entry.path, "choices")
    if entry.ok("unit"):
        unit = _text(entry, "unit")
        if kind == "decimal" and not unit:
            reason = "小数(decimal)字段必须写明计量单位,如“元”“亩”"
            yield problem("C-FIELD-UNIT", unit_path, name=name, reason=reason)
        elif unit and kind not in UNIT_TYPES:
            reason = "只有数值(integer、decimal)字段可以有计量单位"
            yield problem("C-FIELD-UNIT", unit_path, name=name, reason=reason)
    if entry.ok("choices"):
        choices: tuple[str, ...] = entry.values.get("choices", ())
        yield from _repeated(entry, "choices")
        if kind == "choice" and len(set(choices)) < 2:
            reason = "选项(choice)字段至少应列出两个不同的可选值"
            yield problem("C-FIELD-CHOICES", choices_path, name=name, reason=reason)
        elif choices and kind != "choice":
            reason = "只有选项(choice)字段可以列出可选值"
            yield problem("C-FIELD-CHOICES", choices_path, name=name, reason=reason)
