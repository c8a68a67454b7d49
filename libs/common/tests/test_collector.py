"""A serving process collects less often and leaves what start-up made out of its collections;
any other process (tests, tools) keeps CPython's defaults."""

import gc
import subprocess
import sys
import textwrap

import pytest
from pydantic import ValidationError

from grassroots.common.app import collector
from grassroots.common.settings import ServiceSettings

SERVING = textwrap.dedent(
    """
    import gc
    from grassroots.common.app import collector
    default = gc.get_threshold()
    collector.for_serving(50_000)
    assert gc.get_threshold() == (50_000, *default[1:]), gc.get_threshold()
    kept = [[n] for n in range(1000)]  # start-up's long-lived objects
    collector.after_startup()
    assert gc.get_freeze_count() >= 1000, gc.get_freeze_count()
    print("ok")
    """
)


def test_a_serving_process_raises_the_threshold_and_freezes_after_startup():
    done = subprocess.run(
        [sys.executable, "-c", SERVING], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_other_processes_keep_the_defaults():
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    collector.after_startup()
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)


def test_the_threshold_is_a_setting_with_a_floor():
    assert ServiceSettings(gc_threshold=20_000).gc_threshold == 20_000
    with pytest.raises(ValidationError):
        ServiceSettings(gc_threshold=10)
