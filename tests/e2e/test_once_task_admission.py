"""Double clicks on every transition of task-admission, over HTTP against the real processes
(SQLite, and PostgreSQL when TEST_POSTGRES_URL is set): of ten requests released together,
exactly one applies, with one history row and one event; the others answer 409 (or 412 for an
old If-Match), never 5xx. Conflicting rulings and reviews likewise."""

import time
from datetime import date
from typing import Any

import pytest

from grassroots.common.calendar import add_working_days
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.bursts import burst

TA = "task-admission"
COUNTY = "990101000000"
FORESTRY = "11990101MB0000107H"  # 县林业局
SOCIAL_WORK = "11990101MB0000203T"  # 社会工作部, the admission reviewer
MARKET = "11990101MB0000051E"
QINGSHAN = "990101101000"  # 青山镇
QINGSHAN_VILLAGE = "990101101201"
CLEAR = {
    "department_does": "县林业局制定方案并提供宣传资料和技术指导",
    "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
    "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
}


def _task(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "task",
        "title": "秋冬季森林防火宣传和巡查",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "targets": [QINGSHAN],
        "deadline": add_working_days(date.today(), 10).isoformat(),
        "duty_item_code": "T-B-001",
        "clarities": CLEAR,
        "support": {"funding_yuan": 5000},
    }
    return body | overrides


UNLISTED = {
    "duty_item_code": None,
    "title": "组织参加全县书法摄影作品比赛",
    "description": "请各乡镇推荐书法摄影爱好者报名参赛并收集作品。",
    "clarities": {**CLEAR, "grassroots_does": "乡镇推荐报名人员并收集参赛作品"},
}


@pytest.fixture(scope="module")
def suite(grassroots_suite):
    with grassroots_suite.client(TA, "catalog_admin", COUNTY) as admin:
        published = admin.post("/v1/catalog/versions", json=demo_catalog())
        assert published.status_code in (201, 409), published.text
    return grassroots_suite


def _client(suite, role: str, org: str):
    return suite.client(TA, role, org, county=COUNTY)


