"""The replay path (bulk projector, ce_id dedupe, unknown types) against the live path, no broker."""

from collections import namedtuple
from datetime import UTC, date, datetime

from evaluationtest_support import COUNTY, DEPT_A, DEPT_B, TWP_A, TWP_B, deliver, envelope

from grassroots.common.events import GRID_TOPIC
from grassroots.common.events.admission import DemandAdmitted, DemandCompleted, DemandOverdue
from grassroots.common.events.envelope import Envelope
from grassroots.common.events.grid import GridEventClosed, WhistleAnswered, WhistleOverdue
from grassroots.evaluation.main import handlers
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.replay.projector import BulkProjector
from grassroots.evaluation.replay.service import ReplayReport, apply_record

Record = namedtuple("Record", "topic value headers offset")
AT = datetime(2026, 1, 31, 17, tzinfo=UTC)  # 2026-02-01 01:00 in China


def events():
    due = datetime(2026, 3, 1, tzinfo=UTC)
    payloads = [
        DemandAdmitted(
            demand_id=f"d{i}",
            county=COUNTY,
            submitter=DEPT_A if i % 2 else DEPT_B,
            kind="task",
            targets=[TWP_A],
            deadline=date(2026, 5, 1),
            funding_yuan=0.1 * i,
        )
        for i in range(1, 8)
    ]
    payloads += [
        GridEventClosed(
            grid_event_id=f"g{i}",
            township=TWP_A if i % 3 else TWP_B,
            grid_id=None,
            category="c",
            urgency="u",
            at=AT,
            resolved=i % 2 == 0,
            on_time=i % 4 != 0,
            satisfaction="satisfied" if i % 5 else None,
        )
        for i in range(12)
    ]
    payloads += [
        WhistleAnswered(
            whistle_id="w",
            township=TWP_A,
            department=DEPT_A,
            answered_at=due,
            due_at=due,
            on_time=False,
        ),
        WhistleOverdue(whistle_id="w", township=TWP_A, department=DEPT_A, due_at=due),
        DemandOverdue(
            demand_id="d1",
            county=COUNTY,
            submitter=DEPT_A,
            kind="task",
            org=TWP_B,
            deadline=date(2026, 5, 1),
        ),
        DemandCompleted(
            demand_id="d1",
            county=COUNTY,
            submitter=DEPT_A,
            kind="task",
            org=TWP_B,
            deadline=date(2026, 5, 1),
            completed_at=AT,
            on_time=False,
        ),
    ]
    return [envelope(p, AT) for p in payloads]


def record(env: Envelope, offset: int) -> Record:
    return Record(env.topic, env.value(), env.headers(), offset)


async def test_replay_path_equals_live_path(evaluation):
    app, _ = evaluation
    envs = events()
    for env in envs + envs:
        await deliver(app, env)
    async with app.state.database.sessions() as session:
        live = await metrics_repo.snapshot(session)
    assert live  # something was projected

    mystery = Envelope(
        id="m",
        type="grid.mystery.v1",
        source="/grassroots/grid",
        subject="x",
        time=AT,
        data={},
        topic=GRID_TOPIC,
    )
    records = [record(e, n) for n, e in enumerate([*envs, mystery, *envs])]
    records.append(Record(GRID_TOPIC, b"not json", [], 99))
    by_type = {cls.ce_type(): h for cls, h in handlers().items()}
    report, seen, projector = ReplayReport(), set(), BulkProjector()
    async with app.state.database.transaction() as session:
        await metrics_repo.clear(session)
        for rec in records:
            await apply_record(session, by_type, rec, seen, report, projector)
        await projector.finish(session)
    async with app.state.database.sessions() as session:
        assert await metrics_repo.snapshot(session) == live
    assert (report.events_read, report.applied, report.duplicates) == (
        len(records),
        len(envs),
        len(envs),
    )
    assert (report.skipped_unknown, report.unreadable) == (1, 1)
    assert dict(report.skipped_types) == {"grid.mystery.v1": 1}
