from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from repapp.services.workspace import Workspace
from tests import sample_store


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "rep.db")
    sample_store.fill(ws.store)
    yield ws
    ws.close()
