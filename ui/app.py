"""Starting the desk's Qt interface: `run_gui(data_dir, smoke)`.

Creates the QApplication (name cmdesk), registers a CJK TrueType font with Qt and makes
it the application font (so Chinese shows on machines without CJK fonts of their own),
installs translators (source strings are Chinese, zh_CN is the default), opens the
desk through cmdesk.desk.open_desk (as the command line does), asks the profile on
first run, then shows the main window.

Smoke mode (`cmdesk gui --smoke`) never shows a modal dialog or waits for input: it
skips the first-run dialog, shows the main window, visits every area once, prints
`startup_ms=<float>` to stdout and returns 0. startup_ms is measured from the real start
of the process (Linux: the process start time in /proc, so interpreter start-up and all
imports are included); where /proc is not available, from `cmdesk.__main__.STARTED_AT`
(a time.perf_counter() value) if that module records one, else from the import of
ui.app. Exit status 2 means the database could not be opened.
"""
from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

_IMPORTED_AT = time.perf_counter()

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from cmdesk.errors import DatabaseOpenError, SchemaTooNewError  # noqa: E402
from cmdesk.fonts import find_cjk_font  # noqa: E402
from cmdesk.paths import RESOURCES_DIR, DataPaths  # noqa: E402

log = logging.getLogger("cmdesk.ui")
I18N_DIR = RESOURCES_DIR / "i18n"


def tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


# --- timing ---------------------------------------------------------------------------

def _process_age_seconds() -> float | None:
    """Seconds since this process started, from /proc (Linux), or None."""
    try:
        stat = Path(f"/proc/{os.getpid()}/stat").read_text()
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        ticks = os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def startup_ms() -> float:
    """Milliseconds since the process started (see the module docstring)."""
    age = _process_age_seconds()
    if age is not None and age >= 0:
        return age * 1000.0
    main = sys.modules.get("cmdesk.__main__")
    started = getattr(main, "STARTED_AT", None)
    if isinstance(started, float):
        return (time.perf_counter() - started) * 1000.0
    return (time.perf_counter() - _IMPORTED_AT) * 1000.0


# --- application set-up ---------------------------------------------------------------

def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("cmdesk")
    app.setOrganizationName("cmdesk")
    app.setApplicationDisplayName(tr("cmdesk 客户经理工作台"))
    return app  # type: ignore[return-value]


def install_cjk_font(app: QApplication) -> str | None:
    """Register the CJK TrueType font with Qt and make it the application font."""
    path = find_cjk_font()
    if path is None:
        log.warning("no CJK TrueType font found; Chinese relies on the system's fonts")
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt could not load the CJK font %s", path)
        return None
    font = QFont(app.font())
    font.setFamilies([families[0]])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return families[0]


def install_translators(app: QApplication) -> None:
    """Chinese is the source language; other languages load resources/i18n/cmdesk_<lang>.qm.
    Qt's own dialogs follow the same language (qtbase_zh_CN by default)."""
    locale = QLocale.system()
    translators = []
    language = "zh_CN"
    if locale.language() != QLocale.Language.Chinese:
        ours = QTranslator(app)
        if ours.load(locale, "cmdesk", "_", str(I18N_DIR)):
            translators.append(ours)
            language = locale.name()
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir):
        translators.append(qt_translator)
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("cmdesk_translators", len(translators))
    app._cmdesk_translators = translators  # type: ignore[attr-defined]  # keep them alive


