"""Monthly ledgers (台账): figures from real cases, CSV and XLSX exports."""

import io
from datetime import UTC, datetime

from enforcementtest_factories import Actors, open_case
from openpyxl import load_workbook

from grassroots.enforcement.ledgers.compute import CaseFacts, Month, ledger


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_ledger_arithmetic():
    cases = [
        CaseFacts(
            "a",
            "closed",
            "ZF-001",
            "焚烧",
            ["o1", "o2"],
            at(1),
            at(2),
            at(12),
            1000,
            at(20),
            1000,
            at(21),
        ),
        CaseFacts(
            "b", "transferred", "ZF-006", "河道", [], at(3), None, None, None, None, None, at(3)
        ),
        CaseFacts(
            "c", "decided", "ZF-001", "焚烧", ["o1"], at(4), at(5), at(9), 500, None, None, None
        ),
        CaseFacts(
            "d",
            "filed",
            "ZF-001",
            "焚烧",
            ["o2"],
            datetime(2026, 2, 1, tzinfo=UTC),
            datetime(2026, 2, 2, tzinfo=UTC),
            None,
            None,
            None,
            None,
            None,
        ),
    ]
    result = ledger("990101101000", Month.parse("2026-03"), cases, {"d": 1}, {"o1": "张"})
    assert result.cases_by_state == {"closed": 1, "decided": 1, "transferred": 1}
    t = result.totals
    assert (t.opened, t.decided, t.fines_decided_yuan, t.fines_paid_yuan) == (3, 2, 1500, 1000)
    assert (t.transfers, t.closed, t.overdue) == (1, 1, 1)
    assert t.average_days_to_decision == 7.0  # (10 + 4) / 2
    o1 = next(r for r in result.by_officer if r.key == "o1")
    assert (o1.label, o1.decided, o1.fines_decided_yuan) == ("张", 2, 1500)
    items = {r.key: r for r in result.by_item}
    assert items["ZF-006"].transfers == 1 and items["ZF-001"].overdue == 1
    assert Month.parse("2026-12").end == datetime(2027, 1, 1, tzinfo=UTC)


async def test_ledger_over_http_with_exports(staffed):
    app, client, actors, officers = staffed
    now = datetime.now(UTC)
    month = f"{now.year:04d}-{now.month:02d}"
    quick = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-011",
        discovered_at=now.isoformat(),
        act_date=None,
    )
    decided = await client.post(
        f"/v1/cases/{quick['id']}/decide",
        json={"fine_yuan": 150, "party_present": True},
        headers=actors.supervisor,
    )
    assert decided.status_code == 200
    await open_case(client, actors, item_code="ZF-006", discovered_at=now.isoformat())
    params = {"township": actors.township, "month": month}
    body = (await client.get("/v1/ledgers", params=params, headers=actors.auditor)).json()
    assert body["totals"]["opened"] == 2 and body["totals"]["transfers"] == 1
    assert body["totals"]["fines_decided_yuan"] == 150
    assert body["cases_by_state"] == {"decided": 1, "transferred": 1}
    csv = await client.get(
        "/v1/ledgers", params=params, headers={**actors.auditor, "Accept": "text/csv"}
    )
    assert csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("维度,代码") and "ZF-011" in text
    xlsx = await client.get(
        "/v1/ledgers", params={**params, "format": "xlsx"}, headers=actors.officer()
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == "维度" and values[2][1] == actors.township
    assert ".0," not in text and ".0\r" not in text  # counts written as integers, not 1.0
    pdf = await client.get(
        "/v1/ledgers", params=params, headers={**actors.auditor, "Accept": "application/pdf"}
    )
    assert pdf.status_code == 406 and pdf.json()["code"] == "E-NOT-ACCEPTABLE"
    other = Actors(app, "990101102000")
    denied = await client.get("/v1/ledgers", params=params, headers=other.supervisor)
    assert denied.status_code == 403
    bad = await client.get(
        "/v1/ledgers", params={**params, "month": "2026-13"}, headers=actors.auditor
    )
    assert bad.status_code == 422
