"""The lifecycle engine on a real database: ten parallel requests, one effect."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from hypothesis import given
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from grassroots.common.auth.principal import Principal
from grassroots.common.codes import Codes
from grassroots.common.db.base import Base, Versioned
from grassroots.common.db.plumbing import AuditRow, OutboxRow
from grassroots.common.db.session import Database
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.lifecycle import Change, Lifecycle, edges, locked, transition
from grassroots.common.problems import ProblemError
from grassroots.common.refusals import Refusal
from grassroots.testkit.lifecycles import check_table, walk, walks

DOOR_STATE = Codes("test", "door")(409, "E-TEST-DOOR-STATE", "门当前状态不允许此操作")
DOOR = Lifecycle(
    name="door",
    title="门",
    initial=("shut",),
    table=(
        *edges("shut", "open", "open", events=["catalog.published"]),
        *edges("open", "shut", "shut"),
        *edges("open", "lock", "locked", roles=["keeper"]),
    ),
    conflict=DOOR_STATE,
    final=("locked",),
)
ALICE = Principal(sub="alice", org="990101001000", roles=frozenset({"keeper"}))


class _Base(DeclarativeBase):
    pass


class Door(Versioned, _Base):
    __tablename__ = "doors"
    id: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))


class History(_Base):
    __tablename__ = "door_history"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    door: Mapped[str] = mapped_column(String(10))
    step: Mapped[str] = mapped_column(String(40))


def _history(session, applied) -> None:
    session.add(History(door=applied.row.id, step=f"{applied.source}>{applied.target}"))


def _event() -> CatalogPublished:
    return CatalogPublished(
        county="990101000000", version="v", effective_from=date(2026, 1, 1), document={}
    )


@pytest.fixture
async def database(database_url):
    database = Database(database_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(_Base.metadata.create_all)
        await conn.run_sync(
            Base.metadata.create_all, tables=[AuditRow.__table__, OutboxRow.__table__]
        )
    async with database.transaction() as session:
        session.add(Door(id="d1", status="shut"))
    yield database
    await database.dispose()


async def _act(database: Database, action: str, **kwargs) -> str:
    async with database.transaction() as session:
        door = (await session.scalars(locked(select(Door).where(Door.id == "d1")))).one()
        await asyncio.sleep(0)  # let the others read the same version

        async def step(edge):
            return Change(events=[_event()] if action == "open" else [], detail={"by": "test"})

        applied = await transition(
            session,
            DOOR,
            door,
            action,
            principal=ALICE,
            history=_history,
            step=step,
            **kwargs,
        )
        return applied.target


async def _count(database: Database, model) -> int:
    async with database.sessions() as session:
        return (await session.scalar(select(func.count()).select_from(model))) or 0


async def test_of_ten_parallel_identical_transitions_one_applies(database):
    results = await asyncio.gather(
        *(_act(database, "open") for _ in range(10)), return_exceptions=True
    )
    applied = [r for r in results if r == "open"]
    refused = [r for r in results if isinstance(r, Refusal)]
    assert len(applied) == 1 and len(refused) == 9, results
    assert {r.code for r in refused} == {"E-TEST-DOOR-STATE"}
    assert await _count(database, History) == 1
    assert await _count(database, OutboxRow) == 1
    assert await _count(database, AuditRow) == 1
    async with database.sessions() as session:
        door = await session.get(Door, "d1")
        assert (door.status, door.version) == ("open", 2)


async def test_conflicting_transitions_apply_one_of_them(database):
    await _act(database, "open")
    results = await asyncio.gather(
        *(_act(database, a) for a in ["shut", "lock"] * 5), return_exceptions=True
    )
    assert len([r for r in results if isinstance(r, str)]) == 1, results
    assert all(isinstance(r, Refusal) for r in results if not isinstance(r, str))
    assert await _count(database, History) == 2


async def test_history_records_the_real_from_and_to(database):
    await _act(database, "open")
    await _act(database, "shut")
    async with database.sessions() as session:
        steps = (await session.scalars(select(History.step).order_by(History.id))).all()
        audit = (await session.scalars(select(AuditRow.changes))).all()
    assert steps == ["shut>open", "open>shut"]
    assert [(a["from"], a["to"]) for a in audit] == [("shut", "open"), ("open", "shut")]


async def test_an_old_if_match_is_a_failed_precondition(database):
    await _act(database, "open")
    with pytest.raises(ProblemError) as caught:
        await _act(database, "shut", if_match='"1"')
    assert (caught.value.status, caught.value.code) == (412, "E-PRECONDITION")
    assert await _act(database, "shut", if_match='"2"') == "shut"


async def test_an_action_the_table_does_not_list_is_the_state_conflict(database):
    await _act(database, "open")
    await _act(database, "lock")
    with pytest.raises(Refusal) as caught:
        await _act(database, "open")
    assert caught.value.code == "E-TEST-DOOR-STATE"
    assert await _count(database, History) == 2


async def test_the_tables_roles_are_checked(database):
    await _act(database, "open")
    async with database.transaction() as session:
        door = await session.get(Door, "d1")
        clerk = Principal(sub="bob", org="990101001000", roles=frozenset({"clerk"}))
        with pytest.raises(Refusal) as caught:
            await transition(session, DOOR, door, "lock", principal=clerk)
    assert caught.value.code == "AUTH-ROLE"


async def test_an_event_the_table_does_not_name_is_a_defect(database):
    await _act(database, "open")

    async def step(edge):
        return Change(events=[_event()])

    async with database.transaction() as session:
        door = await session.get(Door, "d1")
        with pytest.raises(AssertionError, match=r"door\.lock emits"):
            await transition(session, DOOR, door, "lock", principal=ALICE, step=step)


def test_a_final_state_has_no_way_out():
    with pytest.raises(ValueError, match="final state"):
        Lifecycle("x", "x", ("a",), tuple(edges("b", "go", "a")), DOOR_STATE, final=("b",))


def test_the_diagram_is_drawn_from_the_table():
    assert DOOR.mermaid().splitlines() == [
        "stateDiagram-v2",
        "    [*] --> shut",
        "    shut --> open : open",
        "    open --> shut : shut",
        "    open --> locked : lock",
        "    locked --> [*]",
    ]


def test_the_door_table_is_well_formed():
    check_table(DOOR)


@given(walks(DOOR))
def test_random_walks_stay_on_the_door_table(actions):
    walk(DOOR, actions)


def test_a_step_that_leaves_the_table_is_caught():
    with pytest.raises(AssertionError, match="forbids"):
        walk(DOOR, ["shut"], step=lambda state, action: ("open", ()))


async def test_a_history_writer_may_await_and_the_reason_reaches_the_audit(database):
    async def history(session, applied) -> None:
        await session.flush()  # e.g. locking the chain it appends to
        session.add(History(door=applied.row.id, step="async"))

    async def step(edge):
        return Change(events=[_event()], reason="风大")

    async with database.transaction() as session:
        door = await session.get(Door, "d1")
        await transition(session, DOOR, door, "open", principal=ALICE, history=history, step=step)
    async with database.sessions() as session:
        assert (await session.scalars(select(History.step))).all() == ["async"]
        (changes,) = (await session.scalars(select(AuditRow.changes))).all()
    assert changes == {"from": "shut", "to": "open", "reason": "风大"}
