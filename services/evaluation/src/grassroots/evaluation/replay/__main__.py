"""The replay command: `grassroots-replay` or `python -m grassroots.evaluation.replay`.

Settings come from the environment. Rebuilds every projection from offset 0, then compares the stored results of closed periods
with results recomputed from the rebuilt projections; prints a JSON report; exits 1 on any
difference.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from grassroots.common.db.session import Database
from grassroots.evaluation.main import handlers
from grassroots.evaluation.replay.compare import replay_and_compare
from grassroots.evaluation.settings import EvaluationSettings


async def run(settings: EvaluationSettings) -> dict[str, object]:
    """Runs one replay and returns its report."""
    database = Database(settings.database_url)
    try:
        return await replay_and_compare(
            database=database, settings=settings, handlers=handlers(), started_by="cli"
        )
    finally:
        await database.dispose()


def main(argv: list[str] | None = None) -> None:
    """`grassroots-replay`: rebuild evaluation's projections from the topics and compare results."""
    argparse.ArgumentParser(prog="grassroots-replay", description=__doc__).parse_args(argv)
    result = asyncio.run(run(EvaluationSettings()))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    sys.exit(0 if result["results_identical"] else 1)


if __name__ == "__main__":
    main()
