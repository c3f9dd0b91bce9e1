"""Leaving while orders wait to be sent (quitting, signing out): ask the rep first.

Nothing is lost either way (the outbox and every draft are on disk), but a rep who quits or signs
out at the end of a show may be about to leave the last Wi-Fi with orders the office has not seen.
The counts are read on the database thread, so leaving takes two steps: the first request is held
back while they are read, then the guard goes ahead, at once when nothing waits, or after the
rep's Yes. One question at a time: asking again brings the open question to the front.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from repapp.services.order_desk import OrderDesk
from repapp.ui.qt import QMessageBox, QObject, QWidget
from repapp.ui.tasks import TaskManager


@dataclass(frozen=True)
class UnsentWork:
    orders: int  # finished, waiting in the outbox
    drafts: int  # drafts with lines: saved, but not sent until finished


@dataclass(frozen=True)
class Leaving:
    """One way of leaving: what the question is called and when it is asked."""

    title: str
    verb: str  # "Quit", "Sign out": ends the question ("Quit anyway?")
    name: str  # the question's object name
    drafts_ask: bool  # drafts alone ask too (a quit reopens them; a sign-out may hand over)

    def asks(self, work: UnsentWork) -> bool:
        return work.orders > 0 or (self.drafts_ask and work.drafts > 0)


QUITTING = Leaving("Quit RepApp?", "Quit", "quit_question", drafts_ask=False)
SIGNING_OUT = Leaving("Sign out?", "Sign out", "sign_out_question", drafts_ask=True)


def read_unsent_work(desk: OrderDesk) -> UnsentWork:
    return UnsentWork(desk.unsent_count(), desk.drafts_with_lines())


def _drafts_sentence(drafts: int, either: str) -> str:
    if drafts == 1:
        return (
            f"1 draft is not finished{either}: it is saved, but it is not sent until you finish it."
        )
    return (
        f"{drafts} drafts are not finished{either}: they are saved, "
        "but they are not sent until you finish them."
    )


def question_text(work: UnsentWork, leaving: Leaving = QUITTING) -> str:
    ending = f"{leaving.verb} anyway?"
    if work.orders == 0:
        return f"{_drafts_sentence(work.drafts, '')} {ending}"
    if work.orders == 1:
        waiting = "1 order has not been sent yet. It is safe on this laptop"
    else:
        waiting = f"{work.orders} orders have not been sent yet. They are safe on this laptop"
    return f"{waiting} and will be sent at the next sync. {ending}"


def drafts_text(work: UnsentWork) -> str:
    """The drafts, told under the question about orders ("" when the question is about drafts)."""
    if work.drafts == 0 or work.orders == 0:
        return ""
    return _drafts_sentence(work.drafts, " either")


class LeaveGuard(QObject):
    def __init__(self, window: QWidget, tasks: TaskManager, desk: OrderDesk) -> None:
        super().__init__(window)
        self._window, self._tasks, self._desk = window, tasks, desk
        self.question: QMessageBox | None = None
        self._checking = False

    def confirm(self, leaving: Leaving, go: Callable[[], None]) -> None:
        """Run `go` now when nothing waits, after the rep's Yes when something does."""
        if self.question is not None:
            self.question.activateWindow()  # already asked: the rep answers that question
        elif not self._checking:
            self._checking = True
            self._tasks.run_in_db(
                lambda: read_unsent_work(self._desk),
                lambda work: self._decide(leaving, go, work),
                lambda error: self._check_failed(go, error),
            )

    def dismiss(self) -> None:
        if self.question is not None:
            self.question.reject()

    def _decide(self, leaving: Leaving, go: Callable[[], None], work: UnsentWork) -> None:
        self._checking = False
        if leaving.asks(work):
            self._ask(leaving, work, go)
        else:
            go()

    def _check_failed(self, go: Callable[[], None], error: Exception) -> None:
        self._checking = False
        go()  # never trap the rep over a count
        raise error

    def _ask(self, leaving: Leaving, work: UnsentWork, go: Callable[[], None]) -> None:
        no = QMessageBox.StandardButton.No
        question = QMessageBox(
            QMessageBox.Icon.Question,
            leaving.title,
            question_text(work, leaving),
            QMessageBox.StandardButton.Yes | no,
            self._window,
        )
        question.setObjectName(leaving.name)
        question.setInformativeText(drafts_text(work))
        question.setDefaultButton(no)  # Enter, pressed out of habit, keeps the rep where they are
        question.setEscapeButton(no)
        question.finished.connect(lambda _result: self._answered(question, go))
        self.question = question
        question.open()  # window-modal, non-blocking: never exec()

    def _answered(self, question: QMessageBox, go: Callable[[], None]) -> None:
        yes = question.clickedButton() is question.button(QMessageBox.StandardButton.Yes)
        self.question = None
        question.deleteLater()
        if yes:
            go()


class QuitGuard(LeaveGuard):
    """Closing the window: the same question, and the window closes itself once it may."""

    def __init__(self, window: QWidget, tasks: TaskManager, desk: OrderDesk) -> None:
        super().__init__(window, tasks, desk)
        self._may_close = False

    def allows_close(self) -> bool:
        """For the window's closeEvent: True closes now; False holds the close back for now."""
        if self._may_close or self._tasks.closing:
            return True
        self.confirm(QUITTING, self.close_without_asking)
        return False

    def stand_down(self) -> None:
        """The system is stopping the app (a signal, a logout): close without a question."""
        self._may_close = True
        self.dismiss()

    def close_without_asking(self) -> None:
        self.stand_down()
        self._window.close()
