"""设置 → 备份与安全: the backups and the desk's password, on top of cmdesk.storage (backup,
recovery, password, encryption: nothing here copies a database or derives a key itself).

- the backups in the data folder, newest first, with date, reason, size, record counts;
- [立即备份] (in a worker thread; the core records it in the audit trail);
- [恢复…]: a confirmation that says the current database is backed up first, the password
  of an encrypted backup, then the desk's database is closed, the backup restored by the
  core and the desk restarted (`restart_requested`) so every view reads the restored data
  (`database_closing` first, so automatic backups stop before the file is replaced);
- the second backup folder (another disk) and the thinning counts;
- the password: change it (re-keys the database), or set one on a desk without;
- the idle time after which the desk locks itself (ui.lock; stored by services.settings).

Backups, restores and password changes are written into the audit trail by the core
(cmdesk.storage), so the command line leaves the same lines. They work
on files behind a progress dialog (ui.worker), after the desk's database thread has
finished what it was doing; the page's settings are read and saved on that thread
(ui.ops), and read again whenever the page is shown (automatic backups add to the list).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.services.settings import MAX_LOCK_IDLE_MINUTES, lock_idle_minutes, save_lock_idle_minutes
from cmdesk.storage import encryption
from cmdesk.storage.backup import (
    KEEP_LABELS,
    BackupInfo,
    BackupKeep,
    BackupSettings,
    backup_settings,
    list_backups,
    make_backup,
    save_backup_settings,
)
from cmdesk.storage.password import change_password, set_password
from cmdesk.storage.recovery import restore_backup
from ui import ops
from ui.lock import check_password, desk_has_password
from ui.ops import Changes, Kind
from ui.widgets.file_dialogs import BACKUPS, choose_folder
from ui.worker import run_with_progress

COLUMNS = (QT_TRANSLATE_NOOP("BackupsPage", "时间"), QT_TRANSLATE_NOOP("BackupsPage", "原因"),
           QT_TRANSLATE_NOOP("BackupsPage", "大小"), QT_TRANSLATE_NOOP("BackupsPage", "客户"),
           QT_TRANSLATE_NOOP("BackupsPage", "日志"), QT_TRANSLATE_NOOP("BackupsPage", "加密"))


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class BackupsPage(QGroupBox):
    """Backups, restore, the second folder, thinning, the password and the idle lock."""

    database_closing = Signal()  # about to close the database for a restore or encryption
    restart_requested = Signal(str)  # the database was replaced: restart with this note

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(self.tr("备份与安全"), parent)
        self.desk = desk
        self.backups: list[BackupInfo] = []
        hint = QLabel(self.tr("工作台在关闭时、以及有改动时每 30 分钟自动备份；导入、移交、恢复、"
                              "修改密码之前也会备份。每份备份都经过完整性检查，并与数据库一样加密。"), self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(200)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.backup_button = QPushButton(self.tr("立即备份"), self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("恢复…"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.status = QLabel(self)
        self.status.setObjectName("sectionHint")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)

        self.second_folder = QLineEdit(self)
        self.second_folder.setReadOnly(True)
        self.second_folder.setPlaceholderText(self.tr("未设置（建议选另一块磁盘或U盘上的文件夹）"))
        choose = QPushButton(self.tr("选择…"), self)
        choose.clicked.connect(self.choose_second_folder)
        clear = QPushButton(self.tr("不使用"), self)
        clear.clicked.connect(self.second_folder.clear)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.second_folder, 1)
        folder_row.addWidget(choose)
        folder_row.addWidget(clear)
        self.keep_boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("第二备份文件夹"), folder_row)
        for name, label in KEEP_LABELS.items():
            box = QSpinBox(self)
            box.setRange(1 if name == "recent" else 0, 365)
            box.setMaximumWidth(120)
            self.keep_boxes[name] = box
            form.addRow(QCoreApplication.translate("fields", label), box)
        self.idle_box = QSpinBox(self)
        self.idle_box.setRange(0, MAX_LOCK_IDLE_MINUTES)
        self.idle_box.setSuffix(self.tr(" 分钟"))
        self.idle_box.setSpecialValueText(self.tr("不自动锁定"))
        self.idle_box.setMaximumWidth(160)
        form.addRow(self.tr("无操作自动锁定"), self.idle_box)
        self.settings_status = QLabel(self)
        self.settings_status.setObjectName("sectionHint")
        self.settings_save = QPushButton(self.tr("保存备份与锁定设置"), self)
        self.settings_save.clicked.connect(self.save_settings)
        settings_buttons = QHBoxLayout()
        settings_buttons.addWidget(self.settings_status, 1)
        settings_buttons.addWidget(self.settings_save)

        self.password_box = QGroupBox(self)
        self.old_password = QLineEdit(self.password_box)
        self.new_password = QLineEdit(self.password_box)
        self.repeat_password = QLineEdit(self.password_box)
        for field in (self.old_password, self.new_password, self.repeat_password):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = QLabel(self.password_box)
        self.password_hint.setObjectName("sectionHint")
        self.password_hint.setWordWrap(True)
        self.password_error = QLabel(self.password_box)
        self.password_error.setObjectName("fieldError")
        self.password_error.setWordWrap(True)
        self.password_error.hide()
        self.password_button = QPushButton(self.password_box)
        self.password_button.clicked.connect(self.change_password)
        password_form = QFormLayout(self.password_box)
        password_form.addRow(self.password_hint)
        password_form.addRow(self.tr("当前密码"), self.old_password)
        password_form.addRow(self.tr("新密码"), self.new_password)
        password_form.addRow(self.tr("再输入一次"), self.repeat_password)
        password_form.addRow(self.password_error)
        password_buttons = QHBoxLayout()
        password_buttons.addStretch(1)
        password_buttons.addWidget(self.password_button)
        password_form.addRow(password_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addLayout(form)
        layout.addLayout(settings_buttons)
        layout.addWidget(self.password_box)
        self._show_password_mode()
        self._update_buttons()

    # --- reading -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        """Automatic backups add to the list at any time: read it again when shown."""
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        desk = self.desk

        def read(session: Any) -> tuple[list[BackupInfo], BackupSettings, int]:
            return list_backups(desk), backup_settings(session), lock_idle_minutes(session)

        ops.query(desk, read, done=lambda found: self._show(*found), parent=self,
                  key=f"backups.{id(self)}")

    def _show(self, backups: list[BackupInfo], settings: BackupSettings, idle_minutes: int) -> None:
        self.backups = backups
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (info.made_at.astimezone().strftime("%Y-%m-%d %H:%M"), info.reason_label,
                     _size_text(info.size), "" if info.clients is None else str(info.clients),
                     "" if info.entries is None else str(info.entries),
                     self.tr("是") if info.encrypted else self.tr("否"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        self.second_folder.setText(str(settings.second_folder or ""))
        for name, box in self.keep_boxes.items():
            box.setValue(getattr(settings.keep, name))
        self.idle_box.setValue(idle_minutes)
        self._show_password_mode()
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _show_password_mode(self) -> None:
        encrypted = desk_has_password(self.desk.paths)
        self.password_box.setTitle(self.tr("修改密码") if encrypted else self.tr("设置密码"))
        self.password_hint.setText(
            self.tr("修改密码会用新密码重新加密数据库（之前先备份）；以前的备份仍用当时的密码打开。")
            if encrypted else
            self.tr("这个工作台还没有加密。设置密码后数据库和备份都会加密，工作台随后重新启动。"))
        self.old_password.setEnabled(encrypted)
        self.password_button.setText(self.tr("修改密码") if encrypted else self.tr("设置密码并加密"))

    # --- backups -------------------------------------------------------------------
    def back_up_now(self) -> BackupInfo | None:
        desk = self.desk
        desk.ops.wait()  # what the database thread was asked before goes into the backup
        try:
            info = run_with_progress(self, self.tr("备份"), self.tr("正在备份并检查…"),
                                     lambda _progress: make_backup(desk, "manual"))
        except CmdeskError as exc:
            self.status.setText(self.tr("备份没有完成：{error}").format(error=exc))
            return None
        self.reload()
        copies = "".join(self.tr("；另存一份在 {path}").format(path=p) for p in info.copies)
        self.status.setText(self.tr("已备份并通过完整性检查：{text}{copies}")
                            .format(text=info.describe(), copies=copies))
        desk.status_message.emit(self.tr("已备份"))
        return info

    def _confirm_restore(self, info: BackupInfo) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("从备份恢复"), self.tr(
            "用这份备份替换现在的数据库？\n\n{backup}\n\n恢复之前会先把当前的数据库备份一份，"
            "之后改动的记录可从那份备份找回。恢复完成后工作台会重新启动。").format(
            backup=info.describe()), parent=self)
        restore = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is restore

    def _ask_password(self, title: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self, title, text, QLineEdit.EchoMode.Password)
        return value if ok and value else None

    def _restore_passwords(self, info: BackupInfo) -> tuple[str | None, str | None] | None:
        """The backup's password and the desk's current one (None where not needed);
        None when the manager cancelled."""
        backup_password = None
        if info.encrypted:
            backup_password = self._ask_password(
                self.tr("备份的密码"), self.tr("这份备份已加密，请输入备份时的工作台密码："))
            if backup_password is None:
                return None
        current = backup_password
        if desk_has_password(self.desk.paths) and not self._opens_desk(current):
            current = self._ask_password(self.tr("工作台密码"),
                                         self.tr("请输入工作台现在的密码（恢复前要先备份当前数据库）："))
            if current is None:
                return None
        return backup_password, current

    def _opens_desk(self, password: str | None) -> bool:
        if not password:
            return False
        try:
            check_password(self.desk.paths, password)
        except CmdeskError:
            return False
        return True

    def restore_selected(self) -> bool:
        info = self.selected_backup()
        if info is None or not self._confirm_restore(info):
            return False
        passwords = self._restore_passwords(info)
        if passwords is None:
            return False
        backup_password, current = passwords
        desk = self.desk
        self.database_closing.emit()
        desk.ops.wait()
        desk.db.close()
        root = desk.paths.root
        try:
            result = run_with_progress(self, self.tr("从备份恢复"), self.tr("正在备份当前数据库并恢复…"),
                                       lambda _progress: restore_backup(root, info.path, backup_password,
                                                                        current))
        except CmdeskError as exc:
            self.status.setText(self.tr("没有恢复：{error}").format(error=exc))
            return False
        note = self.tr("已从备份恢复：{clients} 个客户，{entries} 条日志。").format(
            clients=result.clients, entries=result.entries)
        self.status.setText(note)
        self.restart_requested.emit(note)
        return True

    # --- settings ------------------------------------------------------------------
    def choose_second_folder(self) -> None:
        folder = choose_folder(self, BACKUPS, self.tr("选择第二备份文件夹"))
        if folder is not None:
            self.second_folder.setText(str(folder))

    def save_settings(self) -> None:
        """Store the backup settings and the idle time together, in the background."""
        folder = self.second_folder.text().strip()
        settings = BackupSettings(BackupKeep(**{name: box.value()
                                                for name, box in self.keep_boxes.items()}),
                                  Path(folder) if folder else None)
        minutes = self.idle_box.value()

        def save(session: Any) -> None:
            save_backup_settings(session, settings)
            save_lock_idle_minutes(session, minutes)

        ops.write(self.desk, save, Changes.of(Kind.SETTINGS), done=self._settings_saved,
                  failed=self._settings_refused, parent=self)

    def _settings_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            ops.show_error(self, exc)
            return
        self.settings_status.setText(self.tr("；").join(
            self.tr("{field}：{problem}").format(field=p.label or p.field, problem=p.message)
            for p in exc.problems))

    def _settings_saved(self, _result: None) -> None:
        self.settings_status.setText(self.tr("备份与锁定设置已保存"))

    # --- password ------------------------------------------------------------------
    def _password_problem(self) -> str | None:
        if self.new_password.text() != self.repeat_password.text():
            return self.tr("两次输入的新密码不一致")
        try:
            encryption.check_new_password(self.new_password.text())
        except CmdeskError as exc:
            return str(exc)
        return None

    def change_password(self) -> bool:
        """Change the password (re-key), or set one on an unencrypted desk (then restart)."""
        problem = self._password_problem()
        if problem is not None:
            self._password_failed(problem)
            return False
        desk = self.desk
        new = self.new_password.text()
        encrypted = desk_has_password(desk.paths)
        try:
            if encrypted:
                old = self.old_password.text()
                desk.ops.wait()
                run_with_progress(self, self.tr("修改密码"), self.tr("正在备份并重新加密数据库…"),
                                  lambda _progress: change_password(desk, old, new))
            else:
                self._encrypt_desk(new)
        except CmdeskError as exc:
            self._password_failed(str(exc))
            return False
        for field in (self.old_password, self.new_password, self.repeat_password):
            field.clear()
        self.password_error.hide()
        if not encrypted:
            self.restart_requested.emit(self.tr("已设置密码，数据库和备份已加密。"))
            return True
        self.reload()
        self.status.setText(self.tr("密码已修改（修改前已备份）"))
        return True

    def _encrypt_desk(self, password: str) -> None:
        """Close the database and let the core encrypt it (a backup first, an audit line after)."""
        desk = self.desk
        self.database_closing.emit()
        desk.ops.wait()
        desk.db.close()
        root = desk.paths.root
        opened = run_with_progress(self, self.tr("设置密码"), self.tr("正在备份并加密数据库…"),
                                   lambda _progress: set_password(root, password))
        opened.close()

    def _password_failed(self, message: str) -> None:
        self.password_error.setText(message)
        self.password_error.show()
