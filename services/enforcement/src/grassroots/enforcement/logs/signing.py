"""The log's signing keys, from the settings: the first seed signs, every key listed verifies."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from grassroots.common.transparency.checkpoints import (
    Checkpoint,
    key_id,
    private_key,
    public_key,
    public_raw,
    sign,
)
from grassroots.enforcement.settings import EnforcementSettings


@dataclass(frozen=True)
class Keys:
    """The signing key and the trusted public keys by key id (the signing one among them)."""

    signer: Ed25519PrivateKey
    trusted: dict[str, Ed25519PublicKey]

    @property
    def signing_key_id(self) -> str:
        return key_id(self.signer.public_key())

    def sign(self, origin: str, tree_size: int, root_hash: str, time: datetime) -> Checkpoint:
        return sign(self.signer, origin, tree_size, root_hash, time)

    def published(self) -> list[tuple[str, str]]:
        """(key id, base64 raw public key) of every trusted key, the signing one first."""
        ids = [self.signing_key_id, *(k for k in self.trusted if k != self.signing_key_id)]
        return [(k, base64.b64encode(public_raw(self.trusted[k])).decode()) for k in ids]


def keys_of(settings: EnforcementSettings) -> Keys:
    seeds = [private_key(s.get_secret_value()) for s in settings.log_signing_keys]
    publics = [k.public_key() for k in seeds] + [public_key(p) for p in settings.log_public_keys]
    return Keys(signer=seeds[0], trusted={key_id(p): p for p in publics})
