"""The catalog import format (责任清单目录) as frozen pydantic models (DESIGN §4).

The models check shape only (required fields, types, allowed values, unknown fields);
the rules across entries live in ``rules``. Build documents with ``validate_catalog`` so
that both have run.
"""

from collections.abc import Collection
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

OrgKind = Literal["county", "township", "village", "department", "office"]
DutyLevel = Literal["township", "village"]
DutyList = Literal["basic", "assist", "withdrawn", "main", "negative"]
Frequency = Literal["weekly", "monthly", "quarterly", "half_yearly", "yearly", "once", "on_demand"]

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


class EnforcementItem(_Frozen):
    """An administrative enforcement item delegated to townships (执法事项)."""

    code: Text
    title: Text
    origin_department: Text
    legal_basis: Text
    fine_min: Amount
    fine_max: Amount
    applies_to: tuple[Text, ...] = ()


class ApprovedForm(_Frozen):
    """A report form approved for townships or villages to fill (一套表 报表)."""

    code: Text
    title: Text
    owner_department: Text
    level: DutyLevel
    frequency: Frequency
    fields: Annotated[tuple[Text, ...], Field(min_length=1)]


class CatalogDocument(_Frozen):
    """One published catalog version of one county (目录版本), with lookups."""

    county: County
    version: Text
    effective_from: CatalogDate
    org_units: tuple[OrgUnit, ...]
    duty_items: tuple[DutyItem, ...]
    enforcement_items: tuple[EnforcementItem, ...]
    approved_forms: tuple[ApprovedForm, ...]

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
