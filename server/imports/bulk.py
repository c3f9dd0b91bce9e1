"""Set-at-a-time database helpers: no query per row, and IN lists kept under driver limits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from server.models import Tombstone
from server.services.versions import SYNC_VERSION, reserve

T = TypeVar("T")
CHUNK = 5000  # SQLite allows 32,766 parameters per statement, PostgreSQL 65,535


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch_in(
    session: Session,
    query: Callable[[Sequence[Any]], Select[Any]],
    values: Iterable[Any],
) -> list[Any]:
    """Rows of `query(chunk)` for every chunk of `values` (the query filters with `IN chunk`).

    Runs on the session's connection: plain rows, without the ORM's per-row work.
    """
    unique = list(dict.fromkeys(values))
    connection = session.connection()
    found: list[Any] = []
    for chunk in chunks(unique):
        found.extend(connection.execute(query(chunk)).all())
    return found


def grouped(rows: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for key, value in rows:
        out.setdefault(key, []).append(value)
    return out


class Versions:
    """Sync versions reserved in one block, handed out one at a time in order."""

    def __init__(self, session: Session, count: int) -> None:
        self._next = reserve(session, SYNC_VERSION, count) if count else 0
        self._left = count

    def take(self) -> int:
        assert self._left > 0, "more versions taken than reserved"
        self._left -= 1
        self._next += 1
        return self._next - 1


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert a few rows; returns their new ids in the order of `rows`."""
    ids: list[int] = []
    for chunk in chunks(rows):
        ids.extend(
            session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), list(chunk)
            ).all()
        )
    return ids


def insert_keyed(session: Session, model: Any, rows: list[dict[str, Any]], key: str) -> list[int]:
    """Insert many rows that a unique column `key` names; returns their ids in order.

    A plain executemany and one SELECT per chunk: on SQLite, RETURNING with the parameter
    order kept would run one statement per row.
    """
    insert_plain(session, model, rows)
    column = getattr(model, key)
    ids = dict(
        fetch_in(
            session,
            lambda chunk: select(column, model.id).where(column.in_(chunk)),
            [row[key] for row in rows],
        )
    )
    return [ids[row[key]] for row in rows]


def insert_plain(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in chunks(rows):
        session.connection().execute(insert(model.__table__), list(chunk))


def update_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key: each dict holds the id and the new values (the same names in all)."""
    if not rows:
        return
    table = model.__table__
    names = [name for name in rows[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(f"new_{name}") for name in names})
    )
    for chunk in chunks(rows):
        session.connection().execute(
            statement,
            [
                {"row_id": row["id"], **{f"new_{name}": row[name] for name in names}}
                for row in chunk
            ],
        )


def delete_in(
    session: Session, model: Any, column: Any, values: Sequence[Any], *also: ColumnElement[bool]
) -> None:
    for chunk in chunks(values):
        session.connection().execute(delete(model.__table__).where(column.in_(chunk), *also))


def tombstones(session: Session, entity: str, keys: Sequence[str], versions: Versions) -> None:
    insert_plain(
        session,
        Tombstone,
        [
            {"entity": entity, "key": key, "user_id": None, "version": versions.take()}
            for key in keys
        ],
    )


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass
class SyncedRowsPlan:
    """Rows of one synced table to create, update and delete (with a tombstone per deleted key),
    every written row stamped with a fresh sync version."""

    model: Any
    entity: str  # the sync entity name its tombstones carry
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[tuple[int, str]] = field(default_factory=list)  # (row id, sync key)

    def write(self, session: Session) -> None:
        versions = Versions(session, len(self.created) + len(self.updated) + len(self.deleted))
        for row in self.created + self.updated:
            row["version"] = versions.take()
        insert_plain(session, self.model, self.created)
        update_rows(session, self.model, self.updated)
        delete_in(session, self.model, self.model.id, [row_id for row_id, _ in self.deleted])
        tombstones(session, self.entity, [key for _, key in self.deleted], versions)
