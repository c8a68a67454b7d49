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
from grassroots.common.codes import (
    AUTH_MISSING,
    AUTH_ROLE,
    BAD_REQUEST,
    CONCURRENT_CHANGE,
    INTERNAL,
    INVALID_VALUE,
    MEDIA_TYPE,
    METHOD,
    NOT_ACCEPTABLE,
    NOT_FOUND,
    TOO_LARGE,
    UNAVAILABLE,
    VALIDATION,
    Code,
)
from grassroots.common.problems import PROBLEM_JSON, ProblemError
from grassroots.common.refusals import Refusal

log = logging.getLogger(__name__)

# what the framework's own refusals mean; any other status it raises is a malformed request
_HTTP_CODES: dict[int, Code] = {
    code.status: code
    for code in (
        BAD_REQUEST,
        AUTH_MISSING,
        AUTH_ROLE,
        NOT_FOUND,
        METHOD,
        NOT_ACCEPTABLE,
        TOO_LARGE,
        MEDIA_TYPE,
    )
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
        return ProblemError(UNAVAILABLE, headers={"Retry-After": "5"})
    if isinstance(exc, DBAPIError) and _sqlstate(exc).startswith("22"):
        return ProblemError(INVALID_VALUE)
    return None


def refusal_problem(refusal: Refusal) -> ProblemError:
    """A rule's refusal as problem+json, with the status registered for its code."""
    return ProblemError(refusal.code, refusal.message, refusal.detail, **refusal.extra())


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
        return problem_response(ProblemError(CONCURRENT_CHANGE), request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = ProblemError(VALIDATION, errors=clean_errors(list(exc.errors())))
        return problem_response(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, INTERNAL if exc.status_code >= 500 else BAD_REQUEST)
        # a server error says nothing of its cause; a client error says what the framework saw
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code < 500 else None
        response = problem_response(ProblemError(code, None, detail), request)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(OSError)
    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        problem = database_problem(exc)
        if problem is None:
            log.exception("database error", exc_info=exc)
            problem = ProblemError(INTERNAL)
        return problem_response(problem, request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(ProblemError(INTERNAL), request)
