"""`make bench`: every benchmark, results under tests/bench/results/."""

import asyncio

from tests.bench import pipeline

asyncio.run(pipeline.main())
