"""An editable table model for one child section of a client file (联系人, 他行关系 …),
built from the core's SectionSpec: one column per field marked in_list.

Rows are plain dicts keyed by field (plus "id" for rows already stored), holding either
stored typed values or text as typed; `draft_rows()` hands them to a ClientDraft and the
core parses and validates. Problems from a ValidationError mark their cells.

Identifier cells (a contact's phone: ui.reveal.MASKS) show a stored value masked and
cannot be edited until revealed (`reveal`, after the panel has recorded the view); a
value the manager typed shows as typed. `draft_rows()` always holds the real values.
A read-only model (a released client) edits nothing.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from cmdesk import clock
from cmdesk.domain.client_fields import FieldSpec, SectionSpec
from ui.field_text import NUMERIC_KINDS, display_text, edit_text, field_label
from ui.reveal import MASKS, masked

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FIELD_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
VALUE_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw value (typed or as typed)
PROBLEM_BRUSH = QBrush(QColor("#fad2cf"))


def default_value(spec: FieldSpec) -> Any:
    """What a new row starts with: unticked, this year, the first choice, else blank."""
    if spec.kind == "bool":
        return False
    if spec.kind == "year":
        return clock.today().year
    if spec.kind == "choice" and spec.choices:
        return spec.choices[0][0]
    return None


class SectionTableModel(QAbstractTableModel):
    """The rows of one section; cells edit in place, bool fields are check boxes."""

    edited = Signal()  # the manager changed something (not emitted by set_rows)

    def __init__(self, section: SectionSpec, parent: QObject | None = None):
        super().__init__(parent)
        self.section = section
        self.columns: list[FieldSpec] = [f for f in section.fields if f.in_list]
        self._rows: list[dict[str, Any]] = []
        self._problems: dict[tuple[int, str], str] = {}
        self._names: dict[str, str] = {}  # id -> name for client_ref / product_ref
        self._revealed: set[tuple[int, str]] = set()  # identifier cells shown whole
        self.read_only = False

    # --- content -------------------------------------------------------------------
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._problems.clear()
        self._revealed.clear()
        self.endResetModel()

    def is_masked(self, row: int, key: str) -> bool:
        """A stored identifier not revealed yet (shown masked, not editable)."""
        spec = next((s for s in self.section.fields if s.key == key), None)
        if spec is None or spec.kind not in MASKS or (row, key) in self._revealed:
            return False
        text = edit_text(spec, self._rows[row].get(key))
        return masked(spec.kind, text) != text

    def reveal(self, row: int, key: str) -> None:
        """Show one identifier cell whole (the caller has recorded the view)."""
        self._revealed.add((row, key))
        column = next((i for i, spec in enumerate(self.columns) if spec.key == key), None)
        if column is not None:
            self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def revealed_keys(self, row: int) -> frozenset[str]:
        return frozenset(key for r, key in self._revealed if r == row)

    def set_names(self, names: dict[str, str]) -> None:
        """Display names of referenced clients/products (id -> name)."""
        self._names.update(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))

    def name_of(self, ref_id: str | None) -> str:
        return self._names.get(ref_id or "", ref_id or "")

    def new_row(self) -> dict[str, Any]:
        return {spec.key: default_value(spec) for spec in self.section.fields}

    def append_row(self, values: dict[str, Any] | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(dict(self.new_row(), **(values or {})))
        self.endInsertRows()
        self.edited.emit()
        return row

    def row_values(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def set_row_values(self, row: int, values: dict[str, Any],
                       revealed: frozenset[str] = frozenset()) -> None:
        """Replace the fields of one row (from the row form), keeping its id; `revealed`:
        the identifiers the form showed whole (revealed there, or typed)."""
        self._rows[row].update({k: v for k, v in values.items() if k != "id"})
        for spec in self.section.fields:
            if spec.key in values:
                self._problems.pop((row, spec.key), None)
            if spec.kind in MASKS:
                if spec.key in revealed:
                    self._revealed.add((row, spec.key))
                else:
                    self._revealed.discard((row, spec.key))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.edited.emit()

    def draft_rows(self) -> list[dict[str, Any]]:
        """Rows for a ClientDraft: every field of the section, and the id of stored rows."""
        rows = []
        for row in self._rows:
            item = {spec.key: row.get(spec.key) for spec in self.section.fields}
            if row.get("id"):
                item["id"] = row["id"]
            rows.append(item)
        return rows

    # --- problems ------------------------------------------------------------------
    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        self._problems = dict(problems)
        if self._rows and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))

    def problem_at(self, row: int, key: str) -> str:
        return self._problems.get((row, key), "")

    def problems_of_row(self, row: int) -> dict[str, str]:
        return {key: message for (r, key), message in self._problems.items() if r == row}

    # --- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            spec = self.columns[section]
            return field_label(spec) + (" *" if spec.required else "")
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        spec = self.columns[index.column()]
        row = self._rows[index.row()]
        value = row.get(spec.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.ToolTipRole) and self.is_masked(index.row(), spec.key):
            return masked(spec.kind, edit_text(spec, value))
        if role == Qt.ItemDataRole.DisplayRole:
            return None if spec.kind == "bool" else display_text(spec, value, self._names)
        if role == Qt.ItemDataRole.EditRole:
            if spec.kind == "bool":
                return bool(value)
            if spec.kind in ("choice", "product_ref", "client_ref"):
                return value
            return edit_text(spec, value)
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and (index.row(), spec.key) in self._problems:
            return PROBLEM_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self._problems.get((index.row(), spec.key))
            if problem:
                return problem
            if spec.kind == "longtext" and value:
                return str(value)
            if spec.kind != "bool" and value not in (None, ""):
                return display_text(spec, value, self._names)  # for cells too narrow
            return None
        if role == ROW_ID_ROLE:
            return row.get("id")
        if role == FIELD_KEY_ROLE:
            return spec.key
        if role == VALUE_ROLE:
            return value
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        spec = self.columns[index.column()]
        if spec.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
                else value
        elif role == Qt.ItemDataRole.EditRole:
            new = value
        else:
            return False
        row = self._rows[index.row()]
        if row.get(spec.key) == new and (index.row(), spec.key) not in self._problems:
            return True
        row[spec.key] = new
        self._problems.pop((index.row(), spec.key), None)
        if spec.kind in MASKS:
            self._revealed.add((index.row(), spec.key))  # typed by the manager
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only or self.is_masked(index.row(), self.columns[index.column()].key):
            return flags
        if self.columns[index.column()].kind == "bool":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def insertRows(self, row: int, count: int,
                   parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for offset in range(count):
            self._rows.insert(row + offset, self.new_row())
        self._problems.clear()
        self._revealed.clear()  # row numbers moved: masked again
        self.endInsertRows()
        self.edited.emit()
        return True

    def removeRows(self, row: int, count: int,
                   parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row:row + count]
        self._problems.clear()  # row numbers moved; the next save checks again
        self._revealed.clear()  # … and identifiers show masked again
        self.endRemoveRows()
        self.edited.emit()
        return True
