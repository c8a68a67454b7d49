"""The chart speaks the services' language: the names, ports and environment variables it sets
are the ones the services read (grassroots.common.services and the shared settings base, which
every service subclasses with only its env prefix and defaults changed)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import AliasChoices
from pydantic_settings import SettingsConfigDict

from grassroots.common.services import ENV_PREFIXES, PORTS, SERVICE_NAMES
from grassroots.common.settings import ServiceSettings


def settings_class(name: str) -> type[Any]:
    """The shared settings base under the service's env prefix, as each service declares it."""
    config = SettingsConfigDict(
        env_prefix=ENV_PREFIXES[name], extra="ignore", populate_by_name=True
    )
    return type(f"{name}Settings", (ServiceSettings,), {"model_config": config})


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
        monkeypatch.setenv(key, url if key.endswith("DATABASE_URL") else "from-a-secret")

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
