"""Pure comparisons of catalog versions: what was added, removed, moved between lists, changed."""

from __future__ import annotations

from typing import Any

SECTIONS = ("duty_items", "enforcement_items", "approved_forms", "org_units", "field_definitions")
_EMPTY: tuple[Any, ...] = (None, [], {})


def _by_code(document: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {entry["code"]: entry for entry in document.get(section, [])}


def _compared(entry: dict[str, Any]) -> dict[str, Any]:
    # a field left empty and a field absent are the same (a version stored before the format
    # gained `field_map` has none; one stored after has an empty one), and `list` is a move
    return {k: v for k, v in entry.items() if k != "list" and v not in _EMPTY}


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    old, new = _compared(before), _compared(after)
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Per section: entries added, removed, changed; duty items also moved between lists."""
    out: dict[str, Any] = {}
    for section in SECTIONS:
        before, after = _by_code(old, section), _by_code(new, section)
        common = sorted(before.keys() & after.keys())
        part: dict[str, Any] = {
            "added": [after[c] for c in sorted(after.keys() - before.keys())],
            "removed": [before[c] for c in sorted(before.keys() - after.keys())],
            "changed": [
                {"code": c, "fields": sorted(_changed(before[c], after[c]))}
                for c in common
                if _changed(before[c], after[c])
            ],
        }
        if section == "duty_items":
            part["moved"] = [
                {
                    "code": c,
                    "title": after[c]["title"],
                    "from_list": before[c]["list"],
                    "to_list": after[c]["list"],
                }
                for c in common
                if before[c]["list"] != after[c]["list"]
            ]
        out[section] = part
    return out
