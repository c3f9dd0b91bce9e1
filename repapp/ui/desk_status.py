"""What the status bar and title show about the laptop: who is signed in, how old the stock is,
how many finished orders still wait to be sent. Read in one go on the database thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from repapp.services.workspace import Workspace
from repapp.sync import state


@dataclass(frozen=True)
class DeskStatus:
    rep_name: str
    stock_as_of: str
    unsent: int
    server_url: str
    username: str


def read_desk_status(workspace: Workspace) -> DeskStatus:
    return DeskStatus(
        workspace.rep_name,
        workspace.stock_as_of,
        workspace.desk.unsent_count(),
        workspace.setting(state.SERVER_URL),
        workspace.setting(state.USER),
    )


def stock_label(as_of: str) -> str:
    return f"Stock as of {moment_text(as_of)}" if as_of else "Stock: not synced yet"


def moment_text(as_of: str) -> str:
    """A sync's ISO time as a rep reads it, in the laptop's time zone: "14 Mar 09:30"."""
    try:
        moment = datetime.fromisoformat(as_of).astimezone()
    except ValueError:
        return as_of
    return f"{moment:%d %b %H:%M}"
