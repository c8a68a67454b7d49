"""Pure comparisons of catalog versions: what was added, removed, moved between lists, changed."""

from __future__ import annotations

from typing import Any

SECTIONS = ("duty_items", "enforcement_items", "approved_forms", "org_units")


def _by_code(document: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {entry["code"]: entry for entry in document.get(section, [])}


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
                {
                    "code": c,
                    "fields": sorted(
                        k
                        for k in before[c].keys() | after[c].keys()
                        if k != "list" and before[c].get(k) != after[c].get(k)
                    ),
                }
                for c in common
                if {k: v for k, v in before[c].items() if k != "list"}
                != {k: v for k, v in after[c].items() if k != "list"}
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
