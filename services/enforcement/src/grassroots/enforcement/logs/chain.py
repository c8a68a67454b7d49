"""Pure hash-chain rules of the enforcement log: canonical JSON, entry hash, verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(entry: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (Chinese kept as is)."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def iso(at: datetime) -> str:
    """The time as hashed: UTC, ISO-8601 with microseconds and offset."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


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
    """Every field of an entry that the hash covers."""
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


def entry_hash(prev_hash: str, document: dict[str, Any]) -> str:
    """sha256(prev_hash + canonical entry), hex."""
    return hashlib.sha256(prev_hash.encode() + canonical(document)).hexdigest()


@dataclass(frozen=True)
class Verification:
    """The result of walking a chain: ok, or the first bad entry and why."""

    ok: bool
    entries: int
    first_bad_seq: int | None = None
    code: str | None = None
    message: str | None = None


class Walker:
    """Walks a chain entry by entry (so a long log is verified page by page)."""

    def __init__(self) -> None:
        self.prev = GENESIS
        self.expected = 1
        self.count = 0

    def step(self, document: dict[str, Any], stored: str) -> Verification | None:
        """Checks the next entry; a Verification names it if it is bad."""
        self.count += 1
        seq, expected = document["seq"], self.expected
        if seq != expected:
            message = f"第 {expected} 条日志缺失或顺序被改动"
            return Verification(False, self.count, expected, "E-LOG-MISSING", message)
        if document["prev_hash"] != self.prev:
            message = f"第 {seq} 条日志与前一条的哈希链接断开"
            return Verification(False, self.count, seq, "E-LOG-LINK", message)
        if entry_hash(self.prev, document) != stored:
            message = f"第 {seq} 条日志内容被改动"
            return Verification(False, self.count, seq, "E-LOG-ALTERED", message)
        self.prev = stored
        self.expected += 1
        return None

    def finish(self, head_seq: int | None) -> Verification:
        """The result once every entry was seen; entries past the last one seen are missing."""
        if head_seq is not None and head_seq >= self.expected:
            message = f"第 {self.expected} 条及以后的日志缺失"
            return Verification(False, self.count, self.expected, "E-LOG-MISSING", message)
        return Verification(True, self.count)


def verify(rows: Iterable[tuple[dict[str, Any], str]], head_seq: int | None = None) -> Verification:
    """Walks (document, stored hash) pairs in seq order; names the first altered/removed/reordered."""
    walker = Walker()
    for document, stored in rows:
        bad = walker.step(document, stored)
        if bad is not None:
            return bad
    return walker.finish(head_seq)
