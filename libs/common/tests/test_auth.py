import time

import jwt
import pytest

from grassroots.common.auth import Authenticator, mint_dev_token
from grassroots.common.problems import ProblemError
from grassroots.common.settings import ServiceSettings

SETTINGS = ServiceSettings(env="test")


async def _code(header: str | None) -> str:
    with pytest.raises(ProblemError) as err:
        await Authenticator(SETTINGS).principal(header)
    assert err.value.status == 401
    return err.value.code


async def test_a_dev_token_gives_the_principal():
    token = mint_dev_token(SETTINGS, roles=["township_admin"], org="990101101000")
    principal = await Authenticator(SETTINGS).principal(f"Bearer {token}")
    assert principal.org == "990101101000"
    assert principal.roles == frozenset({"township_admin"})


async def test_missing_and_malformed_headers():
    assert await _code(None) == "AUTH-MISSING"
    assert await _code("Basic abc") == "AUTH-MISSING"
    assert await _code("Bearer ") == "AUTH-MISSING"
    assert await _code("Bearer not-a-jwt") == "AUTH-INVALID"


async def test_expired_token():
    token = mint_dev_token(SETTINGS, roles=["auditor"], org="990101000000", minutes=-1)
    assert await _code(f"Bearer {token}") == "AUTH-EXPIRED"


async def test_wrong_key():
    other = ServiceSettings(env="test", jwt_dev_key="another-key-" + "x" * 40)
    token = mint_dev_token(other, roles=["auditor"], org="990101000000")
    assert await _code(f"Bearer {token}") == "AUTH-INVALID"


async def test_missing_claims():
    token = jwt.encode({"sub": "a", "exp": time.time() + 60}, SETTINGS.jwt_dev_key, "HS256")
    assert await _code(f"Bearer {token}") == "AUTH-INVALID"


async def test_alg_none_refused():
    token = jwt.encode(
        {"sub": "a", "org": "x", "roles": ["auditor"], "exp": time.time() + 60}, None, "none"
    )
    assert await _code(f"Bearer {token}") == "AUTH-INVALID"


def test_role_and_org_checks():
    from grassroots.common.auth import Principal

    p = Principal(sub="u", org="990101101000", roles=frozenset({"village_operator"}))
    with pytest.raises(ProblemError) as err:
        p.require_any("admission_reviewer")
    assert (err.value.status, err.value.code) == (403, "AUTH-ROLE")
    with pytest.raises(ProblemError) as err:
        p.require_org("990101102000")
    assert (err.value.status, err.value.code) == (403, "AUTH-ORG")


def test_prod_refuses_the_dev_key():
    with pytest.raises(ValueError):
        ServiceSettings(env="prod", database_url="postgresql+asyncpg://x/y")


def test_token_cli_prints_a_token(capsys):
    from grassroots.common.auth.cli import main

    main(["--role", "township_admin", "--org", "990101101000"])
    token = capsys.readouterr().out.strip()
    claims = jwt.decode(token, SETTINGS.jwt_dev_key, algorithms=["HS256"])
    assert claims["county"] == "990101000000"


def _signed(**claims) -> str:
    now = time.time()
    base = {"sub": "u", "org": "990101101000", "roles": ["township_admin"], "iat": now}
    return jwt.encode({**base, "exp": now + 600, **claims}, SETTINGS.jwt_dev_key, "HS256")


@pytest.mark.parametrize("org", ["", " ", "x", "99010110100", "9901011010000", "../etc"])
async def test_an_empty_or_malformed_org_is_refused(org):
    assert await _code(f"Bearer {_signed(org=org)}") == "AUTH-INVALID"


async def test_a_department_credit_code_is_a_well_formed_org():
    principal = await Authenticator(SETTINGS).principal(
        f"Bearer {_signed(org='11990101MB0000107H')}"
    )
    assert principal.org == "11990101MB0000107H"


async def test_a_token_without_iat_or_living_too_long_is_refused():
    now = time.time()
    assert await _code(f"Bearer {_signed(iat=None)}") == "AUTH-INVALID"
    century = _signed(iat=now, exp=now + 100 * 365 * 86400)
    assert await _code(f"Bearer {century}") == "AUTH-LIFETIME"
    a_day = _signed(iat=now, exp=now + 86400)
    assert await _code(f"Bearer {a_day}") == "AUTH-LIFETIME"  # a person: 12 hours at most
    service = _signed(iat=now, exp=now + 86400, roles=["service"])
    assert (await Authenticator(SETTINGS).principal(f"Bearer {service}")).roles == {"service"}


async def test_a_token_from_the_future_is_refused_beyond_the_leeway():
    now = time.time()
    assert await _code(f"Bearer {_signed(nbf=now + 600)}") == "AUTH-NOT-YET-VALID"
    assert await _code(f"Bearer {_signed(iat=now + 600, exp=now + 1200)}") == "AUTH-NOT-YET-VALID"
    skewed = _signed(iat=now + 10, nbf=now + 10)  # a clock 10 s ahead is within the leeway
    assert (await Authenticator(SETTINGS).principal(f"Bearer {skewed}")).org == "990101101000"


def test_a_short_hmac_key_is_refused_everywhere_and_prod_takes_only_jwks():
    with pytest.raises(ValueError, match="32 bytes"):
        ServiceSettings(env="dev", jwt_dev_key="a")
    with pytest.raises(ValueError, match="JWKS"):
        ServiceSettings(env="prod", jwt_dev_key="k" * 64, database_url="postgresql+asyncpg://x/y")
    jwks = ServiceSettings(
        env="prod", jwt_jwks_url="https://idp/jwks", database_url="postgresql+asyncpg://x/y"
    )
    assert jwks.jwt_jwks_url


async def test_a_broken_header_is_refused_in_chinese_without_the_libraries_words():
    with pytest.raises(ProblemError) as err:
        await Authenticator(SETTINGS).principal("Bearer \xff\xfe.abc.def")
    assert (err.value.code, err.value.detail) == ("AUTH-INVALID", "令牌无法解析")
    assert "codec" not in str(err.value.body())
