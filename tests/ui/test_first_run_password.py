"""Start-up and the password: a new desk sets one first (with the warning that a lost
password cannot be recovered), an encrypted desk asks it before the database opens and
says when it is wrong, an earlier unencrypted desk is offered conversion (backed up
first), and smoke runs never wait on a dialog."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from cmdesk.models import Client
from cmdesk.paths import DataPaths
from cmdesk.services.clients import count_clients
from cmdesk.storage import encryption
from cmdesk.storage.backup import list_backups_in
from cmdesk.storage.desk import open_desk

PASSWORD = "鹭岛-correct-horse"


@pytest.fixture
def encryption_by_default(monkeypatch):
    """As on a manager's laptop: no CMDESK_NO_ENCRYPTION, no CMDESK_PASSWORD."""
    monkeypatch.delenv(encryption.ENV_NO_ENCRYPTION, raising=False)
    monkeypatch.delenv(encryption.ENV_PASSWORD, raising=False)


def _answer(monkeypatch, dialog_class, answers: list, seen: list) -> None:
    """Make `dialog_class.exec` type the next answer (None: press 退出); `seen` gets each
    dialog as it was shown."""

    def fake_exec(dialog) -> int:
        seen.append(dialog)
        answer = answers.pop(0)
        if answer is None:
            dialog.reject()
        else:
            dialog.password.setText(answer)
            if hasattr(dialog, "repeat"):
                dialog.repeat.setText(answer)
            dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)


def test_new_password_dialog_warns_and_checks_the_password(qtbot):
    from ui.first_run import NewPasswordDialog

    dialog = NewPasswordDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert "不可找回" in dialog.warning.text() and "总行" in dialog.warning.text()
    assert dialog.warning.isVisible()
    dialog.password.setText("abcdefgh")
    dialog.repeat.setText("abcdefgX")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "两次输入的密码不一致"
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "至少" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.value() == PASSWORD


def test_first_run_sets_a_password_and_the_database_is_encrypted(qtbot, tmp_path,
                                                                 encryption_by_default, monkeypatch):
    from ui.app import open_desk_interactively
    from ui.first_run import NewPasswordDialog

    paths = DataPaths(tmp_path / "new-desk")
    seen: list = []
    _answer(monkeypatch, NewPasswordDialog, [PASSWORD], seen)
    opened = open_desk_interactively(paths)
    try:
        assert opened is not None and opened.desk.db.key is not None
        assert len(seen) == 1 and not seen[0].converting
    finally:
        opened.desk.close()
    assert paths.key_file.is_file() and not encryption.is_plaintext(paths.database)


def test_wrong_password_is_said_and_asked_again(qtbot, tmp_path, encryption_by_default,
                                                monkeypatch):
    from ui.app import open_desk_interactively
    from ui.lock import PasswordDialog

    paths = DataPaths(tmp_path / "desk")
    open_desk(paths.root, PASSWORD).close()
    seen: list = []
    _answer(monkeypatch, PasswordDialog, ["not-the-password", PASSWORD], seen)
    opened = open_desk_interactively(paths)
    assert opened is not None
    opened.desk.close()
    assert len(seen) == 2
    assert seen[0].error.isHidden()
    assert "密码不对" in seen[1].error.text() and not seen[1].error.isHidden()


def test_quitting_at_the_password_leaves_the_desk_closed(qtbot, tmp_path, encryption_by_default,
                                                         monkeypatch):
    from ui.app import open_desk_interactively
    from ui.lock import PasswordDialog

    paths = DataPaths(tmp_path / "desk")
    open_desk(paths.root, PASSWORD).close()
    _answer(monkeypatch, PasswordDialog, [None], [])
    assert open_desk_interactively(paths) is None


def test_an_unencrypted_desk_is_offered_conversion_with_a_backup_first(
        qtbot, tmp_path, encryption_by_default, monkeypatch):
    from ui.app import open_desk_interactively
    from ui.first_run import NewPasswordDialog

    paths = DataPaths(tmp_path / "old-desk")
    plain = open_desk(paths.root, no_encryption=True)
    with plain.db.transaction("测试") as session:
        session.add_all(Client(kind="company", name=name) for name in ("甲公司", "乙公司"))
    plain.close()
    seen: list = []
    _answer(monkeypatch, NewPasswordDialog, [PASSWORD], seen)
    opened = open_desk_interactively(paths)
    assert opened is not None
    try:
        assert seen[0].converting and "加密前会先备份" in seen[0].findChildren(
            type(seen[0].warning))[0].text()
        with opened.desk.db.session() as session:
            assert count_clients(session) == 2
    finally:
        opened.desk.close()
    assert not encryption.is_plaintext(paths.database)
    reasons = [info.reason for info in list_backups_in(paths.backups)]
    assert "before-encrypt" in reasons
    assert all(info.encrypted for info in list_backups_in(paths.backups))


def test_smoke_never_waits_on_a_password_dialog(qtbot, tmp_path, encryption_by_default,
                                                monkeypatch, capsys):
    from ui.app import open_desk_interactively
    from ui.lock import PasswordDialog

    paths = DataPaths(tmp_path / "desk")
    open_desk(paths.root, PASSWORD).close()

    def no_dialog(_dialog) -> int:
        raise AssertionError("smoke mode showed a dialog")

    monkeypatch.setattr(PasswordDialog, "exec", no_dialog)
    assert open_desk_interactively(paths, smoke=True) is None
    assert "错误" in capsys.readouterr().err
    monkeypatch.setenv(encryption.ENV_PASSWORD, PASSWORD)
    opened = open_desk_interactively(paths, smoke=True)
    assert opened is not None
    opened.desk.close()


def test_the_start_derives_the_key_off_the_gui_thread_once_asking_again_when_wrong(
        qtbot, tmp_path, encryption_by_default, monkeypatch):
    import threading

    from PySide6.QtWidgets import QMainWindow

    from ui.app import look_first
    from ui.lock import PasswordDialog

    paths = DataPaths(tmp_path / "desk")
    open_desk(paths.root, PASSWORD).close()
    window = QMainWindow()
    qtbot.addWidget(window)
    seen: list = []
    _answer(monkeypatch, PasswordDialog, ["not-the-password", PASSWORD], seen)
    derived_on: list = []
    real_stretch = encryption.stretch
    monkeypatch.setattr(encryption, "stretch", lambda params, password: derived_on.append(
        threading.current_thread() is threading.main_thread()) or real_stretch(params, password))
    # WHEN the start looks first: no password at hand, then a wrong one, then the right one
    look, password, remember = look_first(paths, window, smoke=False, no_encryption=None)
    # THEN each typed password was derived once, never on the GUI thread, and the look opens
    assert len(seen) == 2 and "密码不对" in seen[1].error.text()
    assert derived_on == [False, False]
    assert password == PASSWORD and not remember and look.key is not None
    opened = open_desk(paths.root, password, quick_check=False, first=look)
    opened.close()
    assert derived_on == [False, False]  # the full open used the look's key
