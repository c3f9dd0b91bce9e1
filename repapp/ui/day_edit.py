"""A calendar day that may be left open (a ship date, either end of a ship window).

Qt's date edit always holds a date, so "no date" is the day before the earliest one offered: it
reads as `blank_text`, one step down from today gets there, and Delete goes straight to it. Up
and Down step the day (across month ends), the month or the year, whichever the cursor is in; the
calendar pops up on a click or a tap (or Alt+Down), for a rep with a touch screen.
"""

from __future__ import annotations

from datetime import date, timedelta

from repapp.ui.qt import QAbstractSpinBox, QDate, QDateEdit, QKeyEvent, Qt, QWidget

DISPLAY_FORMAT = "d MMM yyyy"


class DayEdit(QDateEdit):
    def __init__(self, blank_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setSpecialValueText(blank_text)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00 MMM 0000") + 36)
        self.set_day(None)

    def set_day(self, day: date | None) -> None:
        """Show `day` (None: no date). Days before today are offered only if already held."""
        earliest = min(day, date.today()) if day is not None else date.today()
        self.setMinimumDate(_qdate(earliest - timedelta(days=1)))  # the "no date" value
        self.setDate(_qdate(day) if day is not None else self.minimumDate())

    def day(self) -> date | None:
        if self.date() == self.minimumDate():
            return None
        return date(self.date().year(), self.date().month(), self.date().day())

    def stepBy(self, steps: int) -> None:
        """The day steps across month ends (Qt stops at the 31st), and up from no date is the
        earliest day offered."""
        if self.date() == self.minimumDate() and steps > 0:
            self.setDate(self.minimumDate().addDays(1))
        elif self.currentSection() == QDateEdit.Section.DaySection:
            self.setDate(max(self.date().addDays(steps), self.minimumDate()))
        else:
            super().stepBy(steps)
            return
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.date() == self.minimumDate():
            return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return (
            QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
            | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.setDate(self.minimumDate())
            event.accept()
            return
        super().keyPressEvent(event)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
