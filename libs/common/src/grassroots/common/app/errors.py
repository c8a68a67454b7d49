"""Every error leaves as RFC 9457 problem+json with a stable code."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from grassroots.common.app.validation import clean_errors
from grassroots.common.problems import PROBLEM_JSON, ProblemError
from grassroots.common.refusals import Refusal, status_of

CONCURRENT = "E-CONCURRENT-CHANGE"

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: ("E-BAD-REQUEST", "请求格式错误"),
    401: ("AUTH-MISSING", "需要身份认证"),
    403: ("AUTH-ROLE", "无权执行此操作"),
    404: ("E-NOT-FOUND", "资源不存在"),
    405: ("E-METHOD", "不支持该请求方法"),
    406: ("E-NOT-ACCEPTABLE", "不支持请求的响应格式"),
    413: ("E-TOO-LARGE", "请求体过大"),
    415: ("E-MEDIA-TYPE", "不支持的内容类型"),
}


def problem_response(problem: ProblemError, request: Request | None = None) -> JSONResponse:
    """The JSON response for a problem."""
    instance = str(request.url.path) if request is not None else None
    return JSONResponse(
        problem.body(instance),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers or None,
    )


def _sqlstate(exc: DBAPIError) -> str:
    """The SQLSTATE of a database error, when the driver tells it (PostgreSQL does)."""
    for candidate in (exc.orig, getattr(exc.orig, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return ""


def database_problem(exc: BaseException) -> ProblemError | None:
    """What a database failure means to the caller: 503 while it is away (retry later), 422 for
    a value it cannot store; None for anything else (a defect)."""
    unavailable = isinstance(exc, OSError | OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if unavailable:
        log.warning("database unavailable", extra={"error": repr(exc)})
        return ProblemError(
            503, "E-UNAVAILABLE", "数据库暂不可用，请稍后重试", headers={"Retry-After": "5"}
        )
    if isinstance(exc, DBAPIError) and _sqlstate(exc).startswith("22"):
        return ProblemError(
            422, "E-INVALID-VALUE", "输入中含有无法保存的字符或数值（如空字符、超出范围的数字）"
        )
    return None


def refusal_problem(refusal: Refusal) -> ProblemError:
    """A rule's refusal as problem+json, with the status registered for its code."""
    return ProblemError(
        status_of(refusal.code), refusal.code, refusal.message, refusal.detail, **refusal.extra()
    )


def install_error_handlers(app: FastAPI) -> None:
    """Registers the problem+json handlers on an app."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(Refusal)
    async def _refusal(request: Request, exc: Refusal) -> JSONResponse:
        return problem_response(refusal_problem(exc), request)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        # a row changed under a write that did not go through the lifecycle engine's claim
        return problem_response(
            ProblemError(409, CONCURRENT, "该记录已被他人同时修改，请刷新后重试"), request
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = ProblemError(
            422, "E-VALIDATION", "请求内容不符合要求", errors=clean_errors(list(exc.errors()))
        )
        return problem_response(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _HTTP_CODES.get(exc.status_code, (f"E-HTTP-{exc.status_code}", "请求失败"))
        detail = exc.detail if isinstance(exc.detail, str) else None
        response = problem_response(ProblemError(exc.status_code, code, title, detail), request)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(OSError)
    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        problem = database_problem(exc)
        if problem is None:
            log.exception("database error", exc_info=exc)
            problem = ProblemError(500, "E-INTERNAL", "服务内部错误")
        return problem_response(problem, request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(ProblemError(500, "E-INTERNAL", "服务内部错误"), request)
