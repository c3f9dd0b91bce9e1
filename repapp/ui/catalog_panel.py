"""Finding products: search as you type, and a scan field for barcode scanners and typed SKUs.

A USB barcode scanner is a keyboard that types digits and Enter at full speed, so the scan field
takes the code on Enter, clears itself at once for the next scan, and looks the code up off the
GUI thread. Only an exact barcode or an exact SKU is added: a near match on the show floor would
put the wrong product on a customer's order. A code that adds nothing says why (a misread check
digit, a barcode this catalog does not have, a product no longer sold).

Enter in the search box adds the highlighted product of the results for the words in the box: if
the rep typed faster than the search ran, Enter waits for those results rather than adding a
product from the results of what was typed before.
"""

from __future__ import annotations

from pathlib import Path

from repapp.core.barcodes import GTIN_LENGTHS, is_valid_gtin
from repapp.services.buyer_prices import BuyerPrices
from repapp.services.catalog_search import CatalogSearch, CategoryNode, ProductHit
from repapp.sync.images import ImageCache
from repapp.ui.catalog_model import CatalogModel
from repapp.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QObject,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.tasks import TaskManager

DEBOUNCE_MS = 150
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CatalogPanel(QWidget):
    product_chosen = Signal(str)  # the SKU to add to the order
    code_unknown = Signal(str)  # why a scanned or typed code adds nothing, for the rep

    def __init__(
        self,
        tasks: TaskManager,
        catalog: CatalogSearch,
        prices: BuyerPrices,
        pictures: ImageCache,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._pictures = pictures
        self._tasks, self._catalog, self._prices = tasks, catalog, prices
        self._buyer: str | None = None  # prices are this account's; None = list prices
        self._category: int | None = None
        self._shown_words: str | None = None  # the search whose results the table shows
        self._add_when_shown: str | None = None  # Enter came before these words' results
        self.model = CatalogModel(self._search, tasks.run_in_db, self, self._picture_file)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.setToolTip("Only this category (and its subcategories)")
        self.category.currentIndexChanged.connect(self._category_chosen)
        self.search = QLineEdit(placeholderText="Search the catalog: name, brand, SKU (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.scan = QLineEdit(placeholderText="Scan / SKU")
        self.scan.setObjectName("scan")
        self.scan.setToolTip("Scan a barcode or type an exact SKU, then Enter")
        self.table = QTableView()
        self.table.setObjectName("catalog")
        self.table.setModel(self.model)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.model.set_query(self.search.text()))
        self.search.textChanged.connect(self._search_edited)
        self.scan.returnPressed.connect(self._scanned)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))
        self.model.results_shown.connect(self._results_shown)
        # Enter (in the table, or in the search box) adds the highlighted product; arrow keys
        # in the search box move the highlight, so the rep never leaves the keyboard.
        self.table.installEventFilter(self)
        self.search.installEventFilter(self)
        self._set_up_table()
        self._lay_out()

    def _set_up_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (2, 120), (3, 50), (4, 70), (5, 215), (6, 80)):
            table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.search, 3)
        row.addWidget(self.category, 1)
        row.addWidget(self.scan, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Catalog", objectName="panel_title"))
        layout.addLayout(row)
        layout.addWidget(self.table)

    def start(self) -> None:
        """Show the first page of the catalog (called once the window is up)."""
        self.reload_categories()
        self.model.set_query(self.search.text())

    # -- what is shown -----------------------------------------------------------------------
    def _search(self, words: str, limit: int, offset: int) -> list[ProductHit]:
        """Runs on the database thread: a page of hits, priced for the buyer in front of the rep."""
        hits = self._catalog.search(words, limit, offset, category_id=self._category)
        return self._prices.price_hits(self._buyer, hits)

    def _picture_file(self, sha256: str) -> Path | None:
        path = self._pictures.path(sha256)
        return path if path.exists() else None

    def set_buyer(self, account_number: str | None) -> None:
        """Show this account's prices (None: list prices)."""
        if account_number != self._buyer:
            self._buyer = account_number
            self.model.refresh()

    def reload_categories(self) -> None:
        self._tasks.run_in_db(self._catalog.categories, self._fill_categories)

    def _fill_categories(self, nodes: list[CategoryNode]) -> None:
        chosen = self._category
        self.category.blockSignals(True)  # refilling is not the rep choosing
        self.category.clear()
        self.category.addItem("All categories", None)
        for node in nodes:
            self.category.addItem("    " * node.depth + node.name, node.id)
        index = self.category.findData(chosen) if chosen is not None else 0
        self.category.setCurrentIndex(max(index, 0))
        self._category = self.category.currentData()
        self.category.blockSignals(False)

    def _category_chosen(self, _index: int) -> None:
        self._category = self.category.currentData()
        self.model.refresh()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- choosing ----------------------------------------------------------------------------
    def _results_shown(self, words: str) -> None:
        self._shown_words = words
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollToTop()
        if self._add_when_shown is not None and words == self._add_when_shown:
            self._add_when_shown = None
            self._choose(0)

    def _search_edited(self) -> None:
        self._add_when_shown = None  # an Enter waiting for results was for other words
        self._timer.start()

    def _enter_in_search(self) -> None:
        """Add the highlighted product, once the table shows the results for the words typed."""
        words = self.search.text()
        if words == self._shown_words and not self._timer.isActive():
            self._choose(self.table.currentIndex().row())
        else:  # typed faster than the search ran: what is highlighted is another search's
            self._timer.stop()
            self._add_when_shown = words
            self.model.set_query(words)

    def _choose(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.product_chosen.emit(self.model.hit(row).sku)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if key in _ENTER:
            if watched is self.search:
                self._enter_in_search()
            else:
                self._choose(self.table.currentIndex().row())
            return True
        if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = max(0, min(self.table.currentIndex().row() + step, self.model.rowCount() - 1))
            self.table.selectRow(row)
            return True
        return False

    # -- scanning ----------------------------------------------------------------------------
    def _scanned(self) -> None:
        code = self.scan.text()
        self.scan.clear()  # ready for the next scan before this one is looked up
        self.scan_code(code)

    def scan_code(self, code: str) -> None:
        """Add the product with exactly this barcode or SKU (from the scan field, or a scan the
        window caught while another field had the focus); say why if there is none."""
        code = code.strip()
        if code:
            self._tasks.run_in_db(lambda: self._resolve(code), self._found)

    def _resolve(self, code: str) -> tuple[str | None, str]:
        """Runs on the database thread: (the SKU, "") for an exact barcode or an exact active
        SKU, else (None, why not)."""
        sku = self._catalog.by_barcode(code)
        if sku is not None:
            return sku, ""
        retired = None
        for candidate in dict.fromkeys((code, code.upper())):
            product = self._catalog.product(candidate)
            if product is not None and product.active:
                return product.sku, ""
            retired = retired or product
        if retired is not None:
            return None, f"{retired.sku} {retired.name} is no longer sold"
        return None, unknown_code(code)

    def _found(self, found: tuple[str | None, str]) -> None:
        sku, why = found
        if sku is None:
            self.code_unknown.emit(why)
        else:
            self.product_chosen.emit(sku)


def unknown_code(code: str) -> str:
    """Why a code that is neither a barcode nor a SKU of this catalog adds nothing."""
    if code.isdigit() and len(code) in GTIN_LENGTHS:
        if not is_valid_gtin(code):
            return f"“{code}” is not a valid barcode (wrong check digit: misread or mistyped)"
        return f"No product on sale has the barcode “{code}” (a sync may bring it)"
    return f"No product has the barcode or SKU “{code}”"