def _submit(suite, body: dict[str, Any], status: str) -> str:
    with _client(suite, "dept_submitter", FORESTRY) as dept:
        created = dept.post("/v1/demands", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == status, created.json()["decision"]
    return str(created.json()["id"])


def _history(suite, demand_id: str, *actions: str) -> list[tuple[Any, ...]]:
    rows = suite.query(
        TA,
        "SELECT action, status_from, status_to FROM demand_history"
        " WHERE demand_id = :id ORDER BY id",
        id=demand_id,
    )
    return [tuple(r) for r in rows if r[0] in actions]


def _events(suite, key: str) -> list[str]:
    rows = suite.query(TA, "SELECT ce_type FROM outbox WHERE key = :key ORDER BY id", key=key)
    return [str(r[0]).removesuffix(".v1") for r in rows]


def test_ten_receipts_apply_once_then_ten_completions(suite):
    demand = _submit(suite, _task(), "admitted")
    url = f"/v1/demands/{demand}"
    with _client(suite, "township_admin", QINGSHAN) as township:
        burst(township, "POST", f"{url}/receipts").assert_once()
        assert _history(suite, demand, "receive") == [("receive", "admitted", "admitted")]
        assert _events(suite, demand).count("demand.received") == 1
        again = township.post(f"{url}/receipts")  # a repeat after one applied is a conflict too
        assert again.status_code == 409 and again.json()["code"] == "E-ASSIGNMENT-STATE"

        done = burst(township, "POST", f"{url}/completion", json={"summary": "已完成"})
        assert done.assert_once().json()["status"] == "completed"
    # the only part done completes the demand: the real from → to
    assert _history(suite, demand, "complete") == [("complete", "admitted", "completed")]
    assert _events(suite, demand).count("demand.completed") == 1


def test_ten_dispatches_apply_once(suite):
    demand = _submit(suite, _task(), "admitted")
    with _client(suite, "township_admin", QINGSHAN) as township:
        outcome = burst(
            township,
            "POST",
            f"/v1/demands/{demand}/dispatch",
            json={"villages": [QINGSHAN_VILLAGE]},
        )
    assert outcome.assert_once().json()["status"] == "dispatched"
    assert _history(suite, demand, "dispatch") == [("dispatch", "admitted", "dispatched")]
    assert _events(suite, demand).count("demand.dispatched") == 1
    with _client(suite, "village_operator", QINGSHAN_VILLAGE) as village:
        burst(village, "POST", f"/v1/demands/{demand}/receipts").assert_once()
    assert _history(suite, demand, "receive") == [("receive", "dispatched", "dispatched")]
    assert _events(suite, demand).count("demand.received") == 1


def test_ten_resubmissions_apply_once(suite):
    demand = _submit(suite, _task(clarities={}), "returned")
    path = f"/v1/demands/{demand}/resubmit"
    with _client(suite, "dept_submitter", FORESTRY) as dept:
        # still unclear: returned → returned, and its repeats are repeats
        vague = _task(clarities={"department_does": "无"})
        assert burst(dept, "POST", path, json=vague).assert_once().json()["status"] == "returned"
        fixed = burst(dept, "POST", path, json=_task())
    assert fixed.assert_once().json()["status"] == "admitted"
    assert _history(suite, demand, "resubmit") == [
        ("resubmit", "returned", "returned"),
        ("resubmit", "returned", "admitted"),
    ]
    assert _events(suite, demand) == [
        "demand.submitted",
        "demand.returned",
        "demand.submitted",
        "demand.returned",
        "demand.submitted",
        "demand.admitted",
    ]


def test_ten_withdrawals_apply_once(suite):
    demand = _submit(suite, _task(), "admitted")
    with _client(suite, "dept_submitter", FORESTRY) as dept:
        outcome = burst(dept, "POST", f"/v1/demands/{demand}/withdraw", json={"reason": "重复"})
    assert outcome.assert_once().json()["status"] == "withdrawn"
    assert _history(suite, demand, "withdraw") == [("withdraw", "admitted", "withdrawn")]
    assert _events(suite, demand).count("demand.withdrawn") == 1


def test_ten_identical_reviews_with_if_match_apply_once(suite):
    demand = _submit(suite, _task(**UNLISTED), "needs_review")
    with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
        outcome = burst(
            reviewer,
            "POST",
            f"/v1/demands/{demand}/review",
            json={"action": "approve"},
            headers={"If-Match": '"1"'},
        )
    winner = outcome.assert_once(refused=(409, 412))
    assert winner.json()["status"] == "admitted" and winner.headers["etag"] == '"2"'
    assert _history(suite, demand, "review_approve") == [
        ("review_approve", "needs_review", "admitted")
    ]
    assert _events(suite, demand).count("demand.admitted") == 1


def test_ten_re_mapping_reviews_apply_once_and_teach_one_example(suite):
    demand = _submit(suite, _task(**UNLISTED), "needs_review")
    review = {"action": "approve", "duty_item_code": "T-B-065"}
    with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
        outcome = burst(reviewer, "POST", f"/v1/demands/{demand}/review", json=review)
    winner = outcome.assert_once()
    assert winner.json()["duty_item_code"] == "T-B-065"
    assert _history(suite, demand, "review_approve") == [
        ("review_approve", "needs_review", "admitted")
    ]
    with _client(suite, "catalog_admin", COUNTY) as admin:
        page = admin.get("/v1/match/example-candidates", params={"item": "T-B-065", "limit": 200})
    assert page.status_code == 200, page.text
    assert [c["demand_id"] for c in page.json()["candidates"]].count(demand) == 1


def test_conflicting_reviews_apply_one_verdict(suite):
    demand = _submit(suite, _task(**UNLISTED), "needs_review")
    verdicts = [{"action": "approve"}, {"action": "reject", "reason": "与减负要求不符"}] * 5
    with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
        outcome = burst(reviewer, "POST", f"/v1/demands/{demand}/review", bodies=verdicts)
    status = outcome.assert_once().json()["status"]
    assert _history(suite, demand, "review_approve", "review_reject") == [
        (
            {"admitted": "review_approve", "rejected": "review_reject"}[status],
            "needs_review",
            status,
        )
    ]
    decided = [e for e in _events(suite, demand) if e in ("demand.admitted", "demand.rejected")]
    assert decided == [f"demand.{status}"]


def _complaint(suite) -> str:
    body = {
        "kind": "bypassed_platform",
        "department": MARKET,
        "description": "县市场监管局通过微信群直接要求各村检查食品作坊,未经平台派单",
    }
    with _client(suite, "village_operator", QINGSHAN_VILLAGE) as village:
        filed = village.post("/v1/complaints", json=body)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"])


def _rulings(suite, complaint: str) -> int:
    rows = suite.query(
        TA,
        "SELECT count(*) FROM audit_log WHERE entity = 'complaint' AND entity_id = :id"
        " AND action = 'rule'",
        id=complaint,
    )
    return int(rows[0][0])


@pytest.mark.parametrize("conflicting", [False, True], ids=["identical", "conflicting"])
def test_ten_rulings_apply_one_verdict(suite, conflicting):
    complaint = _complaint(suite)
    upheld = {"upheld": True, "reason": "情况属实"}
    dismissed = {"upheld": False, "reason": "查无实据"}
    bodies = [upheld, dismissed] * 5 if conflicting else [upheld] * 10
    with _client(suite, "admission_reviewer", SOCIAL_WORK) as reviewer:
        outcome = burst(reviewer, "POST", f"/v1/complaints/{complaint}/ruling", bodies=bodies)
        winner = outcome.assert_once()
        assert outcome.codes == {"E-COMPLAINT-STATE": 9}
        stored = reviewer.get(f"/v1/complaints/{complaint}").json()
    assert (
        stored["status"] == winner.json()["status"] and stored["upheld"] == winner.json()["upheld"]
    )
    assert _rulings(suite, complaint) == 1
    assert _events(suite, complaint) == ["complaint.filed", "complaint.ruled"]


def _filling(suite, demand: str, org: str) -> str:
    """The filling the demand's admission opened for `org` (task-admission's own consumer)."""
    deadline = time.monotonic() + 60
    with _client(suite, "village_operator", org) as village:
        while True:
            items = village.get("/v1/fillings", params={"status": "open"}).json()["items"]
            found = [i["id"] for i in items if i["demand_id"] == demand]
            if found:
                return str(found[0])
            assert time.monotonic() < deadline, "no filling opened"
            time.sleep(0.2)


def test_ten_filling_submissions_apply_once(suite):
    form = next(
        f for f in demo_catalog()["approved_forms"] if f["title"] == "村(社区)基本情况统计表"
    )
    demand = _submit(
        suite,
        _task(
            kind="report_form",
            title="报送村(社区)年度基本数据",
            description="请各村(社区)在平台上核对并报送年度基本数据,已有数据自动预填。",
            target_level="village",
            targets=[QINGSHAN_VILLAGE],
            duty_item_code=None,
            form_code=form["code"],
        ),
        "admitted",
    )
    filling = _filling(suite, demand, QINGSHAN_VILLAGE)
    with _client(suite, "village_operator", QINGSHAN_VILLAGE) as village:
        values = {label: "1" for label in form["fields"]}
        answered = village.put(
            f"/v1/fillings/{filling}/values", json={"rows": [{"values": values}]}
        )
        assert answered.status_code == 200, answered.text
        outcome = burst(village, "POST", f"/v1/fillings/{filling}/submit")
        assert outcome.assert_once().json()["status"] == "submitted"
        assert outcome.codes == {"E-FILLING-STATE": 9}
    # one submission: one event, the village's part (the demand's only one) completed once
    assert _events(suite, filling) == ["form.filling.opened", "form.filling.submitted"]
    assert _history(suite, demand, "complete") == [("complete", "admitted", "completed")]
    assert _events(suite, demand).count("demand.completed") == 1
