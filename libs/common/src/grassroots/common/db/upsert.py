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
    session: AsyncSession, model: Any, rows: list[dict[str, Any]], conflict: list[str], key: str
) -> set[Any]:
    """Inserts every row not conflicting with one stored (or committed meanwhile); returns the
    `key` values of the rows it inserted (one statement per 500 rows)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    column = getattr(model, key)
    inserted: set[Any] = set()
    for start in range(0, len(rows), 500):
        stmt = (
            insert(model)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=conflict)
            .returning(column)
        )
        inserted.update((await session.scalars(stmt)).all())
    return inserted


async def insert_or_add(
    session: AsyncSession,
    model: Any,
    values: dict[str, Any],
    conflict: list[str],
    added: list[str],
) -> None:
    """Inserts the row, or adds its `added` columns to the stored row's (one atomic statement:
    two transactions adding to the same row never lose an addition)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values)
    table = model.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=conflict,
        set_={name: table.c[name] + stmt.excluded[name] for name in added},
    )
    await session.execute(stmt)
