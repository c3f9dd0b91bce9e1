"""Importing CSV and XLSX files into the server database: `repapp-server import KIND FILE`.

reading.py turns a file into numbered rows, table.py checks the header and every cell with the
parsers of columns.py, a module per kind compares the rows with the database and plans the
writes, and runner.py writes a good file in one transaction. report.py words every problem as
`FILE:LINE:COLUMN: reason`.
"""

from server.imports.kinds import KINDS
from server.imports.runner import run_import

__all__ = ["KINDS", "run_import"]
