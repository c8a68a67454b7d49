"""`make bench`: every benchmark, results under tests/bench/results/.

The HTTP write and load benchmarks need PostgreSQL (TEST_POSTGRES_URL, or the local default);
the load benchmark runs BENCH_SECONDS (60) of mixed load plus a baseline of the same length;
the replay benchmark rebuilds BENCH_REPLAY_EVENTS (1,000,000) events; the locate benchmark also
POSTs one batch of 100,000 points to a grid service it starts. BENCH_PROFILE=<dir> records the
services with py-spy during the load window. Where the CPU goes, and what changed it:
tests/bench/results/profile.md.
"""

import asyncio

from tests.bench import admission, http_write, load, locate, pipeline, replay

asyncio.run(pipeline.main())
try:
    asyncio.run(http_write.main())
except OSError as exc:
    print(f"http_write skipped: PostgreSQL not reachable ({exc})")
try:
    asyncio.run(load.main())
except OSError as exc:
    print(f"load skipped: PostgreSQL not reachable ({exc})")
try:
    asyncio.run(replay.main())
except OSError as exc:
    print(f"replay skipped: PostgreSQL not reachable ({exc})")

locate.main()
admission.main()
