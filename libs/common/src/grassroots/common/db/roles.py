"""PostgreSQL roles: migrations run as the owner, the service as a role that owns nothing.

The app role gets SELECT, INSERT, UPDATE, DELETE on the service's tables and the use of their
sequences, except that append-only tables (the enforcement log) get SELECT and INSERT only.
Owning nothing, it cannot drop or disable a trigger or alter a table, and it is no superuser,
so it cannot `SET session_replication_role`. SQLite has no roles: nothing to do there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import make_url

from grassroots.common.db.session import make_engine


def role_of(database_url: str) -> str | None:
    """The PostgreSQL user a URL connects as (None for SQLite)."""
    url = make_url(database_url)
    return url.username if url.get_backend_name() == "postgresql" else None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def grant_app_role(owner_url: str, app_role: str, *, append_only: Sequence[str] = ()) -> None:
    """Grants the app role what the service needs, as the owner, after the migrations."""
    role = _quoted(app_role)
    engine = make_engine(owner_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
            await conn.execute(
                text(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
                )
            )
            await conn.execute(
                text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
            )
            for table in append_only:
                await conn.execute(
                    text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {_quoted(table)} FROM {role}")
                )
            # the migrations' own bookkeeping is the owner's alone
            await conn.execute(
                text(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}")
            )
    finally:
        await engine.dispose()


def grant_app_role_sync(owner_url: str, app_role: str, *, append_only: Sequence[str] = ()) -> None:
    asyncio.run(grant_app_role(owner_url, app_role, append_only=append_only))
