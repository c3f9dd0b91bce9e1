"""A sheet checked against the columns of one kind: header first, then every cell, then keys.

Header names are matched case-insensitively, with spaces and hyphens read as underscores
("List Price" is `list_price`). Messages name a column as the file's header writes it.
A row with a bad cell is reported and left out of `Table.records`, so the later checks against
the database still run on the good rows and one import run reports as much as it can.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from server.imports.columns import CellError, Parser
from server.imports.progress import Progress
from server.imports.reading import Sheet
from server.imports.report import Report


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False  # the column must be in the file and every one of its cells filled
    default: Any = None  # the value of an empty cell


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    values: dict[str, Any]  # column name -> value, for the columns the file has

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Table:
    labels: dict[str, str]  # column name -> the header as the file writes it
    records: list[Record]

    def has(self, name: str) -> bool:
        return name in self.labels

    def label(self, name: str) -> str:
        return self.labels.get(name, name)


def normalize(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header(sheet: Sheet, columns: Sequence[Column], report: Report) -> dict[str, int] | None:
    """Column name -> index in the row; None when the header alone makes the file unusable."""
    known = {column.name for column in columns}
    positions: dict[str, int] = {}
    ok = True
    for index, header in enumerate(sheet.header):
        name = normalize(header)
        if not name:
            if any(index < len(cells) and cells[index] for _, cells in sheet.rows):
                report.warn(1, None, f"column {column_letter(index)} has no name: ignored")
        elif name in positions:
            first = column_letter(positions[name])
            report.error(1, header, f"appears twice (columns {first} and {column_letter(index)})")
            ok = False
        elif name not in known:
            guess = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f' (did you mean "{guess[0]}"?)' if guess else ""
            report.warn(1, header, f"unknown column, ignored{hint}")
        else:
            positions[name] = index
    missing = [
        column.name for column in columns if column.required and column.name not in positions
    ]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        report.error(1, None, f"missing required column{plural}: {', '.join(missing)}")
        ok = False
    return positions if ok else None


def parse_table(
    sheet: Sheet,
    columns: Sequence[Column],
    key: Sequence[str],
    report: Report,
    progress: Progress,
) -> Table | None:
    """Check the header and every cell; None when the header is unusable."""
    positions = _header(sheet, columns, report)
    if positions is None:
        return None
    labels = {name: sheet.header[index] for name, index in positions.items()}
    present = sorted(
        ((column, positions[column.name]) for column in columns if column.name in positions),
        key=lambda item: item[1],
    )  # in the file's order, so a row's problems read left to right
    width = len(sheet.header)
    records: list[Record] = []
    firsts: dict[tuple[Any, ...], int] = {}
    defaults = {column.name: column.default for column in columns}
    report.rows = len(sheet.rows)
    progress.stage("checking", len(sheet.rows))
    for done, (line, cells) in enumerate(sheet.rows, start=1):
        progress.advance(done)
        if len(cells) > width and any(cells[width:]):
            report.error(
                line,
                None,
                f"has {len(cells)} cells but the header names {width} columns (check the delimiter and quotes)",
            )
            continue
        values, bad = _cells(line, cells, present, labels, report)
        if not bad & set(key):  # a row with a good key takes part in the duplicate check
            identity = tuple(values.get(name, defaults[name]) for name in key)
            if identity in firsts:
                _duplicate(report, labels, key, identity, line, firsts[identity])
                continue
            firsts[identity] = line
        if not bad:
            records.append(Record(line, values))
    return Table(labels=labels, records=records)


def _cells(
    line: int,
    cells: list[str],
    present: list[tuple[Column, int]],
    labels: dict[str, str],
    report: Report,
) -> tuple[dict[str, Any], set[str]]:
    """The row's values by column name, and the names of the columns whose cells are bad."""
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for column, index in present:
        cell = cells[index] if index < len(cells) else ""
        if not cell:
            if column.required:
                report.error(line, labels[column.name], "required, but the cell is empty")
                bad.add(column.name)
            values[column.name] = column.default
            continue
        try:
            values[column.name] = column.parse(cell)
        except CellError as error:
            report.error(line, labels[column.name], str(error))
            bad.add(column.name)
    return values, bad


def _duplicate(
    report: Report,
    labels: dict[str, str],
    key: Sequence[str],
    identity: tuple[Any, ...],
    line: int,
    first: int,
) -> None:
    shown = [name for name in key if name in labels]
    if len(key) == 1:
        what = f'"{identity[0]}"'
    else:
        what = ", ".join(
            f"{labels.get(name, name)} {value}" for name, value in zip(key, identity, strict=True)
        )
    report.error(line, labels[shown[-1]], f"{what} is already on line {first}")
