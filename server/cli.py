"""`repapp-server`: create or upgrade the database, load demo data, import files, serve the API."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from decimal import Decimal

from server.config import get_settings
from server.db import make_engine, make_session_factory
from server.imports.command import add_import_command


def _init(_args: argparse.Namespace) -> int:
    from server.migrate import upgrade

    url = get_settings().resolved_database_url()
    upgrade(make_engine(url))
    print(f"database ready: {make_engine(url).url.render_as_string(hide_password=True)}")
    return 0


def _demo_data(args: argparse.Namespace) -> int:
    from server.demo_data import load_demo_data
    from server.migrate import upgrade

    engine = make_engine(get_settings().resolved_database_url())
    upgrade(engine)
    summary = load_demo_data(make_session_factory(engine), products=args.products, seed=args.seed)
    print("demo data loaded: " + ", ".join(f"{count} {name}" for name, count in summary.items()))
    return 0


def _user(args: argparse.Namespace) -> int:
    from server.db import transaction
    from server.services.users import UserError, set_user

    password = os.environ.get("REPAPP_NEW_PASSWORD") or getpass.getpass(
        f"password for {args.username}: "
    )
    factory = make_session_factory(make_engine(get_settings().resolved_database_url()))
    try:
        with transaction(factory) as session:
            created = set_user(
                session, args.username, args.name, args.role, password, args.max_discount
            )
    except UserError as error:
        print(f"repapp-server user: {error}", file=sys.stderr)
        return 2
    print(f"user {args.username} {'created' if created else 'updated'} ({args.role})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="repapp-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create or upgrade the database").set_defaults(run=_init)
    demo = commands.add_parser(
        "demo-data", help="load a realistic demo catalog, customers and users"
    )
    demo.add_argument("--products", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(run=_demo_data)
    add_import_command(commands)
    user = commands.add_parser(
        "user",
        help="create a user or reset one's password (asked for, or REPAPP_NEW_PASSWORD)",
    )
    user.add_argument("username")
    user.add_argument("--name", default="", help="full name, as printed on confirmations")
    user.add_argument("--role", default="rep", choices=["rep", "back_office", "admin"])
    user.add_argument(
        "--max-discount",
        type=Decimal,
        default=None,
        metavar="PERCENT",
        help="the largest line discount the rep may give without approval (default 10)",
    )
    user.set_defaults(run=_user)
    serve = commands.add_parser("serve", help="serve the sync API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
