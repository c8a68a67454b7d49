"""`grassroots-verify-log`: checks an exported enforcement log without trusting the service.

    grassroots-verify-log --log log.jsonl --checkpoints checkpoints.jsonl \\
        --public-key BASE64 [--public-key OLD_BASE64] [--announced appended.jsonl]

`log.jsonl`: one entry a line as `GET /v1/logs/export` writes it (the hashed fields and `hash`);
`checkpoints.jsonl`: one checkpoint a line as a witness serves it; `appended.jsonl`: optional
`{"seq": …, "entry_hash": …}` lines from the `log.appended` events. Prints the finding as JSON;
exit status 0 when the log verifies, 1 when it does not, 2 for unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from grassroots.common.transparency.chainlog import GENESIS, entry_of
from grassroots.common.transparency.checkpoints import Checkpoint, keyring
from grassroots.common.transparency.verify import check


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="grassroots-verify-log", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--checkpoints", type=Path, required=True)
    parser.add_argument("--public-key", action="append", required=True, dest="keys")
    parser.add_argument("--announced", type=Path)
    args = parser.parse_args(argv)
    try:
        entries = [entry_of(doc, str(doc["hash"])) for doc in _lines(args.log)]
        checkpoints = [Checkpoint.from_document(doc) for doc in _lines(args.checkpoints)]
        announced = (
            {int(d["seq"]): str(d["entry_hash"]) for d in _lines(args.announced)}
            if args.announced
            else None
        )
        keys = keyring(args.keys)
    except (OSError, KeyError, ValueError, TypeError, SystemExit) as exc:
        print(f"grassroots-verify-log: {exc}", file=sys.stderr)
        return 2
    finding = check(
        entries, genesis=GENESIS, checkpoints=checkpoints, keys=keys, announced=announced
    )
    print(json.dumps(asdict(finding), ensure_ascii=False))
    return 0 if finding.ok else 1


def keygen() -> int:
    """`grassroots-log-key`: prints a new signing seed (the secret setting), its public key
    (for witnesses and inspectors) and its key id, as one JSON line."""
    import base64

    from grassroots.common.transparency.checkpoints import key_id, new_seed, private_key, public_raw

    seed = new_seed()
    public = private_key(seed).public_key()
    raw = base64.b64encode(public_raw(public)).decode()
    print(json.dumps({"seed": seed, "public_key": raw, "key_id": key_id(public)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
