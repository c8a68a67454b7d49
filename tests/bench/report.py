"""Benchmark results: JSON and Markdown tables in tests/bench/results/, with machine and commit."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "commit": _commit(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _heading(name: str, m: dict[str, Any]) -> list[str]:
    return [
        f"# {name}",
        "",
        f"{m['platform']}, {m['cpus']} CPUs, Python {m['python']}, commit {m['commit']}, {m['at']}",
        "",
    ]


def write(name: str, rows: list[dict[str, Any]]) -> Path:
    """Writes `<name>.json` and `<name>.md`; each row: metric, value, unit, baseline, ratio, target."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"benchmark": name, "machine": machine(), "results": rows}
    (RESULTS / f"{name}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    lines = [
        *_heading(name, doc["machine"]),
        "| metric | value | baseline | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['metric']} | {r['value']:.1f} {r['unit']} | {r.get('baseline', '–')} | "
            f"{r.get('ratio', '–')} | {r.get('target', '–')} |"
        )
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return RESULTS / f"{name}.md"


@dataclass(frozen=True)
class Table:
    """One Markdown table: a title, column names, rows of cells already formatted."""

    title: str
    columns: list[str]
    rows: list[list[str]]


def write_tables(
    name: str, results: dict[str, Any], tables: list[Table], notes: Sequence[str] = ()
) -> Path:
    """Writes `<name>.json` (the results with machine and commit) and `<name>.md` (the tables,
    then the notes as a list)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"benchmark": name, "machine": machine(), **results}
    (RESULTS / f"{name}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    lines = _heading(name, doc["machine"])
    for table in tables:
        lines += [f"## {table.title}", "", "| " + " | ".join(table.columns) + " |"]
        lines.append("|" + "---|" * len(table.columns))
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        lines.append("")
    lines += [f"- {note}" for note in notes]
    text = "\n".join(lines).rstrip() + "\n"
    (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return RESULTS / f"{name}.md"
