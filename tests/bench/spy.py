"""Optional sampling profiles of the services during the load window (BENCH_PROFILE=<dir>).

`py-spy` (not a dependency of the suite: `pip install py-spy`) records each service's stacks in
py-spy's raw format, one file per service, for the load window; `profile.md` summarises them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from grassroots.dev.harness import Suite


def start(suite: Suite, seconds: float) -> list[subprocess.Popen[bytes]]:
    """One recorder per service process when BENCH_PROFILE names a directory, else none."""
    directory = os.environ.get("BENCH_PROFILE")
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not directory or not Path(spy).exists():
        if directory:
            print("BENCH_PROFILE set but py-spy is not installed: no profiles")
        return []
    Path(directory).mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            [
                spy,
                "record",
                "-r",
                "25",
                "-d",
                str(int(seconds)),
                "-f",
                "raw",
                "-p",
                str(proc.pid),
                "-o",
                str(Path(directory) / f"{name}.raw"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, proc in suite.procs.items()
    ]


def finish(recorders: list[subprocess.Popen[bytes]]) -> None:
    for recorder in recorders:
        recorder.wait(timeout=120)
