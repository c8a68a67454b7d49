"""Settings: suite-wide values read unprefixed, per-service values under the service's env prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_KEY = "grassroots-dev-key-not-for-production-0123456789"


def _suite(name: str) -> AliasChoices:
    """An unprefixed environment name shared by every service of the suite."""
    return AliasChoices(name, name.lower())


class ServiceSettings(BaseSettings):
    """The shared base: each service subclasses it with its own `env_prefix` and defaults."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "grassroots"
    port: int = 8000
    database_url: str = "sqlite+aiosqlite:///var/grassroots.db"
    # PostgreSQL: the owner that runs the migrations; `database_url` is then a role that owns
    # nothing and is granted only what the service needs (`grassroots-migrate` grants it)
    migration_database_url: str | None = None
    consumer_group: str = ""

    env: Literal["dev", "test", "prod"] = Field("dev", validation_alias=_suite("GRASSROOTS_ENV"))
    log_level: str = Field("INFO", validation_alias=_suite("LOG_LEVEL"))
    clock_file: str | None = Field(None, validation_alias=_suite("GRASSROOTS_CLOCK_FILE"))

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_suite("KAFKA_BOOTSTRAP_SERVERS")
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", validation_alias=_suite("KAFKA_SECURITY_PROTOCOL")
    )
    kafka_sasl_mechanism: str | None = Field(None, validation_alias=_suite("KAFKA_SASL_MECHANISM"))
    kafka_sasl_username: str | None = Field(None, validation_alias=_suite("KAFKA_SASL_USERNAME"))
    kafka_sasl_password: str | None = Field(None, validation_alias=_suite("KAFKA_SASL_PASSWORD"))
    kafka_ssl_cafile: str | None = Field(None, validation_alias=_suite("KAFKA_SSL_CAFILE"))
    kafka_enable_idempotence: bool = Field(
        False, validation_alias=_suite("KAFKA_ENABLE_IDEMPOTENCE")
    )
    kafka_topic_partitions: int = Field(6, ge=1, validation_alias=_suite("KAFKA_TOPIC_PARTITIONS"))
    kafka_replication_factor: int = Field(
        1, ge=1, validation_alias=_suite("KAFKA_REPLICATION_FACTOR")
    )
    kafka_request_timeout_ms: int = Field(
        10_000, ge=1000, validation_alias=_suite("KAFKA_REQUEST_TIMEOUT_MS")
    )
    consumer_max_records: int = Field(500, ge=1, validation_alias=_suite("CONSUMER_MAX_RECORDS"))
    consumer_max_attempts: int = Field(5, ge=1, validation_alias=_suite("CONSUMER_MAX_ATTEMPTS"))
    consumer_retry_base_ms: int = Field(
        100, ge=1, validation_alias=_suite("CONSUMER_RETRY_BASE_MS")
    )
    outbox_batch_size: int = Field(500, ge=1, validation_alias=_suite("OUTBOX_BATCH_SIZE"))
    outbox_poll_ms: int = Field(200, ge=10, validation_alias=_suite("OUTBOX_POLL_MS"))
    outbox_retention_days: int = Field(7, ge=0, validation_alias=_suite("OUTBOX_RETENTION_DAYS"))
    messaging_enabled: bool = Field(True, validation_alias=_suite("MESSAGING_ENABLED"))
    # net allocations between two collections of a serving process (CPython's default: 700)
    gc_threshold: int = Field(50_000, ge=100, validation_alias=_suite("GC_THRESHOLD"))
    max_body_bytes: int = Field(1_048_576, ge=1024, validation_alias=_suite("MAX_BODY_BYTES"))
    # path prefix -> bytes, over the service's own declarations (JSON: {"/v1/layers": 67108864})
    body_limits: dict[str, int] = Field(
        default_factory=dict, validation_alias=_suite("BODY_LIMITS")
    )

    jwt_dev_key: str = Field(DEV_JWT_KEY, validation_alias=_suite("JWT_DEV_KEY"))
    jwt_jwks_url: str | None = Field(None, validation_alias=_suite("JWT_JWKS_URL"))
    jwt_issuer: str | None = Field(None, validation_alias=_suite("JWT_ISSUER"))
    jwt_audience: str | None = Field(None, validation_alias=_suite("JWT_AUDIENCE"))
    # the longest a token may live (exp - iat): a person's session, another system's credential
    jwt_max_minutes: int = Field(720, ge=1, validation_alias=_suite("JWT_MAX_MINUTES"))
    jwt_service_max_minutes: int = Field(
        1440, ge=1, validation_alias=_suite("JWT_SERVICE_MAX_MINUTES")
    )
    jwt_leeway_seconds: int = Field(30, ge=0, le=300, validation_alias=_suite("JWT_LEEWAY_SECONDS"))

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_prod(self) -> ServiceSettings:
        if len(self.jwt_dev_key.encode()) < 32:
            raise ValueError("JWT_DEV_KEY must be at least 32 bytes (HS256 needs a 256-bit key)")
        if self.env == "prod" and self.jwt_jwks_url is None:
            raise ValueError("GRASSROOTS_ENV=prod needs JWT_JWKS_URL: asymmetric keys only")
        if self.env == "prod" and self.database_url.startswith("sqlite"):
            raise ValueError("GRASSROOTS_ENV=prod needs a PostgreSQL DATABASE_URL")
        if self.env == "prod" and self.clock_file is not None:
            raise ValueError("GRASSROOTS_CLOCK_FILE (a shifted clock) is for tests, not prod")
        return self

    @property
    def group(self) -> str:
        """The Kafka consumer group: the setting, or the service name."""
        return self.consumer_group or self.service_name

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SuiteSettings(ServiceSettings):
    """Only the suite-wide values (used by the token CLI and the dev stack)."""

    model_config = SettingsConfigDict(extra="ignore", env_prefix="GRASSROOTS_UNUSED_")
