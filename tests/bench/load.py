"""Load (issue 8 §5): a mixed county workload against the four services on PostgreSQL.

One run, in this order, each part on its own fresh PostgreSQL database(s), dropped at the end:

1. baseline (a): the bare FastAPI + asyncpg INSERT app (`apps.baseline`) driven like
   `http_write` with the workload's concurrency for the same time;
2. the suite as real processes (`Suite`: broker, four uvicorn services), a county set up through
   the public APIs (`county.py`), every consumer group caught up;
3. end-to-end event latency on the idle suite for 10 s (`probe.py`, its own process, about once
   a second), with baseline (b), raw aiokafka produce→consume on the same broker, alongside;
4. the mixed workload (`workload.py`, 32 clients) for BENCH_SECONDS (60), with the same probes
   and baseline (b) alongside;
5. how long the consumers take to catch up with what the load left behind.

Results: tests/bench/results/load.json and load.md (`load_report.py`). The services' logs are
kept in BENCH_WORKDIR when it is set (a temporary directory otherwise).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.services import SERVICE_NAMES
from grassroots.common.settings import ServiceSettings
from grassroots.dev.harness import Suite
from grassroots.testkit.databases import fresh_database
from tests.bench import cpu, http_write, load_report, spy, workload
from tests.bench.backlog import Backlog
from tests.bench.county import (
    COUNTY,
    PROBE_DEMAND_TOWNSHIP,
    PROBE_GRID_TOWNSHIP,
    County,
    Setup,
)

SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
PROBE_INTERVAL = 1.0
PROBE_LEAD = 8.0  # seconds the probe process gets to connect before the load starts
IDLE = 10.0  # seconds of probes on the idle suite, before the load
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Baseline:
    """Baseline (a) as driven: requests per second, latencies (s), CPUs used."""

    rate: float
    latencies: list[float]
    cpu: dict[str, float]


@dataclass(frozen=True)
class Run:
    """Everything measured in one run, for the report."""

    seconds: float
    baseline: Baseline
    elapsed: float
    journeys: dict[str, int]
    recorder: workload.Recorder
    probes: dict[str, Any]
    idle_probes: dict[str, Any]
    drained_after: float
    cpu: dict[str, float]
    not_admitted: dict[str, str]  # demand templates the admission check did not admit


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def baseline(url: str, seconds: float) -> Baseline:
    """Baseline (a): one asyncpg INSERT behind a bare FastAPI endpoint, same clients, same time."""
    dsn = _asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn)
    await conn.execute(
        "CREATE TABLE bench_receipts (id bigserial primary key, demand_id text, org text)"
    )
    await conn.close()
    env = dict(os.environ, BENCH_ASYNCPG_DSN=dsn, PYTHONPATH=str(ROOT))
    proc, base_url = await asyncio.to_thread(http_write.serve, "tests.bench.apps:baseline", env)
    try:
        token = mint_dev_token(ServiceSettings(), roles=["village_operator"], org="990101101201")
        headers = {"Authorization": f"Bearer {token}"}
        pids = {"baseline app": proc.pid, "load generator": os.getpid()}
        meter = cpu.Meter(pids, [_database(url)])
        meter.start()
        rate, latencies = await http_write.drive(base_url, headers, seconds, workload.CLIENTS)
        return Baseline(rate, latencies, meter.stop())
    finally:
        proc.kill()
        proc.wait()


def set_up(suite: Suite, probes: int) -> County:
    """The county through the public APIs (blocking; run in a thread)."""
    setup = Setup(suite)
    county = setup.publish_catalog()
    setup.grids(county)
    setup.officers(county)
    setup.probe_material(county, probes)
    return county


def _probe_config(
    suite: Suite, material: tuple[list[str], list[str]], seconds: float
) -> dict[str, Any]:
    def auth(role: str, org: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {suite.token(role, org, county=COUNTY)}"}

    return {
        "bootstrap": suite.bootstrap,
        "urls": {name: suite.urls[name] for name in ("task-admission", "grid")},
        "headers": {
            "task-admission": auth("township_admin", PROBE_DEMAND_TOWNSHIP),
            "grid": auth("township_admin", PROBE_GRID_TOWNSHIP),
        },
        "evaluation_dsn": _asyncpg_dsn(suite.database_urls["evaluation"]),
        "demands": material[0],
        "events": material[1],
        "demand_township": PROBE_DEMAND_TOWNSHIP,
        "grid_township": PROBE_GRID_TOWNSHIP,
        "seconds": seconds,
        "lead": PROBE_LEAD,
        "interval": PROBE_INTERVAL,
    }


class ProbeProcess:
    """`python -m tests.bench.probe` for one window: started, given its config, read, reaped."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.start = 0.0  # epoch seconds the probes start at

    async def __aenter__(self) -> ProbeProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.bench.probe",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
        try:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(json.dumps(self.config).encode() + b"\n")
            await self.proc.stdin.drain()
            self.start = json.loads(await self.proc.stdout.readline())["start"]
        except BaseException:
            await self.__aexit__()
            raise
        return self

    async def result(self) -> dict[str, Any]:
        """The samples, once the window and its last probes are over."""
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), self.config["seconds"] + 120)
        await self.proc.wait()
        if self.proc.returncode != 0:
            raise RuntimeError(f"probe process exited with {self.proc.returncode}")
        result: dict[str, Any] = json.loads(line)
        return result

    async def __aexit__(self, *exc: object) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


