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


def _password(username: str) -> str:
    return os.environ.get("REPAPP_NEW_PASSWORD") or getpass.getpass(f"password for {username}: ")


def _user(args: argparse.Namespace) -> int:
    """`users add` (and the older `user`): create a user, or update one and set their password."""
    from server.db import transaction
    from server.services.users import UserError, set_user

    password = _password(args.username)
    factory = make_session_factory(make_engine(get_settings().resolved_database_url()))
    try:
        with transaction(factory) as session:
            created = set_user(
                session, args.username, args.name, args.role, password, args.max_discount
            )
    except UserError as error:
        print(f"repapp-server users: {error}", file=sys.stderr)
        return 2
    print(f"user {args.username} {'created' if created else 'updated'} ({args.role})")
    return 0


def _users_change(args: argparse.Namespace) -> int:
    """`users disable|enable|reset-password|revoke USERNAME`."""
    from server.db import transaction
    from server.services import users

    factory = make_session_factory(make_engine(get_settings().resolved_database_url()))
    try:
        with transaction(factory) as session:
            if args.change == "disable":
                revoked = users.set_active(session, args.username, False)
                done = f"user {args.username} disabled ({revoked} sessions ended)"
            elif args.change == "enable":
                users.set_active(session, args.username, True)
                done = f"user {args.username} enabled"
            elif args.change == "reset-password":
                revoked = users.reset_password(session, args.username, _password(args.username))
                done = f"password of {args.username} reset ({revoked} sessions ended)"
            else:
                revoked = users.revoke_sessions(session, args.username)
                done = f"{revoked} sessions of {args.username} revoked"
    except users.UserError as error:
        print(f"repapp-server users {args.change}: {error}", file=sys.stderr)
        return 2
    print(done)
    return 0


def _users_list(_args: argparse.Namespace) -> int:
    from server.db import transaction
    from server.services.users import list_users

    factory = make_session_factory(make_engine(get_settings().resolved_database_url()))
    with transaction(factory) as session:
        for user in list_users(session):
            state = "active" if user.active else "disabled"
            print(
                f"{user.username:<20} {user.role:<12} {state:<9} "
                f"{user.max_discount_percent:>6}%  {user.full_name}"
            )
    return 0


def _add_user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")
    parser.add_argument("--name", default="", help="full name, as printed on confirmations")
    parser.add_argument("--role", default="rep", choices=["rep", "back_office", "admin"])
    parser.add_argument(
        "--max-discount",
        type=Decimal,
        default=None,
        metavar="PERCENT",
        help="the largest line discount the rep may give without approval (default 10)",
    )
    parser.set_defaults(run=_user)


def _add_users_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="manage the people who sign in")
    actions = users.add_subparsers(dest="action", required=True)
    _add_user_arguments(
        actions.add_parser(
            "add",
            help="create a user, or update one and set their password "
            "(asked for, or REPAPP_NEW_PASSWORD)",
        )
    )
    for change, text in (
        ("disable", "stop a user signing in; their sessions end at once"),
        ("enable", "let a disabled user sign in again"),
        ("reset-password", "set a new password (asked for, or REPAPP_NEW_PASSWORD); ends sessions"),
        ("revoke", "sign a user out on every laptop (a lost laptop)"),
    ):
        action = actions.add_parser(change, help=text)
        action.add_argument("username")
        action.set_defaults(run=_users_change, change=change)
    actions.add_parser("list", help="list users, roles and whether they are active").set_defaults(
        run=_users_list
    )


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
    _add_users_command(commands)
    _add_user_arguments(
        commands.add_parser("user", help="the same as `users add` (kept for older scripts)")
    )
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
