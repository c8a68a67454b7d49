"""Database plumbing shared by every service: the declarative base, engines, sessions, migrations."""

from grassroots.common.db.base import Base, BigIntPK, UTCDateTime, utcnow
from grassroots.common.db.session import Database, SessionDep

__all__ = ["Base", "BigIntPK", "Database", "SessionDep", "UTCDateTime", "utcnow"]
