"""Benchmark (not collected by pytest): locate 1,000,000 points against 5,000 synthetic grids.

Run: .venv/bin/python services/grid/tests/bench_locate.py [--points N] [--grids N]
    [--postgis postgresql://postgres@127.0.0.1:5432/postgres | --no-postgis]
Prints JSON: index build time, points per second, a determinism check (answers equal to a
brute-force shapely `covers` scan on a sample, with the smallest grid id winning on borders), and
the PostGIS baseline on the same data in the same run: `ST_Contains` with a GiST index (its own
scratch database, created and dropped), its answers compared point by point, and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import time

import numpy as np
import shapely

from grassroots.grid.grids.index import NOWHERE, GridShape, LocateIndex


def synthetic_grids(count: int, lon0: float = 110.0, lat0: float = 30.0) -> list[GridShape]:
    """`count` irregular quadrilaterals tiling a rectangle (shared borders, no gaps)."""
    cols = int(math.sqrt(count))
    rows = math.ceil(count / cols)
    rng = np.random.default_rng(7)
    size = 0.01
    jitter = rng.uniform(-0.3, 0.3, size=(rows + 1, cols + 1, 2)) * size
    jitter[0, :, :] = jitter[-1, :, :] = jitter[:, 0, :] = jitter[:, -1, :] = 0

    def corner(r: int, c: int) -> list[float]:
        return [lon0 + c * size + jitter[r, c, 0], lat0 + r * size + jitter[r, c, 1]]

    grids = []
    for n in range(count):
        r, c = divmod(n, cols)
        ring = [
            corner(r, c),
            corner(r, c + 1),
            corner(r + 1, c + 1),
            corner(r + 1, c),
            corner(r, c),
        ]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        grids.append(GridShape(f"G{n:06d}", "990101101000", geometry))
    return grids


async def postgis_baseline(url: str, grids: list[GridShape], lon: np.ndarray, lat: np.ndarray):  # type: ignore[no-untyped-def]
    """Loads grids and points into a scratch PostGIS database; times the ST_Contains join."""
    import asyncpg

    scratch = f"grid_bench_{os.getpid()}"
    admin = await asyncpg.connect(url)
    await admin.execute(f"CREATE DATABASE {scratch}")
    try:
        conn = await asyncpg.connect(url.rsplit("/", 1)[0] + "/" + scratch)
        try:
            await conn.execute("CREATE EXTENSION postgis")
            await conn.execute(
                "CREATE TABLE grids (idx int PRIMARY KEY, geom geometry(Polygon, 4326))"
            )
            await conn.execute("CREATE TABLE points (id int PRIMARY KEY, lon float8, lat float8)")
            ordered = sorted(grids, key=lambda g: g.grid_id)
            await conn.executemany(
                "INSERT INTO grids VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))",
                [(i, json.dumps(g.geometry)) for i, g in enumerate(ordered)],
            )
            await conn.copy_records_to_table(
                "points", records=zip(range(len(lon)), lon.tolist(), lat.tolist(), strict=True)
            )
            await conn.execute("ALTER TABLE points ADD COLUMN geom geometry(Point, 4326)")
            await conn.execute("UPDATE points SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)")
            await conn.execute("CREATE INDEX ON grids USING gist (geom)")
            await conn.execute("ANALYZE grids")
            await conn.execute("ANALYZE points")
            started = time.perf_counter()
            rows = await conn.fetch(
                "SELECT p.id, min(g.idx) AS idx FROM points p "
                "JOIN grids g ON ST_Contains(g.geom, p.geom) GROUP BY p.id"
            )
            elapsed = time.perf_counter() - started
        finally:
            await conn.close()
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {scratch}")
        await admin.close()
    answers = np.full(len(lon), NOWHERE, dtype=np.int64)
    for row in rows:
        answers[row["id"]] = row["idx"]
    return elapsed, answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--grids", type=int, default=5_000)
    parser.add_argument("--check", type=int, default=2_000, help="points checked by brute force")
    parser.add_argument(
        "--postgis",
        default=os.environ.get(
            "BENCH_POSTGIS_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--no-postgis", action="store_true")
    args = parser.parse_args()

    grids = synthetic_grids(args.grids)
    started = time.perf_counter()
    index = LocateIndex(grids, generation=1)
    build_s = time.perf_counter() - started

    minx, miny, maxx, maxy = shapely.total_bounds(index.tree.geometries)
    rng = np.random.default_rng(11)
    lon = rng.uniform(minx - 0.01, maxx + 0.01, args.points)
    lat = rng.uniform(miny - 0.01, maxy + 0.01, args.points)

    started = time.perf_counter()
    found = index.locate_many(lon, lat)
    locate_s = time.perf_counter() - started

    geometries = index.tree.geometries
    mismatches = 0
    for i in range(min(args.check, args.points)):
        p = shapely.Point(lon[i], lat[i])
        expected = next((j for j, g in enumerate(geometries) if g.covers(p)), NOWHERE)
        mismatches += int(expected != found[i])
    result = {
        "benchmark": "grid.locate",
        "machine": platform.platform(),
        "grids": args.grids,
        "points": args.points,
        "build_s": round(build_s, 3),
        "locate_s": round(locate_s, 3),
        "points_per_s": round(args.points / locate_s),
        "located": int((found != NOWHERE).sum()),
        "brute_force_checked": min(args.check, args.points),
        "mismatches": mismatches,
    }
    if not args.no_postgis:
        postgis_s, answers = asyncio.run(postgis_baseline(args.postgis, grids, lon, lat))
        result.update(
            {
                "postgis_s": round(postgis_s, 3),
                "postgis_points_per_s": round(args.points / postgis_s),
                "postgis_mismatches": int((answers != found).sum()),
                "ratio_vs_postgis": round(postgis_s / locate_s, 2),
            }
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
