"""One desk per data folder: the exclusivity is the lock file inside the data folder; a
second start on the same folder finds the first over a local socket named after the
folder, asks it to bring its window forward and exits without opening the database; when
no window answers (a command holds the folder, or the socket is out of reach in another
temporary folder) it is refused in words; another folder is another desk; a socket left
behind by a desk that crashed does not block the next start."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QDir

import pytest

from cmdesk.errors import DeskBusyError
from cmdesk.storage.lock import LOCK_FILE_NAME, DeskLock
from ui.app import SingleInstance, bring_forward, instance_name

ROOT = Path(__file__).resolve().parents[2]


def test_the_second_instance_on_a_folder_asks_the_first_to_come_forward(qtbot, tmp_path):
    first = SingleInstance(tmp_path / "desk")
    second = SingleInstance(tmp_path / "desk")
    other_folder = SingleInstance(tmp_path / "other-desk")
    try:
        assert first.claim()
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            assert not second.claim()
        assert second.server is None  # the second one does not listen
        assert other_folder.claim()  # another folder is another desk
    finally:
        for instance in (first, second, other_folder):
            instance.close()


def test_the_name_depends_on_the_folder_not_on_how_it_is_written(tmp_path):
    (tmp_path / "desk").mkdir()
    assert instance_name(tmp_path / "desk") == instance_name(tmp_path / "desk" / ".." / "desk")
    assert instance_name(tmp_path / "desk") != instance_name(tmp_path / "desk2")


def test_a_socket_left_by_a_crashed_desk_does_not_block_the_start(qtbot, tmp_path):
    name = instance_name(tmp_path / "crashed")
    leftover = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(leftover))
    stale.close()  # no listener any more, the file stays (as after a kill)
    assert leftover.exists()
    instance = SingleInstance(tmp_path / "crashed")
    try:
        assert instance.claim() and instance.server is not None
    finally:
        instance.close()


def test_a_second_gui_start_raises_the_running_window_and_leaves_the_database(qtbot, tmp_path):
    folder = tmp_path / "running"
    folder.mkdir()
    running = SingleInstance(folder)
    assert running.claim()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    code = ("import sys; from ui.app import run_gui; "
            f"sys.exit(run_gui(data_dir={str(folder)!r}, smoke=True))")
    try:
        with qtbot.waitSignal(running.raise_requested, timeout=60000):
            result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=60)
    finally:
        running.close()
    assert result.returncode == 0, result.stderr
    assert "已在运行" in result.stdout and "startup_ms" not in result.stdout
    assert not (folder / "cmdesk.sqlite3").exists()  # the database was not opened twice


def test_a_folder_held_by_a_command_is_refused_in_words(qtbot, tmp_path):
    folder = tmp_path / "desk"
    command = DeskLock(folder).acquire()  # what `cmdesk clients import` holds
    instance = SingleInstance(folder)
    try:
        assert (folder / LOCK_FILE_NAME).is_file()
        with pytest.raises(DeskBusyError, match="正在被另一个程序使用"):
            instance.claim(wait_seconds=0)
        assert instance.server is None
        command.release()
        assert instance.claim(wait_seconds=0)  # free again: this start is the desk
        with pytest.raises(DeskBusyError):
            DeskLock(folder).acquire(wait_seconds=0)  # and now the command would wait
    finally:
        instance.close()
        command.release()


def test_the_lock_is_in_the_data_folder_not_in_the_temporary_folder(qtbot, tmp_path):
    folder = tmp_path / "running"
    running = SingleInstance(folder)
    assert running.claim()
    other_tmp = tmp_path / "other-tmp"
    other_tmp.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"),
               TMPDIR=str(other_tmp))  # the running desk's socket is out of reach
    code = ("import sys; from ui.app import run_gui; "
            f"sys.exit(run_gui(data_dir={str(folder)!r}, smoke=True))")
    try:
        result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        running.close()
    assert result.returncode == 2
    assert "正在被另一个程序使用" in result.stderr and "Traceback" not in result.stderr
    assert not (folder / "cmdesk.sqlite3").exists()


def test_bring_forward_restores_a_minimised_window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert window.isVisible() and not window.isMinimized()
