"""Demo catalog of 示范县 (示范目录): a deterministic import document for demos, tests and benchmarks.

``python -m grassroots.dev.demo_catalog > catalog.json`` prints it. The township lists
follow the national proportions (117 basic, 99 assist, 124 withdrawn); the villages have
40 main, 40 assist and 30 negative items. The entries quoted in DESIGN §4 keep their codes.
Its 18 approved forms map every field to one of 74 canonical fields (``demo_field_data``),
with the overlaps a county has (the same households, persons and village figures asked by
several departments).
"""

import argparse
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from grassroots.common.catalog.identifiers import make_uscc
from grassroots.dev import demo_enforcement_data as enforcement_data
from grassroots.dev import demo_field_data as field_data
from grassroots.dev import demo_org_data as org
from grassroots.dev import demo_tables as tables
from grassroots.dev import demo_township_data as township_data
from grassroots.dev import demo_village_data as village_data
from grassroots.dev import demo_withdrawn_data as withdrawn_data

T = TypeVar("T")
Entry = dict[str, Any]

COUNTS: dict[str, int] = {"T-B": 117, "T-A": 99, "T-W": 124, "V-M": 40, "V-A": 40, "V-N": 30}
WITHDRAWN_DUTIES = "由{lead}依法履行,乡镇不再承担,不得以属地管理名义转交乡镇"
BASIC = tables.topics(township_data.BASIC)
ASSIST = tables.assist_topics(township_data.ASSIST)
WITHDRAWN = tables.sectors(withdrawn_data.WITHDRAWN)
VILLAGE_MAIN = tables.topics(village_data.MAIN)
VILLAGE_ASSIST = tables.village_assists(village_data.ASSIST)
NEGATIVE = tables.negatives(village_data.NEGATIVE)
ENFORCEMENT = tables.enforcements(enforcement_data.ENFORCEMENT)
FORMS = tables.forms(enforcement_data.FORMS)
FIELDS = tables.fields(field_data.FIELDS)
FIELD_CODES: dict[str, str] = {f.name: f"FD-{i:03d}" for i, f in enumerate(FIELDS, start=1)}
PINNED: dict[str, str] = {
    "T-B-001": "组织开展森林防火宣传和巡查",
    "T-A-014": "配合开展耕地保护动态巡查",
    "V-N-003": "为金融机构出具居民亲属关系证明",
    "ZF-012": "对违法占用耕地建房的处罚",
    "F-007": "农村低保对象季度核查表",
}


def take_in_turn(groups: Sequence[Sequence[T]], count: int) -> list[T]:
    """The first ``count`` entries taken one group at a time, returned in group order."""
    slots = sorted((k, g) for g, group in enumerate(groups) for k in range(len(group)))
    if count > len(slots):
        raise ValueError(f"only {len(slots)} entries to choose {count} from")
    chosen = set(slots[:count])
    return [
        entry for g, group in enumerate(groups) for k, entry in enumerate(group) if (k, g) in chosen
    ]


def _numbered(prefix: str, entries: list[Entry]) -> list[Entry]:
    for code, title in PINNED.items():
        if code.rsplit("-", 1)[0] == prefix:
            at = int(code.rsplit("-", 1)[1]) - 1
            found = next(i for i, entry in enumerate(entries) if entry["title"] == title)
            entries.insert(at, entries.pop(found))
    return [{"code": f"{prefix}-{i:03d}", **entry} for i, entry in enumerate(entries, start=1)]


class _Org:
    """Codes of the demo county's units, by name and by tag."""

    def __init__(self) -> None:
        names = org.DEPARTMENTS + org.OFFICES
        self.units: dict[str, str] = {
            name: make_uscc(org.REGISTRATION_PREFIX, f"MB{serial:06d}")
            for serial, name in enumerate(names)
        }
        self.tagged: dict[str, list[str]] = {}
        self.entries: list[Entry] = [
            {"code": org.COUNTY_CODE, "name": org.COUNTY_NAME, "kind": "county", "parent": None}
        ]
        for name in names:
            kind = "department" if name in org.DEPARTMENTS else "office"
            self.entries.append(
                {"code": self.units[name], "name": name, "kind": kind, "parent": org.COUNTY_CODE}
            )
        for digits, name, tags, villages in org.TOWNSHIPS:
            code = org.COUNTY_CODE[:6] + digits + "000"
            self.entries.append(
                {"code": code, "name": name, "kind": "township", "parent": org.COUNTY_CODE}
            )
            for tag in tags:
                self.tagged.setdefault(tag, []).append(code)
            for village_digits, village in villages:
                village_code = code[:9] + village_digits
                self.entries.append(
                    {"code": village_code, "name": village, "kind": "village", "parent": code}
                )
                if int(village_digits) < 200:
                    self.tagged.setdefault("community", []).append(village_code)

    def applies_to(self, tags: Sequence[str]) -> list[str]:
        """Codes of the units carrying any of the tags, in document order."""
        return [code for tag in tags for code in self.tagged.get(tag, [])]


