"""The desk's few style rules: error frames and messages at fields, headings, hints.

Applied once to the QApplication (and by tests and the screenshot script), so a field
marked with the dynamic property error=true shows a red frame.
"""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

ERROR_COLOR = "#c5221f"

STYLE_SHEET = f"""
QFrame#fieldFrame {{ border: 1px solid transparent; border-radius: 3px; }}
QFrame#fieldFrame[error="true"] {{ border: 1px solid {ERROR_COLOR}; background: #fdecea; }}
QLineEdit[error="true"] {{ border: 1px solid {ERROR_COLOR}; background: #fdecea; }}
QLabel#fieldError, QLabel#problemLabel {{ color: {ERROR_COLOR}; }}
QLabel#problemLabel {{ background: #fdecea; border: 1px solid #f4c7c3; border-radius: 3px;
                      padding: 4px 6px; }}
QLabel#heading {{ font-size: 15pt; font-weight: bold; }}
QLabel#sectionHint, QLabel#countLabel {{ color: #5f6368; }}
QLabel#emptyHint {{ color: #5f6368; font-size: 11pt; padding: 24px; }}
QLabel#badge {{ color: white; background: #80868b; border-radius: 3px; padding: 1px 6px; }}
QLabel#dirtyBadge {{ color: #8a5300; background: #fef3d6; border-radius: 3px; padding: 1px 6px; }}
QTabBar::tab {{ padding: 5px 9px; }}
QListWidget#navigation {{ font-size: 11pt; border: none; background: #f1f3f4; }}
QListWidget#navigation::item {{ padding: 8px 6px; }}
QListWidget#navigation::item:selected {{ background: #d2e3fc; color: #174ea6; }}
QTreeWidget#sectionList {{ border: none; border-right: 1px solid #dadce0; background: #f8f9fa; }}
QTreeWidget#sectionList::item {{ padding: 4px 8px; }}
QTreeWidget#sectionList::item:disabled {{ padding-top: 8px; }}
QTreeWidget#sectionList::item:selected {{ background: #d2e3fc; color: #174ea6; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE_SHEET)
