"""FastAPI dependencies: `PrincipalDep` and `require_roles(...)`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from grassroots.common.auth.principal import Principal

# Declared so OpenAPI documents the bearer scheme; verification is ours (stable problem codes).
_bearer = HTTPBearer(auto_error=False, description="JWT with sub, org and roles")


async def current_principal(
    request: Request, _: Annotated[object, Depends(_bearer)] = None
) -> Principal:
    """The verified caller; 401 problem+json otherwise."""
    principal: Principal = await request.app.state.authenticator.principal(
        request.headers.get("authorization")
    )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits only callers holding one of `roles`."""

    async def dependency(principal: PrincipalDep) -> Principal:
        principal.require_any(*roles)
        return principal

    return dependency
