"""`make run` (grassroots-stack): the whole suite on SQLite files under var/ and a local broker.

Starts the broker (unless KAFKA_BOOTSTRAP_SERVERS points at one), migrates the four databases
(or those named by <PREFIX>DATABASE_URL), starts the four services, publishes the demo county's
catalog, prints the URLs and a dev token per role (or JSON with --json). Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import httpx

from grassroots.common.catalog.demo import demo_catalog
from grassroots.common.services import ENV_PREFIXES, PORTS, SERVICE_NAMES
from grassroots.common.testing.harness import Suite


def demo_principals(document: dict[str, Any]) -> dict[str, str]:
    """The org each role acts for in the demo county."""
    units = document["org_units"]
    county = str(document["county"]["code"])
    first = {
        kind: next(u["code"] for u in units if u["kind"] == kind)
        for kind in ("township", "village", "department")
    }
    return {
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the whole Grassroots suite locally.")
    parser.add_argument("--var", default="var", help="folder for databases and logs")
    parser.add_argument("--broker-port", type=int, default=int(os.environ.get("BROKER_PORT", 9092)))
    parser.add_argument("--no-demo", action="store_true", help="do not publish the demo catalog")
    parser.add_argument("--json", action="store_true", help="print URLs and tokens as JSON")
    args = parser.parse_args(argv)
    suite = Suite(
        workdir=Path(args.var).resolve(),
        shift_clock=False,
        ports=dict(PORTS),
        bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
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
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    except KeyboardInterrupt:
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
        if status is not None:
            print(
                f"demo catalog {document['version']} of {document['county']['name']}: HTTP {status}"
            )
        print("\nGrassroots is running (Ctrl-C stops everything):")
        for name, url in suite.urls.items():
            print(f"  {name:15} {url}   docs {url}/docs")
        print(f"  broker          {suite.bootstrap}   logs {suite.workdir}/")
        print("\nDev tokens (8 h):")
        for role, token in tokens.items():
            print(f"  {role:23} {token}")
        print(
            f'\nTry: curl -H "Authorization: Bearer $TOKEN" {suite.urls["task-admission"]}/v1/me\n'
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
