"""End-to-end tests over the harness; `county/` (the month's scenario helpers) is importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
