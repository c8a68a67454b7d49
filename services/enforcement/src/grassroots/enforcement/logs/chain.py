"""What of the log's entry rule is enforcement's own: the hashed document built from a stored
row's columns. The rule itself (canonical JSON, `sha256(prev_hash + canonical)`, the genesis)
is `grassroots.common.transparency.chainlog`, shared with the offline verifier."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from grassroots.common.transparency.chainlog import (
    GENESIS,
    canonical,
    entry_hash,
    entry_of,
    iso,
    origin,
)

__all__ = ["GENESIS", "canonical", "entry_document", "entry_hash", "entry_of", "iso", "origin"]


def entry_document(
    *,
    township: str,
    seq: int,
    kind: str,
    case_id: str | None,
    at: datetime,
    actor: str,
    body: dict[str, Any],
    prev_hash: str,
) -> dict[str, Any]:
    """Every field of an entry that the hash covers (`chainlog.FIELDS`)."""
    return {
        "township": township,
        "seq": seq,
        "kind": kind,
        "case_id": case_id,
        "at": iso(at),
        "actor": actor,
        "body": body,
        "prev_hash": prev_hash,
    }
