"""设置 → 备份与安全: the backups listed with date, reason, size and counts; 立即备份 (in the
audit trail); 恢复… with a confirmation that the current database is backed up first;
the second folder and thinning counts; the idle lock minutes; changing or setting the
password."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from cmdesk.models import Client, FileHistory
from cmdesk.services.clients import count_clients
from cmdesk.services.settings import save_profile
from cmdesk.storage import encryption
from cmdesk.storage.backup import backup_settings, list_backups, list_backups_in, make_backup
from cmdesk.storage.desk import open_desk
from tests.ui.conftest import PROFILE
from tests.ui.waiting import wait_for_ops

PASSWORD = "鹭岛-correct-horse"
NEW_PASSWORD = "新的密码-2026-strong"


def _add_clients(db, *names: str) -> None:
    with db.transaction("测试") as session:
        session.add_all(Client(kind="company", name=name) for name in names)


def _audit_lines(db, action: str) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(FileHistory.summary)
                                    .where(FileHistory.action == action)))


@pytest.fixture
def page(qtbot, qdesk, wait_ops):
    from ui.settings.backups import BackupsPage

    widget = BackupsPage(qdesk)
    qtbot.addWidget(widget)
    widget.show()
    wait_ops()
    return widget


@pytest.fixture
def encrypted_qdesk(tmp_path):
    from ui.desk import Desk

    opened = open_desk(tmp_path / "encrypted-desk", PASSWORD, no_encryption=False)
    with opened.db.transaction() as session:
        save_profile(session, PROFILE)
    yield Desk(opened.db, opened.paths)
    opened.close()


def test_backups_are_listed_with_date_reason_size_and_counts(qtbot, qdesk, wait_ops):
    from ui.settings.backups import BackupsPage

    _add_clients(qdesk.db, "甲公司", "乙公司")
    older = make_backup(qdesk, "manual", now=datetime.now(UTC) - timedelta(days=1))
    newer = make_backup(qdesk, "close")
    widget = BackupsPage(qdesk)
    qtbot.addWidget(widget)
    widget.show()  # the list is read when the page is shown
    wait_ops()
    assert widget.table.rowCount() == 2
    rows = [[widget.table.item(row, column).text() for column in range(6)] for row in range(2)]
    assert rows[0][0] == newer.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows[1][0] == older.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert [rows[0][1], rows[1][1]] == ["关闭时", "手动备份"]
    assert rows[0][2].endswith("KB") or rows[0][2].endswith("MB")
    assert rows[0][3] == "2" and rows[0][4] == "0" and rows[0][5] == "否"
    assert [widget.table.horizontalHeaderItem(c).text() for c in range(6)] == [
        "时间", "原因", "大小", "客户", "日志", "加密"]
    assert not widget.restore_button.isEnabled()  # nothing selected yet


def test_back_up_now_adds_a_checked_backup_and_records_it(qtbot, page, qdesk, wait_ops):
    before = page.table.rowCount()
    page.backup_button.click()
    wait_ops()
    assert page.table.rowCount() == before + 1
    assert page.table.item(0, 1).text() == "手动备份"
    assert "已备份并通过完整性检查" in page.status.text()
    assert any("手动备份" in line for line in _audit_lines(qdesk.db, "backup"))


def test_restore_confirms_backs_up_first_and_asks_for_a_restart(qtbot, page, qdesk, monkeypatch,
                                                               wait_ops):
    _add_clients(qdesk.db, "甲公司", "乙公司", "丙公司")
    good = make_backup(qdesk, "manual", now=datetime.now(UTC) - timedelta(hours=1))
    _add_clients(qdesk.db, "丁公司", "戊公司")
    page.reload()
    wait_ops()
    asked: list[str] = []

    def confirm(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "恢复").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", confirm)
    page.table.selectRow(0)
    assert page.restore_button.isEnabled() and page.selected_backup().path == good.path
    closing: list[bool] = []
    page.database_closing.connect(lambda: closing.append(True))
    with qtbot.waitSignal(page.restart_requested, timeout=10000) as restart:
        page.restore_button.click()
    assert closing == [True]  # automatic backups were told to stop first
    assert "先把当前的数据库备份" in asked[0]
    assert "3 个客户" in restart.args[0]
    with qdesk.db.session() as session:
        assert count_clients(session) == 3
    reasons = [info.reason for info in list_backups(qdesk)]
    assert "before-restore" in reasons  # the 5-client database was kept
    assert any(good.path.name in line for line in _audit_lines(qdesk.db, "restore"))


def test_restore_cancelled_changes_nothing(qtbot, page, qdesk, monkeypatch, wait_ops):
    _add_clients(qdesk.db, "甲公司")
    make_backup(qdesk, "manual")
    _add_clients(qdesk.db, "乙公司")
    page.reload()
    wait_ops()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed without choosing
    page.table.selectRow(0)
    assert not page.restore_selected()
    with qdesk.db.session() as session:
        assert count_clients(session) == 2


def test_second_folder_thinning_and_idle_lock_are_saved(qtbot, page, qdesk, tmp_path, wait_ops):
    from cmdesk.services.settings import lock_idle_minutes

    second = tmp_path / "other-disk" / "cmdesk-backups"
    page.second_folder.setText(str(second))
    page.keep_boxes["recent"].setValue(3)
    page.keep_boxes["monthly"].setValue(2)
    page.idle_box.setValue(5)
    page.settings_save.click()
    wait_ops()
    assert page.settings_status.text() == "备份与锁定设置已保存"
    with qdesk.db.session() as session:
        settings = backup_settings(session)
        assert lock_idle_minutes(session) == 5
    assert settings.second_folder == second and settings.keep.recent == 3
    assert settings.keep.monthly == 2
    assert page.keep_boxes["recent"].minimum() == 1
    assert page.idle_box.specialValueText() == "不自动锁定"
    page.backup_button.click()
    assert len(list_backups_in(second)) == 1  # the copy on the other disk


def test_a_relative_second_folder_is_refused_in_words(qtbot, page, qdesk, wait_ops):
    from cmdesk.services.settings import DEFAULT_LOCK_IDLE_MINUTES, lock_idle_minutes

    page.second_folder.setText("relative/folder")
    page.idle_box.setValue(5)
    page.save_settings()
    wait_ops()
    assert "第二备份文件夹" in page.settings_status.text()
    with qdesk.db.session() as session:  # nothing half-saved: the idle time neither
        assert lock_idle_minutes(session) == DEFAULT_LOCK_IDLE_MINUTES


def test_change_password_re_keys_the_database(qtbot, encrypted_qdesk):
    from ui.settings.backups import BackupsPage

    widget = BackupsPage(encrypted_qdesk)
    qtbot.addWidget(widget)
    widget.show()
    wait_for_ops(qtbot, encrypted_qdesk)
    assert widget.password_box.title() == "修改密码" and widget.old_password.isEnabled()
    widget.old_password.setText(PASSWORD)
    widget.new_password.setText(NEW_PASSWORD)
    widget.repeat_password.setText(NEW_PASSWORD + "x")
    assert not widget.change_password()
    assert widget.password_error.text() == "两次输入的新密码不一致"
    widget.old_password.setText("not-the-password")
    widget.repeat_password.setText(NEW_PASSWORD)
    assert not widget.change_password() and "密码不对" in widget.password_error.text()
    widget.old_password.setText(PASSWORD)
    assert widget.change_password()
    params = encryption.read_params(encrypted_qdesk.paths.key_file)
    encryption.derive_key(params, NEW_PASSWORD)  # opens with the new one
    with pytest.raises(encryption.WrongPasswordError):
        encryption.derive_key(params, PASSWORD)
    assert widget.old_password.text() == "" and widget.new_password.text() == ""
    assert _audit_lines(encrypted_qdesk.db, "password")
    assert "before-password" in [info.reason for info in list_backups(encrypted_qdesk)]


def test_restore_of_an_encrypted_backup_asks_its_password(qtbot, encrypted_qdesk, monkeypatch):
    from ui.settings.backups import BackupsPage

    _add_clients(encrypted_qdesk.db, "甲公司")
    make_backup(encrypted_qdesk, "manual")
    _add_clients(encrypted_qdesk.db, "乙公司")
    widget = BackupsPage(encrypted_qdesk)
    qtbot.addWidget(widget)
    widget.show()
    wait_for_ops(qtbot, encrypted_qdesk)
    asked: list[str] = []

    def type_password(_parent, _title, label, _echo):
        asked.append(label)
        return PASSWORD, True

    monkeypatch.setattr(QInputDialog, "getText", type_password)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "恢复").click())
    widget.table.selectRow(0)
    with qtbot.waitSignal(widget.restart_requested, timeout=10000):
        assert widget.restore_selected()
    assert len(asked) == 1 and "备份时的工作台密码" in asked[0]
    with encrypted_qdesk.db.session() as session:
        assert count_clients(session) == 1


def test_setting_a_password_on_an_unencrypted_desk_encrypts_it(qtbot, page, qdesk):
    assert page.password_box.title() == "设置密码" and not page.old_password.isEnabled()
    page.new_password.setText(PASSWORD)
    page.repeat_password.setText(PASSWORD)
    with qtbot.waitSignal(page.restart_requested, timeout=20000) as restart:
        assert page.change_password()
    assert "已加密" in restart.args[0]
    assert qdesk.paths.key_file.is_file() and not encryption.is_plaintext(qdesk.paths.database)
    reopened = open_desk(qdesk.paths.root, PASSWORD)
    try:
        assert _audit_lines(reopened.db, "password")
    finally:
        reopened.close()


class _IdleFor:
    """A stand-in for ui.lock.ActivityWatch: idle for a fixed number of seconds."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def idle_seconds(self) -> float:
        return self.seconds


