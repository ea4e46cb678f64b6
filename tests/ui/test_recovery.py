"""A damaged database at start: the recovery dialog says where the damaged copy is, offers
the newest good backup with its date and what would be lost since it; 从备份恢复 restores
it (and the desk opens on it), 退出 leaves everything as it was."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from cmdesk.models import Client
from cmdesk.paths import DataPaths
from cmdesk.services.clients import count_clients
from cmdesk.storage import db as db_module
from cmdesk.storage import encryption
from cmdesk.storage.backup import make_backup
from cmdesk.storage.desk import open_desk

PASSWORD = "鹭岛-correct-horse"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_clients(db, *names: str) -> None:
    with db.transaction("测试") as session:
        session.add_all(Client(kind="company", name=name) for name in names)


def _damaged_desk(folder: Path, encrypted: bool):
    """A desk with a good backup of 3 clients, 2 more clients after it, then a damaged
    clients page; returns the good backup."""
    desk = open_desk(folder, PASSWORD if encrypted else None, no_encryption=not encrypted)
    _add_clients(desk.db, "甲公司", "乙公司", "丙公司")
    make_backup(desk, "manual", now=datetime.now(UTC) - timedelta(days=2))
    good = make_backup(desk, "close")
    _add_clients(desk.db, "丁公司", "戊公司")
    connection = db_module.connect(desk.db.path, desk.db.key, read_only=True)
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'clients'").fetchone()[0]
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    finally:
        connection.close()
    path = desk.db.path
    desk.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 24)
    return good


@pytest.fixture
def answers(monkeypatch):
    """Make the start-up dialogs answer: the password dialog types PASSWORD; the recovery
    dialog presses the given button. Returns the recovery dialogs shown."""
    from ui.app import RecoveryDialog
    from ui.lock import PasswordDialog

    shown: list = []

    def type_password(dialog) -> int:
        dialog.password.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    def choose(restore: bool) -> list:
        def fake_exec(dialog) -> int:
            shown.append(dialog)
            (dialog.accept if restore else dialog.reject)()
            return dialog.result()

        monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
        return shown

    monkeypatch.setattr(PasswordDialog, "exec", type_password)
    return choose


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "unencrypted"])
def test_damaged_database_offers_the_newest_backup_and_restores_it(qtbot, tmp_path, monkeypatch,
                                                                   answers, encrypted):
    from ui.app import open_desk_interactively

    if encrypted:
        monkeypatch.delenv(encryption.ENV_NO_ENCRYPTION, raising=False)
    paths = DataPaths(tmp_path / "desk")
    good = _damaged_desk(paths.root, encrypted)
    shown = answers(restore=True)
    # WHEN the desk starts on the damaged file and the manager chooses 从备份恢复
    opened = open_desk_interactively(paths)
    # THEN the dialog said it plainly: the kept copy, the backup's date, what is lost
    assert len(shown) == 1
    dialog = shown[0]
    text = dialog.message.text()
    assert "已损坏" in text and "没有改动" in text
    copies = sorted(paths.damaged.glob("cmdesk-damaged-*.sqlite3"))  # restore keeps another
    assert copies and str(copies[0]) in text
    assert dialog.backup.path == good.path
    assert good.made_at.astimezone().strftime("%Y-%m-%d %H:%M") in text
    assert "客户 2 个" in text
    assert dialog.restore_button.isVisibleTo(dialog)
    # AND the desk opened on the restored backup
    assert opened is not None and opened.restored is not None
    try:
        assert opened.restored.restored_from == good.path
        assert (opened.desk.db.key is not None) == encrypted
        with opened.desk.db.session() as session:
            assert count_clients(session) == 3
    finally:
        opened.desk.close()


def test_quit_leaves_the_damaged_file_untouched(qtbot, tmp_path, answers):
    from ui.app import open_desk_interactively

    paths = DataPaths(tmp_path / "desk")
    _damaged_desk(paths.root, encrypted=False)
    before = _digest(paths.database)
    shown = answers(restore=False)
    assert open_desk_interactively(paths) is None
    assert len(shown) == 1 and _digest(paths.database) == before


def test_without_a_backup_the_dialog_says_so_and_offers_only_quit(qtbot, tmp_path):
    from cmdesk.errors import DatabaseCorruptError
    from ui.app import RecoveryDialog

    error = DatabaseCorruptError("损坏", damaged_copy=tmp_path / "damaged" / "copy.sqlite3")
    dialog = RecoveryDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "没有找到可用的备份" in dialog.message.text() and "总行" in dialog.message.text()
    assert not dialog.restore_button.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted


@pytest.mark.parametrize("lost", ["key-file", "database"])
def test_a_missing_desk_file_is_named_and_the_backup_restores_it(qtbot, tmp_path, monkeypatch,
                                                                 answers, lost):
    from ui.app import open_desk_interactively

    monkeypatch.delenv(encryption.ENV_NO_ENCRYPTION, raising=False)
    paths = DataPaths(tmp_path / "desk")
    desk = open_desk(paths.root, PASSWORD)
    _add_clients(desk.db, "甲公司", "乙公司", "丙公司")
    good = make_backup(desk, "manual")
    desk.close()
    (paths.key_file if lost == "key-file" else paths.database).unlink()
    shown = answers(restore=True)
    # WHEN the desk starts without the file and the manager chooses 从备份恢复
    opened = open_desk_interactively(paths)
    # THEN the dialog named the missing file (nothing was created in its place) …
    assert len(shown) == 1
    text = shown[0].message.text()
    assert "缺少必需的文件" in text
    assert ("密钥文件" if lost == "key-file" else "不见了") in text
    assert shown[0].backup.path == good.path
    # … and the desk opened on the backup, encrypted under the same password
    assert opened is not None and opened.restored.restored_from == good.path
    try:
        assert opened.desk.db.key is not None
        with opened.desk.db.session() as session:
            assert count_clients(session) == 3
    finally:
        opened.desk.close()
