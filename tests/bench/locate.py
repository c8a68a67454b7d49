"""Grid locate against PostGIS (the benchmark lives beside the grid service; this files its result).

PostGIS comes from Debian's postgresql-15-postgis-3 on the PostgreSQL server; without it the run
reports the index alone and says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    if result is None:
        print("locate benchmark failed")
        return
    rows = [
        {
            "metric": f"locate, {result['points']:,} points / {result['grids']:,} grids",
            "value": float(result["points_per_s"]),
            "unit": "points/s",
        },  # type: ignore[arg-type]
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
            target="≥ 3",
        )
    else:
        rows[0]["metric"] += " (PostGIS not installed: no baseline)"
    write("locate", rows)


if __name__ == "__main__":
    main()
