"""Declarative base and column types shared by every model."""

from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The simulator's virtual clock: while it replays a day in this context, "now" is its time.
VIRTUAL_NOW: ContextVar[datetime | None] = ContextVar("qms_virtual_now", default=None)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (a simulation's virtual time)."""
    return VIRTUAL_NOW.get() or datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as naive UTC; always hand back aware UTC values.

    SQLite keeps no zone, so normalising at the boundary keeps both databases identical.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every moment is stored as aware UTC: a ``Mapped[datetime]`` column is a UTCDateTime.
    type_annotation_map = {datetime: UTCDateTime}


# A moment that is "now" unless the row is given one: when it was made, seen or is due next.
NowByDefault = Annotated[datetime, mapped_column(default=utcnow)]
