"""The burden ledger: pure tally, periods, and the endpoint with CSV and XLSX exports."""

import io
from datetime import date

from openpyxl import load_workbook

from grassroots.common import clock
from grassroots.common.db import utcnow
from grassroots.task_admission.burden.rules import FillingCounts, LedgerRow, period_bounds, tally


def test_period_bounds():
    assert period_bounds("2026-11") == (date(2026, 11, 1), date(2026, 12, 1), "2026-10")
    assert period_bounds("2026-12") == (date(2026, 12, 1), date(2027, 1, 1), "2026-11")
    assert period_bounds("2026-01") == (date(2026, 1, 1), date(2026, 2, 1), "2025-12")
    assert period_bounds("2026") == (date(2026, 1, 1), date(2027, 1, 1), "2025")


def test_tally_counts_every_metric():
    rows = [
        LedgerRow("task", "completed", 100.0, True, True, False, False),
        LedgerRow("task", "dispatched", 50.0, True, False, True, True),
        LedgerRow("report_form", "rejected", 999.0, False, None, False, False),
        LedgerRow("meeting", "admitted", 0.0, False, None, True, False),
        LedgerRow("inspection", "returned", 0.0, False, None, False, True),
    ]
    m = tally(rows, (3, 1))
    assert m["demands"] == 5 and m["kind_task"] == 2 and m["kind_report_form"] == 1
    assert (m["outcome_admitted"], m["outcome_rejected"], m["outcome_returned"]) == (3, 1, 1)
    assert (m["forms"], m["meetings"], m["inspections"]) == (0, 1, 0)
    assert m["returns"] == 2 and m["funding_yuan"] == 150.0
    assert (m["completed"], m["completed_on_time"], m["completed_late"], m["overdue"]) == (
        2,
        1,
        1,
        2,
    )
    assert (m["complaints_filed"], m["complaints_upheld"]) == (3, 1)
    assert m["form_fillings"] == m["form_fields_asked"] == 0


def test_tally_counts_the_answers_of_the_fillings_it_submitted():
    fillings = [FillingCounts(prefilled=4, shared=1, typed=1), FillingCounts(0, 2, 3)]
    m = tally([], fillings=fillings)
    assert m["form_fillings"] == 2
    assert (m["form_fields_prefilled"], m["form_fields_shared"], m["form_fields_typed"]) == (
        4,
        3,
        4,
    )
    assert m["form_fields_asked"] == 11  # every answer given, however it came


async def test_burden_endpoint_and_exports(api):
    _, client, h = api
    today = clock.china_date(utcnow())
    period = f"{today.year:04d}-{today.month:02d}"
    for body in (h.basic_task(targets=[h.QINGSHAN, h.SHIMEN]), h.basic_task(clarities={})):
        await client.post("/v1/demands", json=body, headers=h.dept())
    params = {"org": h.QINGSHAN, "period": period}
    response = await client.get("/v1/burden", params=params, headers=h.township())
    assert response.status_code == 200, response.text
    metrics = {m["name"]: m for m in response.json()["metrics"]}
    assert metrics["demands"]["value"] == 2
    assert metrics["outcome_returned"]["value"] == 1 and metrics["returns"]["value"] == 1
    assert metrics["funding_yuan"]["value"] == 2500
    assert metrics["demands"]["previous"] == 0 and metrics["demands"]["change"] == 2
    csv_response = await client.get(
        "/v1/burden", params=params, headers={**h.township(), "Accept": "text/csv"}
    )
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert "派单总数" in csv_response.text
    xlsx = await client.get("/v1/burden", params={**params, "format": "xlsx"}, headers=h.reviewer())
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(3, 1).value == "派单总数" and sheet.cell(3, 3).value == 2
    other = await client.get("/v1/burden", params=params, headers=h.township(h.SHIMEN))
    assert other.status_code == 403
    assert (await client.get("/v1/burden", params=params, headers=h.dept())).status_code == 403
    unknown = await client.get(
        "/v1/burden", params={"org": "x", "period": "2026-11"}, headers=h.auditor()
    )
    assert unknown.status_code == 403 and unknown.json()["code"] == "AUTH-SCOPE"  # no such unit
    bad = await client.get(
        "/v1/burden", params={"org": h.QINGSHAN, "period": "2026-13"}, headers=h.auditor()
    )
    assert bad.status_code == 422
