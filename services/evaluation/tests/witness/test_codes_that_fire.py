"""Witness findings that fire: a checkpoint signed by the log's key whose root hash, or a node of
whose consistency proof, is not hex is kept and flagged E-CHECKPOINT-MALFORMED, and never becomes
the checkpoint the next one must extend."""

from evaluationtest_support import (
    DEV_KEY,
    TWP_A,
    checkpointed,
    deliver,
    envelope,
    hashes,
    leaves,
    token,
)

from grassroots.common.transparency import merkle
from grassroots.common.transparency.checkpoints import key_id
from grassroots.evaluation.witness.rules import Held, judge

KEYS = {key_id(DEV_KEY.public_key()): DEV_KEY.public_key()}


def _checkpointed(size: int, previous: int = 0, *, root: str | None = None, minutes: int = 0):
    """A checkpoint of a log of `size` entries (over `root` if given) from `previous`."""
    return checkpointed(hashes(size), previous, root=root, minutes=minutes)


def test_a_root_or_a_proof_node_that_is_not_hex_is_malformed():
    _, bad_root = _checkpointed(2, root="not-a-hash")
    verdict = judge(TWP_A, bad_root, previous_size=0, proof=[], keys=KEYS, held=None)
    assert (verdict.signature_ok, verdict.consistent, verdict.finding) == (
        True,
        False,
        "E-CHECKPOINT-MALFORMED",
    )
    event, signed = _checkpointed(4, previous=2)
    held = Held(2, merkle.root(leaves(hashes(2))).hex())
    bad_proof = [*event.consistency[:-1], "zz"]
    verdict = judge(TWP_A, signed, previous_size=2, proof=bad_proof, keys=KEYS, held=held)
    assert (verdict.consistent, verdict.finding) == (False, "E-CHECKPOINT-MALFORMED")
    # with its real proof the same checkpoint is consistent: only the malformed node refused it
    verdict = judge(TWP_A, signed, previous_size=2, proof=event.consistency, keys=KEYS, held=held)
    assert (verdict.consistent, verdict.finding) == (True, None)


async def test_a_malformed_checkpoint_is_kept_flagged_and_not_extended(evaluation):
    app, client = evaluation
    first, _ = _checkpointed(2)
    bad_root, _ = _checkpointed(4, previous=2, root="xyz", minutes=5)
    good, _ = _checkpointed(4, previous=2, minutes=6)
    bad_proof = good.model_copy(update={"consistency": ["not-hex", *good.consistency[1:]]})
    for event in (first, bad_root, bad_proof):
        assert await deliver(app, envelope(event))

    async def findings():
        url = f"/v1/witness/logs/{TWP_A}/findings"
        answer = await client.get(url, headers=token(app, "auditor"))
        assert answer.status_code == 200, answer.text
        return [
            (f["tree_size"], f["signature_ok"], f["consistent"], f["finding"])
            for f in answer.json()["checkpoints"]
        ]

    assert await findings() == [
        (2, True, None, None),
        (4, True, False, "E-CHECKPOINT-MALFORMED"),
        (4, True, False, "E-CHECKPOINT-MALFORMED"),
    ]
    # neither is held: the honest checkpoint of size 4 is checked against the first (size 2)
    assert await deliver(app, envelope(good))
    assert (await findings())[-1] == (4, True, True, None)
