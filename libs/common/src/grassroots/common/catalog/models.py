"""The catalog import format (责任清单目录) as frozen pydantic models (DESIGN §4).

The models check shape only (required fields, types, allowed values, unknown fields);
the rules across entries live in ``rules``. Build documents with ``validate_catalog`` so
that both have run.
"""

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
)
from pydantic_core import PydanticCustomError, core_schema

OrgKind = Literal["county", "township", "village", "department", "office"]
DutyLevel = Literal["township", "village"]
DutyList = Literal["basic", "assist", "withdrawn", "main", "negative"]
Frequency = Literal["weekly", "monthly", "quarterly", "half_yearly", "yearly", "once", "on_demand"]
FieldType = Literal["text", "integer", "decimal", "date", "choice", "id_number"]
# what a canonical field's value describes: the village itself, a household (keyed by the
# householder's resident ID), a person (resident ID), an organisation (USCC)
Subject = Literal["village", "household", "person", "organisation"]
Sensitivity = Literal["public", "internal", "sensitive"]

LISTS_BY_LEVEL: dict[str, tuple[str, ...]] = {
    "township": ("basic", "assist", "withdrawn"),
    "village": ("main", "assist", "negative"),
}
LISTS_NEEDING_LEAD: tuple[str, ...] = ("assist", "withdrawn")


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "a number is expected")
    return value


def _date_input(value: object) -> object:
    # pydantic would read integers as Unix timestamps; a catalog date is written 2026-01-01.
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "a date is expected")


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)] | None
Amount = Annotated[int | float, BeforeValidator(_no_bool)]
CatalogDate = Annotated[date, BeforeValidator(_date_input)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldMap(Mapping[str, str]):
    """A form's map of field labels to canonical field codes: read-only and hashable like the
    rest of a frozen document; read and written as a JSON object."""

    __slots__ = ("_pairs",)

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._pairs: dict[str, str] = dict(pairs)

    def __getitem__(self, label: str) -> str:
        return self._pairs[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __hash__(self) -> int:
        return hash(tuple(self._pairs.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._pairs == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FieldMap({self._pairs!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            handler.generate_schema(dict[Text, Text]),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


class County(_Frozen):
    """The county the catalog belongs to (县)."""

    code: Text
    name: Text


class OrgUnit(_Frozen):
    """An organisation unit (组织机构): township, village, department, office or the county."""

    code: Text
    name: Text
    kind: OrgKind
    parent: OptionalText = None


class DutyItem(_Frozen):
    """One entry of a township or village duty list (履职事项)."""

    code: Text
    level: DutyLevel
    list: DutyList
    category: Text
    title: Text
    keywords: tuple[Text, ...] = ()
    legal_basis: OptionalText = None
    applies_to: tuple[Text, ...] = ()
    lead_department: OptionalText = None
    department_duties: OptionalText = None
    township_duties: OptionalText = None
    # how departments word this item in their demands (matching learns them; reviewers propose more)
    examples: Annotated[tuple[Text, ...], Field(max_length=50)] = ()


class EnforcementItem(_Frozen):
    """An administrative enforcement item delegated to townships (执法事项)."""

    code: Text
    title: Text
    origin_department: Text
    legal_basis: Text
    fine_min: Amount
    fine_max: Amount
    applies_to: tuple[Text, ...] = ()


class FieldDefinition(_Frozen):
    """A canonical field (规范字段): one fact, asked once whichever form asks it (标签化)."""

    code: Text
    name: Text
    type: FieldType
    subject: Subject
    sensitivity: Sensitivity = "internal"
    unit: OptionalText = None  # required for decimal, allowed for integer: 元, 亩, 人
    choices: tuple[Text, ...] = ()  # required for choice (at least two, distinct), else none


class ApprovedForm(_Frozen):
    """A report form approved for townships or villages to fill (一套表 报表).

    ``field_map`` maps each field label to the code of its canonical field definition; a catalog
    that defines fields maps every field of every form.
    """

    code: Text
    title: Text
    owner_department: Text
    level: DutyLevel
    frequency: Frequency
    fields: Annotated[tuple[Text, ...], Field(min_length=1)]
    field_map: FieldMap = FieldMap()

    def canonical(self, label: str) -> str | None:
        """The code of the canonical field a label of this form asks, or None."""
        return self.field_map.get(label)


class CatalogDocument(_Frozen):
    """One published catalog version of one county (目录版本), with lookups."""

    county: County
    version: Text
    effective_from: CatalogDate
    org_units: tuple[OrgUnit, ...]
    duty_items: tuple[DutyItem, ...]
    enforcement_items: tuple[EnforcementItem, ...]
    approved_forms: tuple[ApprovedForm, ...]
    field_definitions: tuple[FieldDefinition, ...] = ()

    @cached_property
    def _org_index(self) -> dict[str, OrgUnit]:
        return {unit.code: unit for unit in self.org_units}

    @cached_property
    def _duty_index(self) -> dict[str, DutyItem]:
        return {item.code: item for item in self.duty_items}

    @cached_property
    def _enforcement_index(self) -> dict[str, EnforcementItem]:
        return {item.code: item for item in self.enforcement_items}

    @cached_property
    def _form_index(self) -> dict[str, ApprovedForm]:
        return {form.code: form for form in self.approved_forms}

    @cached_property
    def _field_index(self) -> dict[str, FieldDefinition]:
        return {field.code: field for field in self.field_definitions}

    def org_unit(self, code: str) -> OrgUnit | None:
        """The org unit with this code, or None."""
        return self._org_index.get(code)

    def duty_item(self, code: str) -> DutyItem | None:
        """The duty item with this code, or None."""
        return self._duty_index.get(code)

    def enforcement_item(self, code: str) -> EnforcementItem | None:
        """The enforcement item with this code, or None."""
        return self._enforcement_index.get(code)

    def approved_form(self, code: str) -> ApprovedForm | None:
        """The approved form with this code, or None."""
        return self._form_index.get(code)

    def field_definition(self, code: str) -> FieldDefinition | None:
        """The canonical field definition with this code, or None."""
        return self._field_index.get(code)

    def form_fields(self, form: ApprovedForm) -> list[tuple[str, FieldDefinition | None]]:
        """Each field label of a form with its canonical definition (None when unmapped), in
        the form's field order."""
        return [
            (label, self._field_index.get(code) if (code := form.canonical(label)) else None)
            for label in form.fields
        ]

    def townships(self) -> tuple[OrgUnit, ...]:
        """Every township and street of the county (乡镇/街道), in document order."""
        return tuple(unit for unit in self.org_units if unit.kind == "township")

    def villages_of(self, township: str) -> tuple[OrgUnit, ...]:
        """The villages and communities (村/社区) under one township code."""
        return tuple(u for u in self.org_units if u.kind == "village" and u.parent == township)

    def departments(self) -> tuple[OrgUnit, ...]:
        """The county departments (县直部门)."""
        return tuple(unit for unit in self.org_units if unit.kind == "department")

    def items_for(
        self, level: DutyLevel, org_code: str, *, lists: Collection[str] | None = None
    ) -> tuple[DutyItem, ...]:
        """Duty items of a level that apply to one org unit (empty applies_to = all)."""
        return tuple(
            item
            for item in self.duty_items
            if item.level == level
            and (not item.applies_to or org_code in item.applies_to)
            and (lists is None or item.list in lists)
        )

    def enforcement_items_for(self, township: str) -> tuple[EnforcementItem, ...]:
        """Enforcement items delegated to one township (empty applies_to = all)."""
        return tuple(
            item
            for item in self.enforcement_items
            if not item.applies_to or township in item.applies_to
        )
