"""设置 → 语言: which language the desk speaks — the system's (跟随系统), 中文 or English.

The choice lives in the data folder's preferences file (`DataPaths.preferences`, a small
JSON object) rather than in the database, because it is read before the database opens:
the password and first-run dialogs already speak the chosen language. A change takes
effect at the next start (the box says so).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cmdesk.paths import DataPaths

log = logging.getLogger("cmdesk.ui")

SYSTEM = "system"
CHINESE = "zh_CN"
ENGLISH = "en"
CHOICES = (SYSTEM, CHINESE, ENGLISH)
LANGUAGE_KEY = "language"


def read_preferences(path: Path) -> dict[str, object]:
    """The preferences file's object; empty when it is missing or unreadable (logged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable preferences %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def language_choice(paths: DataPaths) -> str:
    """The stored choice: SYSTEM (the default), CHINESE or ENGLISH."""
    choice = read_preferences(paths.preferences).get(LANGUAGE_KEY, SYSTEM)
    return choice if choice in CHOICES else SYSTEM


def save_language_choice(paths: DataPaths, choice: str) -> None:
    """Store `choice` in the preferences file (other keys kept; written whole, then renamed)."""
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    preferences = read_preferences(paths.preferences)
    preferences[LANGUAGE_KEY] = choice
    paths.root.mkdir(parents=True, exist_ok=True)
    partial = paths.preferences.with_suffix(".json.partial")
    partial.write_text(json.dumps(preferences, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, paths.preferences)


def interface_language(choice: str, system: QLocale | None = None) -> str:
    """CHINESE or ENGLISH for a choice. Following the system: Chinese on a Chinese (or
    unnamed "C") system, English on any other, English being the only other translation."""
    if choice in (CHINESE, ENGLISH):
        return choice
    language = (system or QLocale.system()).language()
    if language in (QLocale.Language.Chinese, QLocale.Language.C):
        return CHINESE
    return ENGLISH


class LanguageBox(QGroupBox):
    """语言: 跟随系统 / 中文 / English, saved at once to the preferences file; the new
    language shows after a restart."""

    def __init__(self, paths: DataPaths, parent: QWidget | None = None):
        super().__init__(self.tr("语言"), parent)
        self.paths = paths
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("跟随系统"), SYSTEM)
        self.combo.addItem("中文", CHINESE)  # each language by its own name
        self.combo.addItem("English", ENGLISH)
        self.combo.setCurrentIndex(self.combo.findData(language_choice(paths)))
        self.combo.currentIndexChanged.connect(self._on_choice_changed)
        label = QLabel(self.tr("界面语言"), self)
        label.setBuddy(self.combo)
        self.status = QLabel(self)
        self.status.setObjectName("sectionHint")
        self.status.setWordWrap(True)
        self.status.hide()
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def _on_choice_changed(self, _index: int) -> None:
        try:
            save_language_choice(self.paths, self.combo.currentData())
        except OSError as exc:
            self.status.setText(self.tr("语言设置没有保存：{error}").format(error=exc))
        else:
            self.status.setText(self.tr("已保存，重启工作台后生效。"))
        self.status.show()
