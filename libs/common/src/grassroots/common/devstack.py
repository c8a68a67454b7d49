"""`make run`: the whole suite on SQLite files under var/ and a local Kafka-protocol broker.

Starts the broker (unless KAFKA_BOOTSTRAP_SERVERS points at one), migrates the four databases,
starts the four services as processes, loads the demo county's catalog, prints the URLs and a
dev token per role. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.db.migrations import upgrade
from grassroots.common.services import SERVICE_NAMES, service
from grassroots.common.settings import SuiteSettings
from grassroots.common.testing.broker import Broker

READY_TIMEOUT = 60.0


def _get(url: str, timeout: float = 2.0) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def _post(url: str, body: bytes, token: str) -> int:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_ready(urls: dict[str, str], procs: dict[str, subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    pending = dict(urls)
    while pending:
        for name, url in list(pending.items()):
            if procs[name].poll() is not None:
                raise SystemExit(f"{name} exited with {procs[name].returncode}; see var/{name}.log")
            try:
                status, body = _get(f"{url}/readyz")
            except OSError:
                continue
            if status == 200 and body.get("status") == "ready":
                pending.pop(name)
        if time.monotonic() > deadline:
            raise SystemExit(f"not ready after {READY_TIMEOUT:.0f} s: {', '.join(pending)}")
        time.sleep(0.3)


def _demo_tokens(settings: SuiteSettings, document: dict[str, object]) -> dict[str, str]:
    units = document["org_units"]
    assert isinstance(units, list)
    county = str(document["county"]["code"])  # type: ignore[index]
    first = {
        kind: next(u["code"] for u in units if u["kind"] == kind)
        for kind in ("township", "village", "department")
    }
    orgs = {
        "catalog_admin": county,
        "admission_reviewer": county,
        "evaluator": county,
        "auditor": county,
        "dept_submitter": first["department"],
        "township_admin": first["township"],
        "grid_worker": first["township"],
        "enforcement_officer": first["township"],
        "enforcement_supervisor": first["township"],
        "village_operator": first["village"],
    }
    return {
        role: mint_dev_token(settings, roles=[role], org=org, county=county, minutes=12 * 60)
        for role, org in orgs.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the whole Grassroots suite locally.")
    parser.add_argument("--var", default="var", help="folder for databases and logs")
    parser.add_argument("--broker-port", type=int, default=int(os.environ.get("BROKER_PORT", 9092)))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo catalog")
    args = parser.parse_args(argv)
    var = Path(args.var).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GRASSROOTS_HOST="127.0.0.1")
    broker = None
    if "KAFKA_BOOTSTRAP_SERVERS" not in os.environ:
        broker = Broker(port=args.broker_port, log_path=var / "broker.log").start()
        env["KAFKA_BOOTSTRAP_SERVERS"] = broker.bootstrap
    procs: dict[str, subprocess.Popen[bytes]] = {}
    urls: dict[str, str] = {}
    serve = Path(sys.executable).with_name("grassroots-serve")
    try:
        for name in SERVICE_NAMES:
            spec = service(name).spec()
            prefix = name.upper().replace("-", "_") + "_DATABASE_URL"
            url = (
                os.environ.get(prefix)
                or f"sqlite+aiosqlite:///{var / (name.replace('-', '_') + '.db')}"
            )
            env[prefix] = url
            upgrade(spec.migrations, url)
            log = open(var / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
            procs[name] = subprocess.Popen([str(serve), name], env=env, stdout=log, stderr=log)
            urls[name] = f"http://127.0.0.1:{spec.settings.port}"
        _wait_ready(urls, procs)
        settings = SuiteSettings()
        from grassroots.common.catalog.demo import demo_catalog

        document = demo_catalog()
        tokens = _demo_tokens(settings, document)
        if not args.no_demo:
            status = _post(
                f"{urls['task-admission']}/v1/catalog/versions",
                json.dumps(document, ensure_ascii=False).encode(),
                tokens["catalog_admin"],
            )
            print(
                f"demo catalog {document['version']} of {document['county']['name']}: HTTP {status}"
            )
        print("\nGrassroots is running (Ctrl-C stops everything):")
        for name, url in urls.items():
            print(f"  {name:15} {url}   docs {url}/docs")
        print(f"  broker          {env['KAFKA_BOOTSTRAP_SERVERS']}   logs {var}/")
        print("\nDev tokens (12 h):")
        for role, token in tokens.items():
            print(f"  {role:23} {token}")
        print(f'\nTry: curl -H "Authorization: Bearer $TOKEN" {urls["task-admission"]}/v1/me\n')
        sys.stdout.flush()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if broker is not None:
            broker.stop()
        print("stopped")


if __name__ == "__main__":
    main()
