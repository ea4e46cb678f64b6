"""The desk's read-only record tables (client list, diary day, timeline, follow-ups), set up
one way: whole rows selected one at a time, no in-place editing, no row numbers, one
line per row, columns the manager can resize with the last one stretching.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QTableView,
    QWidget,
)


def record_table(parent: QWidget, model: QAbstractItemModel, widths: dict[int, int],
                 row_height: int = 26, alternating: bool = True) -> QTableView:
    """A QTableView over `model` with the desk's list settings and these column widths."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for column, width in widths.items():
        header.resizeSection(column, width)
    return table


def scrolled(parent: QWidget, widget: QWidget) -> QScrollArea:
    """`widget` inside a frameless scroll area that resizes it (long forms on small screens)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
