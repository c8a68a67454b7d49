"""FastAPI dependencies: `PrincipalDep` and `require_roles(...)`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from grassroots.common import clock
from grassroots.common.auth.placement import placed
from grassroots.common.auth.principal import Principal

# Declared so OpenAPI documents the bearer scheme; verification is ours (stable problem codes).
_bearer = HTTPBearer(auto_error=False, description="JWT with sub, org and roles")


async def current_principal(
    request: Request, _: Annotated[object, Depends(_bearer)] = None
) -> Principal:
    """The verified caller, placed in its county by the catalog in force; 401 or 403
    problem+json otherwise (`placement.placed`)."""
    principal: Principal = await request.app.state.authenticator.principal(
        request.headers.get("authorization")
    )
    async with request.app.state.database.sessions() as session:
        principal = await placed(session, principal, clock.today())
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits only callers holding one of `roles`."""

    async def dependency(principal: PrincipalDep) -> Principal:
        principal.require_any(*roles)
        return principal

    return dependency
