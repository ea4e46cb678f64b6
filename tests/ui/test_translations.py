"""The interface in English: every visible string of ui/ goes through translation, the
English catalogue (resources/i18n/cmdesk_en.ts) is complete and current, each way of
marking a string is translated at run time, and the main window reads in English.

The .ts is compiled into a temporary folder here (as `./dev` does into resources/i18n),
so the tests check the committed source, never a stale build product."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from cmdesk import i18n
from cmdesk.paths import RESOURCES_DIR, DataPaths

ROOT = RESOURCES_DIR.parent
TS_FILE = RESOURCES_DIR / "i18n" / "cmdesk_en.ts"
QT_BIN = Path(sys.executable).parent
# Han characters and CJK/full-width punctuation; U+3000 (the ideographic space) is spacing
CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
# (file, literal): why a CJK literal in ui/ is not translated
ALLOWED = {
    ("ui/diary/search_results.py", "【"): "the core's search marks a hit with 【】; replaced by bold",
    ("ui/diary/search_results.py", "】"): "the core's search marks a hit with 【】; replaced by bold",
    ("ui/reveal.py", "查看完整的"): "the audit trail's stored summary, data in the source language",
    ("ui/reveal.py", "："): "the audit trail's stored summary, data in the source language",
    ("ui/risk/client_tab.py", "正常"): "the stored five-level classification value, not a label",
    ("ui/settings/language.py", "中文"): "each language is offered by its own name",
}


def _sources() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py")) + [ROOT / "main.py"]


def _text_argument(call: ast.Call) -> ast.expr | None:
    """The source-text argument of tr/self.tr/QT_TR_NOOP (first) or of
    QCoreApplication.translate/QT_TRANSLATE_NOOP (second), else None."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    position = {"tr": 0, "QT_TR_NOOP": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
    if position is None or len(call.args) <= position:
        return None
    return call.args[position]


def untranslated_literals(path: Path) -> list[tuple[int, str]]:
    """(line, literal) of every string literal with CJK text in `path` that is neither a
    docstring nor the text argument of a translation call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        elif isinstance(node, ast.Call):
            argument = _text_argument(node)
            if isinstance(argument, ast.Constant):
                exempt.add(id(argument))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CJK.search(node.value) and id(node) not in exempt]


def test_every_chinese_literal_in_the_interface_goes_through_translation():
    offenders, allowed_seen = [], set()
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for line, literal in untranslated_literals(path):
            if (relative, literal) in ALLOWED:
                allowed_seen.add((relative, literal))
            else:
                offenders.append(f"{relative}:{line}: {literal!r}")
    assert offenders == [], "wrap these in tr()/self.tr() or QT_TRANSLATE_NOOP:\n" + "\n".join(offenders)
    assert allowed_seen == set(ALLOWED), f"allowlist entries no longer needed: {set(ALLOWED) - allowed_seen}"


def test_the_scan_catches_a_literal_outside_translation(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""模块说明。"""\n'
                      'def f(self, tr):\n'
                      '    """函数说明。"""\n'
                      '    ok = (self.tr("保存"), tr("取消"), QCoreApplication.translate("X", "删除"),\n'
                      '          QT_TRANSLATE_NOOP("X", "新建"))\n'
                      '    return QLabel("漏掉的")  # 注释\n', encoding="utf-8")
    assert untranslated_literals(sample) == [(6, "漏掉的")]


def _messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation) of every message in use; the "vanished" ones (kept
    by `./dev i18n` for strings no longer in the code) are never compiled."""
    root = ET.parse(TS_FILE).getroot()
    return [(context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")
            if message.find("translation").get("type") not in ("vanished", "obsolete")]


def _forms(translation: ET.Element) -> list[str]:
    """The translated text, or each plural form of a %n message."""
    plurals = translation.findall("numerusform")
    return [form.text or "" for form in plurals] if plurals else [translation.text or ""]


def test_every_english_message_is_finished_and_keeps_its_placeholders():
    messages = _messages()
    assert len(messages) > 500
    unfinished = [f"[{c}] {s}" for c, s, t in messages if t.get("type") or "" in _forms(t)]
    assert unfinished == [], "run ./dev i18n and translate:\n" + "\n".join(unfinished)
    broken = [f"[{c}] {s!r} -> {form!r}" for c, s, t in messages for form in _forms(t)
              if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(form))]
    assert broken == []
    still_chinese = [f"[{c}] {s} -> {form}" for c, s, t in messages for form in _forms(t) if CJK.search(form)]
    assert still_chinese == []


def test_the_catalogue_holds_every_string_of_the_interface(tmp_path):
    """A string added to ui/ without `./dev i18n` (so without its English) fails here."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(QT_BIN / "pyside6-lupdate"), "-silent", *map(str, _sources()), "-ts", str(fresh)],
                   check=True, cwd=ROOT)
    in_code = {(c.findtext("name") or "", m.findtext("source") or "")
               for c in ET.parse(fresh).getroot().iter("context") for m in c.iter("message")}
    in_catalogue = {(context, source) for context, source, _ in _messages()}
    assert sorted(in_code - in_catalogue) == [], "run ./dev i18n and translate the new strings"


