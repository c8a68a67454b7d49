"""RS256 tokens verified through a JWKS endpoint (production mode), served locally."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from grassroots.common.auth import Authenticator
from grassroots.common.problems import ProblemError
from grassroots.common.settings import ServiceSettings


@pytest.fixture
def jwks():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield key, f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()


def _token(key, **claims) -> str:
    base = {
        "sub": "system-a",
        "org": "990101000000",
        "roles": ["service"],
        "iat": time.time(),
        "exp": time.time() + 60,
        "iss": "https://idp.example",
        "aud": "grassroots",
    }
    return jwt.encode({**base, **claims}, key, algorithm="RS256", headers={"kid": "k1"})


def _authenticator(url: str) -> Authenticator:
    return Authenticator(
        ServiceSettings(
            env="prod",
            jwt_jwks_url=url,
            jwt_issuer="https://idp.example",
            jwt_audience="grassroots",
            database_url="postgresql+asyncpg://u@h/d",
        )
    )


async def test_rs256_token_from_the_jwks(jwks):
    key, url = jwks
    principal = await _authenticator(url).principal(f"Bearer {_token(key)}")
    assert (principal.sub, principal.roles) == ("system-a", frozenset({"service"}))


async def test_rs256_wrong_audience_issuer_or_signer_refused(jwks):
    key, url = jwks
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (_token(key, aud="other"), _token(key, iss="https://evil.example"), _token(other)):
        with pytest.raises(ProblemError) as err:
            await _authenticator(url).principal(f"Bearer {token}")
        assert err.value.code == "AUTH-INVALID"


async def test_hs256_token_refused_in_jwks_mode(jwks):
    _, url = jwks
    token = jwt.encode(
        {"sub": "a", "org": "x", "roles": ["auditor"], "exp": time.time() + 60},
        "guess-" + "x" * 40,
        algorithm="HS256",
    )
    with pytest.raises(ProblemError) as err:
        await _authenticator(url).principal(f"Bearer {token}")
    assert err.value.code == "AUTH-INVALID"
