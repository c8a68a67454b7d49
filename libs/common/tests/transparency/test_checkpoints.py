"""Signed checkpoints: a trusted key verifies, a rotated key still verifies old ones, anything
else (a changed field, a substituted key) does not."""

import base64
from dataclasses import replace
from datetime import UTC, datetime

from grassroots.common.transparency.checkpoints import (
    Checkpoint,
    keyring,
    new_seed,
    private_key,
    public_raw,
    sign,
    verify_signature,
)

AT = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)


def _public(seed: str) -> str:
    return base64.b64encode(public_raw(private_key(seed).public_key())).decode()


def test_a_checkpoint_verifies_with_its_key_and_survives_a_round_trip():
    seed = new_seed()
    cp = sign(private_key(seed), "grassroots/enforcement/990101101000", 3, "ab" * 32, AT)
    keys = keyring([_public(seed)])
    assert verify_signature(cp, keys)
    assert verify_signature(Checkpoint.from_document(cp.document()), keys)


def test_a_changed_field_or_an_unknown_key_does_not_verify():
    seed, other = new_seed(), new_seed()
    cp = sign(private_key(seed), "o", 3, "ab" * 32, AT)
    keys = keyring([_public(seed)])
    assert not verify_signature(replace(cp, tree_size=2), keys)
    assert not verify_signature(replace(cp, root_hash="cd" * 32), keys)
    assert not verify_signature(replace(cp, origin="p"), keys)
    forged = sign(private_key(other), "o", 3, "ab" * 32, AT)  # a substituted signing key
    assert not verify_signature(forged, keys)
    assert not verify_signature(replace(forged, key_id=cp.key_id), keys)


def test_after_rotation_both_keys_verify_their_own_checkpoints():
    old, new = new_seed(), new_seed()
    keys = keyring([_public(old), _public(new)])
    a = sign(private_key(old), "o", 1, "ab" * 32, AT)
    b = sign(private_key(new), "o", 2, "cd" * 32, AT)
    assert a.key_id != b.key_id
    assert verify_signature(a, keys) and verify_signature(b, keys)


def test_a_public_key_setting_must_be_one():
    import pytest
    from pydantic import TypeAdapter, ValidationError

    from grassroots.common.transparency.checkpoints import PublicKeyB64

    keys = TypeAdapter(list[PublicKeyB64])
    good = _public(new_seed())
    assert keys.validate_python([good]) == [good]
    for bad in ("nope", base64.b64encode(b"short").decode()):
        with pytest.raises(ValidationError, match="Ed25519"):
            keys.validate_python([bad])
