"""Where the CPU went during a measurement (Linux /proc): the machine's and named processes'.

A benchmark on a shared machine is only as good as the CPU it got: the load report says how busy
the whole machine was and how much of that the measured processes and their PostgreSQL backends
used. Backends that connected and left inside the window are missed (counted under `others`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _busy() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS  # all but idle and iowait


def _seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / TICKS  # utime, stime


def postgres_backends(databases: list[str]) -> list[int]:
    """PostgreSQL server processes serving connections to these databases right now."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and any(f" {db} " in title for db in databases):
            found.append(int(entry.name))
    return found


class Meter:
    """CPUs used between `start()` and `stop()` (1.0 = one CPU busy all the time)."""

    def __init__(self, pids: dict[str, int], databases: list[str]) -> None:
        self.pids = pids
        self.databases = databases

    def _read(self) -> tuple[float, dict[str, float], dict[int, float]]:
        named = {name: _seconds(pid) for name, pid in self.pids.items()}
        backends = {pid: _seconds(pid) for pid in postgres_backends(self.databases)}
        return _busy(), named, backends

    def start(self) -> None:
        self.began = time.perf_counter()
        self.before = self._read()

    def stop(self) -> dict[str, float]:
        """`machine` (all CPUs), each named process, `postgres` (the databases' backends) and
        `others`: the machine's busy time none of those account for."""
        busy, named, backends = self._read()
        seconds = time.perf_counter() - self.began
        busy0, named0, backends0 = self.before
        used = {name: (named[name] - named0[name]) / seconds for name in named}
        used["postgres"] = sum(s - backends0.get(pid, 0.0) for pid, s in backends.items()) / seconds
        used["others"] = (busy - busy0) / seconds - sum(used.values())
        return {"machine": (busy - busy0) / seconds, **used}