def test_automatic_backup_while_data_changed_and_on_close(qtbot, qdesk):
    from ui.app import SafetyTimers

    _add_clients(qdesk.db, "甲公司")
    timers = SafetyTimers(qdesk, _IdleFor(0), check_every_ms=3_600_000)
    try:
        with qtbot.waitSignal(timers.backup_made, timeout=10000) as made:
            assert timers.tick()
        assert made.args[0].reason == "periodic" and made.args[0].clients == 1
        qtbot.waitUntil(lambda: not timers.busy, timeout=5000)
        assert any("定时备份" in line for line in _audit_lines(qdesk.db, "backup"))
        # nothing changed since: closing makes no new backup
        assert timers.back_up_on_close() is None
        assert not timers.timer.isActive()
        _add_clients(qdesk.db, "乙公司")
        closing = timers.back_up_on_close()
        assert closing is not None and closing.reason == "close" and closing.clients == 2
    finally:
        timers.stop()
    assert [info.reason for info in list_backups(qdesk)] == ["close", "periodic"]


def test_weekly_full_check_runs_only_when_idle(qtbot, qdesk):
    from cmdesk.storage.integrity import integrity_check_due
    from ui.app import SafetyTimers

    busy = SafetyTimers(qdesk, _IdleFor(10), check_every_ms=3_600_000)
    try:
        busy.tick()
        qtbot.waitUntil(lambda: not busy.busy, timeout=10000)
        assert integrity_check_due(qdesk)  # the manager was working: not run
    finally:
        busy.stop()
    idle = SafetyTimers(qdesk, _IdleFor(SafetyTimers.IDLE_BEFORE_FULL_CHECK_S),
                        check_every_ms=3_600_000)
    try:
        idle.tick()
        qtbot.waitUntil(lambda: not idle.busy, timeout=10000)
        assert not integrity_check_due(qdesk)
    finally:
        idle.stop()
