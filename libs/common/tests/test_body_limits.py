"""Bodies over a route's limit are refused with 413 before the app reads them — before auth."""

import httpx
from fastapi import FastAPI, Header, Request

from grassroots.common.app.errors import install_error_handlers
from grassroots.common.app.limits import BodyLimitMiddleware

calls: list[int] = []


def _app() -> BodyLimitMiddleware:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/v1/notes")
    @app.post("/v1/layers/import")
    async def take(request: Request, authorization: str | None = Header(None)) -> dict[str, int]:
        if authorization is None:  # stands for the auth dependency
            return {"status": 401}
        calls.append(1)
        return {"size": len(await request.body())}

    return BodyLimitMiddleware(app, default=1000, limits={"/v1/layers": 10_000})


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t")


async def test_a_declared_length_over_the_limit_is_413_before_the_app_runs():
    calls.clear()
    async with _client() as client:
        response = await client.post("/v1/notes", content=b"x" * 1001)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "E-TOO-LARGE"
    assert calls == []


async def test_a_chunked_body_is_cut_off_at_the_limit():
    async def chunks():
        for _ in range(20):
            yield b"x" * 100

    async with _client() as client:
        response = await client.post(
            "/v1/notes", content=chunks(), headers={"Authorization": "Bearer t"}
        )
    assert response.status_code == 413
    assert response.json()["code"] == "E-TOO-LARGE"


async def test_within_the_limit_and_on_a_route_that_takes_more_the_body_passes():
    async with _client() as client:
        small = await client.post("/v1/notes", content=b"x" * 1000, headers={"Authorization": "t"})
        layer = await client.post(
            "/v1/layers/import", content=b"x" * 9000, headers={"Authorization": "t"}
        )
        too_big = await client.post("/v1/layers/import", content=b"x" * 10_001)
    assert small.json() == {"size": 1000}
    assert layer.json() == {"size": 9000}
    assert too_big.status_code == 413


async def test_an_unauthenticated_large_body_gets_413_not_401():
    async with _client() as client:
        response = await client.post("/v1/notes", content=b"x" * 5_000_000)
    assert response.status_code == 413
