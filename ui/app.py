"""Starting the desk's Qt interface: `run_gui(data_dir, smoke)`.

Creates the QApplication (name cmdesk), registers a CJK TrueType font with Qt and makes
it the application font (so Chinese shows on machines without CJK fonts of their own),
installs the translators of the language chosen in 设置 → 语言 or by the system (source
strings are Chinese; English from resources/i18n; `install_translators`), shows the main
window, then opens the desk: on an everyday start the client list fills from a first look
at the file (cmdesk.storage.first_look) while the desk opens in the background, else
through cmdesk.storage.desk.open_desk as the command line does; asks the profile on first
run.

Trust at start and while running:
- one desk per data folder: the lock file in the data folder (cmdesk.storage.lock) is
  held for the window's life; a second start on the same folder asks the running one (over
  a QLocalServer named after a hash of the folder's path) to bring its window forward and
  exits without touching the database, and when no window answers (a command holds the
  folder) it waits a little, then says so and exits (`SingleInstance`);
- an encrypted desk asks its password before the database opens (ui.lock.PasswordDialog;
  a wrong one is said and asked again; a key remembered in the OS key store opens it
  without asking); a new desk first sets its password and an earlier version's
  unencrypted desk is offered conversion (ui.first_run.NewPasswordDialog; the core backs
  it up first);
- the start's quick_check runs in the background while the window is in use
  (`StartupCheck`); its verdict goes to the status bar, and a damaged database is said
  at once and brings the `RecoveryDialog`, as a damaged database (DatabaseCorruptError) or
  a missing desk file (DeskFileMissingError: the database, its -wal, its key file) at open
  does: what is wrong, where the damaged copy was kept, the newest good backup with its
  date and what would be lost since it, [从备份恢复] / [退出]; a read-only folder or a full
  disk is said in words;
- the app lock (ui.lock.AppLock: Ctrl+L, 锁定, after the idle time);
- automatic backups on close and at most every 30 minutes while data changed, and the
  weekly full integrity check when the desk is idle (`SafetyTimers`, work off the GUI
  thread through ui.worker).

Smoke mode (`cmdesk gui --smoke`) never shows a modal dialog or waits for input: it
skips the first-run dialog, shows the main window with the client list chosen (a manager's
first click), waits until the list is filled, then for the desk to open and the start's
check, visits every area once, prints its figures (`window_shown_ms=`, `list_ready_ms=`,
`list_rss_mb=`, `key_ms=`, `desk_ready_ms=`, `quick_check_ms=`, `startup_ms=<float>`) to
stdout and returns 0; it uses an unencrypted desk or the password
in CMDESK_PASSWORD, and a desk that would need a dialog stops with exit status 2. startup_ms is measured from the real start
of the process (Linux: the process start time in /proc, so interpreter start-up and all
imports are included); where /proc is not available, from `cmdesk.__main__.STARTED_AT`
(a time.perf_counter() value) if that module records one, else from the import of
ui.app. Exit status 2 means the database could not be opened.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

_IMPORTED_AT = time.perf_counter()

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QObject,
    QProcess,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cmdesk import heap
from cmdesk.errors import (
    CmdeskError,
    DatabaseCorruptError,
    DeskBusyError,
    DeskFileMissingError,
    PasswordRequiredError,
    SchemaTooNewError,
    WrongPasswordError,
)
from cmdesk.fonts import find_cjk_font
from cmdesk.logs import setup_logging
from cmdesk.paths import RESOURCES_DIR, DataPaths
from ui.i18n import CoreCatalogue, tr

log = logging.getLogger("cmdesk.ui")
I18N_DIR = RESOURCES_DIR / "i18n"

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


def resident_mib() -> float | None:
    """The process's resident memory in MiB (Linux: /proc), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
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

def application() -> QApplication:
    """The desk's QApplication (made once), as the window and the benchmarks use it."""
    app = QApplication.instance()
    if app is None:
        # Qt's raster engine splits large fills over a pool of threads and waits for
        # them; on a laptop's two cores they compete with the desk's database thread, and
        # a keystroke's repaint of the client list waited on them (bench/client_list.py)
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("cmdesk")
    app.setOrganizationName("cmdesk")
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


