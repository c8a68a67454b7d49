"""The overlap analysis of a county's approved forms (标签化, 一表同享): the facts several forms ask
and what merging them would save. Pure: a catalog document and a year in, the report out.

A fact is a (canonical field, subject) pair; a form field without a canonical field is a fact of
its own form only, never shared. Two forms overlap in a year when both are filled in it; every
frequency is filled at least once a year (``once`` and ``on_demand`` count as once), so any two
forms of the version in force overlap, and the year sets the number of weeks.

What is counted (the same words are in the README and in each figure's ``counts``):

- a form's fillings a year = fillings per unit (weekly: the ISO weeks of the year, 52 or 53;
  monthly 12; quarterly 4; half_yearly 2; yearly, once, on_demand 1) × its units (the townships,
  or the villages, of the catalog's org units);
- forms N → M: forms are taken fewest fields first (then by code); one is folded when every fact
  it asks is asked by another form not folded; M = forms not folded;
- fields N → M: the sum of the forms' fields → the number of distinct facts;
- field fillings a year N → M: Σ over forms of fields × fillings a year (one answer per field per
  filling; the rows of a household or person form are not counted) → Σ over distinct facts of
  the fillings a year of the form asking it most (each fact answered once, at the most demanding
  rate, and shared with the other forms asking it).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from grassroots.common.catalog import ApprovedForm, CatalogDocument
from grassroots.task_admission.catalog.schemas import (
    FormLoad,
    FormOverlaps,
    OverlapAsk,
    OverlapGroup,
    Saving,
    Savings,
)

PER_UNIT: dict[str, int] = {
    "monthly": 12,
    "quarterly": 4,
    "half_yearly": 2,
    "yearly": 1,
    "once": 1,
    "on_demand": 1,
}
Fact = tuple[str, str]  # (canonical field code, subject); an unmapped label: (form/label, "")


def fillings_per_unit(frequency: str, year: int) -> int:
    """How many times one unit fills a form of this frequency in a year."""
    if frequency == "weekly":
        return date(year, 12, 28).isocalendar().week  # 28 December is in the last ISO week
    return PER_UNIT[frequency]


def facts_of(document: CatalogDocument, form: ApprovedForm) -> list[Fact]:
    """The facts a form asks, in its field order."""
    return [
        (definition.code, definition.subject) if definition else (f"{form.code}/{label}", "")
        for label, definition in document.form_fields(form)
    ]


def fold(forms: list[ApprovedForm], facts: dict[str, list[Fact]]) -> set[str]:
    """The codes of the forms kept once each form all of whose facts another kept form asks is
    folded, fewest fields first."""
    askers: dict[Fact, set[str]] = {}
    for form in forms:
        for fact in facts[form.code]:
            askers.setdefault(fact, set()).add(form.code)
    kept = {form.code for form in forms}
    for form in sorted(forms, key=lambda f: (len(facts[f.code]), f.code)):
        if all((askers[fact] & kept) - {form.code} for fact in facts[form.code]):
            kept.discard(form.code)
    return kept


def analyse(document: CatalogDocument, year: int, *, as_of: date) -> FormOverlaps:
    """The overlap report of a catalog's approved forms for a year."""
    units = {
        "township": len(document.townships()),
        "village": sum(1 for unit in document.org_units if unit.kind == "village"),
    }
    forms = list(document.approved_forms)
    facts = {form.code: facts_of(document, form) for form in forms}
    per_unit = {form.code: fillings_per_unit(form.frequency, year) for form in forms}
    load = {form.code: per_unit[form.code] * units[form.level] for form in forms}
    askers: dict[Fact, list[ApprovedForm]] = {}
    for form in forms:
        for fact in facts[form.code]:
            askers.setdefault(fact, []).append(form)
    kept = fold(forms, facts)

    def owner(form: ApprovedForm) -> str:
        unit = document.org_unit(form.owner_department)
        return unit.name if unit else form.owner_department

    groups = []
    for definition in document.field_definitions:
        asking = askers.get((definition.code, definition.subject), [])
        if len(asking) < 2:
            continue
        labels = {
            form.code: label
            for form in asking
            for label in form.fields
            if form.canonical(label) == definition.code
        }
        groups.append(
            OverlapGroup(
                field=definition.code,
                name=definition.name,
                subject=definition.subject,
                sensitivity=definition.sensitivity,
                forms=[
                    OverlapAsk(
                        form=form.code,
                        title=form.title,
                        owner_department=form.owner_department,
                        owner_name=owner(form),
                        level=form.level,
                        frequency=form.frequency,
                        label=labels[form.code],
                        fillings_a_year=load[form.code],
                    )
                    for form in asking
                ],
            )
        )
    loads = []
    for form in forms:
        own = facts[form.code]
        folded = form.code not in kept
        into = sorted({g.code for f in own for g in askers[f] if g.code in kept}) if folded else []
        loads.append(
            FormLoad(
                code=form.code,
                title=form.title,
                owner_department=form.owner_department,
                level=form.level,
                frequency=form.frequency,
                fields=len(form.fields),
                shared_fields=sum(1 for fact in own if len(askers[fact]) > 1),
                units=units[form.level],
                fillings_per_unit=per_unit[form.code],
                fillings_a_year=load[form.code],
                folded=folded,
                merged_into=into,
            )
        )
    return FormOverlaps(
        county=document.county.code,
        version=document.version,
        effective_from=document.effective_from,
        year=year,
        as_of=as_of,
        units=units,
        unmapped_fields=sum(1 for fact in askers if not fact[1]),
        groups=groups,
        forms=loads,
        savings=_savings(loads, askers, load, kept),
    )


