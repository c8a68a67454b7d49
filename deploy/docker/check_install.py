"""Build-time check of the image's venv: the four services are installed and import.

Run by the Dockerfile's builder stage after the dev-only packages are removed, so a runtime
dependency that only a dev package pulled in fails the build instead of the first request.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.metadata import entry_points

EXPECTED = ["enforcement", "evaluation", "grid", "task-admission"]


def main() -> int:
    """Exit status 0 when every service's module imports."""
    found = {ep.name: ep.module for ep in entry_points(group="grassroots.services")}
    if sorted(found) != EXPECTED:
        print(f"check_install: services installed {sorted(found)}, want {EXPECTED}")
        return 1
    for name, module in sorted(found.items()):
        import_module(module)
        print(f"check_install: {name} ({module}) imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
