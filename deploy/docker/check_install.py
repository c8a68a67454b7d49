"""Build-time check of the image's venv: the four services are installed and import, and neither
the test kit nor the dev distribution (demo data, the dev stack) is there.

Run by the Dockerfile's builder stage after the dev-only packages are removed, so a runtime
dependency that only a dev package pulled in fails the build instead of the first request.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.metadata import entry_points
from importlib.util import find_spec

EXPECTED = ["enforcement", "evaluation", "grid", "task-admission"]
NOT_IN_THE_IMAGE = ["grassroots.dev", "grassroots.testkit"]


def leftovers() -> list[str]:
    """The packages of grassroots-dev and grassroots-testkit that this venv can import."""
    return [name for name in NOT_IN_THE_IMAGE if find_spec(name) is not None]


def main() -> int:
    """Exit status 0 when every service's module imports."""
    found = {ep.name: ep.module for ep in entry_points(group="grassroots.services")}
    if sorted(found) != EXPECTED:
        print(f"check_install: services installed {sorted(found)}, want {EXPECTED}")
        return 1
    if found_anyway := leftovers():
        print(f"check_install: {', '.join(found_anyway)} installed, must not be in the image")
        return 1
    for name, module in sorted(found.items()):
        import_module(module)
        print(f"check_install: {name} ({module}) imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
