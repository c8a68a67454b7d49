"""The load benchmark's county, set up through the public APIs only.

The demo catalog (示范县: 10 townships, 60 villages, 20 departments) is published; grid gets a base
layer of every township's villages and two legacy layers (综治, 党建) and merges them; each merged
grid gets a worker; each township two certified enforcement officers. Demand templates are the
basic duty items whose submissions the admission check admits (tried once each here).

Two townships are kept out of the workload for the end-to-end probes: their metrics in evaluation
move only when a probe moves them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from grassroots.common.calendar import add_working_days
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.dev.harness import Suite

COUNTY = "990101000000"
PROBE_DEMAND_TOWNSHIP = "990101103000"  # 柳河镇: demand completions of the probes only
PROBE_GRID_TOWNSHIP = "990101202000"  # 杨柳乡: grid event closures of the probes only
LON0, LAT0 = 110.0, 30.0
TOWNSHIP_WIDTH, VILLAGE_HEIGHT = 0.1, 0.02  # degrees: a township is a column of village strips
TEMPLATE_CANDIDATES = 24  # basic items tried as demand templates


@dataclass
class County:
    """What the workload and the probes need to know about the county they act in."""

    townships: dict[str, list[str]]  # township code → its village codes
    departments: list[str]
    officers: dict[str, list[str]] = field(default_factory=dict)  # township → officer ids
    templates: list[dict[str, Any]] = field(default_factory=list)  # admitted demand bodies
    not_admitted: dict[str, str] = field(default_factory=dict)  # item → outcome and reason codes
    probe_demands: list[str] = field(default_factory=list)  # admitted, received, not completed
    probe_events: list[str] = field(default_factory=list)  # grid events verified, not closed

    @property
    def load_townships(self) -> list[str]:
        return [t for t in self.townships if t not in (PROBE_DEMAND_TOWNSHIP, PROBE_GRID_TOWNSHIP)]

    def village_box(self, village: str) -> tuple[float, float, float, float]:
        """lon0, lat0, lon1, lat1 of a village's strip."""
        township = village[:9] + "000"
        column = list(self.townships).index(township)
        row = self.townships[township].index(village)
        lon, lat = LON0 + column * TOWNSHIP_WIDTH, LAT0 + row * VILLAGE_HEIGHT
        return lon, lat, lon + TOWNSHIP_WIDTH, lat + VILLAGE_HEIGHT

    def point_in(self, village: str, rng: random.Random) -> tuple[float, float]:
        """A point well inside a village's strip (never on a shared border)."""
        x0, y0, x1, y1 = self.village_box(village)
        return rng.uniform(x0 + 0.1 * (x1 - x0), x1 - 0.1 * (x1 - x0)), rng.uniform(
            y0 + 0.1 * (y1 - y0), y1 - 0.1 * (y1 - y0)
        )


def grid_of(village: str) -> str:
    """The comprehensive grid the merge builds for a village (one per village, no split)."""
    return f"{village}-01"


def demand_body(template: dict[str, Any], targets: list[str]) -> dict[str, Any]:
    return {**template, "targets": targets}


def _check(response: httpx.Response, expected: int) -> dict[str, Any]:
    if response.status_code != expected:
        raise RuntimeError(
            f"setup: {response.request.method} {response.request.url.path} answered "
            f"{response.status_code}, expected {expected}: {response.text[:500]}"
        )
    body: dict[str, Any] = response.json()
    return body


def _polygon(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _collection(features: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": geometry}
            for geometry, props in features
        ],
    }


def _layers(county: County, township: str) -> dict[str, dict[str, Any]]:
    """The base units and two legacy layers of a township: 综治 in two halves, 党建 whole."""
    villages = county.townships[township]
    boxes = [county.village_box(v) for v in villages]
    x0, y0, x1 = boxes[0][0], boxes[0][1], boxes[0][2]
    y1 = boxes[-1][3]
    middle = (y0 + y1) / 2
    base = [
        (_polygon(*box), {"code": v, "households": 200 + 40 * i})
        for i, (v, box) in enumerate(zip(villages, boxes, strict=True))
    ]
    return {
        "base": _collection(base),
        "综治": _collection(
            [
                (_polygon(x0, y0, x1, middle), {"grid_id": f"ZZ-{township[6:9]}-1"}),
                (_polygon(x0, middle, x1, y1), {"grid_id": f"ZZ-{township[6:9]}-2"}),
            ]
        ),
        "党建": _collection([(_polygon(x0, y0, x1, y1), {"grid_id": f"DJ-{township[6:9]}"})]),
    }


def _county_of(document: dict[str, Any]) -> County:
    units = document["org_units"]
    townships: dict[str, list[str]] = {u["code"]: [] for u in units if u["kind"] == "township"}
    for unit in units:
        if unit["kind"] == "village":
            townships[unit["parent"]].append(unit["code"])
    departments = [u["code"] for u in units if u["kind"] == "department"]
    return County(townships=townships, departments=departments)


def _template(item: dict[str, Any]) -> dict[str, Any]:
    """A demand as a department would write it for one basic duty item (三个明确 complete)."""
    keywords = "、".join(item.get("keywords") or [item["title"]])
    return {
        "kind": "task",
        "title": item["title"],
        "description": f"请{item['title']},重点做好{keywords}相关工作,按时报告进展。",
        "target_level": "township",
        "deadline": add_working_days(date.today(), 15).isoformat(),
        "duty_item_code": item["code"],
        "clarities": {
            "department_does": f"县直部门制定{item['title']}工作方案并提供业务指导",
            "grassroots_does": f"乡镇明确专人负责{keywords}工作并按月报告",
            "department_support": "部门拨付专项工作经费并组织业务培训",
        },
        "support": {"funding_yuan": 3000, "training": "组织一次业务培训"},
    }


