"""The enforcement log's entry rule, shared by the service and the offline verifier:
`hash = sha256(prev_hash + canonical JSON of the entry document)`."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from grassroots.common.transparency.verify import Entry

GENESIS = "0" * 64
FIELDS = ("township", "seq", "kind", "case_id", "at", "actor", "body", "prev_hash")


def canonical(entry: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (Chinese kept as is)."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def iso(at: datetime) -> str:
    """The time as hashed: UTC, ISO-8601 with microseconds and offset."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, document: dict[str, Any]) -> str:
    """sha256(prev_hash + canonical entry), hex."""
    return hashlib.sha256(prev_hash.encode() + canonical(document)).hexdigest()


def entry_of(document: dict[str, Any], stored_hash: str) -> Entry:
    """The verifier's view of one stored or exported entry."""
    hashed = {k: document.get(k) for k in FIELDS}
    ok = entry_hash(str(hashed["prev_hash"]), hashed) == stored_hash
    return Entry(int(document["seq"]), stored_hash, str(document["prev_hash"]), ok)


def origin(township: str) -> str:
    """The name a township's log signs its checkpoints under."""
    return f"grassroots/enforcement/{township}"
