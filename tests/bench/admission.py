"""task-admission: matching accuracy on the labelled set and submissions per second.

The benchmarks live beside the service (services/task-admission/tests/); this files their result.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.bench.report import write

HERE = Path(__file__).resolve().parents[2] / "services/task-admission/tests"


def _matching() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location(
        "bench_matching", HERE / "matching/bench_matching.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, Any] = module.main()
    return result


def main() -> None:
    result = _matching()
    rows: list[dict[str, Any]] = []
    for subset, targets in (
        ("overall", ("≥ 85 %", "≥ 90 %")),
        ("no_shared_keyword", ("–", "≥ 85 %")),
    ):
        r = result[subset]
        rows.append(
            {
                "metric": f"matching top-1, {subset} (n={r['n']})",
                "value": r["top1"] * 100,
                "unit": "%",
                "target": targets[0],
            }
        )
        rows.append(
            {
                "metric": f"matching top-3, {subset} (n={r['n']})",
                "value": r["top3"] * 100,
                "unit": "%",
                "target": targets[1],
            }
        )
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_admission.py"), "300"], capture_output=True, text=True
    )
    found = re.search(r"(\d+)/s sequential, p50 ([\d.]+) ms, p95 ([\d.]+) ms", done.stdout)
    if found:
        rate, p50, p95 = found.groups()
        rows.append(
            {
                "metric": f"demand submission with matching, SQLite in-process (p50 {p50} ms)",
                "value": float(rate),
                "unit": "req/s sequential",
            }
        )
        rows.append(
            {
                "metric": "demand submission p95",
                "value": float(p95),
                "unit": "ms",
                "target": "≤ 150 ms",
            }
        )
    write("admission", rows)


if __name__ == "__main__":
    main()
