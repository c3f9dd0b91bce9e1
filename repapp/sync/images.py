"""Product pictures on the laptop: a folder of files named by their SHA-256, filled ahead of a show.

Rows name pictures by hash; the bytes come separately (`/sync/blobs/{sha256}`). A download is
written to a temporary file, checked against its hash and only then renamed into place, so a
download that breaks off leaves nothing half-written, and the next run fetches only what is
missing: the download resumes picture by picture.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from repapp.models import Product
from repapp.models.db import LocalStore
from repapp.sync.client import SyncClient, SyncError

Progress = Callable[[str, int], None]


@dataclass
class ImageSummary:
    wanted: int = 0  # pictures the catalog names
    downloaded: int = 0
    already_here: int = 0
    failed: int = 0
    bytes: int = 0


class ImageCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.img"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def store(self, sha256: str, data: bytes) -> None:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SyncError(f"picture {sha256[:12]}… arrived damaged; it will be fetched again")
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, target)

    def wanted(self, store: LocalStore) -> list[str]:
        """Every picture the local catalog names, first picture of each product first."""
        with store.reading() as session:
            lists = session.scalars(select(Product.images).where(Product.images != "")).all()
        firsts = dict.fromkeys(images.split()[0] for images in lists)
        rest = dict.fromkeys(sha for images in lists for sha in images.split()[1:])
        return list({**firsts, **rest})

    def download(
        self,
        store: LocalStore,
        client: SyncClient,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImageSummary:
        summary = ImageSummary()
        wanted = self.wanted(store)
        summary.wanted = len(wanted)
        for sha in wanted:
            if cancelled():
                break
            if self.has(sha):
                summary.already_here += 1
                continue
            try:
                data = client.blob(sha)
                self.store(sha, data)
            except SyncError as error:
                if type(error) is not SyncError:  # offline or signed out: stop, resume later
                    raise
                summary.failed += 1
                continue
            summary.downloaded += 1
            summary.bytes += len(data)
            if progress:
                progress("downloading pictures", summary.downloaded + summary.already_here)
        return summary
