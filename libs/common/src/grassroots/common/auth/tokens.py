"""Token verification (HS256 dev key, or RS256 through a JWKS URL) and dev token minting."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from grassroots.common.auth.principal import Principal
from grassroots.common.codes import (
    AUTH_EXPIRED,
    AUTH_INVALID,
    AUTH_LIFETIME,
    AUTH_MISSING,
    AUTH_NOT_YET_VALID,
)
from grassroots.common.problems import ProblemError
from grassroots.common.settings import ServiceSettings

# a 12-digit administrative division code (县、乡镇、村) or an 18-character unified social credit
# code (县直部门), GB 32100-2015's alphabet
ORG_CODE = re.compile(r"\d{12}|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


class Authenticator:
    """Turns a bearer token into a Principal, or a 401 problem with a stable code."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None

    async def principal(self, authorization: str | None) -> Principal:
        """Verifies `Authorization: Bearer …` and returns the caller."""
        if not authorization:
            raise ProblemError(
                AUTH_MISSING, "缺少身份令牌", "请求头需要 Authorization: Bearer <token>"
            )
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ProblemError(
                AUTH_MISSING, "身份令牌格式错误", "应为 Authorization: Bearer <token>"
            )
        claims = await self._decode(token.strip())
        roles = claims.get("roles")
        sub, org = claims.get("sub"), claims.get("org")
        if not isinstance(sub, str) or not isinstance(org, str) or not isinstance(roles, list):
            raise ProblemError(AUTH_INVALID, "身份令牌缺少 sub、org 或 roles")
        if not sub.strip() or not ORG_CODE.fullmatch(org):
            raise ProblemError(
                AUTH_INVALID,
                "身份令牌的 sub 或 org 无效",
                "org 应为12位区划代码或18位统一社会信用代码",
            )
        self._check_lifetime(claims, service="service" in roles)
        county = claims.get("county")
        return Principal(
            sub=sub,
            org=org,
            roles=frozenset(str(r) for r in roles),
            county=county if isinstance(county, str) else None,
        )

    def _check_lifetime(self, claims: dict[str, Any], *, service: bool) -> None:
        """exp - iat within the policy's cap (iat required, so a lifetime can be told)."""
        cap = self.settings.jwt_service_max_minutes if service else self.settings.jwt_max_minutes
        lifetime = float(claims["exp"]) - float(claims["iat"])
        if lifetime > cap * 60 + self.settings.jwt_leeway_seconds:
            raise ProblemError(AUTH_LIFETIME, None, f"有效期不得超过 {cap} 分钟")

    async def _decode(self, token: str) -> dict[str, Any]:
        options: dict[str, Any] = {"require": ["exp", "iat", "sub"]}
        kwargs: dict[str, Any] = {"options": options, "leeway": self.settings.jwt_leeway_seconds}
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
            raise ProblemError(AUTH_EXPIRED) from exc
        except jwt.ImmatureSignatureError as exc:
            raise ProblemError(AUTH_NOT_YET_VALID, None, str(exc)) from exc
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as exc:
            raise ProblemError(AUTH_INVALID, None, _why(exc)) from exc


def _why(exc: Exception) -> str:
    """Why a token was refused, for a person (PyJWT's own words are English)."""
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"缺少声明 {exc.claim}"
    for kind, text in (
        (jwt.InvalidSignatureError, "签名不符"),
        (jwt.InvalidAudienceError, "受众(aud)不符"),
        (jwt.InvalidIssuerError, "签发方(iss)不符"),
        (jwt.InvalidAlgorithmError, "不接受该签名算法"),
        (jwt.InvalidIssuedAtError, "签发时间(iat)无效"),
        (jwt.PyJWKClientError, "无法从密钥服务取得签名密钥"),
        (jwt.DecodeError, "令牌无法解析"),
    ):
        if isinstance(exc, kind):
            return text
    return "令牌不符合要求"


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
