"""Double clicks on every case transition, against the real processes: ten identical requests
released together, one applies (one log entry, one audit row, its events), the rest 409."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from grassroots.common.clock import china_date
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.dev.harness import Suite
from grassroots.testkit.bursts import burst

ENF = "enforcement"
COUNTY = "990101000000"
QINGSHAN = "990101101000"  # 青山镇: ZF-001, ZF-011, ZF-012 delegated, ZF-006 (river) not
PARTY = {"name": "李四", "id_type": "resident", "id_no": "11010519491231002X"}
CONFLICT = "E-ILLEGAL-TRANSITION"


class Township:
    """The demo county's catalog active in enforcement, two officers of 青山镇 and its supervisor."""

    def __init__(self, suite: Suite) -> None:
        self.suite = suite
        self.supervisor = suite.client(ENF, "enforcement_supervisor", QINGSHAN)
        with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
            published = admin.post("/v1/catalog/versions", json=demo_catalog())
            assert published.status_code in (201, 409), published.text
        self._wait_for_catalog()
        self.officers = [self._officer(n) for n in (1, 2)]

    def _wait_for_catalog(self) -> None:
        deadline = time.monotonic() + 60
        while self.supervisor.get("/v1/enforcement-items", params={"township": QINGSHAN}).is_error:
            assert time.monotonic() < deadline, "enforcement never received the catalog"
            time.sleep(0.2)

    def _officer(self, n: int) -> str:
        today = china_date(datetime.now(UTC))
        body = {
            "name": f"执法员{n}",
            "township": QINGSHAN,
            "user_sub": f"officer-{n}",
            "certificate_no": f"99010110{n:04d}",
            "valid_from": str(today - timedelta(days=400)),
            "valid_until": str(today + timedelta(days=400)),
        }
        created = self.supervisor.post("/v1/officers", json=body)
        assert created.status_code == 201, created.text
        return str(created.json()["id"])

    def open(self, item_code: str, **over: object) -> str:
        now = datetime.now(UTC)
        body = {
            "township": QINGSHAN,
            "item_code": item_code,
            "source": "inspection",
            "party": PARTY,
            "facts": "巡查发现",
            "discovered_at": (now - timedelta(hours=1)).isoformat(),
            "act_date": str(china_date(now - timedelta(hours=1))),
            **over,
        }
        created = self.supervisor.post("/v1/cases", json=body)
        assert created.status_code == 201, created.text
        return str(created.json()["id"])

    def effects(self, case_id: str) -> Counter[str]:
        """Everything the case left behind: log entries by kind, outbox rows by type, audit rows
        by action."""
        like = f"%{case_id}%"
        rows = self.suite.query(
            ENF, "SELECT kind FROM enforcement_log WHERE case_id = :c", c=case_id
        )
        rows += self.suite.query(ENF, "SELECT ce_type FROM outbox WHERE payload LIKE :p", p=like)
        rows += self.suite.query(
            ENF,
            "SELECT 'audit:' || action FROM audit_log WHERE entity = 'case' AND entity_id = :c",
            c=case_id,
        )
        return Counter(str(row[0]) for row in rows)

    def once(
        self,
        case_id: str,
        command: str,
        body: dict[str, object],
        *,
        action: str | None = None,
        kind: str | None = None,
        events: tuple[str, ...] = (),
        refused: tuple[str, ...] = (CONFLICT,),
    ) -> dict[str, object]:
        """Ten identical `command`s at once: exactly one applies, once."""
        before = self.effects(case_id)
        outcome = burst(self.supervisor, "POST", f"/v1/cases/{case_id}/{command}", json=body)
        winner = outcome.assert_once()
        assert set(outcome.codes) <= set(refused), outcome.describe()
        added = self.effects(case_id) - before
        expected = Counter(
            [kind or f"case.{command}", "log.appended.v1", f"audit:{action or command}"]
        )
        expected.update(f"{event}.v1" for event in events)
        assert added == expected, (command, added)
        return dict(winner.json())


@pytest.fixture(scope="module")
def township(grassroots_suite: Suite):
    township = Township(grassroots_suite)
    yield township
    township.supervisor.close()


