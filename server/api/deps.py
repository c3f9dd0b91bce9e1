"""Request-scoped dependencies: the database session factory, the signed-in user and their role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from server.config import Settings
from server.db import transaction
from server.models import Device, User
from server.services.auth import AuthError, authenticate

_bearer = HTTPBearer(auto_error=False)


def get_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "sign in first", {"WWW-Authenticate": "Bearer"}
        )
    return credentials.credentials


FactoryDep = Annotated[sessionmaker[Session], Depends(get_factory)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TokenDep = Annotated[str, Depends(get_token)]


def current_user(factory: FactoryDep, token: TokenDep) -> tuple[User, Device]:
    with transaction(factory) as session:
        try:
            return authenticate(session, token)
        except AuthError as error:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, str(error), {"WWW-Authenticate": "Bearer"}
            ) from error


CurrentUserDep = Annotated[tuple[User, Device], Depends(current_user)]


def require_role(*roles: str) -> Callable[[tuple[User, Device]], tuple[User, Device]]:
    """A dependency that lets through only signed-in users with one of `roles` (403 otherwise)."""

    def allowed(auth: CurrentUserDep) -> tuple[User, Device]:
        if auth[0].role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs the {' or '.join(roles)} role; you are signed in as {auth[0].role}",
            )
        return auth

    allowed.roles = roles  # type: ignore[attr-defined]  # read by the access test
    return allowed


ANY_ROLE = ("rep", "back_office", "admin")
SignedInDep = Annotated[tuple[User, Device], Depends(require_role(*ANY_ROLE))]
OfficeDep = Annotated[tuple[User, Device], Depends(require_role("back_office", "admin"))]
AdminDep = Annotated[tuple[User, Device], Depends(require_role("admin"))]
