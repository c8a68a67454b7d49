"""enforcement's things for the matrix: two officers of 青山镇, a case of theirs brought to
`executed` (the state in which every declared caller may act on it: the assigned officer's
`close` is his edge, the supervisor's approvals have no edge left and conflict), patrol entries
and a signed checkpoint of the township's log."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from county.orgs import PARTY, QINGSHAN

from authz import Fixtures
from grassroots.common.auth.access import Target
from grassroots.common.clock import china_date
from grassroots.testkit.counties import OURS

ENF = "enforcement"
# the subject the matrix's home officer acts as (`callers`: "<role>@<home>"), assigned below
OFFICER_SUB = f"enforcement_officer@{QINGSHAN}"
SECOND_SUB = f"authz-officer-2@{QINGSHAN}"
ITEM = "ZF-011"  # delegated to 青山镇; a 100 yuan fine is in range and on the spot
FINE = 100


def _client(suite: Any, role: str, sub: str) -> httpx.Client:
    token = suite.token(role, QINGSHAN, sub=sub)
    return httpx.Client(
        base_url=suite.urls[ENF], headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return dict(response.json())


def prepare(suite: Any) -> Fixtures:
    """One of each thing enforcement's routes act on, in 青山镇, and where each stands."""
    now = suite.clock.now()
    today = china_date(now)
    run = uuid.uuid4().hex[:8]
    with (
        _client(suite, "enforcement_supervisor", f"enforcement_supervisor@{QINGSHAN}") as chief,
        _client(suite, "enforcement_officer", OFFICER_SUB) as officer,
    ):
        officers = [
            _ok(
                chief.post(
                    "/v1/officers",
                    json={
                        "name": f"矩阵执法员{n}",
                        "township": QINGSHAN,
                        "user_sub": sub,
                        "certificate_no": f"AUTHZ-{run}-{n}",
                        "valid_from": str(today - timedelta(days=400)),
                        "valid_until": str(today + timedelta(days=400)),
                    },
                ),
                201,
            )["id"]
            for n, sub in ((1, OFFICER_SUB), (2, SECOND_SUB))
        ]
        case = _ok(
            chief.post(
                "/v1/cases",
                json={
                    "township": QINGSHAN,
                    "item_code": ITEM,
                    "source": "patrol",
                    "party": PARTY,
                    "facts": "巡查发现违规燃放烟花爆竹",
                    "discovered_at": (now - timedelta(hours=2)).isoformat(),
                    "officers": officers,
                    "procedure": "simplified",
                },
            ),
            201,
        )
        case_id = str(case["id"])
        act = f"/v1/cases/{case_id}"
        _ok(chief.post(f"{act}/decide", json={"fine_yuan": FINE, "party_present": True}))
        _ok(officer.post(f"{act}/serve", json={}))
        executed = _ok(officer.post(f"{act}/execute", json={"paid_yuan": FINE}))
        assert executed["state"] == "executed", executed
        for case_of in (None, case_id):
            entry = {
                "township": QINGSHAN,
                "kind": "inspection" if case_of else "patrol",
                "at": (now - timedelta(minutes=30)).isoformat(),
                "place": "石桥村",
                "officers": officers,
                "observed": "现场复查" if case_of else "巡查无异常",
                "case_id": case_of,
            }
            _ok(officer.post("/v1/logs", json=entry), 201)
        signed = chief.post("/v1/logs/checkpoints", params={"township": QINGSHAN})
        assert signed.status_code in (200, 201), signed.text

    township = Target(county=OURS, township=QINGSHAN, unit=QINGSHAN)
    the_case = Target(
        county=OURS,
        township=QINGSHAN,
        unit=QINGSHAN,
        subs=frozenset({OFFICER_SUB, SECOND_SUB}),
    )
    return Fixtures(
        values={"case_id": case_id, "township": QINGSHAN, "month": f"{today:%Y-%m}"},
        targets={"case_id": the_case, "township": township},
        secrets=[(case_id, "GET /v1/cases/{case_id}", the_case)],
    )
