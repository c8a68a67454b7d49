"""Token verification (HS256 dev key, or RS256 through a JWKS URL) and dev token minting."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from grassroots.common.auth.principal import Principal
from grassroots.common.problems import ProblemError
from grassroots.common.settings import ServiceSettings


def _unauthorized(code: str, title: str, detail: str | None = None) -> ProblemError:
    return ProblemError(401, code, title, detail)


class Authenticator:
    """Turns a bearer token into a Principal, or a 401 problem with a stable code."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None

    async def principal(self, authorization: str | None) -> Principal:
        """Verifies `Authorization: Bearer …` and returns the caller."""
        if not authorization:
            raise _unauthorized(
                "AUTH-MISSING", "缺少身份令牌", "请求头需要 Authorization: Bearer <token>"
            )
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized(
                "AUTH-MISSING", "身份令牌格式错误", "应为 Authorization: Bearer <token>"
            )
        claims = await self._decode(token.strip())
        roles = claims.get("roles")
        sub, org = claims.get("sub"), claims.get("org")
        if not isinstance(sub, str) or not isinstance(org, str) or not isinstance(roles, list):
            raise _unauthorized("AUTH-INVALID", "身份令牌缺少 sub、org 或 roles")
        county = claims.get("county")
        return Principal(
            sub=sub,
            org=org,
            roles=frozenset(str(r) for r in roles),
            county=county if isinstance(county, str) else None,
        )

    async def _decode(self, token: str) -> dict[str, Any]:
        options: dict[str, Any] = {"require": ["exp", "sub"]}
        kwargs: dict[str, Any] = {"options": options}
        if self.settings.jwt_audience:
            kwargs["audience"] = self.settings.jwt_audience
        else:
            options["verify_aud"] = False
        if self.settings.jwt_issuer:
            kwargs["issuer"] = self.settings.jwt_issuer
        try:
            if self._jwks is not None:
                key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
                return jwt.decode(token, key.key, algorithms=["RS256"], **kwargs)
            return jwt.decode(token, self.settings.jwt_dev_key, algorithms=["HS256"], **kwargs)
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("AUTH-EXPIRED", "身份令牌已过期") from exc
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as exc:
            raise _unauthorized("AUTH-INVALID", "身份令牌无效", str(exc)) from exc


def mint_dev_token(
    settings: ServiceSettings,
    *,
    roles: list[str],
    org: str,
    sub: str | None = None,
    minutes: int = 480,
    county: str | None = None,
) -> str:
    """An HS256 token signed with the dev key (local stacks and tests only)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": sub or f"{roles[0]}@{org}",
        "org": org,
        "roles": roles,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
    }
    if county:
        claims["county"] = county
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return jwt.encode(claims, settings.jwt_dev_key, algorithm="HS256")
