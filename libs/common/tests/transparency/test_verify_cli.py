"""The offline verifier an inspector runs on an exported log: good, rewritten, truncated."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from grassroots.common.transparency import cli
from grassroots.common.transparency.chainlog import GENESIS, entry_hash, entry_of, iso, origin
from grassroots.common.transparency.checkpoints import private_key, sign
from grassroots.common.transparency.verify import tree_root

TOWNSHIP = "990101101000"
AT = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def _export(n: int) -> list[dict]:
    docs, prev = [], GENESIS
    for seq in range(1, n + 1):
        doc = {
            "township": TOWNSHIP,
            "seq": seq,
            "kind": "patrol",
            "case_id": None,
            "at": iso(AT + timedelta(minutes=seq)),
            "actor": "officer-1",
            "body": {"note": f"巡查 {seq}"},
            "prev_hash": prev,
        }
        doc["hash"] = prev = entry_hash(prev, doc)
        docs.append(doc)
    return docs


@pytest.fixture
def key(capsys):
    assert cli.keygen() == 0
    return json.loads(capsys.readouterr().out)


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def _run(tmp_path, key, log, capsys):
    good = _export(6)
    entries = [entry_of(d, d["hash"]) for d in good]
    signer = private_key(key["seed"])
    cps = [sign(signer, origin(TOWNSHIP), s, tree_root(entries[:s]), AT).document() for s in (3, 6)]
    args = ["--log", _write(tmp_path, "log.jsonl", log)]
    args += ["--checkpoints", _write(tmp_path, "cps.jsonl", cps), "--public-key", key["public_key"]]
    status = cli.main(args)
    return status, json.loads(capsys.readouterr().out)


def test_a_good_log_verifies(tmp_path, key, capsys):
    status, finding = _run(tmp_path, key, _export(6), capsys)
    assert status == 0 and finding["ok"] and finding["entries"] == 6


def test_a_rewritten_log_is_refused_at_its_first_bad_entry(tmp_path, key, capsys):
    log = _export(6)
    log[3]["body"] = {"note": "改写"}  # re-hash from entry 4 on, as an insider would
    prev = log[2]["hash"]
    for doc in log[3:]:
        doc["prev_hash"] = prev
        doc["hash"] = prev = entry_hash(prev, {k: v for k, v in doc.items() if k != "hash"})
    status, finding = _run(tmp_path, key, log, capsys)
    assert (status, finding["code"], finding["first_bad_seq"]) == (1, "E-LOG-REWRITTEN", 4)


def test_a_truncated_log_is_refused(tmp_path, key, capsys):
    status, finding = _run(tmp_path, key, _export(4), capsys)
    assert (status, finding["code"], finding["first_bad_seq"]) == (1, "E-LOG-TRUNCATED", 5)


def test_unreadable_input_is_exit_2(tmp_path, key, capsys):
    bad = tmp_path / "log.jsonl"
    bad.write_text("{not json\n", "utf-8")
    args = ["--log", str(bad), "--checkpoints", str(bad), "--public-key", key["public_key"]]
    assert cli.main(args) == 2
