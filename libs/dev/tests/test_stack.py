"""`make run` (grassroots-stack) as its user meets it: a taken port is named and nothing starts;
SIGTERM to its process group stops everything it started, the broker included."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from grassroots.dev.broker import free_port
from grassroots.dev.harness import PORTS

STACK = [sys.executable, "-m", "grassroots.dev.stack"]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_taken_port_is_named_and_nothing_starts(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", PORTS["enforcement"]))
        squatter.listen()
        done = subprocess.run(
            [*STACK, "--var", str(tmp_path), "--broker-port", str(free_port())],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": ""},
        )
    assert done.returncode == 1
    assert f"{PORTS['enforcement']} (enforcement)" in done.stderr
    assert not (tmp_path / "task_admission.db").exists()


@pytest.mark.skipif(any(_listening(p) for p in PORTS.values()), reason="a stack is running here")
def test_sigterm_to_the_process_group_stops_everything_the_broker_included(tmp_path):
    broker_port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    proc = subprocess.Popen(
        [*STACK, "--var", str(tmp_path), "--broker-port", str(broker_port), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as `make run` in a terminal has
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        started = json.loads(line)
        assert started["bootstrap"].endswith(f":{broker_port}")
        assert _listening(broker_port) and all(_listening(p) for p in PORTS.values())
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(60) == 0
        deadline = time.monotonic() + 20
        while _listening(broker_port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(broker_port), "the broker outlived the stack"
        assert not any(_listening(p) for p in PORTS.values())
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
