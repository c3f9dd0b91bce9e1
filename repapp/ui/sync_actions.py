"""The window's actions around syncing, beyond Sync itself: Stop sync on the toolbar, and a "More"
menu with Ready for the show?, Export unsent orders…, Import orders… and Sign out. Each is an
action of the window with its own keys (`MainWindow._action`), so F1 lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from repapp.ui.pages import ANY_PAGE
from repapp.ui.qt import QAction, QStyle, QToolBar, QToolButton

if TYPE_CHECKING:
    from repapp.ui.main_window import MainWindow


def add_sync_actions(window: MainWindow, toolbar: QToolBar) -> QAction:
    """Adds the actions; returns Stop sync (enabled only while a sync or download is at work)."""
    stop = window._action("Stop sync", "Shift+F5", window.sync.stop, toolbar, ANY_PAGE)
    stop.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_BrowserStop))
    stop.setToolTip("Stop the sync after the step at work; what is done stays done")
    stop.setEnabled(window.sync.busy)
    window.sync.busy_changed.connect(stop.setEnabled)
    more = QToolButton(
        text="More", objectName="more", popupMode=QToolButton.ToolButtonPopupMode.InstantPopup
    )
    for text, keys, slot, tip in (
        (
            "Ready for the show?",
            "Ctrl+Shift+R",
            window.show_status.show_readiness,
            "Catalog, prices, pictures and stock on this laptop: what is still missing",
        ),
        (
            "Export unsent orders…",
            "Ctrl+Shift+E",
            window.transfer.ask_export,
            "Write the orders waiting to be sent to a file, to send them from another laptop",
        ),
        (
            "Import orders…",
            "Ctrl+Shift+I",
            window.transfer.ask_import,
            "Add orders exported on another laptop; they are sent at the next sync",
        ),
        (
            "Sign out",
            "Ctrl+Shift+L",
            lambda: window.sync.sign_out_asking(window.quit_guard),
            "Forget the sign-in on this laptop; orders and drafts stay",
        ),
    ):
        action = window._action(text, keys, slot, page=ANY_PAGE)
        action.setToolTip(tip)
        more.addAction(action)
    toolbar.addWidget(more)
    return stop