class Setup:
    """Drives the setup requests with tokens of the suite."""

    def __init__(self, suite: Suite) -> None:
        self.suite = suite

    def client(self, service: str, role: str, org: str, sub: str | None = None) -> httpx.Client:
        token = self.suite.token(role, org, county=COUNTY, sub=sub)
        return httpx.Client(
            base_url=self.suite.urls[service],
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )

    def publish_catalog(self) -> County:
        document = demo_catalog()
        with self.client("task-admission", "catalog_admin", COUNTY) as admin:
            _check(admin.post("/v1/catalog/versions", json=document), 201)
        county = _county_of(document)
        self._templates(document, county)
        return county

    def _templates(self, document: dict[str, Any], county: County) -> None:
        """One demand per candidate basic item; those admitted become the workload's templates."""
        basic = [
            d for d in document["duty_items"] if d["list"] == "basic" and not d.get("applies_to")
        ]
        target = county.load_townships[0]
        with self.client("task-admission", "dept_submitter", county.departments[0]) as dept:
            for item in basic[:TEMPLATE_CANDIDATES]:
                body = _template(item)
                created = _check(dept.post("/v1/demands", json=demand_body(body, [target])), 201)
                if created["status"] == "admitted":
                    county.templates.append(body)
                else:
                    codes = [r["code"] for r in created["decision"]["reasons"]]
                    county.not_admitted[item["code"]] = f"{created['status']}: {', '.join(codes)}"
        if not county.templates:
            raise RuntimeError(f"setup: no demand template was admitted: {county.not_admitted}")

    def grids(self, county: County) -> None:
        """Base and legacy layers imported and merged for every township; a worker per grid."""
        for township in county.townships:
            layers = _layers(county, township)
            with self.client("grid", "township_admin", township) as admin:
                _check(
                    admin.post(
                        "/v1/layers",
                        json={"system": "村社区", "kind": "base", "features": layers.pop("base")},
                    ),
                    201,
                )
                for system, features in layers.items():
                    body = {
                        "system": system,
                        "kind": "legacy",
                        "township": township,
                        "features": features,
                    }
                    _check(admin.post("/v1/layers", json=body), 201)
                report = _check(admin.post("/v1/layers/merge", json={"township": township}), 200)
                built = sorted(g["grid_id"] for g in report["grids"])
                expected = sorted(grid_of(v) for v in county.townships[township])
                if built != expected:
                    raise RuntimeError(f"setup: merge of {township} built {built}")
                for village in county.townships[township]:
                    worker = {
                        "name": f"网格员{village[-3:]}",
                        "post": "专职网格员",
                        "phone": "13800000000",
                        "sub": f"gw-{village}",
                    }
                    _check(admin.post(f"/v1/grids/{grid_of(village)}/workers", json=worker), 201)

    def officers(self, county: County) -> None:
        """Two certified officers per township (执法证 valid around today)."""
        today = date.today()
        for n, township in enumerate(county.townships):
            with self.client("enforcement", "enforcement_supervisor", township, "chief") as chief:
                ids = []
                for k in (1, 2):
                    body = {
                        "name": f"执法员{n}{k}",
                        "township": township,
                        "user_sub": f"officer-{township}-{k}",
                        "certificate_no": f"99010120{n:02d}{k:04d}",
                        "valid_from": str(today - timedelta(days=400)),
                        "valid_until": str(today + timedelta(days=400)),
                        "scope": [],
                    }
                    ids.append(_check(chief.post("/v1/officers", json=body), 201)["id"])
                county.officers[township] = ids

    def probe_material(self, county: County, count: int) -> None:
        """Received demands of one probe township, verified grid events of the other."""
        township = PROBE_DEMAND_TOWNSHIP
        with (
            self.client("task-admission", "dept_submitter", county.departments[1]) as dept,
            self.client("task-admission", "township_admin", township) as admin,
        ):
            for n in range(count):
                body = demand_body(county.templates[n % len(county.templates)], [township])
                created = _check(dept.post("/v1/demands", json=body), 201)
                if created["status"] != "admitted":
                    raise RuntimeError(f"setup: probe demand {created['status']}")
                _check(admin.post(f"/v1/demands/{created['id']}/receipts"), 200)
                county.probe_demands.append(created["id"])
        township = PROBE_GRID_TOWNSHIP
        rng = random.Random(1)
        with self.client("grid", "township_admin", township) as admin:
            for n in range(count):
                lon, lat = county.point_in(county.townships[township][n % 3], rng)
                report = {
                    "category": "environment",
                    "description": "道路旁垃圾堆积",
                    "lon": lon,
                    "lat": lat,
                    "urgency": "ordinary",
                    "reporter": "乡网格中心",
                }
                event = _check(admin.post("/v1/grid-events", json=report), 201)["id"]
                office = {"assignee_kind": "township_office", "assignee": township}
                for step, body in (
                    ("accept", {}),
                    ("assign", office),
                    ("handle", {"feedback": "已清理"}),
                    ("verify", {"passed": True}),
                ):
                    _check(admin.post(f"/v1/grid-events/{event}/{step}", json=body), 200)
                county.probe_events.append(event)