def _setup_logging(paths: DataPaths) -> None:
    handler = logging.FileHandler(paths.logs / "cmdesk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("cmdesk")
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook() -> None:
    """Log any unhandled error and tell the manager in a message box."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled error\n%s", text)
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if showing or QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, tr("出错了"),
                              tr("程序遇到一个意外错误，刚才的操作可能没有完成。\n"
                                 "已保存的数据不受影响。错误已记录在日志中。\n\n{error}")
                              .format(error=exc))
            box.setDetailedText(text)
            box.exec()
        finally:
            showing = False

    sys.excepthook = hook


def load_demo(desk, parent=None) -> bool:
    """Fill the desk with demo clients in a worker thread behind a progress dialog."""
    from ui.first_run import DEMO_CLIENTS, DEMO_SEED
    from ui.worker import run_with_progress

    try:
        from cmdesk.demo import generate_demo
    except ImportError:
        QMessageBox.warning(parent, tr("演示数据"), tr("本版本没有演示数据生成器，将从空白开始。"))
        return False
    db = desk.db
    try:
        run_with_progress(parent, tr("载入演示数据"),
                          tr("正在生成 {n} 个演示客户…").format(n=DEMO_CLIENTS),
                          lambda progress: generate_demo(db, clients=DEMO_CLIENTS, seed=DEMO_SEED,
                                                         progress=progress))
    except Exception as exc:  # the desk still works empty
        log.exception("demo data failed")
        QMessageBox.warning(parent, tr("演示数据"), tr("演示数据生成失败：{error}").format(error=exc))
        return False
    return True


def _open_desk(paths: DataPaths, smoke: bool) -> Any:
    """Open the desk like the command line does (cmdesk.desk.open_desk: backup, upgrade,
    desk id, default catalogue); None after telling the manager why it failed."""
    from cmdesk.desk import open_desk

    try:
        return open_desk(paths.root).db
    except (SchemaTooNewError, DatabaseOpenError) as exc:
        log.error("cannot open database: %s", exc)
        if smoke:
            print(tr("错误：{error}").format(error=exc), file=sys.stderr)
        else:
            QMessageBox.critical(None, tr("无法打开数据库"),
                                 tr("无法打开客户经理工作台的数据库。\n\n{error}").format(error=exc))
        return None


# --- entry point ----------------------------------------------------------------------

def run_gui(data_dir: str | None, smoke: bool) -> int:
    """Run the desk; returns the process exit status.

    The window shows first (Qt only), then the database layer is loaded and the desk
    opened, and the client list fills from a worker thread. Smoke mode prints
    `window_shown_ms=` when the window is on screen and `startup_ms=` once every view
    has been opened and the client list is filled.
    """
    from ui.main_window import MainWindow
    from ui.style import apply_style

    app = _application()
    install_translators(app)
    install_cjk_font(app)
    apply_style(app)
    paths = DataPaths.resolve(data_dir).ensure()
    _setup_logging(paths)
    window = MainWindow(paths)
    window.show()
    app.processEvents()
    if smoke:
        print(f"window_shown_ms={startup_ms():.1f}", flush=True)
    else:
        install_excepthook()
    db = _open_desk(paths, smoke)
    if db is None:
        window.close()
        return 2
    from ui.desk import Desk
    from ui.first_run import FirstRunDialog

    try:
        desk = Desk(db, paths)
        if not smoke and not desk.profile.is_complete:
            dialog = FirstRunDialog(desk, window)
            if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
                return 0
            if dialog.wants_demo():
                load_demo(desk, window)
        window.attach(desk, load_in_background=True)
        if db.upgraded_from:
            desk.status_message.emit(tr("数据库已升级；升级前的备份：{path}").format(path=db.backup_path))
        if smoke:
            return _smoke(app, window)
        return app.exec()
    finally:
        db.close()


def _smoke(app: QApplication, window: Any) -> int:
    """Wait for the client list, open every area once, report the times, close."""
    from PySide6.QtCore import QEventLoop

    if window.clients_view.is_loading:
        loop = QEventLoop()
        window.clients_view.loaded.connect(loop.quit)
        loop.exec()
    for index in range(len(window.areas)):
        window.switch_to(index)
        app.processEvents()
    window.switch_to(0)
    app.processEvents()
    print(f"startup_ms={startup_ms():.1f}", flush=True)
    window.close()
    return 0
