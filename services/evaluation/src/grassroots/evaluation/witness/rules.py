"""What the witness finds in a checkpoint (pure): signed by a pinned key, for this township's
log, and consistent (RFC 9162 §2.1.4) with the previous checkpoint the witness itself holds.

Findings (stable codes, stored on the checkpoint, never a refusal: a bad one is kept and
flagged, so that the evidence survives):

- E-CHECKPOINT-SIGNATURE: not signed by a trusted key (unknown key id, or a signature that does
  not verify — a substituted key);
- E-CHECKPOINT-ORIGIN: signed for another log than this township's;
- E-CHECKPOINT-MALFORMED: a root hash or proof node that is not hex;
- E-CHECKPOINT-ROLLBACK: fewer entries than the checkpoint held before (a truncated log);
- E-CHECKPOINT-FORK: as many entries as the one held before, another root (a rewritten log);
- E-CHECKPOINT-UNLINKED: its proof starts from a size the witness holds no checkpoint of (the
  witness's previous checkpoint is not the one the log claims to extend);
- E-CHECKPOINT-INCONSISTENT: the proof does not show the previous tree is a prefix of this one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from grassroots.common.codes import CHECKPOINT_FORK, CHECKPOINT_SIGNATURE
from grassroots.common.transparency import merkle
from grassroots.common.transparency.chainlog import origin as origin_of
from grassroots.common.transparency.checkpoints import Checkpoint, verify_signature
from grassroots.evaluation.codes import (
    CHECKPOINT_INCONSISTENT,
    CHECKPOINT_MALFORMED,
    CHECKPOINT_ORIGIN,
    CHECKPOINT_ROLLBACK,
    CHECKPOINT_UNLINKED,
)


@dataclass(frozen=True)
class Held:
    """The previous checkpoint the witness holds for the township (trusted, not flagged)."""

    tree_size: int
    root_hash: str


@dataclass(frozen=True)
class Verdict:
    signature_ok: bool
    consistent: bool | None  # None: nothing held to compare with, or not signed
    finding: str | None = None
    detail: str | None = None


def digest(township: str, checkpoint: Checkpoint, previous_size: int, proof: Sequence[str]) -> str:
    """The identity of a received checkpoint (a redelivery has the same one)."""
    document = {
        "township": township,
        **checkpoint.document(),
        "previous_size": previous_size,
        "consistency": list(proof),
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _hex(value: str) -> bytes | None:
    try:
        return bytes.fromhex(value)
    except (ValueError, TypeError):
        return None


def judge(
    township: str,
    checkpoint: Checkpoint,
    *,
    previous_size: int,
    proof: Sequence[str],
    keys: Mapping[str, Ed25519PublicKey],
    held: Held | None,
) -> Verdict:
    """The witness's verdict on one checkpoint."""
    if not verify_signature(checkpoint, dict(keys)):
        return Verdict(
            False,
            None,
            CHECKPOINT_SIGNATURE,
            f"检查点 {checkpoint.tree_size} 未由受信任的密钥签名(密钥 {checkpoint.key_id})",
        )
    if checkpoint.origin != origin_of(township):
        return Verdict(
            False, None, CHECKPOINT_ORIGIN, f"检查点属于 {checkpoint.origin},不是本乡镇的日志"
        )
    new_root = _hex(checkpoint.root_hash)
    nodes = [_hex(p) for p in proof]
    if new_root is None or any(n is None for n in nodes):
        return Verdict(True, False, CHECKPOINT_MALFORMED, "根哈希或一致性证明不是十六进制")
    if held is None:
        return Verdict(True, None)  # the first one the witness sees: nothing to compare with
    old_root = _hex(held.root_hash) or b""
    size = checkpoint.tree_size
    if size < held.tree_size:
        detail = f"检查点记录 {size} 条,少于此前见证的 {held.tree_size} 条"
        return Verdict(True, False, CHECKPOINT_ROLLBACK, detail)
    if size == held.tree_size:
        if new_root == old_root:
            return Verdict(True, True)
        return Verdict(True, False, CHECKPOINT_FORK, f"同一长度 {size} 有两个根哈希")
    if previous_size != held.tree_size:
        detail = f"一致性证明从 {previous_size} 条起,见证方上一检查点为 {held.tree_size} 条"
        return Verdict(True, False, CHECKPOINT_UNLINKED, detail)
    if not merkle.verify_consistency(
        held.tree_size, size, old_root, new_root, [n for n in nodes if n is not None]
    ):
        detail = f"检查点 {size} 不是此前见证的 {held.tree_size} 条的延续"
        return Verdict(True, False, CHECKPOINT_INCONSISTENT, detail)
    return Verdict(True, True)
