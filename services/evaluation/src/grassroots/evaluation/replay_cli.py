"""The replay command: `grassroots-replay` or `python -m grassroots.evaluation.replay_cli`.

Settings come from the environment. Rebuilds every projection (or one county's, `--county`) from
the start of its history — the broker when it still holds it, else evaluation's own archive
(`--source`) — then compares the stored results of closed periods with results recomputed from
the rebuilt projections; prints a JSON report; exits 1 on any difference, 2 when refused
(history lost: nothing was changed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from grassroots.common.db.session import Database
from grassroots.evaluation.main import handlers
from grassroots.evaluation.replay.compare import replay_and_compare
from grassroots.evaluation.replay.service import ReplayRefused
from grassroots.evaluation.settings import EvaluationSettings


async def run(
    settings: EvaluationSettings, source: str = "auto", county: str | None = None
) -> dict[str, object]:
    """Runs one replay and returns its report."""
    database = Database(settings.database_url)
    try:
        return await replay_and_compare(
            database=database,
            settings=settings,
            handlers=handlers(settings),
            started_by="cli",
            source=source,  # type: ignore[arg-type]
            county=county,
        )
    finally:
        await database.dispose()


def main(argv: list[str] | None = None) -> None:
    """`grassroots-replay`: rebuild evaluation's projections from the topics and compare results."""
    parser = argparse.ArgumentParser(prog="grassroots-replay", description=__doc__)
    parser.add_argument("--source", choices=("auto", "broker", "archive"), default="auto")
    parser.add_argument("--county", help="one county's projections only (default: all)")
    args = parser.parse_args(argv)
    try:
        result = asyncio.run(run(EvaluationSettings(), args.source, args.county))
    except ReplayRefused as refused:
        refusal = {"code": refused.code, "source": refused.source, "detail": refused.detail}
        print(json.dumps(refusal | refused.extra, ensure_ascii=False, indent=2))
        sys.exit(2)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    sys.exit(0 if result["results_identical"] else 1)


if __name__ == "__main__":
    main()
