"""A tidy page for an area that is not built yet: what it will hold, in the manager's words."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, summary: str, items: list[str], icon: QIcon,
                 parent: QWidget | None = None):
        super().__init__(parent)
        icon_label = QLabel(self)
        icon_label.setPixmap(icon.pixmap(48, 48))
        heading = QLabel(title, self)
        heading.setObjectName("heading")
        top = QHBoxLayout()
        top.addWidget(icon_label)
        top.addWidget(heading, 1)
        text = QLabel(summary, self)
        text.setWordWrap(True)
        listing = QLabel("<ul>" + "".join(f"<li style='margin-bottom:4px'>{item}</li>" for item in items)
                         + "</ul>", self)
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setWordWrap(True)
        note = QLabel(self.tr("这一部分正在建设中，将在后续版本中提供。"), self)
        note.setObjectName("sectionHint")
        content = QWidget(self)
        content.setMaximumWidth(640)
        box = QVBoxLayout(content)
        box.addLayout(top)
        box.addWidget(text)
        box.addWidget(listing)
        box.addWidget(note)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(content, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