def install_translators(app: QApplication, paths: DataPaths | None = None) -> str:
    """Install the interface language chosen in the preferences of `paths` (设置 → 语言;
    following the system by default) and return it ("zh_CN" or "en").

    Chinese is the source language and needs no catalogue of ours; English loads
    resources/i18n/cmdesk_en.qm (compiled from cmdesk_en.ts by `./dev`). The core's
    catalogue (cmdesk.i18n), Qt's own dialogs (qtbase_<lang>.qm) and the default locale
    (dates, numbers) follow the same language."""
    from cmdesk import i18n
    from ui.settings.language import ENGLISH, SYSTEM, interface_language, language_choice

    language = interface_language(language_choice(paths) if paths is not None else SYSTEM)
    translators: list[QTranslator] = []
    if language == ENGLISH:
        translators.append(CoreCatalogue(app))
        ours = QTranslator(app)
        if ours.load(str(I18N_DIR / f"cmdesk_{language}.qm")):
            translators.append(ours)
        else:
            log.warning("no compiled English translation in %s (run ./dev); the desk speaks Chinese",
                        I18N_DIR)
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir):
        translators.append(qt_translator)
    for translator in translators:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    i18n.use_language(language)
    app.setProperty("cmdesk_translators", len(translators))
    app._cmdesk_translators = translators  # type: ignore[attr-defined]  # keep them alive
    return language


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


# --- one desk per data folder ----------------------------------------------------------

