"""The one periodic loop: runs its passes every interval, wakes the relay only when a pass wrote
events, and outlives a failing pass."""

import asyncio
from types import SimpleNamespace

from grassroots.common.app.periodic import periodic


class FakeRuntime:
    def __init__(self) -> None:
        self.settings = SimpleNamespace(every_seconds=0.01)
        self.woken = 0

    def wake_relay(self) -> None:
        self.woken += 1


async def test_a_failed_pass_is_retried_and_only_written_events_wake_the_relay():
    runtime = FakeRuntime()
    calls: list[str] = []

    async def flaky(rt) -> int:
        calls.append("flaky")
        if len(calls) == 1:
            raise RuntimeError("the database hiccuped")
        return 1 if len(calls) == 3 else 0

    loop = periodic("probe scan", "every_seconds", flaky)
    assert loop.__name__ == "probe_scan"
    task = asyncio.create_task(loop(runtime))  # type: ignore[arg-type]
    while len(calls) < 5:
        await asyncio.sleep(0.01)
    task.cancel()
    assert runtime.woken == 1  # the third pass wrote one event; the failure did not stop the loop


async def test_wait_first_sleeps_before_the_first_pass():
    runtime = FakeRuntime()
    runtime.settings.every_seconds = 0.2
    ran: list[int] = []

    async def once(rt) -> int:
        ran.append(1)
        return 0

    task = asyncio.create_task(periodic("later", "every_seconds", once, wait_first=True)(runtime))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)
    assert ran == []
    task.cancel()
