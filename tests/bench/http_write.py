"""One write per request: the suite's factory against a bare FastAPI + asyncpg INSERT (PostgreSQL).

Both apps run as uvicorn processes on this machine; one load generator drives each in turn with
the same concurrency for the same time. Reports throughput and latency percentiles, and the ratio.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.db.migrations import upgrade
from grassroots.common.settings import ServiceSettings
from grassroots.dev.broker import free_port
from tests.bench import wire
from tests.bench.apps import MIGRATIONS
from tests.bench.report import write

SECONDS = float(os.environ.get("BENCH_SECONDS", 15))
CONCURRENCY = 32
ROOT = Path(__file__).resolve().parents[2]
ADMIN_DSN = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


async def drive(
    url: str, headers: dict[str, str], seconds: float = SECONDS, concurrency: int = CONCURRENCY
) -> tuple[float, list[float]]:
    """`concurrency` clients POST receipts for `seconds`; returns req/s and the latencies (s)."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    client = wire.Client(url, concurrency, headers)
    try:

        async def worker(n: int) -> None:
            i = 0
            while time.perf_counter() < deadline:
                body = {"demand_id": f"d-{n}-{i}", "org": "990101101201"}
                started = time.perf_counter()
                response = await client.post("/receipts", json=body)
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text
                i += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
    finally:
        await client.aclose()
    return len(latencies) / (time.perf_counter() - started), latencies


def serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """A uvicorn process serving the app factory `target`, and its URL once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            target,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/docs", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"{target} did not start")


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    q = statistics.quantiles(latencies, n=100)
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


async def main() -> None:
    name = f"gr_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    dsn = f"{base}/{name}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        conn = await asyncpg.connect(dsn)
        await conn.execute(
            "CREATE TABLE bench_receipts (id bigserial primary key, demand_id text, org text)"
        )
        await conn.close()
        sa_url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
        await asyncio.to_thread(upgrade, MIGRATIONS, sa_url)
        env = dict(
            os.environ,
            BENCH_ASYNCPG_DSN=dsn,
            DATABASE_URL=sa_url,
            PYTHONPATH=str(ROOT),
        )
        results = {}
        for label, target in (
            ("baseline", "tests.bench.apps:baseline"),
            ("suite", "tests.bench.apps:suite"),
        ):
            proc, url = serve(target, env)
            procs.append(proc)
            token = mint_dev_token(
                ServiceSettings(), roles=["village_operator"], org="990101101201"
            )
            results[label] = await drive(url, {"Authorization": f"Bearer {token}"})
            proc.terminate()
    finally:
        for proc in procs:
            proc.kill()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    (base_rate, base_lat), (suite_rate, suite_lat) = results["baseline"], results["suite"]
    rows: list[dict[str, Any]] = []
    for label, rate, lat in (
        ("bare FastAPI + asyncpg INSERT", base_rate, base_lat),
        ("suite write (auth, audit, outbox)", suite_rate, suite_lat),
    ):
        p50, p95, p99 = percentiles(lat)
        rows.append(
            {
                "metric": f"{label}: throughput",
                "value": rate,
                "unit": "req/s",
                "p50_ms": p50,
                "p95_ms": p95,
                "p99_ms": p99,
            }
        )
    rows[1].update(
        baseline=f"{base_rate:.0f} req/s", ratio=f"{suite_rate / base_rate:.2f}", target="≥ 0.60"
    )
    for row in rows:
        row["metric"] += (
            f" (p50 {row['p50_ms']:.1f} / p95 {row['p95_ms']:.1f} / p99 {row['p99_ms']:.1f} ms)"
        )
    write("http_write", rows)


if __name__ == "__main__":
    asyncio.run(main())
