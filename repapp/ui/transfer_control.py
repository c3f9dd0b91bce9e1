"""'Export unsent orders…' and 'Import orders…': file dialogs, then the work on the database thread.

The dialogs are opened with `open()` (window-modal, never `exec()`); `export_to` and `import_from`
do the work for a chosen path. A file that cannot be imported is explained in a message box (what
is wrong with it; nothing was imported); the outcome goes to the status bar.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import platformdirs

from repapp.services.order_transfer import (
    ExportSummary,
    ImportSummary,
    TransferError,
    export_unsent,
    import_orders,
)
from repapp.services.workspace import Workspace
from repapp.ui.qt import QFileDialog, QMessageBox, QObject, QWidget, Signal
from repapp.ui.tasks import TaskManager

FILTER = "RepApp orders (*.json);;All files (*)"


class TransferControl(QObject):
    message = Signal(str)  # for the status bar
    exported = Signal(object)  # ExportSummary
    imported = Signal(object)  # ImportSummary

    def __init__(self, workspace: Workspace, tasks: TaskManager, window: QWidget) -> None:
        super().__init__(window)
        self._workspace, self._tasks, self._window = workspace, tasks, window
        self.file_dialog: QFileDialog | None = None
        self.problem: QMessageBox | None = None  # the last refusal, while it is shown

    # -- choosing a file --------------------------------------------------------------------
    def ask_export(self) -> QFileDialog:
        folder = Path(platformdirs.user_documents_dir())
        name = f"repapp-unsent-orders-{datetime.now():%Y%m%d-%H%M}.json"
        dialog = self._file_dialog("Export unsent orders", QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.selectFile(str(folder / name))
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.open()
        return dialog

    def ask_import(self) -> QFileDialog:
        dialog = self._file_dialog("Import orders", QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.import_from(Path(path)))
        dialog.open()
        return dialog

    def _file_dialog(self, title: str, mode: QFileDialog.AcceptMode) -> QFileDialog:
        if self.file_dialog is not None:
            self.file_dialog.reject()
        dialog = QFileDialog(self._window, title, "", FILTER)
        dialog.setObjectName("transfer_file_dialog")
        dialog.setAcceptMode(mode)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.file_dialog = dialog
        return dialog

    def _dialog_closed(self, dialog: QFileDialog) -> None:
        dialog.deleteLater()
        if self.file_dialog is dialog:
            self.file_dialog = None

    # -- the work ---------------------------------------------------------------------------
    def export_to(self, path: Path) -> None:
        store = self._workspace.store
        self._tasks.run_in_db(
            lambda: export_unsent(store, path),
            lambda summary: self._exported(summary, path),
            lambda error: self._refused("Nothing exported", error),
        )

    def import_from(self, path: Path) -> None:
        store = self._workspace.store
        self._tasks.run_in_db(
            lambda: import_orders(store, path),
            self._imported,
            lambda error: self._refused("Nothing imported", error),
        )

    def _exported(self, summary: ExportSummary, path: Path) -> None:
        count = f"{summary.orders} unsent order{'' if summary.orders == 1 else 's'}"
        self.message.emit(
            f"Exported {count} to {path.name}. They stay here too: whichever laptop syncs "
            "first sends them, once."
        )
        self.exported.emit(summary)

    def _imported(self, summary: ImportSummary) -> None:
        self.message.emit(f"{summary.describe()}. They are sent at the next sync.")
        self.imported.emit(summary)

    def _refused(self, what: str, error: Exception) -> None:
        if not isinstance(error, TransferError):
            raise error
        self.message.emit(f"{what}: {error}")
        if self.problem is not None:
            self.problem.reject()
        box = QMessageBox(
            QMessageBox.Icon.Warning, what, str(error), QMessageBox.StandardButton.Ok, self._window
        )
        box.setObjectName("transfer_problem")
        box.finished.connect(lambda _result: self._problem_closed(box))
        self.problem = box
        box.open()

    def _problem_closed(self, box: QMessageBox) -> None:
        box.deleteLater()
        if self.problem is box:
            self.problem = None
