"""Benchmark results: JSON and a Markdown table under tests/bench/results/, with machine and commit."""

from __future__ import annotations

import json
import os
import platform
import subprocess
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


def write(name: str, rows: list[dict[str, Any]]) -> Path:
    """Writes `<name>.json` and `<name>.md`; each row: metric, value, unit, baseline, ratio, target."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    doc = {"benchmark": name, "machine": machine(), "results": rows}
    (RESULTS / f"{name}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# {name}",
        "",
        f"{doc['machine']['platform']}, {doc['machine']['cpus']} CPUs, Python "
        f"{doc['machine']['python']}, commit {doc['machine']['commit']}, {doc['machine']['at']}",
        "",
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
