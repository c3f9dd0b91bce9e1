"""Closing the window while finished orders still wait in the outbox: ask the rep first.

Nothing is lost either way (the outbox and every draft are on disk), but a rep who quits at the
end of a show may be about to leave the last Wi-Fi with orders the office has not seen. The counts
are read on the database thread, so a close takes two steps: the first close is held back while
they are read, then the window closes itself, at once when nothing waits, or after the rep's Yes.
"""

from __future__ import annotations

from dataclasses import dataclass

from repapp.services.order_desk import OrderDesk
from repapp.ui.qt import QMessageBox, QObject, QWidget
from repapp.ui.tasks import TaskManager


@dataclass(frozen=True)
class UnsentWork:
    orders: int  # finished, waiting in the outbox
    drafts: int  # drafts with lines: saved, but not sent until finished


def read_unsent_work(desk: OrderDesk) -> UnsentWork:
    return UnsentWork(desk.unsent_count(), desk.drafts_with_lines())


def question_text(work: UnsentWork) -> str:
    if work.orders == 1:
        waiting = "1 order has not been sent yet. It is safe on this laptop"
    else:
        waiting = f"{work.orders} orders have not been sent yet. They are safe on this laptop"
    return f"{waiting} and will be sent at the next sync. Quit anyway?"


def drafts_text(work: UnsentWork) -> str:
    if work.drafts == 0:
        return ""
    if work.drafts == 1:
        return (
            "1 draft is not finished either: it is saved, but it is not sent until you finish it."
        )
    return (
        f"{work.drafts} drafts are not finished either: they are saved, "
        "but they are not sent until you finish them."
    )


class QuitGuard(QObject):
    def __init__(self, window: QWidget, tasks: TaskManager, desk: OrderDesk) -> None:
        super().__init__(window)
        self._window, self._tasks, self._desk = window, tasks, desk
        self.question: QMessageBox | None = None
        self._may_close = False
        self._checking = False

    def allows_close(self) -> bool:
        """For the window's closeEvent: True closes now; False holds the close back for now."""
        if self._may_close or self._tasks.closing:
            return True
        if self.question is not None:
            self.question.activateWindow()  # already asked: the rep answers that question
        elif not self._checking:
            self._checking = True
            self._tasks.run_in_db(
                lambda: read_unsent_work(self._desk), self._decide, self._check_failed
            )
        return False

    def stand_down(self) -> None:
        """The system is stopping the app (a signal, a logout): close without a question."""
        self._may_close = True
        if self.question is not None:
            self.question.reject()

    def close_without_asking(self) -> None:
        self.stand_down()
        self._window.close()

    def _decide(self, work: UnsentWork) -> None:
        self._checking = False
        if work.orders == 0:
            self.close_without_asking()
        else:
            self._ask(work)

    def _check_failed(self, error: Exception) -> None:
        self._checking = False
        self.close_without_asking()  # never trap the rep in the app over a count
        raise error

    def _ask(self, work: UnsentWork) -> None:
        no = QMessageBox.StandardButton.No
        question = QMessageBox(
            QMessageBox.Icon.Question,
            "Quit RepApp?",
            question_text(work),
            QMessageBox.StandardButton.Yes | no,
            self._window,
        )
        question.setObjectName("quit_question")
        question.setInformativeText(drafts_text(work))
        question.setDefaultButton(no)  # Enter, pressed out of habit, keeps the app open
        question.setEscapeButton(no)
        question.finished.connect(lambda _result: self._answered(question))
        self.question = question
        question.open()  # window-modal, non-blocking: never exec()

    def _answered(self, question: QMessageBox) -> None:
        quit_anyway = question.clickedButton() is question.button(QMessageBox.StandardButton.Yes)
        self.question = None
        question.deleteLater()
        if quit_anyway:
            self.close_without_asking()