def _township_items(units: _Org) -> list[Entry]:
    def item(kind: str, category: str, title: str, keywords: Sequence[str], basis: str) -> Entry:
        return {
            "level": "township",
            "list": kind,
            "category": category,
            "title": title,
            "keywords": list(keywords),
            "legal_basis": basis,
        }

    basic = [
        [
            {
                **item("basic", t.category, a.format(o=t.obj), t.keywords, t.legal_basis),
                "applies_to": units.applies_to(t.only),
            }
            for a in t.actions
        ]
        for t in BASIC
    ]
    assist = [
        [
            {
                **item("assist", t.category, a.format(o=t.obj), t.keywords, t.legal_basis),
                "lead_department": units.units[t.lead],
                "department_duties": t.department_duties.format(o=t.obj),
                "township_duties": t.township_duties.format(o=t.obj),
            }
            for a in t.actions
        ]
        for t in ASSIST
    ]
    withdrawn = [
        [
            {
                **item("withdrawn", s.category, s.sector + a, s.keywords, s.legal_basis),
                "lead_department": units.units[s.lead],
                "department_duties": WITHDRAWN_DUTIES.format(lead=s.lead),
            }
            for a in s.actions
        ]
        for s in WITHDRAWN
    ]
    return (
        _numbered("T-B", take_in_turn(basic, COUNTS["T-B"]))
        + _numbered("T-A", take_in_turn(assist, COUNTS["T-A"]))
        + _numbered("T-W", take_in_turn(withdrawn, COUNTS["T-W"]))
    )


def _village_items(units: _Org) -> list[Entry]:
    def item(kind: str, category: str, title: str, keywords: Sequence[str]) -> Entry:
        return {
            "level": "village",
            "list": kind,
            "category": category,
            "title": title,
            "keywords": list(keywords),
        }

    main = [
        [
            {
                **item("main", t.category, a.format(o=t.obj), t.keywords),
                "legal_basis": t.legal_basis,
                "applies_to": units.applies_to(t.only),
            }
            for a in t.actions
        ]
        for t in VILLAGE_MAIN
    ]
    assist = [
        [
            {
                **item("assist", v.category, title, v.keywords),
                "legal_basis": v.legal_basis,
                "lead_department": units.units[v.lead],
            }
            for title in v.titles
        ]
        for v in VILLAGE_ASSIST
    ]
    negative: dict[str, list[Entry]] = {}
    for n in NEGATIVE:
        negative.setdefault(n.category, []).append(
            item("negative", n.category, n.title, n.keywords)
        )
    return (
        _numbered("V-M", take_in_turn(main, COUNTS["V-M"]))
        + _numbered("V-A", take_in_turn(assist, COUNTS["V-A"]))
        + _numbered("V-N", take_in_turn(list(negative.values()), COUNTS["V-N"]))
    )


def _enforcement_items(units: _Org) -> list[Entry]:
    entries = [
        {
            "title": e.title,
            "origin_department": units.units[e.origin],
            "legal_basis": e.legal_basis,
            "fine_min": e.fine_min,
            "fine_max": e.fine_max,
            "applies_to": units.applies_to(e.only),
        }
        for e in ENFORCEMENT
    ]
    return _numbered("ZF", entries)


def _approved_forms(units: _Org) -> list[Entry]:
    entries = [
        {
            "title": f.title,
            "owner_department": units.units[f.owner],
            "level": f.level,
            "frequency": f.frequency,
            "fields": list(f.fields),
            "field_map": {
                label: FIELD_CODES[name] for label, name in zip(f.fields, f.canonical, strict=True)
            },
        }
        for f in FORMS
    ]
    return _numbered("F", entries)


def _field_definitions() -> list[Entry]:
    entries = []
    for f in FIELDS:
        entry: Entry = {
            "code": FIELD_CODES[f.name],
            "name": f.name,
            "type": f.type,
            "subject": f.subject,
            "sensitivity": f.sensitivity,
        }
        if f.unit:
            entry["unit"] = f.unit
        if f.choices:
            entry["choices"] = list(f.choices)
        entries.append(entry)
    return entries


def demo_catalog(version: str = "2026.1", effective_from: str = "2026-01-01") -> dict[str, Any]:
    """The import document (DESIGN §4) of the demo county 示范县, the same on every call."""
    units = _Org()
    return {
        "county": {"code": org.COUNTY_CODE, "name": org.COUNTY_NAME},
        "version": version,
        "effective_from": effective_from,
        "org_units": units.entries,
        "duty_items": _township_items(units) + _village_items(units),
        "enforcement_items": _enforcement_items(units),
        "approved_forms": _approved_forms(units),
        "field_definitions": _field_definitions(),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Print the demo catalog as JSON."""
    parser = argparse.ArgumentParser(
        description="Print the demo county's catalog (JSON import format)."
    )
    parser.add_argument("--version", default="2026.1", help="catalog version (default 2026.1)")
    parser.add_argument(
        "--effective-from", default="2026-01-01", help="first day in force (default 2026-01-01)"
    )
    args = parser.parse_args(argv)
    print(json.dumps(demo_catalog(args.version, args.effective_from), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
