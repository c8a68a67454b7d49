"""Idempotency-Key across failures: a claim abandoned by a dead request is taken over, an effect
that committed without its answer is never run again, and the database away is a clean 503."""

from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from grassroots.common.app.idempotency import request_digest
from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import COMMITTED, IdempotencyRow, OutboxRow, mark_committed
from grassroots.common.problems import PROBLEM_JSON, ProblemError
from grassroots.testkit.apps import auth

SCOPE = "990101000000|catalog_admin@990101000000|/v1/notes"
BODY = b'{"version": "a"}'


def _headers(app, key: str) -> dict[str, str]:
    admin = auth(app.state.settings, "catalog_admin", org="990101000000")
    return {**admin, "content-type": "application/json", "Idempotency-Key": key}


async def _claim(app, key: str, **row) -> int:
    async with app.state.database.transaction() as session:
        claim = IdempotencyRow(scope=SCOPE, key=key, request_hash=request_digest(BODY), **row)
        session.add(claim)
        await session.flush()
        return claim.id


async def _events(app) -> int:
    async with app.state.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


async def test_a_claim_abandoned_longer_than_the_lease_is_taken_over(offline_probe):
    app, client = offline_probe
    await _claim(app, "k-dead", created_at=utcnow() - timedelta(minutes=2))
    response = await client.post("/v1/notes", content=BODY, headers=_headers(app, "k-dead"))
    assert response.status_code == 201, response.text
    assert await _events(app) == 1
    again = await client.post("/v1/notes", content=BODY, headers=_headers(app, "k-dead"))
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert await _events(app) == 1


async def test_an_effect_committed_without_its_answer_is_not_run_again(offline_probe):
    app, client = offline_probe
    await _claim(app, "k-lost", created_at=utcnow() - timedelta(minutes=2), status=COMMITTED)
    response = await client.post("/v1/notes", content=BODY, headers=_headers(app, "k-lost"))
    assert response.status_code == 409
    assert response.json()["code"] == "E-IDEMPOTENCY-ANSWER-LOST"
    assert await _events(app) == 0


async def test_a_request_whose_claim_was_taken_over_cannot_commit(offline_probe):
    app, _ = offline_probe
    claim = await _claim(app, "k-fenced", created_at=utcnow())
    async with app.state.database.transaction() as session:  # the takeover
        await session.delete(await session.get(IdempotencyRow, claim))
    with pytest.raises(ProblemError) as refused:
        async with app.state.database.transaction() as session:
            await mark_committed(session, claim)
    assert refused.value.code == "E-IDEMPOTENCY-IN-PROGRESS"


async def test_the_database_away_while_claiming_is_503_problem_json(offline_probe, monkeypatch):
    app, client = offline_probe

    @asynccontextmanager
    async def unreachable():
        raise ConnectionRefusedError(111, "Connect call failed")
        yield

    monkeypatch.setattr(app.state.runtime.database, "transaction", unreachable)
    response = await client.post("/v1/notes", content=BODY, headers=_headers(app, "k-down"))
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["retry-after"] == "5"
    assert response.json()["code"] == "E-UNAVAILABLE"
