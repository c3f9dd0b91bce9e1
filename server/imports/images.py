"""Product pictures named in an import file, stored once each by the SHA-256 of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports.bulk import fetch_in, insert_plain
from server.imports.columns import CellError
from server.models import Blob

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
MAX_BYTES = 20 * 1024 * 1024


class ImageFiles:
    """Reads each named file once; `write` stores the blobs the database does not have yet."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sha_by_path: dict[Path, str] = {}
        self._blobs: dict[str, tuple[str, bytes]] = {}

    def load(self, names: list[str]) -> list[str]:
        """The SHA-256 of each file, in order; raises `CellError` for the first unusable one."""
        return [self._load(name) for name in names]

    def _load(self, name: str) -> str:
        path = (self.folder / name).resolve()
        if path in self._sha_by_path:
            return self._sha_by_path[path]
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            kinds = ", ".join(sorted(CONTENT_TYPES))
            raise CellError(f'"{name}" is not a picture file ({kinds})')
        if not path.is_file():
            raise CellError(f'"{name}" does not exist (looked for {path})')
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CellError(f'"{name}" cannot be read: {error.strerror or error}') from error
        if len(data) > MAX_BYTES:
            raise CellError(f'"{name}" is larger than {MAX_BYTES // (1024 * 1024)} MB')
        sha = hashlib.sha256(data).hexdigest()
        self._sha_by_path[path] = sha
        self._blobs.setdefault(sha, (content_type, data))
        return sha

    def missing(self, session: Session) -> list[str]:
        """The hashes of the loaded files that the database does not hold yet."""
        stored = {
            sha
            for (sha,) in fetch_in(
                session,
                lambda chunk: select(Blob.sha256).where(Blob.sha256.in_(chunk)),
                self._blobs,
            )
        }
        return [sha for sha in self._blobs if sha not in stored]

    def write(self, session: Session) -> int:
        new = self.missing(session)
        insert_plain(
            session,
            Blob,
            [
                {
                    "sha256": sha,
                    "content_type": self._blobs[sha][0],
                    "size": len(self._blobs[sha][1]),
                    "data": self._blobs[sha][1],
                }
                for sha in new
            ],
        )
        return len(new)
