"""Passwords (scrypt) and opaque bearer tokens (stored hashed, expiring)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Device, Token, User
from server.services.versions import DEVICE_PREFIX, next_value

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(Exception):
    pass


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


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
    unknown or belongs to someone else gets a new device instead.
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        raise AuthError("wrong user name or password")
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
    expires = (
        stored.expires_at if stored.expires_at.tzinfo else stored.expires_at.replace(tzinfo=UTC)
    )
    if expires < datetime.now(UTC) or not user.active:
        raise AuthError("session expired: sign in again")
    return user, device
