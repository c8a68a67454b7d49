"""The whole suite as real processes: a broker, migrated databases, four uvicorn services.

`Suite` is what `make run` (grassroots-stack) and the suite-level tests start; teams outside this
repository use it through the `grassroots_suite` pytest fixture or `grassroots-stack --json`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.catalog import regions
from grassroots.common.db.migrations import upgrade
from grassroots.common.services import SERVICE_NAMES, service
from grassroots.common.settings import SuiteSettings
from grassroots.dev.broker import Broker, free_port
from grassroots.dev.clock import SuiteClock

# What each service's settings declare (`port` default, `env_prefix`): `make run`'s fixed ports
# and the prefix of the variables the harness sets (libs/dev/tests checks they agree).
PORTS = {"task-admission": 8001, "grid": 8002, "enforcement": 8003, "evaluation": 8004}
ENV_PREFIXES = {
    "task-admission": "TASK_ADMISSION_",
    "grid": "GRID_",
    "enforcement": "ENFORCEMENT_",
    "evaluation": "EVALUATION_",
}


@dataclass
class Suite:
    """Four services on loopback. Ports and database URLs default to free ports and SQLite files."""

    workdir: Path
    database_urls: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    bootstrap: str | None = None
    broker_port: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    shift_clock: bool = True
    broker: Broker | None = None
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def clock(self) -> SuiteClock:
        """The clock every service process reads (`advance`, `travel_to`, `now`)."""
        if not self.shift_clock:
            raise RuntimeError("this suite runs on the wall clock (shift_clock=False)")
        return SuiteClock(self.workdir / "clock")

    @property
    def urls(self) -> dict[str, str]:
        return {name: f"http://127.0.0.1:{self.ports[name]}" for name in SERVICE_NAMES}

    def env(self) -> dict[str, str]:
        """The environment every service process gets."""
        env = dict(os.environ, GRASSROOTS_HOST="127.0.0.1", **self.extra_env)
        assert self.bootstrap is not None
        env["KAFKA_BOOTSTRAP_SERVERS"] = self.bootstrap
        if self.shift_clock:
            env["GRASSROOTS_CLOCK_FILE"] = str(self.clock.path)
        # enforcement's logs are witnessed by evaluation, as the chart wires it
        env.setdefault("ENFORCEMENT_WITNESS_URL", self.urls["evaluation"])
        for name in SERVICE_NAMES:
            env[f"{ENV_PREFIXES[name]}DATABASE_URL"] = self.database_urls[name]
            env[f"{ENV_PREFIXES[name]}PORT"] = str(self.ports[name])
        return env

    def start(self, ready_within: float = 60.0) -> Suite:
        """Starts the broker (unless one is given), migrates, starts and waits for the services."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.bootstrap is None:
            self.broker = Broker(self.broker_port, log_path=self.workdir / "broker.log").start()
            self.bootstrap = self.broker.bootstrap
        for name in SERVICE_NAMES:
            file = self.workdir / f"{name.replace('-', '_')}.db"
            self.database_urls.setdefault(name, f"sqlite+aiosqlite:///{file}")
            self.ports.setdefault(name, free_port())
            upgrade(service(name).spec().migrations, self.database_urls[name])
        for name in SERVICE_NAMES:
            self.start_service(name)
        self.wait_ready(within=ready_within)
        return self

    def start_service(self, name: str) -> None:
        """Starts (or restarts) one service process; logs go to <workdir>/<name>.log."""
        serve = Path(sys.executable).with_name("grassroots-serve")
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
        self.procs[name] = subprocess.Popen(
            [str(serve), name], env=self.env(), stdout=log, stderr=log
        )

    def kill_service(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Stops one service abruptly (SIGKILL by default) and reaps it."""
        proc = self.procs.pop(name)
        proc.send_signal(sig)
        proc.wait(30)

    def wait_ready(self, names: list[str] | None = None, within: float = 60.0) -> None:
        """Waits until each service's /readyz says ready; raises with the log name otherwise."""
        pending = list(names or SERVICE_NAMES)
        deadline = time.monotonic() + within
        while pending:
            for name in list(pending):
                proc = self.procs[name]
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited ({proc.returncode}); see {name}.log")
                try:
                    body = httpx.get(f"{self.urls[name]}/readyz", timeout=2).json()
                except (httpx.HTTPError, ValueError):
                    continue
                if body.get("status") == "ready":
                    pending.remove(name)
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not ready within {within:.0f} s: {', '.join(pending)}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stops every service and the broker (always safe to call)."""
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self.procs.clear()
        if self.broker is not None:
            self.broker.stop()
            self.broker = None

    def query(self, name: str, sql: str, **params: object) -> list[tuple[object, ...]]:
        """Rows of one SQL query (named `:params`) on a service's database, SQLite or PostgreSQL."""
        return asyncio.run(_query(self.database_urls[name], sql, params))

    def token(
        self, role: str, org: str, *, county: str | None = None, sub: str | None = None
    ) -> str:
        """A dev token the running services accept."""
        county = county or regions.county_of(org)
        return mint_dev_token(SuiteSettings(), roles=[role], org=org, county=county, sub=sub)

    def client(
        self, name: str, role: str | None = None, org: str | None = None, county: str | None = None
    ) -> httpx.Client:
        """An httpx client for one service, authenticated when a role and org are given."""
        headers = {}
        if role is not None and org is not None:
            headers["Authorization"] = f"Bearer {self.token(role, org, county=county)}"
        return httpx.Client(base_url=self.urls[name], headers=headers, timeout=30)

    def __enter__(self) -> Suite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def _query(url: str, sql: str, params: dict[str, object]) -> list[tuple[object, ...]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(text(sql), params)).all()]
    finally:
        await engine.dispose()
