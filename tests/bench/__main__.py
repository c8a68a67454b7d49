"""`make bench`: every benchmark, results under tests/bench/results/.

The HTTP write benchmark needs PostgreSQL (TEST_POSTGRES_URL, or the local default).
"""

import asyncio

from tests.bench import admission, http_write, locate, pipeline

asyncio.run(pipeline.main())
try:
    asyncio.run(http_write.main())
except OSError as exc:
    print(f"http_write skipped: PostgreSQL not reachable ({exc})")

locate.main()
admission.main()
