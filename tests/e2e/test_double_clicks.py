"""A double click must not change a township's score. Two townships of the demo county walk the
same journey through the four services — a demand received and completed, a grid event through
its six steps, an enforcement case from filing to closing — 青山镇 clicking once, 石门镇 sending
every transition ten times at once. Evaluation's metrics of the two come out identical."""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import httpx
from county import admission, enforcement, evaluation, grid, pipeline
from county import plan as p
from county.context import County
from county.month import Month
from county.orgs import COUNTY, FORESTRY, QINGSHAN, SHIMEN, VILLAGES

# a transition of an aggregate that exists: POST /v1/<things>/<id>/<action>
TRANSITION = re.compile(r"^/v1/(demands|grid-events|cases|complaints)/[^/]+/[a-z-]+$")


class Clicking(County):
    """The county whose transitions, for one township, are clicked `times` times at once."""

    burst_org: str = SHIMEN
    times: int = 10
    refused: Counter[int]

    def call(self, service, role, org, method, path, *, expect=200, sub=None, **kw) -> Any:
        burst = org[:9] == self.burst_org[:9] and method == "POST" and TRANSITION.match(path)
        if not burst or expect != 200:
            return super().call(service, role, org, method, path, expect=expect, sub=sub, **kw)
        token = self.suite.token(role, org, county=COUNTY, sub=sub)
        gate = Barrier(self.times)

        def click() -> httpx.Response:
            with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
                request = c.build_request(method, self.suite.urls[service] + path, **kw)
                gate.wait()
                return c.send(request)

        with ThreadPoolExecutor(self.times) as pool:
            answers = list(pool.map(lambda _: click(), range(self.times)))
        statuses = Counter(r.status_code for r in answers)
        assert statuses[expect] == 1 and statuses[409] == self.times - 1, (path, statuses)
        self.refused[409] += statuses[409]
        return next(r for r in answers if r.status_code == expect).json()


def _journey(county: County, township: str) -> None:
    """What each township does: the same for both, so the same metrics."""
    village = VILLAGES[township][0]
    body = {**p.FOREST_PATROL.body, "targets": [township], "deadline": str(county.month.date(8))}
    demand = county.call(
        "task-admission", "dept_submitter", FORESTRY, "POST", "/v1/demands", json=body, expect=201
    )
    assert demand["status"] == "admitted", demand["decision"]
    county.deadlines[demand["id"]] = due = county.month.date(8)
    county.ledger.admitted(FORESTRY, demand["id"], 5000, [township], due)
    admission.receive(county, demand["id"], township)
    admission.complete(county, demand["id"], township)
    grid.walk(county, grid.report(county, village, "environment", "路边垃圾堆放"))
    officers = [officer for officer, _ in county.officers[township]]
    opened = {
        "township": township,
        "party": {"name": "李四", "id_type": "resident", "id_no": "11010519491231002X"},
        "item_code": "ZF-001",
        "source": "patrol",
        "facts": "巡查发现占道经营",
        "discovered_at": (county.now() - timedelta(hours=1)).isoformat(),
        "officers": officers,
    }
    case = county.call(
        "enforcement",
        "enforcement_supervisor",
        township,
        "POST",
        "/v1/cases",
        json=opened,
        expect=201,
    )
    enforcement.prosecute(county, township, case["id"], fine=800)


def test_ten_clicks_on_every_transition_leave_the_same_metrics_as_one(
    grassroots_suite, event_recorder
):
    county = Clicking(grassroots_suite, event_recorder, Month.after(grassroots_suite.clock.now()))
    county.refused = Counter()
    admission.publish_catalog(county)
    county.travel(1)
    for township in (QINGSHAN, SHIMEN):
        grid.build_grids(county, township)
        enforcement.add_officers(county, township)
    for township in (QINGSHAN, SHIMEN):
        _journey(county, township)
    pipeline.wait_all_consumed(county)

    once, clicked = evaluation.metrics_of(county, QINGSHAN), evaluation.metrics_of(county, SHIMEN)
    assert once and clicked == once
    # every transition of 石门镇's journey was refused nine times: 2 demand, 5 grid, 7 case steps
    assert county.refused[409] == 9 * (2 + 5 + 7)
    types = Counter(e.type for e in county.recorder.events)
    assert types["demand.received.v1"] == types["demand.completed.v1"] == 2
    assert types["grid.event.closed.v1"] == types["case.closed.v1"] == 2
