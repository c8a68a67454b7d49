"""The authorization matrix (DESIGN §1, generated, not hand-listed): every route of the four live
OpenAPI documents × every principal of `authz.principals` (each role at its own unit, a sibling,
the neighbour county, a unit of the wrong kind, a disagreeing county claim; no token), with the
expected outcome derived from the route's own declaration (`x-access`) and the hand-written
truth of where each prepared thing stands (`authz.<service>.prepare`).

It proves that every forbidden call is denied (401/403/404), that no allowed call is refused for
authorization, and that no 2xx answer shows the id of a thing whose item route would refuse the
caller (a list never shows what its item hides)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from authz import Fixtures
from authz import enforcement as enforcement_fixtures
from authz import evaluation as evaluation_fixtures
from authz import grid as grid_fixtures
from authz import task_admission as admission_fixtures
from authz.principals import Caller, callers
from county.orgs import FORESTRY

from grassroots.common.auth.access import SCOPES, Target, caller_target
from grassroots.common.services import SERVICE_NAMES
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.counties import OURS, THEIRS, neighbour_catalog, theirs

PREPARE = {
    "task-admission": admission_fixtures.prepare,
    "grid": grid_fixtures.prepare,
    "enforcement": enforcement_fixtures.prepare,
    "evaluation": evaluation_fixtures.prepare,
}
DENIED = {401, 403, 404}
WRITES = {"post", "put", "patch", "delete"}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    access: dict[str, Any]
    query: tuple[str, ...]  # required query parameters

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


def routes(document: dict[str, Any]) -> list[Route]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "x-access" in operation, f"{method.upper()} {path} declares no access"
            required = tuple(
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            )
            found.append(Route(method, path, operation["x-access"], required))
    return found


def permits(access: dict[str, Any], principal, target: Target | None) -> bool:
    if target is None:
        return False
    return any(
        principal.roles & set(grant["roles"]) and SCOPES[grant["scope"]](principal, target)
        for grant in access["grants"]
    )


@pytest.fixture(scope="module")
def county(grassroots_suite) -> Iterator[tuple[Any, dict[str, Fixtures]]]:
    """Both counties published and one of each thing prepared in 青山镇, by service (each
    service's routes are called with its own fixtures: parameter names mean different things)."""
    suite = grassroots_suite
    for county, document in ((OURS, demo_catalog()), (THEIRS, neighbour_catalog())):
        with suite.client("task-admission", "catalog_admin", county) as admin:
            published = admin.post("/v1/catalog/versions", json=document)
            assert published.status_code in (201, 409), published.text
    deadline = time.monotonic() + 90  # every service places departments once it holds a catalog
    for name in SERVICE_NAMES:
        for dept in (FORESTRY, theirs(FORESTRY)):
            with suite.client(name, "dept_submitter", dept) as client:
                while client.get("/v1/me").status_code != 200:
                    assert time.monotonic() < deadline, f"{name} never received the catalogs"
                    time.sleep(0.2)
    yield suite, {name: PREPARE[name](suite) for name in SERVICE_NAMES}


def _call(
    http: httpx.Client, suite, service: str, route: Route, caller: Caller, fx: Fixtures
) -> httpx.Response:
    path = re.sub(r"\{(\w+)\}", lambda m: fx.values[m.group(1)], route.path)
    target = route.access["target"]
    params = {name: fx.values[name] for name in route.query if name in fx.values}
    body: dict[str, Any] = dict(fx.bodies.get(route.key, {}))
    if target["in"] == "query":
        params[target["name"]] = fx.values[target["name"]]
    if target["in"] == "body":
        body[target["name"]] = fx.values[target["name"]]
    headers = {}
    if caller.role is not None:
        token = suite.token(caller.role, caller.org, county=caller.county, sub=caller.sub)
        headers["Authorization"] = f"Bearer {token}"
    json = body if route.method in WRITES else None
    return http.request(
        route.method.upper(), suite.urls[service] + path, params=params, json=json, headers=headers
    )


def _expected(route: Route, caller: Caller, fx: Fixtures) -> bool:
    principal = caller.placed
    if principal is None:
        return False
    target = route.access["target"]
    found = caller_target(principal) if target["in"] == "caller" else fx.targets[target["name"]]
    return permits(route.access, principal, found)


def _violations(suite, service: str, fx: Fixtures) -> list[str]:
    document = httpx.get(suite.urls[service] + "/openapi.json", timeout=30).json()
    table = {route.key: route for route in routes(document)}
    hidden = [(s, table[item].access, t) for s, item, t in fx.secrets if item in table]
    everyone = callers(fx.subs)
    found: list[str] = []

    def one(route: Route, caller: Caller) -> None:
        answer = _call(http, suite, service, route, caller, fx)
        status = answer.status_code
        where = f"{route.key} as {caller.label} → {status} {answer.text[:160]}"
        if status >= 500:
            found.append(f"server error: {where}")
        elif _expected(route, caller, fx):
            if status in (401, 403):
                found.append(f"allowed but refused: {where}")
        elif status not in DENIED:
            found.append(f"forbidden but answered: {where}")
        if answer.is_success and caller.placed is not None:
            for secret, access, target in hidden:
                if secret in answer.text and not permits(access, caller.placed, target):
                    found.append(f"shows {secret}: {where}")

    checked = []
    for route in (r for r in table.values() if not r.access["public"]):
        target = route.access["target"]
        needed = set(re.findall(r"\{(\w+)\}", route.path))
        located = target["in"] in ("path", "query", "body")
        if missing := needed.union([target["name"]] if located else []) - set(fx.values):
            found.append(f"no prepared value for {sorted(missing)}: {route.key}")
        elif located and target["name"] not in fx.targets:
            found.append(f"no prepared target for {target['name']}: {route.key}")
        else:
            checked.append(route)
    # one client for every call (a client per call spent the test's time building TLS contexts)
    with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=8)) as http:
        for phase in (False, True):  # reads first: the writes may move things on
            calls = [(r, c) for r in checked if (r.method in WRITES) == phase for c in everyone]
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda rc: one(*rc), calls))
    return found


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_no_forbidden_call_is_allowed_and_no_allowed_call_refused(county, service):
    suite, fixtures = county
    found = _violations(suite, service, fixtures[service])
    assert not found, f"{len(found)} violations:\n" + "\n".join(sorted(found)[:80])
