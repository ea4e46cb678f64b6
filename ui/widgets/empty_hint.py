"""What an empty list says: `EmptyHint(view, text)` shows a centred line over an item view
(table, tree, list) while its model has no rows, telling the manager what to do next
("还没有客户。按 Ctrl+N 新建……"); it hides itself as soon as a row arrives."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QLabel):
    """A hint over `view`'s viewport, shown while the view's model is empty."""

    def __init__(self, view: QAbstractItemView, text: str):
        super().__init__(text, view.viewport())
        self.view = view
        self.setObjectName("emptyHint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._update)
        view.viewport().installEventFilter(self)
        self.setGeometry(view.viewport().rect())
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def _update(self) -> None:
        self.setVisible(self.view.model().rowCount() == 0)
