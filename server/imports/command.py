"""`repapp-server import KIND FILE`: the command line around `run_import`.

Exit codes: 0 imported (or a clean dry run), 1 the file has errors (nothing written), 2 usage.
Problems go to stderr as `FILE:LINE:COLUMN: reason`; the summary goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from server.config import get_settings
from server.db import make_engine, make_session_factory
from server.imports.kinds import KINDS
from server.imports.progress import Progress
from server.imports.runner import run_import


def _columns_help() -> str:
    lines = ["columns (* = required; header names are case-insensitive):"]
    for name, kind in KINDS.items():
        names = ", ".join(f"{c.name}{'*' if c.required else ''}" for c in kind.columns)
        lines.append(f"  {name}: {names}")
        if kind.replaces:
            lines.append(f"    --replace: {kind.replaces}")
    return "\n".join(lines)


def add_import_command(commands: Any) -> None:
    parser = commands.add_parser(
        "import",
        help="import products, prices, customers, stock, ... from a CSV or XLSX file",
        description="Check a CSV (UTF-8, comma or semicolon) or XLSX file (first sheet, header in "
        "row 1) and import it whole in one transaction, or nothing when any row has an error.",
        epilog=_columns_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=list(KINDS), help="what the file holds")
    parser.add_argument("file", type=Path, help="the .csv or .xlsx file")
    parser.add_argument(
        "--dry-run", action="store_true", help="check and report what would change; write nothing"
    )
    parser.add_argument(
        "--replace", action="store_true", help="also delete what the file no longer has (see below)"
    )
    parser.add_argument(
        "--progress", action="store_true", help="report progress on stderr even when not a terminal"
    )
    parser.add_argument(
        "--max-errors", type=int, default=100, metavar="N", help="show at most N errors (0: all)"
    )
    parser.set_defaults(run=_run, parser=parser)


def _run(args: argparse.Namespace) -> int:
    kind = KINDS[args.kind]
    if args.replace and not kind.replaces:
        with_replace = ", ".join(name for name, k in KINDS.items() if k.replaces)
        args.parser.error(f"--replace works with {with_replace}, not with {args.kind}")
    if not args.file.is_file():
        args.parser.error(f"{args.file}: no such file")
    engine = make_engine(get_settings().resolved_database_url())
    try:
        if not inspect(engine).has_table("counters"):
            print(
                "the database has no RepApp schema yet: run `repapp-server init` first",
                file=sys.stderr,
            )
            return 1
        report = run_import(
            make_session_factory(engine),
            args.kind,
            args.file,
            source=str(args.file),
            dry_run=args.dry_run,
            replace=args.replace,
            progress=Progress(str(args.file), enabled=args.progress or sys.stderr.isatty()),
        )
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        print(
            f"{args.file}: the database refused the import, nothing was written: {reason}",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    for line in report.problem_lines(args.max_errors):
        print(line, file=sys.stderr)
    for line in report.summary_lines():
        print(line)
    return 0 if report.ok else 1
