"""The rows of an import file, numbered as a spreadsheet shows them (the header is line 1).

CSV: UTF-8 with or without a byte-order mark; the delimiter (comma, semicolon or tab) is whichever
the header line uses most. XLSX: the first sheet, read with openpyxl in read-only mode, header in
row 1. A file that cannot be read raises `FileProblem` with a message for the person who saved it.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
DELIMITERS = (",", ";", "\t")


class FileProblem(Exception):
    """The file as a whole cannot be imported; `line` is set when one line is to blame."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, stripped cells); blank lines left out


def read_sheet(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblem(f"the file cannot be read: {error.strerror or error}") from error
    if data.startswith(OLE_MAGIC):
        raise FileProblem(
            'the file is an Excel 97-2003 workbook (.xls): save it as "Excel Workbook (.xlsx)" or "CSV UTF-8"'
        )
    records = _xlsx_records(data) if data.startswith(ZIP_MAGIC) else _csv_records(data)
    return _sheet(records)


def _sheet(records: list[list[str]]) -> Sheet:
    if not records or not any(records[0]):
        if any(any(record) for record in records):
            raise FileProblem("the first line is empty: it must hold the column names", 1)
        raise FileProblem("the file is empty: the first line must hold the column names")
    header = records[0]
    while header and not header[-1]:
        header = header[:-1]
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    if not rows:
        raise FileProblem("the file has column names but no rows of data")
    return Sheet(header=header, rows=rows)


def _csv_records(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02X}): "
            'save it from your spreadsheet as "CSV UTF-8" and import that file',
            line,
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        records.extend([cell.strip() for cell in record] for record in reader)
    except csv.Error as error:
        line = len(records) + 1
        raise FileProblem(f"this line cannot be read as CSV: {error}", line) from error
    return records


def _xlsx_records(data: bytes) -> list[list[str]]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # a damaged or foreign zip: any reason, one message
            raise FileProblem(
                f"the file is not a readable Excel workbook (.xlsx): {error or type(error).__name__}"
            ) from error
        try:
            if not workbook.worksheets:
                raise FileProblem("the workbook has no sheets")
            sheet = workbook.worksheets[0]
            return [
                [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()