@pytest.fixture
def english(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DataPaths]:
    """The interface in English, as chosen in 设置 → 语言, from the committed .ts compiled
    here; Chinese again afterwards (translators removed, locale and core reset)."""
    import ui.app
    from ui.settings.language import ENGLISH, save_language_choice

    built = tmp_path / "i18n"
    built.mkdir()
    subprocess.run([str(QT_BIN / "pyside6-lrelease"), "-silent", str(TS_FILE), "-qm",
                    str(built / "cmdesk_en.qm")], check=True)
    monkeypatch.setattr(ui.app, "I18N_DIR", built)
    paths = DataPaths(tmp_path / "english-data")
    save_language_choice(paths, ENGLISH)
    locale_before = QLocale()
    assert ui.app.install_translators(qapp, paths) == ENGLISH
    yield paths
    for translator in qapp._cmdesk_translators:
        qapp.removeTranslator(translator)
    qapp._cmdesk_translators = []
    QLocale.setDefault(locale_before)
    i18n.use_language(i18n.SOURCE_LANGUAGE)


def test_each_way_of_marking_a_string_is_translated_at_run_time(english, qtbot, monkeypatch):
    from ui.diary.week_view import weekday_name
    from ui.i18n import tr
    from ui.models.diary_table import _headers
    from ui.settings.language import LanguageBox

    box = LanguageBox(english)  # self.tr in a class
    qtbot.addWidget(box)
    assert box.title() == "Language"
    assert tr("出错了") == "Error"  # the module-level helper (empty context)
    assert weekday_name(date(2026, 12, 7)) == "Mon"  # QT_TRANSLATE_NOOP, translated where shown
    assert _headers()[0] == "Date"  # QCoreApplication.translate("Context", "…")
    assert i18n.current_language() == "en" and QLocale().language() == QLocale.Language.English
    # the "fields" context is answered by the core's catalogue, then by ours
    monkeypatch.setattr("ui.i18n.core_translate", {"核心客户": "Key client"}.get)
    assert QCoreApplication.translate("fields", "核心客户") == "Key client"
    assert QCoreApplication.translate("fields", "手机或座机") == "Mobile or landline"


def test_the_language_choice_is_kept_in_the_preferences_file(tmp_path):
    from ui.settings.language import (
        CHINESE,
        ENGLISH,
        SYSTEM,
        interface_language,
        language_choice,
        save_language_choice,
    )

    paths = DataPaths(tmp_path / "data")
    assert language_choice(paths) == SYSTEM
    save_language_choice(paths, ENGLISH)
    assert language_choice(paths) == ENGLISH and paths.preferences.is_file()
    paths.preferences.write_text("{broken", encoding="utf-8")
    assert language_choice(paths) == SYSTEM
    assert interface_language(SYSTEM, QLocale(QLocale.Language.Chinese)) == CHINESE
    assert interface_language(SYSTEM, QLocale(QLocale.Language.C)) == CHINESE
    assert interface_language(SYSTEM, QLocale(QLocale.Language.English)) == ENGLISH
    assert interface_language(CHINESE, QLocale(QLocale.Language.English)) == CHINESE


def test_settings_offer_the_language_and_say_when_it_takes_effect(qtbot, qdesk):
    from ui.settings.language import ENGLISH, language_choice
    from ui.settings.view import SettingsView

    view = SettingsView(qdesk)
    qtbot.addWidget(view)
    combo = view.language.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["跟随系统", "中文", "English"]
    combo.setCurrentIndex(combo.findData(ENGLISH))
    assert language_choice(qdesk.paths) == ENGLISH
    assert "重启" in view.language.status.text() and not view.language.status.isHidden()


def test_the_main_window_reads_in_english_at_1440_by_900(english, qtbot, qdesk, tmp_path):
    from tests.ui.conftest import close_client_file
    from ui.main_window import MainWindow

    window = MainWindow(qdesk.paths, qdesk)
    qtbot.addWidget(window, before_close_func=close_client_file)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Today", "Clients", "Diary", "Follow-ups", "Plans", "Proposals", "Exchange",
                      "Settings"]
    assert window.windowTitle() == "cmdesk Customer Manager Desk — 张明"
    metrics = window.nav.fontMetrics()
    icon = window.nav.iconSize().width()
    assert all(metrics.horizontalAdvance(t) + icon + 24 <= window.nav.width() for t in titles)
    window.grab().save(str(tmp_path / "main-window-en.png"))  # to look at when it fails