def instance_name(data_dir: Path) -> str:
    """The local socket name of the desk running on `data_dir` (a hash of its path)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()
    return f"cmdesk-{digest[:24]}"


class SingleInstance(QObject):
    """One desk per data folder. The exclusivity is the core's lock file inside the data
    folder (cmdesk.storage.lock: every program that sees the data sees it, whatever its
    temporary folder), held from `claim` to `close`; the local socket named after the
    folder only lets a second start ask the running window to come forward."""

    raise_requested = Signal()
    CONNECT_TIMEOUT_MS = 1000

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        from cmdesk.storage.lock import DeskLock

        super().__init__(parent)
        self.name = instance_name(data_dir)
        self.lock = DeskLock(Path(data_dir))
        self.server: QLocalServer | None = None

    def claim(self, wait_seconds: float | None = None) -> bool:
        """True when this process is now the desk of the folder (it holds the lock and
        listens); False when a running desk window was asked to come forward instead.
        DeskBusyError when another program that is no desk window (a command, a desk
        whose socket is out of reach) keeps the folder for `wait_seconds`."""
        from cmdesk.storage.lock import LOCK_WAIT_SECONDS

        try:
            self.lock.acquire(wait_seconds=0)
        except DeskBusyError:
            if self.ask_running_to_raise():
                return False
            # a command finishing, a window restarting after a restore
            self.lock.acquire(LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds)
        if not self._listen():
            QLocalServer.removeServer(self.name)  # left behind by a desk that crashed
            if not self._listen():
                log.warning("cannot listen on %s; a second start will not be brought forward",
                            self.name)
        return True

    def ask_running_to_raise(self) -> bool:
        socket = QLocalSocket(self)
        socket.connectToServer(self.name)
        if not socket.waitForConnected(self.CONNECT_TIMEOUT_MS):
            socket.deleteLater()
            return False
        socket.write(b"raise\n")
        socket.waitForBytesWritten(self.CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        socket.deleteLater()
        return True

    def _listen(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            server.deleteLater()
            return False
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
            self.raise_requested.emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.release()


def bring_forward(window: QWidget) -> None:
    """Show the running window on top (also when minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


# --- opening the desk -------------------------------------------------------------------

class RecoveryDialog(QDialog):
    """The database is damaged: where its copy is, the newest good backup, what it loses."""

    def __init__(self, error: DatabaseCorruptError, parent: QWidget | None = None):
        from cmdesk.storage.backup import read_backup

        super().__init__(parent)
        self.setWindowTitle(tr("数据库文件已损坏"))
        self.backup = (read_backup(error.newest_good_backup)
                       if error.newest_good_backup is not None else None)
        if isinstance(error, DeskFileMissingError):
            parts = [tr("工作台缺少必需的文件，程序没有新建或改动任何文件。"), str(error)]
        else:
            parts = [tr("工作台的数据库文件已损坏（可能是断电、磁盘故障或程序被强行关闭）。"
                        "程序没有改动这个文件。")]
        if error.damaged_copy is not None:
            parts.append(tr("损坏的文件已另存一份在：\n{path}").format(path=error.damaged_copy))
        if self.backup is None:
            parts.append(tr("没有找到可用的备份。请联系总行，从上报的数据恢复。"))
        else:
            parts.append(tr("最近的完好备份：{backup}").format(backup=self.backup.describe()))
            parts.append(tr("从这份备份恢复：{lost}。").format(lost=error.would_be_lost))
            parts.append(tr("恢复前会先把现在的文件另存，不会删除任何文件。"))
        self.message = QLabel("\n\n".join(parts), self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(tr("从备份恢复"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setVisible(self.backup is not None)
        buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def _refuse(exc: Exception, smoke: bool, parent: QWidget | None) -> None:
    log.error("cannot open database: %s", exc)
    if smoke:
        print(tr("错误：{error}").format(error=exc), file=sys.stderr)
    else:
        QMessageBox.critical(parent, tr("无法打开数据库"),
                             tr("无法打开客户经理工作台的数据库。\n\n{error}").format(error=exc))


def _needs_conversion(paths: DataPaths) -> bool:
    """An earlier version's database that is not encrypted yet."""
    from ui.lock import desk_has_password

    return (not desk_has_password(paths) and paths.database.exists()
            and paths.database.stat().st_size > 0)


def _ask_password(paths: DataPaths, error: str, parent: QWidget | None) -> tuple[str, bool] | None:
    """The password typed by the manager and whether to remember it; None: 退出."""
    from ui.first_run import NewPasswordDialog
    from ui.lock import PasswordDialog, desk_has_password

    if desk_has_password(paths):
        dialog: Any = PasswordDialog(paths, error, parent)
    else:
        dialog = NewPasswordDialog(converting=_needs_conversion(paths), parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value(), dialog.wants_remember()


def _recover(paths: DataPaths, error: DatabaseCorruptError, password: str | None,
             parent: QWidget | None) -> Any:
    """Offer the newest good backup; the core's RestoreResult once restored, else None."""
    from cmdesk.storage import encryption
    from cmdesk.storage.recovery import restore_backup
    from ui.lock import PasswordDialog
    from ui.worker import run_with_progress

    dialog = RecoveryDialog(error, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.backup is None:
        return None
    backup = dialog.backup.path
    if password is None and not encryption.is_plaintext(backup):
        # not asked yet (the key came from the OS key store, or the key file is the
        # missing file): the password the backup was made under
        asking = PasswordDialog(paths, "", parent)
        if asking.exec() != QDialog.DialogCode.Accepted:
            return None
        password = asking.value()
    try:
        return run_with_progress(parent, tr("从备份恢复"), tr("正在从备份恢复…"),
                                 lambda _progress: restore_backup(paths.root, backup, password))
    except CmdeskError as exc:
        _refuse(exc, False, parent)
        return None


@dataclass
class Opened:
    """The core desk opened at start, the restore that preceded it (if any), and the
    password typed to open it (None: none was asked)."""

    desk: Any
    restored: Any = None
    password: str | None = None


def open_desk_interactively(paths: DataPaths, parent: QWidget | None = None,
                            smoke: bool = False, *, no_encryption: bool | None = None,
                            quick_check: bool = True,
                            password: str | None = None) -> Opened | None:
    """Open the desk like the command line does (cmdesk.storage.desk.open_desk: quick_check,
    backup, upgrade, desk id, default catalogue), asking what it needs on the way: the
    password, a new password (first run, conversion), recovery from a backup. None after
    telling the manager why it did not open (or when the manager chose 退出).
    With quick_check False the caller runs the start's check itself (`StartupCheck`)."""
    from cmdesk.storage import encryption
    from cmdesk.storage.desk import open_desk
    from ui.worker import run_with_progress

    remember = False
    restored = None
    while True:
        try:
            if password and _needs_conversion(paths):
                desk = run_with_progress(parent, tr("加密数据库"), tr("正在备份并加密数据库…"),
                                         lambda _progress, typed=password: open_desk(
                                             paths.root, typed, no_encryption=no_encryption))
            else:
                desk = open_desk(paths.root, password, no_encryption=no_encryption,
                                 quick_check=quick_check)
        except (PasswordRequiredError, WrongPasswordError) as exc:
            if smoke:
                _refuse(exc, smoke, parent)
                return None
            answer = _ask_password(
                paths, "" if isinstance(exc, PasswordRequiredError) else str(exc), parent)
            if answer is None:
                return None
            password, remember = answer
            continue
        except DatabaseCorruptError as exc:
            log.error("damaged database: %s", exc)
            if smoke:
                _refuse(exc, smoke, parent)
                return None
            restored = _recover(paths, exc, password, parent)
            if restored is None:
                return None
            continue
        except (SchemaTooNewError, CmdeskError) as exc:
            _refuse(exc, smoke, parent)
            return None
        except Exception as exc:  # a read-only folder, a full disk, a database error
            from cmdesk.storage.failures import explain

            message = explain(exc)
            if message is None:
                raise
            _refuse(CmdeskError(message), smoke, parent)
            return None
        if remember and desk.db.key is not None:
            encryption.remember_key(paths.root, desk.db.key)
        return Opened(desk, restored, password)


class StartupCheck(QObject):
    """The start's quick_check of the database (cmdesk.storage.integrity.quick_check_problems) in
    the thread pool, while the window is in use; `finished` carries the problems found
    ([] when sound) and the seconds it took."""

    finished = Signal(list, float)

    def __init__(self, desk: Any, parent: QObject | None = None):
        from ui.worker import Worker

        super().__init__(parent)
        self.running = True
        self.problems: list[str] = []
        started = time.perf_counter()

        def check(_progress: Any) -> tuple[list[str], float]:
            from cmdesk.storage.integrity import quick_check_problems

            return quick_check_problems(desk), time.perf_counter() - started

        self._worker = Worker(check)
        self._worker.signals.finished.connect(self._on_finished)
        self._worker.signals.failed.connect(lambda exc: self._on_finished(([str(exc)], 0.0)))
        QThreadPool.globalInstance().start(self._worker)

    def _on_finished(self, result: tuple[list[str], float]) -> None:
        self.running = False
        self.problems, seconds = result
        self.finished.emit(self.problems, seconds)


# --- automatic backups and the weekly check ----------------------------------------------

class SafetyTimers(QObject):
    """Backs up at most every 30 minutes while data changed, and runs the full integrity
    check weekly once the desk has been idle a while; both in the thread pool. On close,
    one last backup when anything changed since the newest one."""

    backup_made = Signal(object)  # cmdesk.storage.backup.BackupInfo
    check_failed = Signal(str)
    CHECK_EVERY_MS = 5 * 60 * 1000
    IDLE_BEFORE_FULL_CHECK_S = 5 * 60

    def __init__(self, desk: Any, watch: Any, check_every_ms: int = CHECK_EVERY_MS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.desk = desk
        self.watch = watch
        self.worker: Any = None
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def tick(self) -> bool:
        """Start the due work in the thread pool; False when nothing was started."""
        from ui.worker import Worker

        if self.busy:
            return False
        idle = self.watch.idle_seconds() >= self.IDLE_BEFORE_FULL_CHECK_S
        self.worker = Worker(lambda _progress: self._due_work(idle))
        self.worker.signals.finished.connect(self._on_finished)
        self.worker.signals.failed.connect(self._on_failed)
        QThreadPool.globalInstance().start(self.worker)
        return True

    def _due_work(self, idle: bool) -> tuple[Any, Any]:
        """(backup made or None, integrity report or None) — runs in the pool."""
        from cmdesk.storage.backup import backup_due, make_backup
        from cmdesk.storage.integrity import integrity_check_due, run_integrity_check

        made = make_backup(self.desk, "periodic") if backup_due(self.desk) else None
        report = (run_integrity_check(self.desk)
                  if idle and integrity_check_due(self.desk) else None)
        return made, report

    def _on_finished(self, result: tuple[Any, Any]) -> None:
        self.worker = None
        made, report = result
        if made is not None:
            self.backup_made.emit(made)
        if report is not None and not report.ok:
            self.check_failed.emit(tr("；").join(report.problems[:3]))

    def _on_failed(self, exc: BaseException) -> None:
        self.worker = None
        log.error("automatic backup or check failed: %s", exc)
        self.desk.status_message.emit(tr("自动备份没有完成：{error}").format(error=exc))

    def stop(self) -> None:
        """Stop the timer and wait for work under way."""
        self.timer.stop()
        QThreadPool.globalInstance().waitForDone(-1)
        self.worker = None

    def back_up_on_close(self) -> Any:
        """The close backup (when data changed since the newest backup); its BackupInfo."""
        from cmdesk.storage.backup import back_up_on_close

        self.stop()
        self.desk.ops.wait()  # the last saves are committed before the copy is made
        return back_up_on_close(self.desk)


def _report_check_failure(window: QWidget, problems: str) -> None:
    QMessageBox.warning(window, tr("完整性检查"), tr(
        "每周的数据库完整检查发现问题：{problems}\n\n请到“设置 → 备份与安全”从最近的备份恢复，"
        "或联系总行。").format(problems=problems))


def _restart(app: QApplication, window: QWidget, instance: SingleInstance,
             timers: SafetyTimers, note: str) -> None:
    """The database was replaced under the running desk: start it again."""
    timers.stop()
    QMessageBox.information(window, tr("重新启动"), tr("{note}\n工作台将重新启动。").format(note=note))
    instance.close()
    QProcess.startDetached(sys.executable, sys.orig_argv[1:])
    app.quit()


# --- entry point ----------------------------------------------------------------------

def _in_background(window: Any, message: str, fn: Any) -> Any:
    """fn() in the thread pool while the window stays in use, `message` in its status bar
    and a busy cursor meanwhile; fn's result, or its error raised here."""
    from ui.worker import Worker

    outcome: dict[str, Any] = {}
    worker = Worker(lambda _progress: fn())
    worker.signals.finished.connect(lambda result: outcome.setdefault("result", result))
    worker.signals.failed.connect(lambda exc: outcome.setdefault("error", exc))
    window.statusBar().showMessage(message)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        QThreadPool.globalInstance().start(worker)
        _wait_for(lambda: bool(outcome), worker.signals.finished, worker.signals.failed)
    finally:
        QApplication.restoreOverrideCursor()
        window.statusBar().clearMessage()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def look_first(paths: DataPaths, window: Any, smoke: bool,
               no_encryption: bool | None) -> tuple[Any, str | None, bool] | None:
    """The start's first look at the data folder (cmdesk.storage.first_look), in the thread
    pool while the window says so (deriving an encrypted desk's key takes a moment), asking
    the password when it is needed and again after a wrong one. Returns the look (None:
    the full open decides), the password typed (None: none was asked) and whether to
    remember the key; None when the manager chose 退出 (or, in smoke mode, when a password
    would have to be asked)."""
    from cmdesk.storage.first_look import first_look

    password: str | None = None
    remember = False
    while True:
        try:
            look = _in_background(window, tr("正在打开工作台…"),
                                  lambda typed=password: first_look(
                                      paths, typed, no_encryption=no_encryption))
        except (PasswordRequiredError, WrongPasswordError) as exc:
            if smoke:
                _refuse(exc, smoke, window)
                return None
            answer = _ask_password(
                paths, "" if isinstance(exc, PasswordRequiredError) else str(exc), window)
            if answer is None:
                return None
            password, remember = answer
            continue
        return look, password, remember


def _open_error(exc: BaseException, smoke: bool, parent: QWidget | None) -> None:
    """Tell why the desk did not open in the background (as open_desk_interactively does)."""
    from cmdesk.storage.failures import explain

    if not isinstance(exc, CmdeskError):
        message = explain(exc)
        if message is None:
            raise exc
        exc = CmdeskError(message)
    _refuse(exc, smoke, parent)


def _wait_for(done: Any, *signals: Any) -> None:
    """Run the event loop (the window stays in use) until done() is true; each of
    `signals` may have made it so."""
    from PySide6.QtCore import QEventLoop

    if done():
        return
    loop = QEventLoop()
    for signal in signals:
        signal.connect(loop.quit)
    while not done():
        loop.exec()


def run_gui(data_dir: str | None, smoke: bool, no_encryption: bool | None = None) -> int:
    """Run the desk; returns the process exit status.

    The window shows first (Qt only). On an everyday start the first look at the data
    folder (`look_first`: the key, the schema version, the client list's first page, read
    without the database layer) fills the client list at once, while the database layer
    loads and the desk opens on the desk's database thread (ui.desk.Desk.open_in_background;
    the list's own reads wait behind it). Otherwise (a new desk, a conversion, an upgrade, a
    damaged file) the desk opens as the command line opens it, asking the password or
    offering recovery as needed (`open_desk_interactively`). Either way without the start's
    integrity check, which runs in the background while the window is in use
    (`StartupCheck`): its verdict goes to the status bar, and a damaged file is said at
    once and taken to the recovery dialog (the desk restarts on the restored file).
    `no_encryption` is the command line's --no-encryption (None: CMDESK_NO_ENCRYPTION
    decides). Smoke mode opens the client list as the window shows (the manager's first
    click) and prints `window_shown_ms=` when the window is on screen, `list_ready_ms=`
    once the client list is filled and typing is accepted (and `list_rss_mb=`, the memory
    then), `key_ms=` (deriving the key from the password) and `desk_ready_ms=` once the
    desk is open (the list's search answers from then on), `quick_check_ms=` when the
    check ended, and `startup_ms=` after every area was opened once. A second start on a
    folder where the desk already runs brings that window forward and returns 0.
    """
    from ui.main_window import AREA_CLIENTS, AREA_SETTINGS, MainWindow
    from ui.style import apply_style

    app = application()
    paths = DataPaths.resolve(data_dir).ensure()
    install_translators(app, paths)
    app.setApplicationDisplayName(tr("cmdesk 客户经理工作台"))
    instance = SingleInstance(paths.root)
    try:
        if not instance.claim():
            print(tr("工作台已在运行（{path}），已切换到已打开的窗口。").format(path=paths.root),
                  flush=True)
            return 0
    except DeskBusyError as exc:
        _refuse(exc, smoke, None)
        return 2
    install_cjk_font(app)
    apply_style(app)
    setup_logging(paths.logs)
    window = MainWindow(paths)
    instance.raise_requested.connect(lambda: bring_forward(window))
    if smoke:
        window.switch_to(AREA_CLIENTS)
    window.show()
    app.processEvents()
    if smoke:
        print(f"window_shown_ms={startup_ms():.1f}", flush=True)
    else:
        install_excepthook()
    first = look_first(paths, window, smoke, no_encryption)
    if first is None:
        window.close()
        instance.close()
        return 2
    look, password, remember = first
    from ui.desk import Desk
    from ui.ops import Changes, Kind

    if look is not None:
        desk = Desk(None, paths)
        outcome: dict[str, Any] = {}
        desk.opened.connect(lambda core: outcome.setdefault("core", core))
        desk.open_failed.connect(lambda exc: outcome.setdefault("error", exc))

        list_shown = threading.Event()

        def open_core() -> Any:
            # loading the database layer holds the interpreter most of the time: it starts
            # once the window has painted the list
            list_shown.wait()
            from cmdesk.storage.desk import open_desk

            return open_desk(paths.root, password, no_encryption=no_encryption,
                             quick_check=False, first=look)

        desk.open_in_background(open_core)
        try:
            window.attach(desk)
            clients = window.built_view(AREA_CLIENTS)
            if clients is not None:
                clients.show_page(look.clients)
            if smoke:
                _smoke_list_ready(app, window)
            else:
                app.processEvents()
        finally:
            list_shown.set()
        _wait_for(lambda: bool(outcome), desk.opened, desk.open_failed)
        if "error" in outcome:
            _open_error(outcome["error"], smoke, window)
            window.close()
            instance.close()
            return 2
        if not window.isVisible():  # the manager closed the window while the desk opened
            outcome["core"].close()
            instance.close()
            return 0
        opened = Opened(outcome["core"], None, password)
    else:
        opened = open_desk_interactively(paths, window, smoke, no_encryption=no_encryption,
                                         quick_check=False, password=password)
        if opened is None:
            window.close()
            instance.close()
            return 2
        desk = Desk(opened.desk.db, paths)
        window.attach(desk)
        if smoke:
            _smoke_list_ready(app, window)
    from ui.first_run import FirstRunDialog
    from ui.lock import AppLock

    db = opened.desk.db
    heap.keep_long_lived()  # the database layer and the first page stay for the session
    if remember and db.key is not None:
        from cmdesk.storage import encryption

        encryption.remember_key(paths.root, db.key)
    if smoke:
        print(f"key_ms={opened.desk.key_seconds * 1000:.1f}", flush=True)
        print(f"desk_ready_ms={startup_ms():.1f}", flush=True)
    try:
        if not smoke and not desk.profile.is_complete:
            dialog = FirstRunDialog(desk, window)
            if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
                return 0
            if dialog.wants_demo() and load_demo(desk, window):
                desk.announce(Changes.of(Kind.ALL))
        lock = AppLock(window, desk)
        window.use_lock(lock)
        timers = SafetyTimers(desk, lock.watch, parent=window)
        timers.check_failed.connect(lambda problems: _report_check_failure(window, problems))

        def wire(area: str, view: Any) -> None:
            if area == AREA_SETTINGS:
                view.backups.database_closing.connect(timers.stop)
                view.backups.restart_requested.connect(
                    lambda note: _restart(app, window, instance, timers, note))

        window.view_built.connect(wire)
        settings = window.built_view(AREA_SETTINGS)
        if settings is not None:  # opened before the desk was
            wire(AREA_SETTINGS, settings)
        check = StartupCheck(desk, parent=window)
        check.finished.connect(lambda problems, seconds: _on_startup_check(
            app, window, instance, timers, opened, problems, seconds, smoke))
        if opened.restored is not None:
            desk.status_message.emit(tr("已从备份恢复：{clients} 个客户，{entries} 条日志").format(
                clients=opened.restored.clients, entries=opened.restored.entries))
        if db.upgraded_from:
            desk.status_message.emit(tr("数据库已升级；升级前的备份：{path}").format(path=db.backup_path))
        status = _smoke(app, window, check) if smoke else app.exec()
        if not smoke and timers.timer.isActive():  # not after a restart for a restore
            timers.back_up_on_close()
        return status
    finally:
        instance.close()
        db.close()


def _on_startup_check(app: QApplication, window: Any, instance: SingleInstance,
                      timers: SafetyTimers, opened: Opened, problems: list[str],
                      seconds: float, smoke: bool) -> None:
    """The start's integrity check ended: its verdict in the status bar; a damaged file
    is said at once, then the desk closes it and offers the newest good backup (the
    recovery dialog of a start), and starts again on what was restored."""
    if smoke:
        print(f"quick_check_ms={seconds * 1000:.1f}", flush=True)
    if not problems:
        window.desk.status_message.emit(
            tr("启动检查完成：数据库完好（{seconds:.1f} 秒）").format(seconds=seconds))
        return
    log.error("start-up quick_check found problems: %s", problems[:3])
    if smoke:
        print(tr("错误：启动检查发现数据库文件已损坏：{problem}").format(problem=problems[0]),
              file=sys.stderr)
        return
    QMessageBox.critical(window, tr("数据库文件已损坏"), tr(
        "启动时的完整性检查发现数据库文件已损坏：{problem}\n\n"
        "为了不丢失更多数据，工作台将关闭这个文件，并提供从最近的完好备份恢复。")
        .format(problem=problems[0]))
    timers.stop()
    window.desk.ops.wait()
    window.desk.db.close()
    reopened = open_desk_interactively(window.paths, window, password=opened.password)
    if reopened is None:  # the manager chose 退出
        timers.timer.stop()
        instance.close()
        app.exit(2)
        return
    reopened.desk.close()
    instance.close()
    QProcess.startDetached(sys.executable, sys.orig_argv[1:])
    app.quit()


def _smoke_list_ready(app: QApplication, window: Any) -> None:
    """Open the client list as a manager's first click does, wait until it is filled and
    the window takes input again, and report it (and the memory then)."""
    from PySide6.QtCore import QEventLoop

    window.switch_to("clients")
    clients = window.clients_view
    if clients.is_loading:
        loop = QEventLoop()
        clients.loaded.connect(loop.quit)
        loop.exec()
    app.processEvents()
    print(f"list_ready_ms={startup_ms():.1f}", flush=True)
    memory = resident_mib()
    if memory is not None:
        print(f"list_rss_mb={memory:.1f}", flush=True)


def _smoke(app: QApplication, window: Any, check: StartupCheck) -> int:
    """Wait for the start's check, open every area once, report, close."""
    from PySide6.QtCore import QEventLoop

    if check.running:
        loop = QEventLoop()
        check.finished.connect(loop.quit)
        loop.exec()
    if check.problems:
        window.close()
        return 2
    for index in range(len(window.areas)):
        window.switch_to(index)
        app.processEvents()
    window.switch_to(0)
    window.desk.ops.wait()
    app.processEvents()
    print(f"startup_ms={startup_ms():.1f}", flush=True)
    window.close()
    return 0
