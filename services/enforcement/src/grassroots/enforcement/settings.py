"""Settings of enforcement: env prefix ENFORCEMENT_ (suite-wide values are unprefixed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.settings import ServiceSettings
from grassroots.common.transparency.checkpoints import PublicKeyB64, private_key
from grassroots.enforcement.policy import Policy

# The built-in signing seed of the log's checkpoints: dev and tests only, refused in prod.
DEV_LOG_SEED = "gh6kY7eY9BnZaCkTSZGkF/CujIeKNnoiDAaGSWOinC4="


class EnforcementSettings(ServiceSettings):
    """enforcement's settings; e.g. ENFORCEMENT_DATABASE_URL, ENFORCEMENT_PORT."""

    model_config = SettingsConfigDict(
        env_prefix="ENFORCEMENT_", extra="ignore", populate_by_name=True
    )

    service_name: str = "enforcement"
    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///var/enforcement.db"
    policy: Policy = Field(default_factory=Policy)
    overdue_scan_seconds: float = Field(60.0, gt=0, description="pause between overdue scans")

    # ENFORCEMENT_LOG_SIGNING_KEYS='["<seed b64>", "<older seed b64>"]' (`grassroots-log-key`
    # prints one): the first signs new checkpoints, the others are older keys still trusted when
    # verifying, so a key is rotated by putting the new seed first. The key id is derived.
    log_signing_keys: list[SecretStr] = Field(
        default_factory=lambda: [SecretStr(DEV_LOG_SEED)],
        min_length=1,
        description="base64 Ed25519 seeds; the first signs, the rest still verify",
    )
    # public keys (base64, raw 32 bytes) of retired keys whose seeds were destroyed
    log_public_keys: list[PublicKeyB64] = Field(default_factory=list)
    checkpoint_seconds: float = Field(
        300.0, gt=0, description="pause between checkpoints of the townships whose log grew"
    )
    # the witness outside this database (the evaluation service) that keeps every checkpoint
    # and every announced entry hash; None: verify against the local checkpoints only
    witness_url: str | None = None
    witness_timeout_seconds: float = Field(5.0, gt=0)

    @field_validator("log_signing_keys")
    @classmethod
    def _seeds_are_ed25519(cls, seeds: list[SecretStr]) -> list[SecretStr]:
        for n, seed in enumerate(seeds, start=1):
            try:
                private_key(seed.get_secret_value())
            except ValueError as exc:
                raise ValueError(f"log signing key {n} is not a base64 Ed25519 seed") from exc
        return seeds

    @model_validator(mode="after")
    def _refuse_dev_log_key_in_prod(self) -> EnforcementSettings:
        if self.env == "prod" and any(
            s.get_secret_value() == DEV_LOG_SEED for s in self.log_signing_keys
        ):
            raise ValueError(
                "GRASSROOTS_ENV=prod needs ENFORCEMENT_LOG_SIGNING_KEYS: the built-in dev key "
                "signs nothing in production"
            )
        return self


# a route's settings: `settings: SettingsDep`
SettingsDep = Annotated[EnforcementSettings, Depends(settings_of(EnforcementSettings))]
