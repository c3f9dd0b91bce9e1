"""Passwords (argon2; older scrypt hashes still verify) and opaque bearer tokens (stored hashed,
expiring, revocable)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Device, Token, User
from server.services.versions import DEVICE_PREFIX, next_value

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_ARGON2 = PasswordHasher()


class AuthError(Exception):
    pass


def hash_password(password: str) -> str:
    return _ARGON2.hash(password)


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _ARGON2.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for hashes from before argon2, or argon2 hashes with weaker than current settings."""
    return stored.startswith("scrypt$") or _ARGON2.check_needs_rehash(stored)


@lru_cache(maxsize=1)
def _unknown_user_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _device_prefix(session: Session) -> str:
    return f"D{next_value(session, DEVICE_PREFIX):03d}"


def login(
    session: Session,
    username: str,
    password: str,
    device_name: str,
    ttl_hours: int,
    device_id: str | None = None,
) -> tuple[str, User, Device]:
    """Check the password, find or register this laptop's device, and issue a token for it.

    A laptop signing in again keeps its device (and so its push sequence); a device id that is
    unknown or belongs to someone else gets a new device instead. A password stored with an older
    scheme is stored again with argon2 once it has been checked.
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        verify_password(password, _unknown_user_hash())  # as slow as a known name: no hint
        raise AuthError("wrong user name or password")
    if not user.active or not verify_password(password, user.password_hash):
        raise AuthError("wrong user name or password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    device = session.get(Device, device_id) if device_id else None
    if device is None or device.user_id != user.id:
        device = Device(
            id=str(uuid.uuid4()), prefix=_device_prefix(session), user_id=user.id, name=device_name
        )
        session.add(device)
        session.flush()
    token = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=ttl_hours)
    session.add(
        Token(
            token_hash=_token_hash(token), user_id=user.id, device_id=device.id, expires_at=expires
        )
    )
    return token, user, device


def authenticate(session: Session, token: str) -> tuple[User, Device]:
    row = session.execute(
        select(Token, User, Device)
        .join(User, User.id == Token.user_id)
        .join(Device, Device.id == Token.device_id)
        .where(Token.token_hash == _token_hash(token))
    ).first()
    if row is None:
        raise AuthError("unknown token: sign in again")
    stored, user, device = row
    if not user.active:
        raise AuthError("this account is disabled: ask an administrator")
    if stored.revoked_at is not None:
        raise AuthError("this session was signed out: sign in again")
    expires = (
        stored.expires_at if stored.expires_at.tzinfo else stored.expires_at.replace(tzinfo=UTC)
    )
    if expires < datetime.now(UTC):
        raise AuthError("session expired: sign in again")
    return user, device


def revoke_token(session: Session, token: str) -> bool:
    """Sign this token out for good; False if it was unknown or already revoked."""
    done = session.execute(
        update(Token)
        .where(Token.token_hash == _token_hash(token), Token.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def revoke_user_tokens(session: Session, user: User) -> int:
    """Sign the user out on every laptop; the number of sessions ended."""
    done = session.execute(
        update(Token)
        .where(Token.user_id == user.id, Token.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return int(done.rowcount)  # type: ignore[attr-defined]
