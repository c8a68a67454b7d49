"""The chart speaks the services' language: the names, ports and environment variables it sets
are the ones the services read (grassroots.common.services, the ports and prefixes of
grassroots.dev.harness, and the shared settings base, which every service subclasses with only
its env prefix and defaults changed)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import AliasChoices

from grassroots.common.services import SERVICE_NAMES, service
from grassroots.common.settings import ServiceSettings
from grassroots.common.transparency.checkpoints import new_seed
from grassroots.dev.harness import ENV_PREFIXES, PORTS

# what the production example's Secrets hold, where "from-a-secret" would not parse
SECRET_VALUES = {"ENFORCEMENT_LOG_SIGNING_KEYS": f'["{new_seed()}"]'}


def settings_class(name: str) -> type[Any]:
    """The service's own settings class (its prefix, its own settings beside the shared ones)."""
    cls = type(service(name).spec().settings)
    assert issubclass(cls, ServiceSettings) and cls.model_config["env_prefix"] == ENV_PREFIXES[name]
    return cls


def env_names(cls: type[Any]) -> set[str]:
    """Every environment variable a settings class reads."""
    prefix = cls.model_config.get("env_prefix", "")
    names = set()
    for field_name, info in cls.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {str(choice).upper() for choice in alias.choices}
        else:
            names.add(f"{prefix}{field_name}".upper())
    return names


def test_the_chart_knows_the_services_the_code_knows(
    default_release: Any, services: dict[str, tuple[int, str]]
) -> None:
    assert sorted(SERVICE_NAMES) == default_release.enabled
    assert {name: port for name, (port, _) in services.items()} == PORTS
    assert {name: prefix for name, (_, prefix) in services.items()} == ENV_PREFIXES
    chart_ports = {name: svc["port"] for name, svc in default_release.values["services"].items()}
    assert chart_ports == PORTS


def test_every_variable_the_chart_sets_is_read_by_the_service(release: Any) -> None:
    for name in release.enabled:
        known = env_names(settings_class(name)) | {"GRASSROOTS_SERVICE"}
        deployment = release.name_of(name)
        config = release.get("ConfigMap", deployment)["data"]
        container = release.container("Deployment", deployment)

        assert set(config) - known == set(), name
        assert set(release.env(container)) - known == set(), name


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_the_production_environment_makes_valid_settings(
    production_release: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    deployment = production_release.name_of(name)
    config = production_release.get("ConfigMap", deployment)["data"]
    secret_env = production_release.env(production_release.container("Deployment", deployment))
    url = f"postgresql+asyncpg://{name}:pw@db:5432/{name}"
    for key in list(env_names(settings_class(name))):
        monkeypatch.delenv(key, raising=False)
    for key, value in config.items():
        monkeypatch.setenv(key, value)
    for key in secret_env:
        monkeypatch.setenv(
            key, SECRET_VALUES.get(key, url if key.endswith("DATABASE_URL") else "from-a-secret")
        )

    settings = settings_class(name)()

    assert settings.env == "prod"
    assert settings.port == PORTS[name]
    assert settings.database_url == url
    assert settings.kafka_security_protocol == "SASL_SSL"
    assert settings.kafka_sasl_mechanism == "SCRAM-SHA-512"
    assert settings.kafka_sasl_password == "from-a-secret"
    assert settings.kafka_ssl_cafile == "/etc/grassroots/kafka-ca/ca.crt"
    assert settings.kafka_enable_idempotence is True
    assert settings.kafka_topic_partitions == 12
    assert settings.jwt_jwks_url == config["JWT_JWKS_URL"]


def test_enforcement_reaches_its_witness_and_nothing_else_does(release: Any) -> None:
    evaluation = release.name_of("evaluation")
    url = f"http://{evaluation}:{PORTS['evaluation']}"
    for name in release.enabled:
        config = release.get("ConfigMap", release.name_of(name))["data"]
        assert config.get("ENFORCEMENT_WITNESS_URL") == (url if name == "enforcement" else None)
    policies = {p["metadata"]["name"]: p for p in release.kind("NetworkPolicy")}
    if not policies:
        return
    egress = policies[release.name_of("enforcement")]["spec"]["egress"]
    to_evaluation = [
        rule
        for rule in egress
        for peer in rule.get("to", [])
        if peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component")
        == "evaluation"
    ]
    assert [r["ports"] for r in to_evaluation] == [
        [{"port": PORTS["evaluation"], "protocol": "TCP"}]
    ]
    grid = policies[release.name_of("grid")]["spec"]["egress"]
    assert not any("podSelector" in peer for rule in grid for peer in rule.get("to", []))
