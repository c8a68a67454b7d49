"""Matching benchmark: top-1 / top-3 accuracy on the labelled set (run with python, not pytest).

python services/task-admission/tests/matching/bench_matching.py [--json]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.matching.engine import index_for

LABELLED = Path(__file__).with_name("labelled_set.json")


def _rates(rows: list[tuple[dict, list[str]]]) -> dict[str, float | int]:
    n = len(rows) or 1
    return {
        "n": len(rows),
        "top1": round(sum(codes[:1] == [e["code"]] for e, codes in rows) / n, 3),
        "top3": round(sum(e["code"] in codes[:3] for e, codes in rows) / n, 3),
    }


def main() -> dict[str, object]:
    entries = json.loads(LABELLED.read_text(encoding="utf-8"))
    started = time.perf_counter()
    index = index_for(validate_catalog(demo_catalog()))
    built = time.perf_counter() - started
    rows = []
    started = time.perf_counter()
    for entry in entries:
        found = index.match(entry["text"], level=entry["level"], limit=3)
        rows.append((entry, [m.code for m in found]))
    per_text_ms = (time.perf_counter() - started) / len(entries) * 1000
    return {
        "overall": _rates(rows),
        "no_shared_keyword": _rates([r for r in rows if not r[0]["shares_keyword"]]),
        "withdrawn_or_negative": _rates(
            [r for r in rows if r[0]["list"] in ("withdrawn", "negative")]
        ),
        "index_build_s": round(built, 3),
        "match_ms_per_text": round(per_text_ms, 2),
        "misses_top3": [e["id"] for e, codes in rows if e["code"] not in codes[:3]],
    }


if __name__ == "__main__":
    result = main()
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key in ("overall", "no_shared_keyword", "withdrawn_or_negative"):
            r = result[key]
            print(f"{key:24s} n={r['n']:4d}  top-1 {r['top1']:.1%}  top-3 {r['top3']:.1%}")
        print(f"index build {result['index_build_s']} s, {result['match_ms_per_text']} ms/text")
