"""The demo county at work, so every printed token has something to do: for every township its
village boundaries and two legacy layers (综治, 城管) merged into grids with a worker each
(定人定岗), two certified officers, the forestry bureau's patrol duty on its grids; the two
evaluation schemes of the year (Chinese indicator names) and one approved inspection plan.

Seeded through the services' own APIs as the roles whose work it is (`seed`); a rerun finds
青山镇's grids already merged and leaves everything as it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from grassroots.common import clock

SIDE = 0.01  # each village a 0.01° square; townships side by side from 110°E 30°N
FORESTRY_PATROL = "森林防火巡查"
DEMO_DEPARTMENT = "县林业局"
Token = Callable[..., str]  # token(role, org, sub=None) → a bearer token


def worker_of(village: str) -> str:
    """The grid worker (网格员) of a village's grid."""
    return f"gw-{village}"


def officer_of(township: str, n: int) -> str:
    """The n-th certified enforcement officer of a township."""
    return f"officer-{township}-{n}"


def villages_by_township(document: dict[str, Any]) -> dict[str, list[str]]:
    units = document["org_units"]
    return {
        t["code"]: [u["code"] for u in units if u["kind"] == "village" and u["parent"] == t["code"]]
        for t in units
        if t["kind"] == "township"
    }


def _square(lon: float, lat: float, width: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + width, lat], [lon + width, lat + SIDE], [lon, lat + SIDE]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _features(squares: list[tuple[dict[str, Any], float, float, float]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": _square(lon, lat, width)}
            for props, lon, lat, width in squares
        ],
    }


def layers(township: str, villages: list[str], index: int) -> list[dict[str, Any]]:
    """The base layer and the two legacy ones of a township, as `POST /v1/layers` bodies."""
    west = 110.0 + 0.1 * index
    base = [({"code": v}, west + SIDE * i, 30.0, SIDE) for i, v in enumerate(villages)]
    pairs = [
        (
            {"grid_id": f"ZZ-{township}-{i // 2}"},
            west + SIDE * i,
            30.0,
            SIDE * min(2, len(villages) - i),
        )
        for i in range(0, len(villages), 2)
    ]
    whole = [({"grid_id": f"CG-{township}"}, west, 30.0, SIDE * len(villages))]
    return [
        {"system": "村社区", "kind": "base", "features": _features(base)},
        {"system": "综治", "kind": "legacy", "township": township, "features": _features(pairs)},
        {"system": "城管", "kind": "legacy", "township": township, "features": _features(whole)},
    ]


def point_in(villages: list[str], village: str, index: int) -> tuple[float, float]:
    """The middle of a village's square (for reports and Open311 requests)."""
    lon = 110.0 + 0.1 * index + SIDE * villages.index(village)
    return round(lon + SIDE / 2, 6), round(30.0 + SIDE / 2, 6)


def _indicator(code: str, name: str, weight: int, **source: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "weight": weight, **source}


def schemes(year: int) -> list[dict[str, Any]]:
    """The county's two schemes for the year (DESIGN §8), indicators named in Chinese."""
    metric = {"source": "metric"}
    return [
        {
            "year": year,
            "direction": "township_rates_department",
            "indicators": [
                _indicator("unclear", "退回不清事项", 20, metric="dept.returned_unclear", **metric),
                _indicator("whistle", "吹哨按时报到", 30, metric="dept.whistle_on_time", **metric),
                _indicator("funded", "事项经费保障", 20, metric="dept.demands_funded", **metric),
                _indicator("service", "服务评价", 30, source="rating"),
            ],
        },
        {
            "year": year,
            "direction": "department_rates_township",
            "indicators": [
                _indicator(
                    "grid",
                    "网格事件按时办结",
                    40,
                    metric="twp.grid_closed_on_time",
                    duty_item_codes=["T-B-001"],
                    **metric,
                ),
                _indicator(
                    "demands",
                    "任务按时完成",
                    30,
                    metric="twp.demands_completed_on_time",
                    duty_item_codes=["T-B-112"],
                    **metric,
                ),
                _indicator("work", "部门评价", 30, source="rating", duty_item_codes=["T-B-113"]),
            ],
        },
    ]


