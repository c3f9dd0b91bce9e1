"""What every kind of import declares: its columns, its key, and how it checks and writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from server.imports.report import Report
from server.imports.table import Column, Table


@dataclass(frozen=True)
class Options:
    folder: Path  # the import file's folder: relative image paths start here
    replace: bool  # also delete what the file no longer has (kinds that support it)
    now: datetime


class Plan(Protocol):
    """The changes a checked file makes; `write` applies them in the caller's transaction."""

    def write(self, session: Session) -> None: ...


Check = Callable[[Session, Table, Report, Options], Plan]


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique within a file; the upsert key
    check: Check  # reads the database, reports problems and counts; writes nothing
    replaces: str = ""  # what --replace deletes; empty when the kind has no --replace
