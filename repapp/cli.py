"""`repapp`: open the app, or run the demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from repapp import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="repapp", description="Offline order writing for sales reps."
    )
    parser.add_argument("--version", action="version", version=f"RepApp {__version__}")
    parser.add_argument(
        "--database", type=Path, help="the local database file (default: your data folder)"
    )
    commands = parser.add_subparsers(dest="command")
    demo = commands.add_parser(
        "demo", help="run a demo server and open the app signed in as the demo rep"
    )
    demo.add_argument(
        "--headless", action="store_true", help="run a scripted walkthrough instead of the window"
    )
    demo.add_argument("--out", type=Path, help="where the headless walkthrough writes its PDFs")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from repapp.demo import run

        return run(args.headless, args.out)

    from repapp.models.db import NewerDatabaseError
    from repapp.services.workspace import Workspace
    from repapp.ui.app import run_app

    try:
        workspace = Workspace.open(args.database)
    except NewerDatabaseError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        return run_app(workspace, sys.argv[:1])
    finally:
        workspace.close()


if __name__ == "__main__":
    sys.exit(main())
