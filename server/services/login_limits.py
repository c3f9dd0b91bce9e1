"""Sign-in lockout: refused attempts are counted per user name and per client address in the
database (so the count holds across server worker processes), and too many within the window
lock further attempts out, even with the right password, until the window has passed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from server.models import LoginFailure


@dataclass(frozen=True)
class Limits:
    per_username: int
    per_client: int
    window: timedelta


class LockedOut(Exception):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            "too many failed sign-ins: try again in "
            f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator"
        )
        self.retry_after = retry_after


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _locked_until(
    session: Session, where: ColumnElement[bool], allowed: int, since: datetime, window: timedelta
) -> datetime | None:
    """When enough of the failures in the window have aged out, or None if not locked."""
    times = list(
        session.scalars(
            select(LoginFailure.at)
            .where(where, LoginFailure.at >= since)
            .order_by(LoginFailure.at.desc())
            .limit(allowed)
        )
    )
    if len(times) < allowed:
        return None
    return _aware(times[-1]) + window


def check(session: Session, username: str, client: str, limits: Limits) -> None:
    """Raise `LockedOut` with the seconds to wait when this name or address is locked out."""
    now = datetime.now(UTC)
    since = now - limits.window
    ends = [
        moment
        for moment in (
            _locked_until(
                session,
                LoginFailure.username == username,
                limits.per_username,
                since,
                limits.window,
            ),
            _locked_until(
                session, LoginFailure.client == client, limits.per_client, since, limits.window
            ),
        )
        if moment is not None
    ]
    if ends:
        raise LockedOut(max(1, math.ceil((max(ends) - now).total_seconds())))


def record_failure(session: Session, username: str, client: str, limits: Limits) -> None:
    now = datetime.now(UTC)
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - limits.window))
    session.add(LoginFailure(username=username[:80], client=client[:64], at=now))


def clear(session: Session, username: str) -> None:
    """A successful sign-in forgives the name's earlier mistakes."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
