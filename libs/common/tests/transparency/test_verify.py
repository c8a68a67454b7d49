"""Every tampering an insider with write access can do is found at the right position."""

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from grassroots.common.transparency.checkpoints import (
    keyring,
    new_seed,
    private_key,
    public_raw,
    sign,
)
from grassroots.common.transparency.verify import Entry, check, tree_root

GENESIS = "0" * 64
AT = datetime(2026, 12, 2, tzinfo=UTC)
SEED = new_seed()
KEYS = keyring([base64.b64encode(public_raw(private_key(SEED).public_key())).decode()])


def _chain(contents: list[str]) -> list[Entry]:
    entries, prev = [], GENESIS
    for seq, content in enumerate(contents, start=1):
        h = hashlib.sha256(f"{prev}|{seq}|{content}".encode()).hexdigest()
        entries.append(Entry(seq, h, prev, True))
        prev = h
    return entries


def _checkpoints(entries, sizes, seed=SEED):
    key = private_key(seed)
    return [sign(key, "o", s, tree_root(entries[:s]), AT + timedelta(minutes=s)) for s in sizes]


LOG = _chain([f"entry {i}" for i in range(1, 11)])
WITNESSED = _checkpoints(LOG, [3, 6, 10])
ANNOUNCED = {e.seq: e.hash for e in LOG}


def _check(entries, *, checkpoints=WITNESSED, announced=ANNOUNCED):
    return check(entries, genesis=GENESIS, checkpoints=checkpoints, keys=KEYS, announced=announced)


def test_an_untouched_log_verifies():
    finding = _check(LOG)
    assert finding.ok and finding.entries == 10 and finding.witnessed_size == 10


def _rechained(contents_changed_at: int) -> list[Entry]:
    contents = [f"entry {i}" for i in range(1, 11)]
    contents[contents_changed_at - 1] = "forged"
    return _chain(contents)


CASES = {
    # an entry edited in place: its content no longer hashes to its hash
    "edit": ([*LOG[:4], replace(LOG[4], content_ok=False), *LOG[5:]], "E-LOG-ALTERED", 5),
    # edited and every later hash recomputed, the head updated: only the witnesses can tell
    "edit, re-chained": (_rechained(5), "E-LOG-REWRITTEN", 5),
    "middle delete": ([*LOG[:6], *LOG[7:]], "E-LOG-MISSING", 7),
    "swap": ([*LOG[:2], LOG[3], LOG[2], *LOG[4:]], "E-LOG-MISSING", 3),
    # a hole closed by renumbering the later entries and re-linking one of them
    "relinked": ([*LOG[:3], replace(LOG[4], seq=4), *LOG[5:]], "E-LOG-LINK", 4),
    "tail delete": (LOG[:8], "E-LOG-TRUNCATED", 9),
    "whole chain deleted": ([], "E-LOG-TRUNCATED", 1),
}


@pytest.mark.parametrize("case", CASES)
def test_each_tampering_is_found_at_its_position(case):
    entries, code, seq = CASES[case]
    finding = _check(entries)
    assert (finding.ok, finding.code, finding.first_bad_seq) == (False, code, seq)


@pytest.mark.parametrize("case", ["edit, re-chained", "tail delete", "whole chain deleted"])
def test_checkpoints_alone_find_them_too(case):
    entries, code, seq = CASES[case]
    finding = _check(entries, announced={})
    assert (finding.ok, finding.code) == (False, code)
    assert finding.first_bad_seq is not None and finding.first_bad_seq <= seq


def test_a_checkpoint_signed_with_a_substituted_key_is_refused():
    forged_log = _rechained(2)
    forged = _checkpoints(forged_log, [3, 6, 10], seed=new_seed())
    finding = _check(forged_log, checkpoints=forged, announced={})
    assert (finding.ok, finding.code) == (False, "E-CHECKPOINT-SIGNATURE")


def test_two_roots_for_one_size_are_a_fork():
    other = _checkpoints(_rechained(2), [3])
    finding = _check(LOG, checkpoints=[*WITNESSED, *other], announced={})
    assert (finding.ok, finding.code, finding.first_bad_seq) == (False, "E-CHECKPOINT-FORK", 3)


def test_a_log_grown_past_its_last_checkpoint_verifies():
    longer = _chain([f"entry {i}" for i in range(1, 13)])
    assert _check(longer).ok
