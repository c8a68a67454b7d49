"""enforcement steps: certified officers, a referral's case from filing to closing, an
on-the-spot penalty, and a filing refused for lateness (行政处罚法)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from county.context import County
from county.grid import GridEvent
from county.month import CHINA, MORNING
from county.orgs import PARTY
from grassroots.common.calendar import add_working_days

ENF = "enforcement"
FILING_WORKING_DAYS = 15  # the enforcement policy's default (market-regulation rule)


def _discovered_for_filing_due(due: date) -> date:
    """A discovery date whose filing limit ends exactly on `due` (China's working days)."""
    day = due - timedelta(days=60)
    while add_working_days(day, FILING_WORKING_DAYS) != due:
        day += timedelta(days=1)
        assert day < due, f"no discovery date has its filing limit on {due}"
    return day


def add_officers(county: County, township: str) -> None:
    """Two officers with certificates valid around the month (Art. 42 needs two)."""
    today = county.today
    for n in (1, 2):
        sub = f"officer-{township}-{n}"
        body = {
            "name": f"执法员{n}",
            "township": township,
            "user_sub": sub,
            "certificate_no": f"{township[:9]}{n:04d}",
            "valid_from": str(today - timedelta(days=400)),
            "valid_until": str(today + timedelta(days=400)),
        }
        got = county.call(
            ENF, "enforcement_supervisor", township, "POST", "/v1/officers", json=body, expect=201
        )
        county.officers.setdefault(township, []).append((got["id"], sub))


def _act(
    county: County,
    township: str,
    case_id: str,
    action: str,
    body: dict[str, Any],
    officer: bool = False,
    expect: int = 200,
) -> Any:
    role, sub = "enforcement_supervisor", None
    if officer:
        role, sub = "enforcement_officer", county.officers[township][0][1]
    return county.call(
        ENF,
        role,
        township,
        "POST",
        f"/v1/cases/{case_id}/{action}",
        json=body,
        sub=sub,
        expect=expect,
    )


def case_of(county: County, event: GridEvent) -> str:
    """The case enforcement opened from a referral (source grid_referral, state discovered)."""
    found: list[dict[str, Any]] = []

    def opened() -> bool:
        page = county.call(
            ENF,
            "enforcement_supervisor",
            event.township,
            "GET",
            "/v1/cases",
            params={"township": event.township},
        )
        found[:] = [c for c in page["items"] if c["grid_event_id"] == event.id]
        return bool(found)

    county.eventually(opened, f"a case opened for grid event {event.id}")
    assert (found[0]["state"], found[0]["source"]) == ("discovered", "grid_referral")
    return str(found[0]["id"])


def prosecute(county: County, township: str, case_id: str, fine: float) -> None:
    """立案 → 调查 → 告知 → 决定 → 送达 → 执行 → 结案, each in time."""
    officers = [officer_id for officer_id, _ in county.officers[township]]
    _act(county, township, case_id, "file", {"officers": officers, "party": PARTY})
    county.ledger.case_filed(township)
    _act(county, township, case_id, "investigate", {}, officer=True)
    _act(
        county,
        township,
        case_id,
        "notify",
        {"proposed_fine": fine, "grounds": "依法告知"},
        officer=True,
    )
    _act(county, township, case_id, "decide", {"fine_yuan": fine, "party_present": True})
    county.ledger.case_decided(township)
    _act(county, township, case_id, "serve", {}, officer=True)
    _act(county, township, case_id, "execute", {"paid_yuan": fine}, officer=True)
    closed = _act(county, township, case_id, "close", {}, officer=True)
    assert closed["state"] == "closed"


def _open(county: County, township: str, body: dict[str, Any]) -> str:
    full = {"township": township, "party": PARTY, **body}
    got = county.call(
        ENF, "enforcement_supervisor", township, "POST", "/v1/cases", json=full, expect=201
    )
    return str(got["id"])


def on_the_spot(county: County, township: str, item_code: str, fine: float) -> None:
    """当场处罚 (simplified procedure): decided without filing, then served, paid, closed."""
    officers = [officer_id for officer_id, _ in county.officers[township]]
    case_id = _open(
        county,
        township,
        {
            "item_code": item_code,
            "source": "patrol",
            "facts": "巡查发现违规燃放烟花爆竹",
            "discovered_at": (county.now() - timedelta(hours=1)).isoformat(),
            "officers": officers,
            "procedure": "simplified",
        },
    )
    _act(county, township, case_id, "decide", {"fine_yuan": fine, "party_present": True})
    county.ledger.case_decided(township)
    _act(county, township, case_id, "serve", {}, officer=True)
    _act(county, township, case_id, "execute", {"paid_yuan": fine}, officer=True)
    assert _act(county, township, case_id, "close", {}, officer=True)["state"] == "closed"


def filing_refused_as_late(county: County, township: str, item_code: str) -> None:
    """Discovered so long ago that its 15 working days to file ended on the month's first working
    day: filing is refused (E-FILING-LATE), the overdue scan flags the case, and it closes not
    filed: a miss in the township's 及时立案率 for the month the limit fell in."""
    officers = [officer_id for officer_id, _ in county.officers[township]]
    due = county.month.date(1)
    discovered = datetime.combine(_discovered_for_filing_due(due), MORNING, tzinfo=CHINA)
    case_id = _open(
        county,
        township,
        {
            "item_code": item_code,
            "source": "inspection",
            "facts": "群众举报违法占用耕地建房",
            "discovered_at": discovered.isoformat(),
            "act_date": str(discovered.date()),
            "officers": officers,
        },
    )
    refused = _act(county, township, case_id, "file", {}, expect=422)
    assert refused["code"] == "E-FILING-LATE", refused
    county.eventually(
        lambda: county.events("case.overdue.v1", case_id=case_id, limit="filing"),
        "the overdue scan flags the unfiled case",
    )
    county.ledger.case_filing_missed(township)
    assert _act(county, township, case_id, "close", {})["state"] == "not_filed"
