"""No secret value is ever inlined: database URLs, the SASL password and JWT keys come from
Secrets; the chart writes a Secret only from devSecrets, and never into a ConfigMap."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

SECRET_LIKE = re.compile(r"PASSWORD|SECRET|TOKEN|DATABASE_URL|JWT_DEV_KEY|PRIVATE")
# Credentials in a URL: scheme://user:password@host
URL_WITH_PASSWORD = re.compile(r"[a-z+]+://[^/\s:@]+:[^/\s@]+@")

SENTINEL_URL = "postgresql+asyncpg://grid:Sentinel-Db-Pw-7f3a@db:5432/grid"
SENTINEL_KEY = "Sentinel-Jwt-Key-19c2-long-enough-for-hs256"


def test_database_urls_come_from_the_named_secrets(production_release: Any) -> None:
    for service in production_release.enabled:
        name = production_release.name_of(service)
        prefix = service.upper().replace("-", "_")
        for kind, obj in [("Deployment", name), ("Job", f"{name}-migrate")]:
            env = production_release.env(production_release.container(kind, obj))
            assert env[f"{prefix}_DATABASE_URL"] == {
                "name": f"{prefix}_DATABASE_URL",
                "valueFrom": {"secretKeyRef": {"name": f"grassroots-{service}-db", "key": "url"}},
            }


def test_default_values_name_a_secret_per_service(default_release: Any) -> None:
    for service in default_release.enabled:
        name = default_release.name_of(service)
        prefix = service.upper().replace("-", "_")
        env = default_release.env(default_release.container("Deployment", name))
        ref = env[f"{prefix}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert ref == {"name": f"{name}-db", "key": "url"}


def test_the_chart_makes_no_secret_unless_dev_secrets_are_given(release: Any) -> None:
    assert release.kind("Secret") == []


def test_nothing_secret_like_is_a_plain_value(release: Any) -> None:
    for doc in release.kind("ConfigMap"):
        leaked = [key for key in doc["data"] if SECRET_LIKE.search(key)]
        assert leaked == [], doc["metadata"]["name"]
    for obj, spec in release.pod_specs():
        for container in spec["containers"]:
            plain = [
                e["name"]
                for e in container.get("env", [])
                if "value" in e and SECRET_LIKE.search(e["name"])
            ]
            assert plain == [], f"{obj['kind']}/{obj['metadata']['name']}"
    for path, text in release.files.items():
        assert not URL_WITH_PASSWORD.search(text), path


def test_dev_secret_values_land_only_in_the_secret(render: Callable[..., Any]) -> None:
    release = render(
        {"devSecrets": {"databaseUrls": {"grid": SENTINEL_URL}, "jwtDevKey": SENTINEL_KEY}}
    )
    (secret,) = release.kind("Secret")
    decoded = {key: base64.b64decode(value).decode() for key, value in secret["data"].items()}

    assert decoded == {"grid-database-url": SENTINEL_URL, "jwt-dev-key": SENTINEL_KEY}
    others = [doc for doc in release.docs if doc["kind"] != "Secret"]
    rendered = yaml.safe_dump_all(others) + release.notes
    for value in (SENTINEL_URL, SENTINEL_KEY, "Sentinel-Db-Pw-7f3a"):
        assert value not in rendered
        assert base64.b64encode(value.encode()).decode() not in rendered
    env = release.env(release.container("Deployment", "grassroots-grid"))
    assert env["JWT_DEV_KEY"]["valueFrom"]["secretKeyRef"]["key"] == "jwt-dev-key"


def test_an_own_dev_key_secret_feeds_jwt_dev_key(render: Callable[..., Any]) -> None:
    release = render({"auth": {"devKeySecret": {"name": "county-jwt", "key": "hs256"}}})

    for service in release.enabled:
        env = release.env(release.container("Deployment", release.name_of(service)))
        assert env["JWT_DEV_KEY"]["valueFrom"]["secretKeyRef"] == {
            "name": "county-jwt",
            "key": "hs256",
        }


def strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every (key path, string value) of a parsed values file."""
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in strings(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [pair for i, value in enumerate(node) for pair in strings(value, f"{path}[{i}]")]
    return [(path, node)] if isinstance(node, str) else []


def test_the_shipped_values_files_hold_no_credentials(chart_dir: Path) -> None:
    for path in [chart_dir / "values.yaml", chart_dir / "values-production.example.yaml"]:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = [
            key
            for key, value in strings(values)
            if value
            and (URL_WITH_PASSWORD.search(value) or key.endswith((".password", ".jwtDevKey")))
        ]
        assert found == [], path.name
        assert values.get("devSecrets", {}).get("databaseUrls", {}) == {}
