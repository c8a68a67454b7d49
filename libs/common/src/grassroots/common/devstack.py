"""`make run` (grassroots-stack): the whole suite on SQLite files under var/ and a local broker.

Starts the broker (unless KAFKA_BOOTSTRAP_SERVERS points at one), migrates the four databases
(or those named by <PREFIX>DATABASE_URL), starts the four services, publishes the demo county's
catalog, prints the URLs and a dev token per role (or JSON with --json). Ctrl-C or SIGTERM stops
everything it started, the broker included; a port already taken is refused before anything starts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import httpx

from grassroots.common.catalog.demo import demo_catalog
from grassroots.common.services import ENV_PREFIXES, PORTS, SERVICE_NAMES
from grassroots.common.testing.harness import Suite

DEMO_TOWNSHIP = "990101101000"  # 青山镇: the README's and the OpenAPI examples' township


def demo_principals(document: dict[str, Any]) -> dict[str, str]:
    """The org each role acts for in the demo county: its county, 青山镇 and its first village,
    the first department."""
    units = document["org_units"]
    county = str(document["county"]["code"])
    townships = [u["code"] for u in units if u["kind"] == "township"]
    township = DEMO_TOWNSHIP if DEMO_TOWNSHIP in townships else townships[0]
    village = next(u["code"] for u in units if u["kind"] == "village" and u["parent"] == township)
    department = next(u["code"] for u in units if u["kind"] == "department")
    return {
        "catalog_admin": county,
        "admission_reviewer": county,
        "evaluator": county,
        "auditor": county,
        "dept_submitter": department,
        "township_admin": township,
        "grid_worker": township,
        "enforcement_officer": township,
        "enforcement_supervisor": township,
        "village_operator": village,
    }


class Stop(Exception):
    """SIGTERM or SIGINT: leave through `finally`, so everything started is stopped."""


def _stop(signum: int, _frame: object) -> None:
    raise Stop(signal.Signals(signum).name)


def taken_ports(ports: dict[str, int]) -> list[str]:
    """The ports (named) something else already listens on."""
    taken = []
    for name, port in ports.items():
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                taken.append(f"{port} ({name})")
    return taken


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the whole Grassroots suite locally.")
    parser.add_argument("--var", default="var", help="folder for databases and logs")
    parser.add_argument("--broker-port", type=int, default=int(os.environ.get("BROKER_PORT", 9092)))
    parser.add_argument("--no-demo", action="store_true", help="do not publish the demo catalog")
    parser.add_argument("--json", action="store_true", help="print URLs and tokens as JSON")
    args = parser.parse_args(argv)
    # from the first instant: a signal unwinds through `finally`, the broker included
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    wanted = dict(PORTS) | ({} if bootstrap else {"broker": args.broker_port})
    if taken := taken_ports(wanted):
        print(
            f"grassroots-stack: port {', '.join(taken)} is already in use — is another "
            "`make run` still running? Stop it, or free the port.",
            file=sys.stderr,
        )
        raise SystemExit(1)
    suite = Suite(
        workdir=Path(args.var).resolve(),
        shift_clock=False,
        ports=dict(PORTS),
        bootstrap=bootstrap,
        broker_port=args.broker_port,
        database_urls={
            name: url
            for name in SERVICE_NAMES
            if (url := os.environ.get(f"{ENV_PREFIXES[name]}DATABASE_URL"))
        },
    )
    try:
        suite.start()
        document = demo_catalog()
        county = str(document["county"]["code"])
        tokens = {
            role: suite.token(role, org, county=county)
            for role, org in demo_principals(document).items()
        }
        status = None
        if not args.no_demo:
            status = httpx.post(
                f"{suite.urls['task-admission']}/v1/catalog/versions",
                json=document,
                headers={"Authorization": f"Bearer {tokens['catalog_admin']}"},
                timeout=60,
            ).status_code
        _print(args.json, suite, tokens, document, status)
        while True:
            signal.pause()
    except Stop:
        pass
    finally:
        suite.stop()
        print("stopped", file=sys.stderr)


def _print(
    as_json: bool,
    suite: Suite,
    tokens: dict[str, str],
    document: dict[str, Any],
    status: int | None,
) -> None:
    if as_json:
        print(json.dumps({"urls": suite.urls, "bootstrap": suite.bootstrap, "tokens": tokens}))
    else:
        name = f"demo catalog {document['version']} of {document['county']['name']}"
        if status == 201:
            print(f"{name}: published")
        elif status == 409:
            print(f"{name}: already there from an earlier run (kept; `make clean` starts afresh)")
        elif status is not None:
            print(f"{name}: not published (HTTP {status}; see {suite.workdir}/task-admission.log)")
        print("\nGrassroots is running (Ctrl-C stops everything):")
        for name, url in suite.urls.items():
            print(f"  {name:15} {url}   docs {url}/docs")
        print(f"  broker          {suite.bootstrap}   logs {suite.workdir}/")
        print("\nDev tokens (8 h):")
        for role, token in tokens.items():
            print(f"  {role:23} {token}")
        print(
            f"\nTry (as the township_admin above):\n  TOKEN={tokens['township_admin']}\n"
            f'  curl -H "Authorization: Bearer $TOKEN" {suite.urls["task-admission"]}/v1/me\n'
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
