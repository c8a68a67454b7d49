"""Grid locate against PostGIS (the benchmark lives beside the grid service; this files its result),
and the batch route end to end against the in-process index (`locate_batch.py`).

PostGIS comes from Debian's postgresql-15-postgis-3 on the PostgreSQL server; without it the run
reports the index alone and says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.bench import locate_batch
from tests.bench.report import write

SCRIPT = Path(__file__).resolve().parents[2] / "services/grid/tests/bench_locate.py"


def _run(*args: str) -> dict[str, object] | None:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        return None
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    result = _run() or _run("--no-postgis")
    rows = [] if result is None else _index_rows(result)
    if result is None:
        print("locate benchmark failed")
    try:
        rows += locate_batch.main()
    except (OSError, RuntimeError) as exc:
        print(f"batch locate benchmark failed: {exc}")
    if rows:
        write("locate", rows)


def _index_rows(result: dict[str, object]) -> list[dict[str, object]]:
    """The in-process index, 1M points, and PostGIS on the same data when it is installed."""
    rows: list[dict[str, object]] = [
        {
            "metric": f"locate, {result['points']:,} points / {result['grids']:,} grids",
            "value": float(result["points_per_s"]),  # type: ignore[arg-type]
            "unit": "points/s",
        },
    ]
    if "postgis_points_per_s" in result:
        rows.append(
            {
                "metric": f"PostGIS ST_Contains + GiST (answers differing: {result['postgis_mismatches']})",
                "value": float(result["postgis_points_per_s"]),  # type: ignore[arg-type]
                "unit": "points/s",
            }
        )
        rows[0].update(
            baseline=f"{result['postgis_points_per_s']} points/s",
            ratio=f"{result['ratio_vs_postgis']}",
            target="≥ 6",
        )
    else:
        rows[0]["metric"] = f"{rows[0]['metric']} (PostGIS not installed: no baseline)"
    return rows


if __name__ == "__main__":
    main()
