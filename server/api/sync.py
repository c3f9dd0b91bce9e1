"""Sync routes: meta, sign-in and sign-out, pull and push (SYNC.md)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic_core import to_json

from repapp import __version__
from repapp.sync.protocol import (
    HAS_MORE_HEADER,
    NEXT_CURSOR_HEADER,
    PROTOCOL_VERSION,
    LoginRequest,
    LoginResponse,
    MetaAction,
    MetaResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)
from server.api.deps import FactoryDep, SettingsDep, SignedInDep, TokenDep
from server.db import transaction
from server.models import Device
from server.services import intake, login_limits
from server.services.audit import audit
from server.services.auth import AuthError, login, revoke_token
from server.services.pull import pull_page

router = APIRouter(prefix="/sync", tags=["sync"])


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@router.get("/meta")
def meta(
    settings: SettingsDep,
    protocol: int = PROTOCOL_VERSION,
    app_version: str = __version__,
) -> MetaResponse:
    action = MetaAction.OK
    message = ""
    if protocol < settings.min_protocol_version:
        action, message = (
            MetaAction.UPGRADE_REQUIRED,
            "This app is too old to sync: install the update.",
        )
    elif _version_tuple(app_version) < _version_tuple(settings.recommended_app_version):
        action, message = MetaAction.UPGRADE_RECOMMENDED, "A newer version of RepApp is available."
    return MetaResponse(
        server_version=__version__,
        protocol_min=settings.min_protocol_version,
        protocol_max=PROTOCOL_VERSION,
        action=action,
        message=message,
    )


@router.post("/login")
def sign_in(
    body: LoginRequest, request: Request, factory: FactoryDep, settings: SettingsDep
) -> LoginResponse:
    """Issue a token, unless the name or the caller's address is locked out by recent refused
    attempts (429 with Retry-After, even with the right password)."""
    client = request.client.host if request.client else ""
    limits = login_limits.Limits(
        settings.login_max_failures,
        settings.login_max_failures_per_client,
        timedelta(minutes=settings.login_window_minutes),
    )
    refusal: HTTPException | None = None
    with transaction(factory) as session:
        try:
            login_limits.check(session, body.username, client, limits)
            token, user, device = login(
                session,
                body.username,
                body.password,
                body.device_name,
                settings.token_ttl_hours,
                body.device_id,
            )
        except login_limits.LockedOut as locked:
            audit(session, None, "login_locked", body.username, client=client)
            refusal = HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                str(locked),
                {"Retry-After": str(locked.retry_after)},
            )
        except AuthError as error:
            # Recorded and committed: the refusal itself is raised once the transaction is over.
            login_limits.record_failure(session, body.username, client, limits)
            audit(session, None, "login_failed", body.username, client=client)
            refusal = HTTPException(status.HTTP_401_UNAUTHORIZED, str(error))
        else:
            login_limits.clear(session, body.username)
            answer = LoginResponse(
                token=token,
                user=user.username,
                full_name=user.full_name,
                role=user.role,
                device_id=device.id,
                device_prefix=device.prefix,
                max_discount_percent=user.max_discount_percent,
            )
    if refusal is not None:
        raise refusal
    return answer


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(factory: FactoryDep, token: TokenDep, auth: SignedInDep) -> Response:
    """End this session: the token never works again."""
    user, device = auth
    with transaction(factory) as session:
        if revoke_token(session, token):
            audit(session, user, "token_revoked", user.username, device=device.prefix)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/pull", response_model=PullResponse)
def pull_changes(body: PullRequest, factory: FactoryDep, auth: SignedInDep) -> Response:
    """A page as `PullResponse` JSON, serialized straight from plain dicts: a first sync moves
    millions of changes, and building and re-validating a model per change cost more than the
    queries. Returning a `Response` skips FastAPI's validation and encoding of the result."""
    user, _device = auth
    with transaction(factory) as session:
        page = pull_page(session, user, body.cursor, body.limit)
    headers = {
        NEXT_CURSOR_HEADER: str(page["next_cursor"]),
        HAS_MORE_HEADER: "true" if page["has_more"] else "false",
    }
    return Response(to_json(page), media_type="application/json", headers=headers)


@router.post("/push")
def push(
    body: PushRequest,
    factory: FactoryDep,
    auth: SignedInDep,
    settings: SettingsDep,
) -> PushResponse:
    user, device = auth
    if body.device_id != device.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this token belongs to another device")
    verdicts = []
    watermark = device.watermark
    for entry in sorted(body.entries, key=lambda e: e.seq):
        # One transaction per entry: a failure later in the batch keeps the verdicts before it.
        with transaction(factory) as session:
            locked = session.get(Device, device.id, with_for_update=True)
            assert locked is not None
            try:
                verdicts.append(
                    intake.receive(session, user, locked, entry, settings.large_order_total)
                )
            except intake.SequenceGap as error:
                raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
            watermark = locked.watermark
    return PushResponse(verdicts=verdicts, watermark=watermark)
