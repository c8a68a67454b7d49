"""`make run` (grassroots-stack): the whole suite on SQLite files under var/ and a local broker.

Starts the broker (unless KAFKA_BOOTSTRAP_SERVERS points at one), migrates the four databases
(or those named by <PREFIX>DATABASE_URL), starts the four services, publishes the demo county's
catalog and seeds the demo county (`demo_county`: grids with workers, officers, schemes, an approved
inspection plan), prints the URLs, a dev token per role — each one a principal with work to do —
and an Open311 api_key (or JSON with --json). Ctrl-C or SIGTERM stops everything it started, the
broker included; a port already taken is refused before anything starts.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from grassroots.common.services import SERVICE_NAMES
from grassroots.dev import demo_county, demo_journeys
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.dev.harness import ENV_PREFIXES, PORTS, Suite

DEMO_TOWNSHIP = "990101101000"  # 青山镇: the README's and the OpenAPI examples' township


def demo_subjects(document: dict[str, Any]) -> dict[str, str]:
    """Who the printed worker and officer are: 青山镇's first village's grid worker, its first
    certified officer (the demo county's seed hires and certifies them)."""
    orgs = demo_principals(document)
    return {
        "grid_worker": demo_county.worker_of(orgs["village_operator"]),
        "enforcement_officer": demo_county.officer_of(orgs["enforcement_officer"], 1),
    }


def open311_key(workdir: Path, county: str) -> tuple[str, str]:
    """The demo Open311 api_key (kept under var/ across runs) and GRID_OPEN311_API_KEYS for it."""
    path = workdir / "open311-api-key"
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
    key = path.read_text(encoding="utf-8").strip()
    client = {"sub": "open311-demo", "org": county, "county": county}
    return key, json.dumps({key: client})


def demo_principals(document: dict[str, Any]) -> dict[str, str]:
    """The org each role acts for in the demo county: its county, 青山镇 and its first village,
    the forestry bureau."""
    units = document["org_units"]
    county = str(document["county"]["code"])
    townships = [u["code"] for u in units if u["kind"] == "township"]
    township = DEMO_TOWNSHIP if DEMO_TOWNSHIP in townships else townships[0]
    village = next(u["code"] for u in units if u["kind"] == "village" and u["parent"] == township)
    departments = [u for u in units if u["kind"] == "department"]
    department = next(  # 县林业局: the seeded grid duty and inspection plan are its
        (u["code"] for u in departments if u["name"] == demo_county.DEMO_DEPARTMENT),
        departments[0]["code"],
    )
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
    parser.add_argument(
        "--journeys", action="store_true", help="walk one journey per role and print what happened"
    )
    args = parser.parse_args(argv)
    # from the first instant: a signal unwinds through `finally`, the broker included
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    document = demo_catalog()
    county = str(document["county"]["code"])
    workdir = Path(args.var).resolve()
    key, keys = open311_key(workdir, county)
    suite = Suite(
        workdir=workdir,
        extra_env={"GRID_OPEN311_API_KEYS": keys},
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
    wanted = dict(PORTS) | ({} if bootstrap else {"broker": args.broker_port})
    if taken := taken_ports(wanted):
        if args.journeys and answering(suite):  # `make run` is up: walk against it
            print("\n".join(journeys(suite, document, key)))
            return
        print(
            f"grassroots-stack: port {', '.join(taken)} is already in use — is another "
            "`make run` still running? Stop it, or free the port.",
            file=sys.stderr,
        )
        raise SystemExit(1)
    try:
        suite.start()
        subjects = demo_subjects(document)
        tokens = {
            role: suite.token(role, org, county=county, sub=subjects.get(role))
            for role, org in demo_principals(document).items()
        }
        said: list[str] = []
        if not args.no_demo:
            said = publish_and_seed(suite, document, tokens["catalog_admin"])
        if args.journeys:
            said += journeys(suite, document, key)
        _print(args.json, suite, tokens, key, said)
        while True:
            signal.pause()
    except Stop:
        pass
    finally:
        suite.stop()
        print("stopped", file=sys.stderr)


def answering(suite: Suite) -> bool:
    """Whether every service of a suite started elsewhere (another `make run`) is ready."""
    try:
        return all(
            httpx.get(f"{url}/readyz", timeout=2).status_code == 200 for url in suite.urls.values()
        )
    except httpx.HTTPError:
        return False


def publish_and_seed(suite: Suite, document: dict[str, Any], admin_token: str) -> list[str]:
    """Publishes the demo catalog, waits until every service holds it, seeds the county."""
    name = f"demo catalog {document['version']} of {document['county']['name']}"
    status = httpx.post(
        f"{suite.urls['task-admission']}/v1/catalog/versions",
        json=document,
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=300,  # the first publication on a machine embeds its items (~30 s on two cores)
    ).status_code
    if status not in (201, 409):
        return [f"{name}: not published (HTTP {status}; see {suite.workdir}/task-admission.log)"]
    said = [f"{name}: " + ("published" if status == 201 else "already there (kept)")]
    county = str(document["county"]["code"])
    department = demo_principals(document)["dept_submitter"]

    def token(role: str, org: str, sub: str | None = None) -> str:
        return suite.token(role, org, county=county, sub=sub)

    for service in SERVICE_NAMES:  # each service places departments once it holds the catalog
        wait_for_catalog(suite.urls[service], token("dept_submitter", department))
    seeder = demo_county.Seeder(suite.urls, token)
    return said + demo_county.seed(seeder, document, DEMO_TOWNSHIP)


def journeys(suite: Suite, document: dict[str, Any], open311: str) -> list[str]:
    """One journey per printed token (`demo_journeys`), as those very principals."""
    county = str(document["county"]["code"])
    orgs = demo_principals(document) | {"open311_api_key": open311}
    subjects = demo_subjects(document)
    orgs |= {
        "grid_worker_sub": subjects["grid_worker"],
        "officer_sub": subjects["enforcement_officer"],
    }

    def token(role: str, org: str, sub: str | None = None) -> str:
        return suite.token(role, org, county=county, sub=sub)

    return demo_journeys.walk(demo_county.Seeder(suite.urls, token), orgs, document)


def wait_for_catalog(url: str, token: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while (
        httpx.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code != 200
    ):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} never received the demo catalog")
        time.sleep(0.2)


def _print(
    as_json: bool, suite: Suite, tokens: dict[str, str], open311: str, said: list[str]
) -> None:
    if as_json:
        urls, bootstrap = suite.urls, suite.bootstrap
        print(
            json.dumps(
                {"urls": urls, "bootstrap": bootstrap, "tokens": tokens, "open311_api_key": open311}
            )
        )
    else:
        for line in said:
            print(line)
        print("\nGrassroots is running (Ctrl-C stops everything):")
        for name, url in suite.urls.items():
            print(f"  {name:15} {url}   docs {url}/docs")
        print(f"  broker          {suite.bootstrap}   logs {suite.workdir}/")
        print("\nDev tokens (8 h):")
        for role, token in tokens.items():
            print(f"  {role:23} {token}")
        print(f"\nOpen311 api_key (POST {suite.urls['grid']}/open311/v2/requests.json): {open311}")
        print(
            f"\nTry (as the township_admin above):\n  TOKEN={tokens['township_admin']}\n"
            f'  curl -H "Authorization: Bearer $TOKEN" {suite.urls["task-admission"]}/v1/me\n'
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
