"""task-admission: matching on the held-out part of the labelled set, every engine in one run
(the lexical engine is the baseline), the gate's flags, and submissions with matching.

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
CHOSEN = "fitted blend"
BASELINE = "lexical (baseline)"


def _matching() -> dict[str, Any]:
    sys.path.insert(0, str(HERE / "matching"))
    spec = importlib.util.spec_from_file_location(
        "bench_matching", HERE / "matching/bench_matching.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, Any] = module.main()
    return result


def _row(metric: str, value: float, unit: str, baseline: float | None = None, target: str = "–"):
    row: dict[str, Any] = {
        "metric": metric,
        "value": round(value, 1),
        "unit": unit,
        "target": target,
    }
    if baseline is not None:
        row["baseline"] = round(baseline, 1)
        if baseline:  # a zero baseline has no ratio (the table shows –)
            row["ratio"] = round(value / baseline, 2)
    return row


def _accuracy(result: dict[str, Any]) -> list[dict[str, Any]]:
    engines = result["engines"]
    rows = []
    for subset, top, target in (
        ("overall", "top1", "≥ 90 %"),
        ("overall", "top3", "≥ 95 %"),
        ("no_shared_keyword", "top3", "≥ 90 %"),
        ("paraphrase", "top3", "–"),
        ("demo", "top1", "–"),
        ("second", "top1", "–"),
    ):
        n = engines[CHOSEN][subset]["n"]
        value = engines[CHOSEN][subset][top] * 100
        base = engines[BASELINE][subset][top] * 100
        rows.append(_row(f"held-out {top}, {subset} (n={n})", value, "%", base, target))
    unseen = result["unseen_wrappers"]
    for top in ("top1", "top3"):
        rows.append(
            _row(
                f"held-out {top}, asks in unseen openings and closings (n={unseen[CHOSEN]['n']})",
                unseen[CHOSEN][top] * 100,
                "%",
                unseen[BASELINE][top] * 100,
            )
        )
    for name, figures in engines.items():
        if name not in (CHOSEN, BASELINE):
            value = figures["overall"]["top3"] * 100
            base = engines[BASELINE]["overall"]["top3"] * 100
            rows.append(_row(f"held-out top3 overall, engine: {name}", value, "%", base))
    return rows


def _gate(result: dict[str, Any]) -> list[dict[str, Any]]:
    gate, base = result["gate"][CHOSEN], result["gate"][BASELINE]
    learned = result["gate"][f"{CHOSEN} + examples"]
    n, legit = gate["disguised_n"], gate["legit_n"]
    return [
        _row(
            f"disguised withdrawn/negative flagged (n={n})",
            gate["disguised_flagged"] * 100,
            "%",
            base["disguised_flagged"] * 100,
            "≥ 95 %",
        ),
        _row(
            f"… with the tuning asks as examples (n={n})",
            learned["disguised_flagged"] * 100,
            "%",
            base["disguised_flagged"] * 100,
            "≥ 95 %",
        ),
        _row(
            f"legitimate basic/assist wrongly rejected (n={legit})",
            gate["legit_rejected_named"] * 100,
            "%",
            base["legit_rejected_named"] * 100,
            "≤ 2 %",
        ),
        _row(
            f"asks under no item taken for one, not sent to a reviewer (n={gate['unlisted_n']})",
            gate["unlisted_placed"] * 100,
            "%",
            base["unlisted_placed"] * 100,
        ),
        *[
            _row(f"calibration error of the top score, {county} county", error * 100, "points of %")
            for county, error in result["calibration_error"][CHOSEN].items()
        ],
        _row("matching one text, p95 (model loaded)", result["match_ms_p95"], "ms"),
        _row("process memory for the sentence model", result["model_rss_mib"], "MiB"),
    ]


def main() -> None:
    result = _matching()
    rows = _accuracy(result) + _gate(result)
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_admission.py"), "300"], capture_output=True, text=True
    )
    found = re.search(r"(\d+)/s sequential, p50 ([\d.]+) ms, p95 ([\d.]+) ms", done.stdout)
    if found:
        rate, p50, p95 = found.groups()
        rows.append(
            _row(
                f"demand submission with matching, SQLite in-process (p50 {p50} ms)",
                float(rate),
                "req/s sequential",
            )
        )
        rows.append(
            _row("demand submission p95, matching included", float(p95), "ms", None, "≤ 150 ms")
        )
    write("admission", rows)


if __name__ == "__main__":
    main()
