"""The client file's sections as a book: a grouped list on the left (档案 / 往来 / 业务 / 风险)
and the chosen section's page beside it, so every section is in sight at once (no tab bar
that hides half of them behind scroll arrows on a 1366 px screen).

A page is either given built, or as a factory called the first time the section is shown
(`built` tells the owner, which then fills it): the desk starts without building the
record lists nobody has opened yet. Keyboard: the list takes focus with Tab and moves with
the arrows; Ctrl+PgDown / Ctrl+PgUp go to the next / previous section from anywhere in
the file, and Alt+1 … Alt+9 jump to the first nine.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
NAV_PADDING = 28  # around the widest title in the section list
NUMBERED_SECTIONS = 9  # Alt+1 … Alt+9


@dataclass
class _Section:
    key: str
    title: str
    item: QTreeWidgetItem
    holder: QWidget  # the page, or a placeholder until it is built
    factory: Callable[[], QWidget] | None


class SectionBook(QWidget):
    """Grouped section list + stacked pages, pages built on first show."""

    current_changed = Signal(str)  # the key of the section now shown
    built = Signal(str, QWidget)  # a page built on first show (key, page)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.nav = QTreeWidget(self)
        self.nav.setObjectName("sectionList")
        self.nav.setHeaderHidden(True)
        self.nav.setRootIsDecorated(False)
        self.nav.setIndentation(0)
        self.nav.setUniformRowHeights(True)
        self.nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentItemChanged.connect(self._on_current_item_changed)
        self.stack = QStackedWidget(self)
        self._sections: list[_Section] = []
        self._groups: dict[str, QTreeWidgetItem] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.step(step))
        for number in range(1, NUMBERED_SECTIONS + 1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda index=number - 1: self.show_index(index))

    # --- building --------------------------------------------------------------------
    def _add_group(self, title: str) -> None:
        """A heading line: disabled, so the arrow keys pass over it."""
        heading = QTreeWidgetItem(self.nav, [title])
        heading.setFlags(Qt.ItemFlag.NoItemFlags)
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        heading.setForeground(0, QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText)))
        self._groups[title] = heading

    def add_section(self, key: str, group: str, title: str, page: QWidget | None = None,
                    factory: Callable[[], QWidget] | None = None) -> None:
        """A section under `group` (sections are added group by group, in order): its page
        now, or `factory` to build it on first show."""
        if group not in self._groups:
            self._add_group(group)
        item = QTreeWidgetItem(self.nav, [title])
        item.setData(0, KEY_ROLE, key)
        item.setToolTip(0, title)
        holder = page if page is not None else QWidget(self.stack)
        self.stack.addWidget(holder)
        self._sections.append(_Section(key, title, item, holder, None if page is not None else factory))
        self._fit_width()
        if len(self._sections) == 1:
            self.nav.setCurrentItem(item)

    def _fit_width(self) -> None:
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(section.item.text(0)) for section in self._sections),
                     default=0)
        self.nav.setFixedWidth(widest + self.nav.indentation() + NAV_PADDING)

    # --- reading ---------------------------------------------------------------------
    def keys(self) -> list[str]:
        return [section.key for section in self._sections]

    def count(self) -> int:
        return len(self._sections)

    def index_of(self, key: str) -> int:
        return self.keys().index(key)

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def current_index(self) -> int:
        key = self.current_key()
        return self.index_of(key) if key is not None else -1

    def title(self, key: str) -> str:
        return self._sections[self.index_of(key)].item.text(0)

    def item(self, key: str) -> QTreeWidgetItem:
        return self._sections[self.index_of(key)].item

    def is_built(self, key: str) -> bool:
        return self._sections[self.index_of(key)].factory is None

    def page(self, key: str) -> QWidget:
        """The section's page, built now if it was not yet."""
        return self._build(self._sections[self.index_of(key)])

    # --- changing --------------------------------------------------------------------
    def set_title(self, key: str, text: str) -> None:
        section = self._sections[self.index_of(key)]
        if section.item.text(0) != text:
            section.item.setText(0, text)
            section.item.setToolTip(0, text)
            self._fit_width()

    def set_alert(self, key: str, color: QColor | None) -> None:
        """Colour a section's title (problems to fix there), or back to normal."""
        item = self._sections[self.index_of(key)].item
        item.setData(0, Qt.ItemDataRole.ForegroundRole, QBrush(color) if color else None)

    def show_section(self, key: str) -> None:
        self.nav.setCurrentItem(self._sections[self.index_of(key)].item)

    def show_index(self, index: int) -> None:
        if 0 <= index < len(self._sections):
            self.nav.setCurrentItem(self._sections[index].item)

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) section, round the end."""
        if self._sections:
            self.show_index((self.current_index() + step) % len(self._sections))

    def _build(self, section: _Section) -> QWidget:
        if section.factory is None:
            return section.holder
        factory, section.factory = section.factory, None
        page = factory()
        index = self.stack.indexOf(section.holder)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(section.holder)
        section.holder.deleteLater()
        section.holder = page
        self.built.emit(section.key, page)
        return page

    def _on_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        key = current.data(0, KEY_ROLE) if current is not None else None
        if key is None:
            return
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.current_changed.emit(key)
