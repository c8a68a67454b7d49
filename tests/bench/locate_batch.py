"""Batch locate end to end: one POST /v1/grids/locate of 100,000 points against 5,000 grids.

The grid service runs as a real process (`grassroots-serve grid` on loopback, a SQLite file in a
temporary directory, messaging off). The 5,000 grids of `bench_locate.synthetic_grids` reach it
through its API as a county's would: 10 townships of 500 villages, each township's base layer
(村社区) imported, then merged into its comprehensive layer (one grid per village). 100,000 random
points inside the grids' extent (6 decimals, as a GPS client sends them) are POSTed as one request
with a county reader's token over one kept-alive connection: one warm-up (it builds the service's
locate index), then RUNS timed. Measured against it, in the same run: the in-process
`LocateIndex.locate_many` on the same points over the same shapes; the answers are compared point
for point.

The service's CPU per request is metered beside it (and the load generator's, which stays small).
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import numpy as np
import shapely

from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.db.migrations import upgrade
from grassroots.common.settings import ServiceSettings
from grassroots.dev.broker import free_port
from grassroots.grid.grids.index import NOWHERE, GridShape, LocateIndex
from grassroots.grid.main import MIGRATIONS
from tests.bench.cpu import Meter

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "services/grid/tests/bench_locate.py"
COUNTY = "990101000000"
GRIDS = 5_000
POINTS = 100_000
VILLAGES_PER_TOWNSHIP = 500
RUNS = 5
DECIMALS = 6
PATH = "/v1/grids/locate"


@dataclass(frozen=True)
class Placed:
    """A synthetic shape as the service knows it: its village, township and comprehensive grid."""

    grid_id: str
    village: str
    township: str
    geometry: dict[str, Any]


def _synthetic() -> ModuleType:
    """services/grid/tests/bench_locate.py (beside the grid service, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_locate", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def placed_grids(count: int = GRIDS) -> list[Placed]:
    """`synthetic_grids(count)` spread over townships of 500 villages, in grid id order."""
    placed = []
    for n, shape in enumerate(_synthetic().synthetic_grids(count)):
        township = f"{COUNTY[:6]}{101 + n // VILLAGES_PER_TOWNSHIP:03d}000"
        village = f"{township[:9]}{1 + n % VILLAGES_PER_TOWNSHIP:03d}"
        placed.append(Placed(f"{village}-01", village, township, shape.geometry))
    return placed


def _token(role: str, org: str) -> str:
    return mint_dev_token(ServiceSettings(), roles=[role], org=org, county=COUNTY)


def serve(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The grid service as `make run` starts it (migrated SQLite file, no broker), once ready."""
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite+aiosqlite:///{workdir / 'grid.db'}"
    upgrade(MIGRATIONS, database_url)
    port = free_port()
    env = dict(
        os.environ,
        GRASSROOTS_HOST="127.0.0.1",
        GRID_PORT=str(port),
        GRID_DATABASE_URL=database_url,
        MESSAGING_ENABLED="false",
        LOG_LEVEL="WARNING",
    )
    log = open(workdir / "grid.log", "ab")  # noqa: SIM115 - owned by the process
    command = [str(Path(sys.executable).with_name("grassroots-serve")), "grid"]
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"grid exited ({proc.returncode}); see {workdir / 'grid.log'}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).json().get("status") == "ready":
                return proc, url
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    raise RuntimeError("grid did not become ready within 60 s")


def _check(response: httpx.Response, expected: int) -> dict[str, Any]:
    if response.status_code != expected:
        raise RuntimeError(
            f"setup: {response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )
    body: dict[str, Any] = response.json()
    return body


def load_grids(url: str, placed: list[Placed]) -> None:
    """Each township's base layer imported and merged by its grid centre (township_admin)."""
    townships: dict[str, list[Placed]] = {}
    for grid in placed:
        townships.setdefault(grid.township, []).append(grid)
    for township, grids in townships.items():
        features = [
            {"type": "Feature", "properties": {"code": g.village}, "geometry": g.geometry}
            for g in grids
        ]
        layer = {
            "system": "村社区",
            "kind": "base",
            "features": {"type": "FeatureCollection", "features": features},
        }
        headers = {"Authorization": f"Bearer {_token('township_admin', township)}"}
        with httpx.Client(base_url=url, headers=headers, timeout=300) as admin:
            _check(admin.post("/v1/layers", json=layer), 201)
            report = _check(admin.post("/v1/layers/merge", json={"township": township}), 200)
        built = sorted(g["grid_id"] for g in report["grids"])
        if built != [g.grid_id for g in grids]:
            raise RuntimeError(f"setup: merge of {township} built {len(built)} grids")


def random_points(index: LocateIndex, count: int = POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Points uniformly inside the grids' extent, rounded as a client would send them."""
    minx, miny, maxx, maxy = shapely.total_bounds(index.tree.geometries)
    rng = np.random.default_rng(11)
    lon = np.round(rng.uniform(minx, maxx, count), DECIMALS)
    lat = np.round(rng.uniform(miny, maxy, count), DECIMALS)
    return lon, lat


class Poster:
    """POSTs a body to the route on one kept-alive connection (http.client: little CPU of its own)."""

    def __init__(self, url: str, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=300)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def __call__(self, body: bytes) -> tuple[float, bytes]:
        """Seconds from the first byte sent to the last byte of the answer read, and the answer."""
        started = time.perf_counter()
        self.conn.request("POST", PATH, body=body, headers=self.headers)
        response = self.conn.getresponse()
        answer = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"POST {PATH} answered {response.status}: {answer[:500]!r}")
        return elapsed, answer


@dataclass(frozen=True)
class Served:
    """The timed runs: end-to-end and in-process seconds (interleaved), CPU seconds per request
    (the grid process, the load generator), the last answer and the in-process one."""

    e2e: list[float]
    inproc: list[float]
    cpu_s: dict[str, float]
    answer: bytes
    found: np.ndarray


def measure(url: str, proc: subprocess.Popen[bytes], body: bytes, index: LocateIndex) -> Served:
    """One warm-up (it builds the service's index), then RUNS rounds of one POST followed by the
    in-process locate of the same points, so both see the same machine."""
    coords = np.asarray(json.loads(body)["points"], dtype=float)
    lon, lat = coords[:, 0].copy(), coords[:, 1].copy()
    poster = Poster(url, _token("evaluator", COUNTY))
    meter = Meter({"grid": proc.pid}, [])
    e2e, inproc, found, generator = [], [], np.empty(0), 0.0
    try:
        poster(body)
        window = time.perf_counter()
        meter.start()
        for _ in range(RUNS):
            cpu0 = time.process_time()
            elapsed, answer = poster(body)
            generator += time.process_time() - cpu0
            e2e.append(elapsed)
            started = time.perf_counter()
            found = index.locate_many(lon, lat)
            inproc.append(time.perf_counter() - started)
        grid = meter.stop()["grid"] * (time.perf_counter() - window)
    finally:
        poster.conn.close()
    cpu_s = {"grid": grid / RUNS, "load generator": generator / RUNS}
    return Served(e2e, inproc, cpu_s, answer, found)


def answers_of(index: LocateIndex, found: np.ndarray) -> list[str | None]:
    return [index.grid_ids[i] if i != NOWHERE else None for i in found.tolist()]


def _rows(served: Served, mismatches: int, sizes: dict[str, int]) -> list[dict[str, Any]]:
    e2e, median = served.e2e, statistics.median(served.e2e)
    rate, baseline = POINTS / median, POINTS / statistics.median(served.inproc)
    cpu = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in served.cpu_s.items())
    return [
        {
            "metric": f"batch POST {PATH}, {POINTS:,} points / {GRIDS:,} grids, end to end "
            f"(median of {len(e2e)}; answers differing from in-process: {mismatches})",
            "value": rate,
            "unit": "points/s",
            "baseline": f"{baseline:.0f} points/s (in-process locate_many)",
            "ratio": f"{rate / baseline:.2f}",
            "runs_s": [round(s, 4) for s in e2e],
            "inproc_runs_s": [round(s, 4) for s in served.inproc],
        },
        {
            "metric": f"batch locate: time per request (min {min(e2e) * 1000:.0f}, "
            f"max {max(e2e) * 1000:.0f} ms; CPU per request: {cpu})",
            "value": median * 1000,
            "unit": "ms",
        },
        *(
            {"metric": f"batch locate: {name} size", "value": float(size), "unit": "bytes"}
            for name, size in sizes.items()
        ),
    ]


def run_service(workdir: Path, placed: list[Placed], body: bytes, index: LocateIndex) -> Served:
    """A grid service started, loaded with the grids, measured and stopped."""
    proc, url = serve(workdir)
    try:
        load_grids(url, placed)
        return measure(url, proc, body, index)
    finally:
        proc.terminate()
        proc.wait(30)


def mismatches_of(served: Served, index: LocateIndex) -> int:
    """Answers of the service that differ from the in-process ones (the count must agree too)."""
    answer = json.loads(served.answer)
    expected = answers_of(index, served.found)
    differing = sum(a != b for a, b in zip(answer["grids"], expected, strict=True))
    if answer["located"] != sum(1 for g in expected if g is not None):
        differing = max(differing, 1)
    return differing


def main() -> list[dict[str, Any]]:
    """Rows for report.write: the end-to-end figure against the in-process index, its sizes."""
    placed = placed_grids()
    index = LocateIndex([GridShape(g.grid_id, g.township, g.geometry) for g in placed], 1)
    lon, lat = random_points(index)
    body = json.dumps({"points": np.column_stack([lon, lat]).tolist()}).encode()
    with tempfile.TemporaryDirectory(prefix="locate_batch_") as tmp:
        served = run_service(Path(tmp), placed, body, index)
    sizes = {"request body": len(body), "response": len(served.answer)}
    return _rows(served, mismatches_of(served, index), sizes)


if __name__ == "__main__":  # the rows alone; `python -m tests.bench.locate` files them
    print(json.dumps(main(), indent=2, ensure_ascii=False))
