"""The catalog table: a thin Qt adapter over the search results, fetched a page at a time.

A catalog can hold 200,000 products, so the model never holds more than the pages the rep has
scrolled through: the first page comes with the query, the next when the view asks (`fetchMore`).
Pages are read off the GUI thread by a runner (`TaskManager.run_in_db` in the app, a plain call
in model tests); a page that arrives for an older query is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from repapp.services.catalog_search import ProductHit
from repapp.ui.qt import QBrush, QColor, QModelIndex, QPixmap, Qt, Signal
from repapp.ui.table_model import AnyIndex, RowsTableModel

PAGE_SIZE = 200
COLUMNS = ("SKU", "Name", "Brand", "Case", "Price", "Pricing", "Available")
NAME, PRICE, PRICING, AVAILABLE = 1, 4, 5, 6
THUMBNAIL = 20  # pixels: fits a table row

Search = Callable[[str, int, int], list[ProductHit]]  # (words, limit, offset)
Runner = Callable[[Callable[[], list[ProductHit]], Callable[[list[ProductHit]], None]], Any]

_SOLD_OUT = QBrush(QColor("#b3261e"))
_SPECIAL = QBrush(QColor("#1b6e2d"))
_STALE = QBrush(QColor("#8a8a8a"))  # stock counted more than a day ago: true then, maybe not now
STALE_AFTER = timedelta(hours=24)


def run_now(work: Callable[[], list[ProductHit]], done: Callable[[list[ProductHit]], None]) -> None:
    """A runner that reads on the calling thread: for tests and scripts without a TaskManager."""
    done(work())


class CatalogModel(RowsTableModel):
    columns = COLUMNS
    numeric = frozenset({3, PRICE, AVAILABLE})
    results_shown = Signal(str)  # the first page of this query is in the model

    def __init__(
        self,
        search: Search,
        runner: Runner = run_now,
        parent: Any = None,
        picture: Callable[[str], Path | None] = lambda _sha: None,
    ) -> None:
        super().__init__(parent)
        self._picture = picture  # where a picture's file is on this laptop, if it is
        self._thumbnails: dict[str, QPixmap | None] = {}
        self._search = search
        self._runner = runner
        self._rows: list[ProductHit] = []
        self._words = ""
        self._generation = 0  # bumped by every query; pages of older queries are stale
        self._loading = False
        self._exhausted = True

    # -- queries -----------------------------------------------------------------------------
    @property
    def words(self) -> str:
        return self._words

    def set_query(self, words: str) -> None:
        """Search for `words`; the rows shown stay until the new first page replaces them."""
        self._words = words
        self._generation += 1
        self._request(self._generation, offset=0)

    def _thumbnail(self, sha256: str) -> QPixmap | None:
        if sha256 not in self._thumbnails:
            path = self._picture(sha256)
            pixmap = QPixmap(str(path)) if path is not None else QPixmap()
            size = THUMBNAIL
            self._thumbnails[sha256] = (
                None
                if pixmap.isNull()
                else pixmap.scaled(
                    size,
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        return self._thumbnails[sha256]

    def forget_thumbnails(self) -> None:
        """Pictures arrived: look for them again."""
        self._thumbnails.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, NAME), self.index(len(self._rows) - 1, NAME))

    def refresh(self) -> None:
        """Run the current query again (after a sync changed prices or stock)."""
        self.set_query(self._words)

    def hit(self, row: int) -> ProductHit:
        return self._rows[row]

    def _request(self, generation: int, offset: int) -> None:
        words = self._words
        self._loading = True
        self._runner(
            lambda: self._search(words, PAGE_SIZE, offset),
            lambda page: self._page_arrived(generation, offset, page),
        )

    def _page_arrived(self, generation: int, offset: int, page: list[ProductHit]) -> None:
        if generation != self._generation:
            return  # the rep typed on; a newer query is on its way
        self._loading = False
        self._exhausted = len(page) < PAGE_SIZE
        if offset == 0:
            self.beginResetModel()
            self._rows = page
            self.endResetModel()
            self.results_shown.emit(self._words)
        elif page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # -- paging ------------------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request(self._generation, offset=len(self._rows))

    # -- RowsTableModel ---------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        hit, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(hit, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME and hit.image:
            return self._thumbnail(hit.image)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == AVAILABLE and hit.available <= 0:
                return _SOLD_OUT
            if column == AVAILABLE and _is_stale(hit.stock_as_of):
                return _STALE
            if column in (PRICE, PRICING) and _is_special(hit):
                return _SPECIAL
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(hit)
        return None


def _is_special(hit: ProductHit) -> bool:
    return hit.price is not None and hit.price.unit_price.amount < hit.price.regular.amount


def _tooltip(hit: ProductHit) -> str:
    lines = [hit.name]
    if hit.description:
        lines.append(hit.description)
    lines.append(
        f"Sold in cases of {hit.case_pack}; order in steps of {hit.order_increment}, minimum {hit.min_qty}"
    )
    if hit.price is not None:
        price = hit.price
        lines.append(f"{price.unit_price} each at {price.quantity}: {price.source.label}")
        if _is_special(hit):
            lines.append(f"Regular price {price.regular}")
    lines.append(f"List price {hit.currency} {hit.list_price:,.2f}")
    lines.append(f"{hit.available:,} available{_as_of(hit.stock_as_of)}")
    if hit.available > 0 and _is_stale(hit.stock_as_of):
        lines.append("Counted over a day ago: sync for today's figure")
    return "\n".join(lines)


def _is_stale(stamp: str) -> bool:
    try:
        counted = datetime.fromisoformat(stamp)
    except ValueError:
        return True  # never counted
    if counted.tzinfo is None:
        counted = counted.replace(tzinfo=UTC)
    return datetime.now(UTC) - counted > STALE_AFTER


def _as_of(stamp: str) -> str:
    """ " as of 14 Mar 09:30" in local time, from the server's ISO timestamp."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    return f" as of {moment.astimezone():%d %b %H:%M}"


def _display(hit: ProductHit, column: int) -> str:
    if column == PRICE:
        return f"{hit.price.unit_price.amount:,.2f}" if hit.price else f"{hit.list_price:,.2f}"
    if column == PRICING:
        return hit.price.source.label if hit.price else "List price"
    values = (hit.sku, hit.name, hit.brand, str(hit.case_pack))
    return values[column] if column < len(values) else f"{hit.available:,}"
