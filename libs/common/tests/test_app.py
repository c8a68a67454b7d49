"""The app factory: health, problem+json for everything, auth, idempotency."""

import re

from grassroots.common.problems import PROBLEM_JSON
from grassroots.testkit.apps import auth


def _admin(app):
    return auth(app.state.settings, "catalog_admin", org="990101000000")


async def test_health_and_metrics(offline_probe):
    app, client = offline_probe
    assert (await client.get("/livez")).json() == {"status": "alive"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    await client.post("/v1/notes", json={"version": "a"}, headers=_admin(app))
    text = (await client.get("/metrics")).text
    assert 'grassroots_http_request_duration_seconds_count{method="POST",route="/v1/notes"' in text


async def test_no_token_is_401_problem_json(offline_probe):
    _, client = offline_probe
    response = await client.get("/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "AUTH-MISSING"


async def test_token_reaches_an_authenticated_endpoint(offline_probe):
    app, client = offline_probe
    response = await client.get("/v1/me", headers=_admin(app))
    assert response.status_code == 200 and response.json()["roles"] == ["catalog_admin"]
    assert response.headers["x-request-id"]


async def test_missing_role_is_403(offline_probe):
    app, client = offline_probe
    headers = auth(app.state.settings, "auditor", org="990101000000")
    response = await client.post("/v1/notes", json={"version": "a"}, headers=headers)
    assert response.status_code == 403 and response.json()["code"] == "AUTH-ROLE"


async def test_malformed_bodies_are_422_problem_json(offline_probe):
    app, client = offline_probe
    headers = {**_admin(app), "content-type": "application/json"}
    for body in (b"{", b"[]", b'{"version": 5}', b"\xff\xfe", b""):
        response = await client.post("/v1/notes", content=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["code"] == "E-VALIDATION"


async def test_unknown_route_and_method(offline_probe):
    _, client = offline_probe
    assert (await client.get("/nope")).json()["code"] == "E-NOT-FOUND"
    assert (await client.delete("/livez")).json()["code"] == "E-METHOD"


async def test_a_retry_re_serialised_with_other_whitespace_or_key_order_is_the_same_request(
    offline_probe,
):
    app, client = offline_probe
    headers = {**_admin(app), "Idempotency-Key": "k-ws", "content-type": "application/json"}
    first = await client.post("/v1/notes", content=rb'{"version":"\u7ea2"}', headers=headers)
    again = await client.post(
        "/v1/notes", content=' {\n  "version" : "红"\n}'.encode(), headers=headers
    )
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"


async def test_idempotency_key_replays_the_first_answer(offline_probe):
    app, client = offline_probe
    headers = {**_admin(app), "Idempotency-Key": "k-1"}
    first = await client.post("/v1/notes", json={"version": "a"}, headers=headers)
    again = await client.post("/v1/notes", json={"version": "a"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    other = await client.post("/v1/notes", json={"version": "b"}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "E-IDEMPOTENCY-MISMATCH"
    from sqlalchemy import func, select

    from grassroots.common.db.plumbing import OutboxRow

    async with app.state.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 1


async def test_idempotency_key_too_long_and_in_progress(offline_probe):
    from grassroots.common.app.idempotency import request_digest
    from grassroots.common.db.base import utcnow
    from grassroots.common.db.plumbing import IdempotencyRow

    app, client = offline_probe
    headers = {**_admin(app), "content-type": "application/json"}
    long_key = await client.post(
        "/v1/notes", content=b'{"version": "a"}', headers={**headers, "Idempotency-Key": "k" * 201}
    )
    assert long_key.status_code == 400 and long_key.json()["code"] == "E-IDEMPOTENCY-KEY"
    body = b'{"version": "b"}'
    async with app.state.database.transaction() as session:  # a first attempt still running
        session.add(
            IdempotencyRow(
                scope="990101000000|catalog_admin@990101000000|/v1/notes",
                key="k-2",
                request_hash=request_digest(body),
                created_at=utcnow(),
            )
        )
    busy = await client.post(
        "/v1/notes", content=body, headers={**headers, "Idempotency-Key": "k-2"}
    )
    assert busy.status_code == 409 and busy.json()["code"] == "E-IDEMPOTENCY-IN-PROGRESS"


async def test_the_docs_pages_load_everything_from_the_service_itself(offline_probe):
    _, client = offline_probe
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(s.startswith("/") for s in sources), (page, sources)
        for source in sources:
            assert (await client.get(source)).status_code == 200, source


async def test_validation_messages_are_chinese_and_the_type_stays_english(offline_probe):
    app, client = offline_probe
    missing = await client.post("/v1/notes", json={}, headers=_admin(app))
    wrong = await client.post("/v1/notes", json={"version": ["a"]}, headers=_admin(app))
    assert missing.status_code == wrong.status_code == 422
    (error,) = missing.json()["errors"]
    assert (error["loc"], error["msg"], error["type"]) == (
        ["body", "version"],
        "缺少必填项",
        "missing",
    )
    assert wrong.json()["errors"][0]["msg"] == "应为文本"
    assert "Field required" not in missing.text and "pydantic" not in wrong.text


def test_every_translated_message_formats_with_its_context():
    from grassroots.common.app.validation import message_of

    assert (
        message_of({"type": "string_too_long", "ctx": {"max_length": 40}})
        == "文本过长(最多 40 个字符)"
    )
    assert message_of({"type": "value_error", "msg": "Value error, 截止日期不能早于今天"}) == (
        "截止日期不能早于今天"
    )
    assert message_of({"type": "greater_than_equal"}) == "应不小于"  # no ctx: the words alone
    assert message_of({"type": "something_new"}) == "取值不符合要求"


async def test_a_body_over_the_services_limit_is_413_before_authentication(offline_probe):
    _, client = offline_probe
    huge = b'{"version": "' + b"x" * (2 * 2**20) + b'"}'
    response = await client.post(
        "/v1/notes", content=huge, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["code"] == "E-TOO-LARGE"
    assert response.headers["content-type"] == "application/problem+json"
