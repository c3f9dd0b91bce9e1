"""Product pictures: fetched apart from rows, checked against their hash, resumable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx

from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace


def test_pictures_download_once_verified_and_resume_after_a_break(
    demo_server: ServerProcess, tmp_path: Path
) -> None:
    workspace = Workspace.open(tmp_path / "laptop" / "rep.db")
    try:
        workspace.sign_in(demo_server.url, "rep", "demo")
        workspace.sync()
        wanted = workspace.images.wanted(workspace.store)
        assert len(wanted) > 10  # products share pictures: fewer files than products

        seen: list[int] = []
        first = workspace.download_images(
            progress=lambda _what, done: seen.append(done), cancelled=lambda: len(seen) >= 5
        )
        assert first.downloaded == 5  # the connection "broke" after five
        # A half-written file from a crash is not taken for a picture.
        stale = workspace.images.path(wanted[-1]).with_suffix(".part")
        stale.parent.mkdir(parents=True, exist_ok=True)
        stale.write_bytes(b"half a picture")

        rest = workspace.download_images()
        assert rest.already_here == 5 and rest.downloaded == len(wanted) - 5 and rest.failed == 0
        for sha in wanted:
            data = workspace.images.path(sha).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha and data.startswith(b"\x89PNG")
        again = workspace.download_images()
        assert (again.downloaded, again.already_here) == (0, len(wanted))
    finally:
        workspace.close()


def test_blobs_need_a_sign_in_and_a_proper_name(demo_server: ServerProcess, tmp_path: Path) -> None:
    assert httpx.get(f"{demo_server.url}/sync/blobs/{'0' * 64}").status_code == 401
    workspace = Workspace.open(tmp_path / "rep.db")
    try:
        workspace.sign_in(demo_server.url, "rep", "demo")
        headers = {"Authorization": f"Bearer {workspace.client.token}"}
        assert (
            httpx.get(f"{demo_server.url}/sync/blobs/{'0' * 64}", headers=headers).status_code
            == 404
        )
        assert httpx.get(f"{demo_server.url}/sync/blobs/..%2Fetc", headers=headers).status_code in (
            400,
            404,
        )
    finally:
        workspace.close()
