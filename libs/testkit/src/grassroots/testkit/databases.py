"""A fresh database per test: a SQLite file, or a PostgreSQL database when TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return url.replace("postgresql://", "postgresql+asyncpg://", 1)
    return url


@asynccontextmanager
async def fresh_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """Yields the SQLAlchemy URL of an empty database, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / f'{uuid.uuid4().hex}.db'}"
        return
    admin_url = _asyncpg_dsn(os.environ["TEST_POSTGRES_URL"])
    name = f"gr_test_{uuid.uuid4().hex[:16]}"
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, _ = admin_url.rpartition("/")
    try:
        yield _sqlalchemy_url(f"{base}/{name}")
    finally:
        conn = await asyncpg.connect(admin_url)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@contextmanager
def suite_databases(backend: str, names: Iterable[str]) -> Iterator[dict[str, str]]:
    """One empty PostgreSQL database per name (dropped afterwards); for SQLite an empty mapping,
    the harness then puts a file per service in its own folder."""
    if backend == "sqlite":
        yield {}
        return
    admin_url = _asyncpg_dsn(os.environ["TEST_POSTGRES_URL"])
    base, _, _ = admin_url.rpartition("/")
    dbs = {name: f"gr_suite_{uuid.uuid4().hex[:12]}" for name in names}

    async def run(statement: str) -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            for db in dbs.values():
                await conn.execute(statement.format(db=db))
        finally:
            await conn.close()

    asyncio.run(run('CREATE DATABASE "{db}"'))
    try:
        yield {name: _sqlalchemy_url(f"{base}/{db}") for name, db in dbs.items()}
    finally:
        asyncio.run(run('DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