def _saving(before: int, after: int, counts: str, arithmetic: str) -> Saving:
    return Saving(
        before=before, after=after, saved=before - after, counts=counts, arithmetic=arithmetic
    )


def _terms(counted: Counter[int]) -> str:
    """``count×value`` terms, largest value first."""
    return " + ".join(f"{n}×{value}" for value, n in sorted(counted.items(), reverse=True)) or "0"


def _savings(
    loads: list[FormLoad],
    askers: dict[Fact, list[ApprovedForm]],
    load: dict[str, int],
    kept: set[str],
) -> Savings:
    folded = [f for f in loads if f.folded]
    fields_before = sum(f.fields for f in loads)
    answers_before = sum(f.fields * f.fillings_a_year for f in loads)
    most = Counter(max(load[form.code] for form in asking) for asking in askers.values())
    answers_after = sum(value * n for value, n in most.items())
    shown = "、".join(f"{f.code} 并入 {'、'.join(f.merged_into)}" for f in folded) or "无"
    return Savings(
        forms=_saving(
            len(loads),
            len(kept),
            "表格数:字段最少的表先看,其每个(规范字段, 数据对象)都有另一张保留的表在问,即并入他表",
            f"{len(loads)} − {len(folded)}({shown})= {len(kept)}",
        ),
        fields=_saving(
            fields_before,
            len(askers),
            "字段数:各表字段数之和 → 不同的(规范字段, 数据对象)个数(未映射的字段各算一个)",
            " + ".join(str(f.fields) for f in loads)
            + f" = {fields_before};去重后 {len(askers)} 个(规范字段, 数据对象)",
        ),
        field_fillings=_saving(
            answers_before,
            answers_after,
            "每年字段填报次数:各表 字段数 × 年填报次数(每单位频次 × 本层级单位数)之和 → "
            "每个(规范字段, 数据对象)只答一次,按问它的表中年填报次数最多的一张计",
            " + ".join(f"{f.fields}×{f.fillings_a_year}" for f in loads)
            + f" = {answers_before};去重后 {_terms(most)} = {answers_after}",
        ),
    )
