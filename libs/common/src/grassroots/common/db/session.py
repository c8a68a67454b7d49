"""Async engines and the session-per-request dependency (the edge owns the transaction)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from grassroots.common.db.plumbing import CLAIM_SCOPE_KEY, mark_committed


def _prepare_sqlite_file(url: str) -> None:
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for PostgreSQL (asyncpg) or SQLite (aiosqlite, WAL, foreign keys on). A
    statement's parameters never appear in an error's text, hence never in a log line: they may
    be people's data (a resident ID, a sensitive answer)."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across app crashes
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    # No ping before each checkout (a round trip per request): a connection found dead fails
    # its request (503, `errors.database_problem`) and invalidates the pool, so the next
    # checkout connects afresh; connections are renewed every 5 minutes in any case.
    kwargs.setdefault("pool_recycle", 300)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    return create_async_engine(url, **kwargs)


class Database:
    """One service's database: engine, session factory and the transaction helpers."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Reads run each statement on its own: no BEGIN and COMMIT round trips. Under READ
        # COMMITTED (the suite's level) each statement of a transaction takes its own snapshot
        # anyway, so a read sees nothing different (`reading`).
        self._reads = async_sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            autoflush=False,
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits on success and rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for a read (a GET's): statements without a transaction around them. Rows it
        adds (the audit of what a read showed) are inserted at its end, in one transaction of
        their own; changing or deleting anything, or a DML statement, raises `ReadOnlySession`."""
        async with self._reads() as session:
            event.listen(session.sync_session, "before_flush", _refuse_flush)
            event.listen(session.sync_session, "do_orm_execute", _refuse_writes)
            yield session
            if session.dirty or session.deleted:
                raise ReadOnlySession("a read changes or deletes nothing")
            added = list(session.new)
        if added:
            async with self.transaction() as writer:
                writer.add_all(added)

    async def ping(self) -> None:
        """Raises if the database does not answer."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


class ReadOnlySession(RuntimeError):
    """A change through a reading session: a bug (a GET changes nothing; it may only add)."""


def _refuse_flush(session: Any, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlySession("a read does not flush: what it adds is inserted at its end")


def _refuse_writes(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlySession("a read runs no INSERT, UPDATE or DELETE")


_READS = frozenset({"GET", "HEAD"})


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.database
    if request.method in _READS:
        async with database.reading() as session:
            yield session
        return
    async with database.transaction() as session:
        yield session
        if (claim := request.scope.get(CLAIM_SCOPE_KEY)) is not None:
            await mark_committed(session, claim)


# scope="function": the commit happens before the response leaves, so a 2xx means committed.
SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]
