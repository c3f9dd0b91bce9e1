"""Accounts for the people who use RepApp: reps, back-office staff, admins."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import User
from server.services.auth import hash_password

ROLES = ("rep", "back_office", "admin")
MIN_PASSWORD = 8


class UserError(ValueError):
    pass


def set_user(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str,
    max_discount_percent: Decimal | None = None,
) -> bool:
    """Create the user, or update name, role and password of an existing one (and the line
    discount a rep may give without approval, when given); True if created."""
    if max_discount_percent is not None and not 0 <= max_discount_percent <= 100:
        raise UserError("a discount limit is between 0 and 100 percent")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password has at least {MIN_PASSWORD} characters")
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
    return created
