"""One desk per data folder: a second start on the same folder finds the first over a
local socket named after the folder, asks it to bring its window forward and exits
without opening the database; another folder is another desk; a socket left behind by
a desk that crashed does not block the next start."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QDir

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


def test_bring_forward_restores_a_minimised_window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert window.isVisible() and not window.isMinimized()
