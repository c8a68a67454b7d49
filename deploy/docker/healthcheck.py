#!/usr/bin/env python3
"""Probe a Grassroots service over HTTP with the standard library only.

Usage: grassroots-healthcheck [URL ...]

With URLs: GET each; healthy if all answer HTTP 200 (the chart's `helm test` pods pass a
service's /readyz URL). Without: GET http://127.0.0.1:<port>/livez of the service named by
GRASSROOTS_SERVICE, the port from <PREFIX>_PORT (e.g. GRID_PORT) or the service's default; with
GRASSROOTS_SERVICE unset (the service given as an argument to grassroots-serve), every service's
port, healthy if one answers (the image's HEALTHCHECK). Exit 0 when healthy, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_PORTS = {"task-admission": 8001, "grid": 8002, "enforcement": 8003, "evaluation": 8004}


def livez_url(service: str) -> str:
    """The /livez URL of a service running in this container."""
    prefix = service.upper().replace("-", "_")
    port = os.environ.get(f"{prefix}_PORT") or str(DEFAULT_PORTS[service])
    return f"http://127.0.0.1:{port}/livez"


def probe(url: str) -> bool:
    """True when GET url answers HTTP 200."""
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {url}: {exc}", file=sys.stderr)
        return False
    print(f"healthcheck: {url}: HTTP {status}")
    return status == 200


def main(argv: list[str]) -> int:
    """Exit status 0 when healthy."""
    if len(argv) > 1:
        return 0 if all([probe(url) for url in argv[1:]]) else 1
    service = os.environ.get("GRASSROOTS_SERVICE", "")
    if service and service not in DEFAULT_PORTS:
        print(f"healthcheck: GRASSROOTS_SERVICE={service!r} is unknown", file=sys.stderr)
        return 1
    urls = [livez_url(service)] if service else [livez_url(name) for name in DEFAULT_PORTS]
    return 0 if any(probe(url) for url in urls) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
