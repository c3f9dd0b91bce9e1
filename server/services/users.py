"""Accounts for the people who use RepApp: reps, back-office staff, admins.

Every change is written to the audit log in the same transaction, with `by` as the one who made
it (None for the server operator at the command line).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import User
from server.services.audit import audit
from server.services.auth import hash_password, revoke_user_tokens

ROLES = ("rep", "back_office", "admin")
MIN_PASSWORD = 8


class UserError(ValueError):
    pass


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password has at least {MIN_PASSWORD} characters")


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user {username!r}")
    return user


def set_user(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str,
    max_discount_percent: Decimal | None = None,
    by: User | None = None,
) -> bool:
    """Create the user, or update name, role and password of an existing one (and the line
    discount a rep may give without approval, when given); True if created."""
    if max_discount_percent is not None and not 0 <= max_discount_percent <= 100:
        raise UserError("a discount limit is between 0 and 100 percent")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    _check_password(password)
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise UserError("a username is letters, digits, dots, hyphens and underscores")
    user = session.scalar(select(User).where(User.username == username))
    created = user is None
    if user is None:
        user = User(username=username, full_name=full_name, role=role, password_hash="")
        session.add(user)
    user.full_name, user.role, user.active = full_name or user.full_name, role, True
    user.password_hash = hash_password(password)
    if max_discount_percent is not None:
        user.max_discount_percent = max_discount_percent
    session.flush()
    details: dict[str, object] = {"role": role, "full_name": user.full_name}
    if max_discount_percent is not None:
        details["max_discount_percent"] = str(max_discount_percent)
    audit(session, by, "user_created" if created else "user_updated", username, **details)
    return created


def set_active(session: Session, username: str, active: bool, by: User | None = None) -> int:
    """Disable a user (their sessions end at once and are revoked) or enable them again;
    the number of sessions revoked."""
    user = find_user(session, username)
    user.active = active
    revoked = 0 if active else revoke_user_tokens(session, user)
    action = "user_enabled" if active else "user_disabled"
    audit(session, by, action, username, revoked_sessions=revoked)
    return revoked


def reset_password(session: Session, username: str, password: str, by: User | None = None) -> int:
    """A new password, and every session signed in with the old one ended; sessions revoked."""
    _check_password(password)
    user = find_user(session, username)
    user.password_hash = hash_password(password)
    revoked = revoke_user_tokens(session, user)
    audit(session, by, "password_reset", username, revoked_sessions=revoked)
    return revoked


def revoke_sessions(session: Session, username: str, by: User | None = None) -> int:
    """Sign the user out on every laptop (a lost laptop); the number of sessions revoked."""
    revoked = revoke_user_tokens(session, find_user(session, username))
    audit(session, by, "tokens_revoked", username, revoked_sessions=revoked)
    return revoked


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
