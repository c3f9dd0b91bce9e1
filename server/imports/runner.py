"""One import: read the file, check every row, then write it all in one transaction or nothing.

The checks against the database run inside the writing transaction (on SQLite it starts with
BEGIN IMMEDIATE), so what was checked is what gets written. Versions are reserved only when the
file is good: a failed or dry run leaves the sync counter where it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from server.imports.kinds import KINDS
from server.imports.progress import Progress
from server.imports.reading import FileProblem, read_sheet
from server.imports.report import Report
from server.imports.spec import Options
from server.imports.table import parse_table


def run_import(
    factory: sessionmaker[Session],
    kind: str,
    path: Path,
    *,
    source: str | None = None,
    dry_run: bool = False,
    replace: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import `path` as `kind`; the report says what was (or, on a dry run, would be) done."""
    spec = KINDS[kind]
    report = Report(source=source or str(path), dry_run=dry_run)
    progress = progress or Progress(report.source, enabled=False)
    if replace and not spec.replaces:
        raise ValueError(f"{kind} has no --replace")
    try:
        sheet = read_sheet(path)
    except FileProblem as problem:
        report.error(problem.line, None, problem.reason)
        return report
    table = parse_table(sheet, spec.columns, spec.key, report, progress)
    del sheet  # the parsed rows are all that is needed now: let a large file's text go
    if table is None:
        return report
    options = Options(folder=path.resolve().parent, replace=replace, now=datetime.now(UTC))
    with factory() as session:
        session.begin()
        progress.stage("comparing with the database")
        plan = spec.check(session, table, report, options)
        if report.ok and not dry_run:
            progress.stage("writing")
            plan.write(session)
            session.commit()
            report.written = True
        # leaving the block without a commit rolls everything back
    progress.finish()
    return report