class Seeder:
    """Calls the running suite as the role whose work each step is."""

    def __init__(self, urls: dict[str, str], token: Token) -> None:
        self.urls, self.token = urls, token

    def call(
        self,
        service: str,
        role: str,
        org: str,
        method: str,
        path: str,
        *,
        sub: str | None = None,
        expect: tuple[int, ...] = (200, 201),
        **kw: Any,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token(role, org, sub=sub)}"}
        answer = httpx.request(
            method, self.urls[service] + path, headers=headers, timeout=120, **kw
        )
        if answer.status_code not in expect:
            raise RuntimeError(f"{method} {path} as {role} of {org}: {answer.text[:300]}")
        return answer.json()


def already_seeded(seeder: Seeder, township: str) -> bool:
    merges = seeder.call(
        "grid",
        "township_admin",
        township,
        "GET",
        "/v1/layers/merges",
        params={"township": township},
    )
    return bool(merges.get("items", merges) if isinstance(merges, dict) else merges)


def seed(seeder: Seeder, document: dict[str, Any], home: str) -> list[str]:
    """Seeds the demo county (once); what was done, one line each."""
    if already_seeded(seeder, home):
        return ["demo county: already there from an earlier run (kept; `make clean` starts afresh)"]
    county = str(document["county"]["code"])
    by_township = villages_by_township(document)
    today = clock.today()
    forestry = next(u["code"] for u in document["org_units"] if u["name"] == DEMO_DEPARTMENT)
    grids: list[str] = []
    for index, (township, villages) in enumerate(by_township.items()):
        for layer in layers(township, villages, index):
            seeder.call("grid", "township_admin", township, "POST", "/v1/layers", json=layer)
        merged = seeder.call(
            "grid",
            "township_admin",
            township,
            "POST",
            "/v1/layers/merge",
            json={"township": township},
        )
        for grid in merged["grids"]:
            village = grid["grid_id"].rsplit("-", 1)[0]
            worker = {"name": f"网格员{village[-3:]}", "post": "专职网格员", "phone": "13800000000"}
            seeder.call(
                "grid",
                "township_admin",
                township,
                "POST",
                f"/v1/grids/{grid['grid_id']}/workers",
                json={**worker, "sub": worker_of(village)},
            )
            grids.append(grid["grid_id"])
        for n in (1, 2):
            officer = {
                "name": f"执法员{n}",
                "township": township,
                "user_sub": officer_of(township, n),
                "certificate_no": f"{township[:9]}{n:04d}",
                "valid_from": str(today - timedelta(days=365)),
                "valid_until": str(today + timedelta(days=3 * 365)),
            }
            seeder.call(
                "enforcement",
                "enforcement_supervisor",
                township,
                "POST",
                "/v1/officers",
                json=officer,
            )
    home_grids = [g for g in grids if g.startswith(home[:9])]
    duty = {"department": forestry, "grid_ids": home_grids, "function": FORESTRY_PATROL}
    seeder.call("grid", "dept_submitter", forestry, "POST", "/v1/grid-duties", json=duty)
    for scheme in schemes(today.year):
        seeder.call("evaluation", "evaluator", county, "POST", "/v1/schemes", json=scheme)
    plan = {
        "title": "森林防火专项督查",
        "kind": "inspection",
        "townships": [home],
        "window_start": str(today + timedelta(days=7)),
        "window_end": str(today + timedelta(days=14)),
    }
    filed = seeder.call(
        "evaluation", "dept_submitter", forestry, "POST", "/v1/inspection-plans", json=plan
    )
    seeder.call(
        "evaluation", "evaluator", county, "POST", f"/v1/inspection-plans/{filed['id']}/approve"
    )
    return [
        f"demo county: {len(by_township)} townships merged into {len(grids)} grids, "
        f"one worker each; {2 * len(by_township)} officers; {FORESTRY_PATROL} on "
        f"{len(home_grids)} grids of {home}; 2 evaluation schemes; 1 approved inspection plan",
    ]
