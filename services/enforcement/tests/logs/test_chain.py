"""The pure hash chain: canonical JSON and verification naming the first bad entry."""

from datetime import UTC, datetime

from grassroots.enforcement.logs import chain


def build(n: int) -> list[tuple[dict, str]]:
    out, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        doc = chain.entry_document(
            township="990101101000",
            seq=seq,
            kind="patrol",
            case_id=None,
            at=datetime(2026, 1, seq, tzinfo=UTC),
            actor="zhang",
            body={"place": "石桥村", "n": seq},
            prev_hash=prev,
        )
        prev = chain.entry_hash(prev, doc)
        out.append((doc, prev))
    return out


def test_canonical_json():
    assert chain.canonical({"b": 1, "a": "青山"}) == '{"a":"青山","b":1}'.encode()


def test_intact_chain_verifies():
    result = chain.verify(build(5), head_seq=5)
    assert result.ok and result.entries == 5


def test_altered_removed_reordered_truncated():
    rows = build(5)
    doc, h = rows[2]
    altered = [*rows[:2], ({**doc, "body": {"place": "别处", "n": 3}}, h), *rows[3:]]
    assert chain.verify(altered).first_bad_seq == 3
    assert chain.verify(altered).code == "E-LOG-ALTERED"
    removed = rows[:2] + rows[3:]
    assert (chain.verify(removed).first_bad_seq, chain.verify(removed).code) == (3, "E-LOG-MISSING")
    swapped = [
        rows[0],
        ({**rows[2][0], "seq": 2}, rows[2][1]),
        ({**rows[1][0], "seq": 3}, rows[1][1]),
    ]
    assert chain.verify(swapped).first_bad_seq == 2
    assert chain.verify(rows[:4], head_seq=5).first_bad_seq == 5
