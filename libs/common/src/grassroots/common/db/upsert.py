"""Inserts PostgreSQL and SQLite do alike: ON CONFLICT DO NOTHING / DO UPDATE, and bulk COPY."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert as plain_insert
from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def _insert(session: AsyncSession, model: Any) -> Any:
    """The dialect's INSERT (with its ON CONFLICT clauses) into `model`."""
    return (postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert)(model)


async def insert_ignore(
    session: AsyncSession, model: Any, values: dict[str, Any], conflict: list[str]
) -> bool:
    """Inserts a row unless one with the same `conflict` columns exists; True if inserted."""
    stmt = _insert(session, model).values(**values).on_conflict_do_nothing(index_elements=conflict)
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_ignore_returning(
    session: AsyncSession,
    model: Any,
    rows: list[dict[str, Any]],
    conflict: list[str],
    returning: list[str],
) -> set[tuple[Any, ...]]:
    """Inserts every row not conflicting with one stored (or committed meanwhile); returns the
    `returning` columns of the rows it inserted (one statement, sent as multi-row batches)."""
    if not rows:
        return set()
    stmt = _insert(session, model).on_conflict_do_nothing(index_elements=conflict)
    columns = [getattr(model, name) for name in returning]
    result = await session.execute(stmt.returning(*columns), rows)
    return {tuple(row) for row in result.all()}


async def insert_or_add(
    session: AsyncSession,
    model: Any,
    rows: list[dict[str, Any]],
    conflict: list[str],
    added: list[str],
) -> None:
    """Inserts each row, or adds its `added` columns to the stored row's (atomic: two
    transactions adding to the same row never lose an addition). Rows must not repeat a key."""
    if not rows:
        return
    stmt = _insert(session, model)
    table = model.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=conflict,
        set_={name: table.c[name] + stmt.excluded[name] for name in added},
    )
    await session.execute(stmt, rows)


async def insert_rows(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    """Inserts new rows in bulk, in the session's transaction: COPY on PostgreSQL (every row
    names the same columns), a Core executemany elsewhere."""
    if not rows:
        return
    table = model.__table__
    if _dialect(session) != "postgresql":
        await session.execute(plain_insert(table), rows)
        return
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():  # the adapter begins on its first statement: begin now
        await session.execute(text("SELECT 1"))
    columns = list(rows[0])
    records = [tuple(row[c] for c in columns) for row in rows]
    await driver.copy_records_to_table(table.name, records=records, columns=columns)
