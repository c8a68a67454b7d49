"""Checks a log against what was witnessed outside its database: the signed checkpoints and the
entry hashes announced when each entry was appended. Pure; the first bad position wins.

Codes (stable): E-LOG-MISSING (an entry is not where its position says: a hole or a swap),
E-LOG-LINK (an entry does not name its predecessor's hash), E-LOG-ALTERED (an entry's content no
longer hashes to its hash: an edit in place), E-LOG-REWRITTEN (an entry differs from the one
announced or checkpointed at that position: an edit with the chain re-hashed),
E-LOG-TRUNCATED (the log is shorter than what was witnessed: the tail or the whole chain gone),
E-CHECKPOINT-SIGNATURE (a checkpoint not signed by a trusted key: a substituted key),
E-CHECKPOINT-FORK (two witnessed checkpoints that cannot both describe one log).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from grassroots.common.codes import (
    CHECKPOINT_FORK,
    CHECKPOINT_SIGNATURE,
    LOG_ALTERED,
    LOG_LINK,
    LOG_MISSING,
    LOG_REWRITTEN,
    LOG_TRUNCATED,
)
from grassroots.common.transparency import merkle
from grassroots.common.transparency.checkpoints import Checkpoint, verify_signature


@dataclass(frozen=True)
class Entry:
    """What the verifier needs of one entry: its position, its own and its predecessor's hash,
    and whether its content hashes to `hash` (computed by the log's own rule)."""

    seq: int  # 1-based position
    hash: str
    prev_hash: str
    content_ok: bool


@dataclass(frozen=True)
class Finding:
    ok: bool
    entries: int
    code: str | None = None
    first_bad_seq: int | None = None
    detail: str | None = None
    witnessed_size: int = 0


def leaves(entries: Sequence[Entry]) -> list[bytes]:
    return [merkle.leaf_hash(bytes.fromhex(e.hash)) for e in entries]


def tree_root(entries: Sequence[Entry]) -> str:
    return merkle.root(leaves(entries)).hex()


def check(
    entries: Sequence[Entry],
    *,
    genesis: str,
    checkpoints: Sequence[Checkpoint] = (),
    keys: Mapping[str, Ed25519PublicKey] | None = None,
    announced: Mapping[int, str] | None = None,
) -> Finding:
    """The log's own chain, then each announced hash, then each checkpoint (oldest first)."""
    n = len(entries)
    witnessed = max([c.tree_size for c in checkpoints] + list(announced or {}) + [0])
    exact: list[tuple[int, str, str]] = []  # findings at a known position

    def found(seq: int, code: str, detail: str) -> None:
        exact.append((seq, code, detail))

    _check_chain(entries, genesis, found)
    for seq, announced_hash in sorted((announced or {}).items()):
        if seq > n:
            found(n + 1, LOG_TRUNCATED, f"第 {seq} 条已公告,本地只有 {n} 条")
            break
        if entries[seq - 1].hash != announced_hash:
            found(seq, LOG_REWRITTEN, f"第 {seq} 条与追加时公告的哈希不同")
            break
    ranged = _check_checkpoints(entries, checkpoints, keys or {})
    if ranged is not None and ranged.code in (CHECKPOINT_SIGNATURE, CHECKPOINT_FORK):
        return Finding(False, n, ranged.code, ranged.lower, ranged.detail, witnessed)
    if exact:
        seq, code, detail = min(exact, key=lambda b: (b[0], _PRIORITY.index(b[1])))
        if ranged is None or seq <= ranged.upper:
            return Finding(False, n, code, seq, detail, witnessed)
    if ranged is not None:
        return Finding(False, n, ranged.code, ranged.lower, ranged.detail, witnessed)
    return Finding(True, n, witnessed_size=witnessed)


_PRIORITY = (
    LOG_MISSING,
    LOG_LINK,
    LOG_ALTERED,
    LOG_REWRITTEN,
    LOG_TRUNCATED,
)


@dataclass(frozen=True)
class _Ranged:
    """A checkpoint's finding: the first bad entry lies in [lower, upper]."""

    code: str
    lower: int
    upper: int
    detail: str


def _check_chain(
    entries: Sequence[Entry], genesis: str, found: Callable[[int, str, str], None]
) -> None:
    prev = genesis
    for position, entry in enumerate(entries, start=1):
        if entry.seq != position:
            found(position, LOG_MISSING, f"第 {position} 条日志缺失或顺序被改动")
            return
        if entry.prev_hash != prev:
            found(position, LOG_LINK, f"第 {position} 条日志与前一条的哈希链接断开")
            return
        if not entry.content_ok:
            found(position, LOG_ALTERED, f"第 {position} 条日志内容被改动")
            return
        prev = entry.hash


def _check_checkpoints(
    entries: Sequence[Entry],
    checkpoints: Sequence[Checkpoint],
    keys: Mapping[str, Ed25519PublicKey],
) -> _Ranged | None:
    hashes = leaves(entries)
    good_size, by_size = 0, dict[int, str]()
    for cp in sorted(checkpoints, key=lambda c: (c.tree_size, c.time)):
        if not verify_signature(cp, dict(keys)):
            detail = f"检查点 {cp.tree_size} 的签名无效(密钥 {cp.key_id} 不受信任或签名不符)"
            return _Ranged(CHECKPOINT_SIGNATURE, cp.tree_size, cp.tree_size, detail)
        if by_size.setdefault(cp.tree_size, cp.root_hash) != cp.root_hash:
            detail = f"同一长度 {cp.tree_size} 有两个根哈希"
            return _Ranged(CHECKPOINT_FORK, cp.tree_size, cp.tree_size, detail)
        if cp.tree_size > len(entries):
            detail = f"检查点记录 {cp.tree_size} 条,本地只有 {len(entries)} 条"
            return _Ranged(LOG_TRUNCATED, len(entries) + 1, len(entries) + 1, detail)
        if merkle.root(hashes[: cp.tree_size]).hex() != cp.root_hash:
            # the first differing entry lies after the last checkpoint that still matches
            detail = f"与检查点 {cp.tree_size} 的根哈希不符"
            return _Ranged(LOG_REWRITTEN, good_size + 1, cp.tree_size, detail)
        good_size = cp.tree_size
    return None
