"""The entry rule enforcement stores with is the shared one, byte for byte: logs written before
the rule moved to grassroots.common still verify."""

from datetime import UTC, datetime

from grassroots.common.transparency import chainlog
from grassroots.common.transparency.verify import check
from grassroots.enforcement.logs import chain

# hashes computed by the rule enforcement had before it moved to grassroots.common
GOLDEN = [
    (
        {
            "township": "990101101000",
            "seq": 1,
            "kind": "patrol",
            "case_id": None,
            "at": datetime(2026, 11, 2, 1, 30, tzinfo=UTC),
            "actor": "zhang",
            "body": {"place": "石桥村河道", "officers": [], "observed": "未见异常"},
            "prev_hash": chain.GENESIS,
        },
        "8c984dcf1e1dae6bc1ddd57af11b8d1a99752c2c1ee5ad956720354d4a591508",
    ),
    (
        {
            "township": "990101101000",
            "seq": 2,
            "kind": "inspection",
            "case_id": "case_1",
            "at": datetime(2026, 11, 2, 1, 30, 0, 123456, tzinfo=UTC),
            "actor": "wang",
            "body": {"n": 1.5, "list": [1, "二"]},
            "prev_hash": "a" * 64,
        },
        "d345b4727ea2726fa4b12ab0e7c04b38f751bc85149c723858da35f146f12813",
    ),
]


def test_stored_hashes_are_unchanged():
    for fields, expected in GOLDEN:
        document = chain.entry_document(**fields)
        assert chain.entry_hash(fields["prev_hash"], document) == expected
        assert chainlog.entry_of(document, expected).content_ok
    assert chain.GENESIS == chainlog.GENESIS == "0" * 64


def test_canonical_json():
    assert chain.canonical({"b": 1, "a": "青山"}) == '{"a":"青山","b":1}'.encode()


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


def _check(rows):
    finding = check([chain.entry_of(d, h) for d, h in rows], genesis=chain.GENESIS)
    return finding.ok, finding.first_bad_seq, finding.code


def test_altered_removed_reordered():
    rows = build(5)
    assert _check(rows) == (True, None, None)
    doc, h = rows[2]
    altered = [*rows[:2], ({**doc, "body": {"place": "别处", "n": 3}}, h), *rows[3:]]
    assert _check(altered) == (False, 3, "E-LOG-ALTERED")
    assert _check(rows[:2] + rows[3:]) == (False, 3, "E-LOG-MISSING")
    swapped = [
        rows[0],
        ({**rows[2][0], "seq": 2}, rows[2][1]),
        ({**rows[1][0], "seq": 3}, rows[1][1]),
    ]
    assert _check(swapped) == (False, 2, "E-LOG-LINK")
