"""The library's framework codes fire from `install_error_handlers`: a refusal the framework
raises (Starlette's HTTPException) is mapped by its status, a row changed under an unguarded
write is E-CONCURRENT-CHANGE, and any other failure is a bare 500 E-INTERNAL that leaks nothing."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from grassroots.common.app.errors import install_error_handlers
from grassroots.common.problems import PROBLEM_JSON

SECRET = "password=hunter2 at /srv/grassroots/db.py line 42"


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/bad-request")
    async def bad_request() -> None:
        raise HTTPException(400, "There was an error parsing the body")

    @app.get("/teapot")
    async def teapot() -> None:
        raise HTTPException(418)  # a 4xx the registry has no code of: a malformed request

    @app.get("/media-type")
    async def media_type() -> None:
        raise HTTPException(415, "只接受 application/json")

    @app.get("/stale")
    async def stale() -> None:
        raise StaleDataError(
            "UPDATE statement on table 'demands' expected to update 1 row(s); 0 were matched."
        )

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError(SECRET)

    @app.get("/database-defect")
    async def database_defect() -> None:
        raise IntegrityError("INSERT INTO demands ...", {}, Exception(SECRET))

    return app


@pytest.fixture
def client():
    with TestClient(_app(), raise_server_exceptions=False) as client:
        yield client


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["code"] == code and body["status"] == status
    assert body["type"] == f"urn:grassroots:problem:{code}" and body["title"]
    return body


def test_a_malformed_request_is_e_bad_request(client):
    body = _problem(client.get("/bad-request"), 400, "E-BAD-REQUEST")
    assert body["detail"] == "There was an error parsing the body"
    assert body["instance"] == "/bad-request"
    _problem(client.get("/teapot"), 400, "E-BAD-REQUEST")


def test_an_unsupported_content_type_is_e_media_type(client):
    body = _problem(client.get("/media-type"), 415, "E-MEDIA-TYPE")
    assert body["detail"] == "只接受 application/json"


def test_a_row_changed_under_a_write_is_e_concurrent_change(client):
    body = _problem(client.get("/stale"), 409, "E-CONCURRENT-CHANGE")
    assert "detail" not in body  # the statement is not the caller's business
    assert "demands" not in client.get("/stale").text


@pytest.mark.parametrize("path", ["/crash", "/database-defect"])
def test_any_other_failure_is_e_internal_and_leaks_nothing(client, path):
    response = client.get(path)
    body = _problem(response, 500, "E-INTERNAL")
    assert set(body) <= {"type", "title", "status", "code", "instance"}
    for leak in (SECRET, "hunter2", "Traceback", "RuntimeError", "IntegrityError"):
        assert leak not in response.text