async def measure(
    suite: Suite, county: County, seconds: float, base: Baseline, backlog: Backlog
) -> Run:
    """Probes on the idle suite for IDLE_SECONDS; then the workload and the probes over the same
    `seconds`, and the time the consumers need to catch up once the load stops."""
    demands, events = county.probe_demands, county.probe_events
    idle = _idle_probes()
    async with ProbeProcess(_probe_config(suite, (demands[:idle], events[:idle]), IDLE)) as probe:
        idle_probes = await probe.result()
    recorder = workload.Recorder()
    api = workload.Api(suite.urls, suite.token, recorder, workload.CLIENTS)
    config = _probe_config(suite, (demands[idle:], events[idle:]), seconds)
    try:
        async with ProbeProcess(config) as probe:
            await asyncio.sleep(max(0.0, probe.start - time.time()))
            meter = _meter(suite, probe.proc.pid)
            meter.start()
            recorders = spy.start(suite, seconds)
            elapsed, journeys = await workload.run(api, county, seconds)
            used = meter.stop()
            spy.finish(recorders)
            drained = asyncio.create_task(backlog.caught_up(within=300))  # from the load's end
            probes = await probe.result()
            drained_after = await drained
    finally:
        await api.close()
    return Run(
        seconds,
        base,
        elapsed,
        dict(journeys),
        recorder,
        probes,
        idle_probes,
        drained_after,
        used,
        county.not_admitted,
    )


def _idle_probes() -> int:
    """Probe material (of each kind) the idle window uses."""
    return int(IDLE / PROBE_INTERVAL / 2) + 2


def _meter(suite: Suite, probe: int) -> cpu.Meter:
    pids = {name: proc.pid for name, proc in suite.procs.items()}
    if suite.broker is not None and suite.broker.process is not None:
        pids["broker"] = suite.broker.process.pid
    pids.update({"load generator": os.getpid(), "probe": probe})
    return cpu.Meter(pids, [_database(url) for url in suite.database_urls.values()])


def _database(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def main(seconds: float = SECONDS) -> Run:
    """The whole benchmark; everything it started is stopped and dropped, also on failure."""
    os.environ.setdefault("TEST_POSTGRES_URL", http_write.ADMIN_DSN)
    probes = _idle_probes() + int(seconds / PROBE_INTERVAL / 2) + 10
    async with AsyncExitStack() as stack:
        tmp = Path(
            os.environ.get("BENCH_WORKDIR") or stack.enter_context(tempfile.TemporaryDirectory())
        )
        urls = {
            name: await stack.enter_async_context(fresh_database("postgresql", tmp))
            for name in (*SERVICE_NAMES, "baseline")
        }
        base = await baseline(urls.pop("baseline"), seconds)
        suite = Suite(workdir=tmp / "suite", database_urls=urls)
        stack.callback(suite.stop)
        await asyncio.to_thread(suite.start)
        county = await asyncio.to_thread(set_up, suite, probes)
        assert suite.bootstrap is not None
        backlog = await stack.enter_async_context(Backlog(suite.bootstrap))
        await backlog.caught_up()
        run = await measure(suite, county, seconds, base, backlog)
    load_report.write_run(run)
    return run


if __name__ == "__main__":
    asyncio.run(main())
