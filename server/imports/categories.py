"""Category paths ("Home Decor > Candles") resolved against the tree, created as needed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports.bulk import Versions, insert_rows
from server.models import Category

Path = tuple[str, ...]


class CategoryTree:
    """Existing categories matched by name case-insensitively; new ones named as the file writes them."""

    def __init__(self, session: Session) -> None:
        self._ids: dict[tuple[int | None, str], int] = {
            (parent_id, name.casefold()): category_id
            for category_id, parent_id, name in session.execute(
                select(Category.id, Category.parent_id, Category.name).order_by(Category.id)
            )
        }
        self._new: dict[tuple[str, ...], Path] = {}  # folded path -> path as first written
        self._known: dict[Path, int] = {}  # paths already resolved to an id

    def plan(self, path: Path) -> int | Path:
        """The category's id, or the path itself when the import must create it."""
        if path in self._known:
            return self._known[path]
        if _fold(path) in self._new:
            return path
        parent: int | None = None
        for depth, name in enumerate(path):
            found = self._ids.get((parent, name.casefold()))
            if found is None:
                for end in range(depth + 1, len(path) + 1):
                    self._new.setdefault(_fold(path[:end]), path[:end])
                return path
            parent = found
        assert parent is not None
        self._known[path] = parent
        return parent

    @property
    def new_count(self) -> int:
        return len(self._new)

    def create(self, session: Session, versions: Versions) -> None:
        """Insert the new categories, parents before children."""
        pending = sorted(self._new.values(), key=len)
        self._new.clear()
        for depth in sorted({len(path) for path in pending}):
            level = [path for path in pending if len(path) == depth]
            rows = [
                {
                    "name": path[-1],
                    "parent_id": self.id_of(path[:-1]) if depth > 1 else None,
                    "version": versions.take(),
                }
                for path in level
            ]
            for path, row, new_id in zip(
                level, rows, insert_rows(session, Category, rows), strict=True
            ):
                self._ids[(row["parent_id"], path[-1].casefold())] = new_id

    def id_of(self, path: Path) -> int:
        found = self.plan(path)
        assert isinstance(found, int), f"category {path} was not created"
        return found


def _fold(path: Path) -> tuple[str, ...]:
    return tuple(name.casefold() for name in path)
