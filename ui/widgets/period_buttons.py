"""The ◀ previous · this · next ▶ buttons that step a view through days, weeks or months."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStyle, QWidget


class PeriodButtons(QWidget):
    """Three buttons; `stepped(-1 | 1)` for previous/next, `current_requested` for this one."""

    stepped = Signal(int)
    current_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        style = self.style()
        self.previous_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_ArrowLeft),
                                           "", self)
        self.this_button = QPushButton(self)
        self.next_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight),
                                       "", self)
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.previous_button.clicked.connect(lambda: self.stepped.emit(-1))
        self.next_button.clicked.connect(lambda: self.stepped.emit(1))
        self.this_button.clicked.connect(self.current_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.previous_button, self.this_button, self.next_button):
            layout.addWidget(button)

    def set_texts(self, previous: str, current: str, following: str) -> None:
        self.previous_button.setText(previous)
        self.this_button.setText(current)
        self.next_button.setText(following)
