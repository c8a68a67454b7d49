"""RFC 9162 Merkle proofs: every inclusion and consistency proof verifies, and a changed leaf,
root or proof does not."""

import hashlib

import pytest

from grassroots.common.transparency import merkle


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def _reference_root(leaves: list[bytes]) -> bytes:
    """MTH as RFC 9162 §2.1.1 writes it, recursively."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return merkle.node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


@pytest.mark.parametrize("n", range(0, 33))
def test_the_root_is_the_rfc_tree_hash(n):
    assert merkle.root(_leaves(n)) == _reference_root(_leaves(n))


def test_leaf_and_node_hashes_are_domain_separated():
    assert merkle.leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_every_inclusion_proof_verifies_and_a_wrong_leaf_does_not(n):
    leaves = _leaves(n)
    top = merkle.root(leaves)
    for i in range(n):
        proof = merkle.inclusion_proof(i, leaves)
        assert merkle.verify_inclusion(i, n, leaves[i], proof, top)
        assert not merkle.verify_inclusion(i, n, merkle.leaf_hash(b"forged"), proof, top)


@pytest.mark.parametrize("n", range(1, 18))
def test_every_consistency_proof_verifies(n):
    leaves = _leaves(n)
    for m in range(1, n + 1):
        proof = merkle.consistency_proof(m, leaves)
        assert merkle.verify_consistency(
            m, n, merkle.root(leaves[:m]), merkle.root(leaves), proof
        ), (m, n)


@pytest.mark.parametrize("n", [3, 7, 12])
def test_a_rewritten_prefix_is_not_consistent(n):
    leaves = _leaves(n)
    forged = [merkle.leaf_hash(b"forged"), *leaves[1:]]
    for m in range(1, n):
        proof = merkle.consistency_proof(m, forged)
        assert not merkle.verify_consistency(
            m, n, merkle.root(leaves[:m]), merkle.root(forged), proof
        ), m
