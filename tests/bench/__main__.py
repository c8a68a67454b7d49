"""`make bench`: every benchmark, results under tests/bench/results/.

The HTTP write and load benchmarks need PostgreSQL (TEST_POSTGRES_URL, or the local default);
the load benchmark runs BENCH_SECONDS (60) of mixed load plus a baseline of the same length.
"""

import asyncio

from tests.bench import admission, http_write, load, locate, pipeline

asyncio.run(pipeline.main())
try:
    asyncio.run(http_write.main())
except OSError as exc:
    print(f"http_write skipped: PostgreSQL not reachable ({exc})")
try:
    asyncio.run(load.main())
except OSError as exc:
    print(f"load skipped: PostgreSQL not reachable ({exc})")

locate.main()
admission.main()