def test_the_general_procedure_applies_each_step_once(township: Township):
    case_id = township.open("ZF-012")
    today = str(china_date(datetime.now(UTC)))  # every domain date is China's
    filed = township.once(case_id, "file", {"officers": township.officers}, events=("case.filed",))
    assert filed["state"] == "filed"
    township.once(case_id, "investigate", {})
    township.once(case_id, "notify", {"proposed_fine": 20000, "grounds": "土地管理法"})
    requested = township.once(case_id, "hearing", {"requested_on": today}, action="request-hearing")
    assert requested["state"] == "hearing"
    held = township.once(
        case_id, "hearing", {"requested_on": today, "held_on": today}, action="hold-hearing"
    )
    assert held["hearing_held_on"] == today
    township.once(case_id, "decide", {"fine_yuan": 20000}, events=("case.decided",))
    township.once(case_id, "serve", {})
    township.once(case_id, "execute", {"paid_yuan": 20000})
    closed = township.once(case_id, "close", {"outcome": "结案"}, events=("case.closed",))
    assert (closed["state"], closed["version"]) == ("closed", 10)


def test_an_on_the_spot_decision_applies_once(township: Township):
    case_id = township.open("ZF-011", procedure="simplified", officers=township.officers)
    decided = township.once(
        case_id,
        "decide",
        {"fine_yuan": 100, "party_present": True},
        action="decide-on-the-spot",
        events=("case.decided",),
    )
    assert decided["state"] == "decided"


def test_extensions_and_a_transfer_apply_once(township: Township):
    case_id = township.open("ZF-001")
    filing = {"limit": "filing", "reason": "现场勘验"}
    refused = (CONFLICT, "E-EXTENSION-LIMIT")
    extended = township.once(case_id, "extend", filing, action="extend-filing", refused=refused)
    assert extended["filing_extensions"] == 1
    township.once(case_id, "file", {"officers": township.officers}, events=("case.filed",))
    decision = {"limit": "decision", "days": 10, "reason": "案情复杂"}
    refused = (CONFLICT, "E-EXTENSION-REPEATED")
    extended = township.once(case_id, "extend", decision, action="extend-decision", refused=refused)
    assert len(extended["decision_extensions"]) == 1
    moved = township.once(
        case_id,
        "transfer",
        {"to": "11990101MB0000094U", "reason": "涉嫌犯罪,移送公安机关"},
        events=("case.transferred",),
    )
    assert (moved["state"], moved["transferred_to"]) == ("transferred", "11990101MB0000094U")


def test_closing_before_filing_applies_once(township: Township):
    case_id = township.open("ZF-001")
    closed = township.once(case_id, "close", {"outcome": "不予立案"}, events=("case.closed",))
    assert closed["state"] == "not_filed"


def test_filing_an_item_not_delegated_transfers_once(township: Township):
    case_id = township.open("ZF-001")
    moved = township.once(
        case_id,
        "file",
        {"item_code": "ZF-006", "officers": township.officers},
        kind="case.transfer",
        events=("case.transferred",),
    )
    assert (moved["state"], moved["transfer_reason"]) == ("transferred", "E-ITEM-NOT-DELEGATED")
    log = township.suite.query(
        ENF, "SELECT body FROM enforcement_log WHERE case_id = :c ORDER BY seq", c=case_id
    )
    bodies = [json.loads(b) if isinstance(b, str) else b for (b,) in log]
    assert [(b["from"], b["to"]) for b in bodies] == [
        (None, "discovered"),
        ("discovered", "transferred"),
    ]


def test_a_case_read_answers_while_a_burst_is_refused(township: Township):
    """The losers of a burst leave the case readable and unchanged."""
    case_id = township.open("ZF-001")
    township.once(case_id, "close", {}, events=("case.closed",))
    again = burst(township.supervisor, "POST", f"/v1/cases/{case_id}/close", json={})
    assert again.statuses == Counter({409: 10}), again.describe()
    read = township.supervisor.get(f"/v1/cases/{case_id}")
    assert read.status_code == 200 and read.json()["version"] == 2
