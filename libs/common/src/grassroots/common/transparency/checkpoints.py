"""Signed checkpoints of a log (tree size, root hash, time, key id), Ed25519 over a fixed text.

The signed text is, line by line: the log's origin (e.g. `grassroots/enforcement/990101101000`),
the tree size, the root hash in hex, the time (UTC ISO-8601). A key id is the first 16 hex digits
of SHA-256 over the raw public key, so a rotated key is told apart and an old checkpoint still
verifies against the key it was signed with.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import AfterValidator


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_raw(public)).hexdigest()[:16]


def private_key(seed_b64: str) -> Ed25519PrivateKey:
    """The signing key from its 32-byte seed, base64 (a secret setting)."""
    raw = base64.b64decode(seed_b64, validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key(raw_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(raw_b64, validate=True))


def _checked_public_key(raw_b64: str) -> str:
    try:
        public_key(raw_b64)
    except ValueError as exc:
        raise ValueError("not a base64 raw Ed25519 public key (32 bytes)") from exc
    return raw_b64


# a setting holding a public key: refused at start-up unless it is one
PublicKeyB64 = Annotated[str, AfterValidator(_checked_public_key)]


def new_seed() -> str:
    """A fresh signing seed, base64 (for `grassroots-log-key`)."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    key = Ed25519PrivateKey.generate()
    return _b64(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement: the log `origin` had `tree_size` entries with `root_hash` at `time`."""

    origin: str
    tree_size: int
    root_hash: str  # hex
    time: datetime
    key_id: str
    signature: str  # base64

    def text(self) -> bytes:
        return signed_text(self.origin, self.tree_size, self.root_hash, self.time)

    def document(self) -> dict[str, Any]:
        return asdict(self) | {"time": self.time.astimezone(UTC).isoformat()}

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Checkpoint:
        time = doc["time"]
        time = datetime.fromisoformat(time) if isinstance(time, str) else time
        return cls(
            origin=str(doc["origin"]),
            tree_size=int(doc["tree_size"]),
            root_hash=str(doc["root_hash"]),
            time=time,
            key_id=str(doc["key_id"]),
            signature=str(doc["signature"]),
        )


def signed_text(origin: str, tree_size: int, root_hash: str, time: datetime) -> bytes:
    stamp = time.astimezone(UTC).isoformat(timespec="microseconds")
    return f"{origin}\n{tree_size}\n{root_hash}\n{stamp}\n".encode()


def sign(
    key: Ed25519PrivateKey, origin: str, tree_size: int, root_hash: str, time: datetime
) -> Checkpoint:
    signature = key.sign(signed_text(origin, tree_size, root_hash, time))
    return Checkpoint(origin, tree_size, root_hash, time, key_id(key.public_key()), _b64(signature))


def verify_signature(checkpoint: Checkpoint, keys: dict[str, Ed25519PublicKey]) -> bool:
    """True when the checkpoint is signed by the trusted key its key id names."""
    key = keys.get(checkpoint.key_id)
    if key is None:
        return False
    try:
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.text())
    except (InvalidSignature, ValueError):
        return False
    return True


def keyring(public_keys_b64: list[str]) -> dict[str, Ed25519PublicKey]:
    """Trusted public keys by key id."""
    keys = [public_key(k) for k in public_keys_b64]
    return {key_id(k): k for k in keys}
