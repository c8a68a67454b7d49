"""INSERT … ON CONFLICT DO NOTHING on PostgreSQL and SQLite alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_ignore(
    session: AsyncSession, model: Any, values: dict[str, Any], conflict: list[str]
) -> bool:
    """Inserts a row unless one with the same `conflict` columns exists; True if inserted."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict)
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
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).on_conflict_do_nothing(index_elements=conflict)
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
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model)
    table = model.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=conflict,
        set_={name: table.c[name] + stmt.excluded[name] for name in added},
    )
    await session.execute(stmt, rows)
