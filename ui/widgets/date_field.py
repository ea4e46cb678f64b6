"""The one date input of the desk: type the date the way you say it (20261202, 2026-12-02,
12-2, 12/2, 12月2日 — cmdesk.domain.dates reads it) or pick it from a calendar.

Leaving the field (or Enter) shows what was understood as 2026-12-02; text that is no
date is kept as typed, marked red, with the reason in its tooltip and in `problem`.
Keys: ↑/↓ a day later/earlier, F4 or Alt+↓ opens the calendar (arrows, Enter picks,
Esc closes). The calendar button takes no Tab stop, so Tab goes on to the next field.
"""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain.dates import DateTextError, parse_date


class CalendarPopup(QFrame):
    """The month calendar under a date field; `picked` a day (Enter, click)."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def open_at(self, anchor: QWidget, day: date) -> None:
        self.calendar.setSelectedDate(QDate(day))
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height())))
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(day.toPython())


class DateField(QWidget):
    """A typed-or-picked date. `value()` is the ISO date when the text is one, else the
    text as typed (a form's save then names the problem); `date()` is the date or None."""

    text_changed = Signal(str)  # every keystroke
    date_committed = Signal(object)  # a date (or None when emptied) settled by leaving, Enter or the calendar
    problem = Signal(str)  # why the text left behind is not a date ("" once it is fine again)

    def __init__(self, parent: QWidget | None = None, *, label: str = ""):
        super().__init__(parent)
        self.label = label  # the field's name in a refusal ("下次拜访日期：…")
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("如 2026-12-02、12-2、12月2日"))
        self.line.setToolTip(self._hint())
        self.line.textChanged.connect(self.text_changed)
        self.line.editingFinished.connect(self.commit)
        self.line.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(self.tr("打开日历（F4）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.popup: CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self._committed: date | None = None
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026-12-02") + 48)

    # --- value -----------------------------------------------------------------------
    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        """Show stored or drafted text as it is (no commit, no signal of a new date)."""
        self.line.setText(text)
        self._committed = self._parsed()
        self._mark("")

    def date(self) -> date | None:
        return self._parsed()

    def set_date(self, day: date | None) -> None:
        self.set_text(day.isoformat() if day else "")

    def value(self) -> str:
        day = self._parsed()
        return day.isoformat() if day else self.line.text()

    def reason(self) -> str:
        """Why the text is not a date, or "" (blank and good dates have no reason)."""
        try:
            parse_date(self.line.text(), label=self.label)
        except DateTextError as exc:
            return str(exc)
        return ""

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def _parsed(self) -> date | None:
        try:
            return parse_date(self.line.text())
        except DateTextError:
            return None

    # --- committing --------------------------------------------------------------------
    def commit(self) -> None:
        """Show the date understood (ISO), or mark the text that is none."""
        reason = self.reason()
        was_marked = bool(self.line.property("error"))
        self._mark(reason)
        if reason:
            self.problem.emit(reason)
            return
        day = self._parsed()
        if day is not None and self.line.text() != day.isoformat():
            self.line.setText(day.isoformat())
        if was_marked:
            self.problem.emit("")  # its own mark only: a save's problem at the field stays
        if day != self._committed:
            self._committed = day
            self.date_committed.emit(day)

    def _hint(self) -> str:
        return self.tr("可直接输入 20261202、12-2、12月2日 等；↑/↓ 加减一天，F4 打开日历")

    def _mark(self, reason: str) -> None:
        if bool(self.line.property("error")) != bool(reason):
            self.line.setProperty("error", bool(reason))
            self.line.style().unpolish(self.line)
            self.line.style().polish(self.line)
        self.line.setToolTip(reason or self._hint())

    # --- keys and the calendar -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not self.line.isReadOnly():
            key, modifiers = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down
                                        and modifiers & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not modifiers:
                self._step(1 if key == Qt.Key.Key_Up else -1)
                return True
        return super().eventFilter(watched, event)

    def _step(self, days: int) -> None:
        day = self._parsed() or clock.today()
        self.line.setText((day + timedelta(days=days)).isoformat())
        self.commit()

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._on_picked)
        self.popup.open_at(self, self._parsed() or clock.today())

    def _on_picked(self, day: date) -> None:
        self.line.setText(day.isoformat())
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)
        self.commit()
