"""Starting the desk: smoke mode on an empty folder, a database that cannot be opened,
the first-run dialog, demo data in a worker thread, the import dialog."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cmdesk.services.clients import search_clients
from cmdesk.services.settings import get_profile
from tests.ui.waiting import wait_for_ops

ROOT = Path(__file__).resolve().parents[2]


def run_smoke(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(data_dir.parent / "home"))
    code = ("import sys; from ui.app import run_gui; "
            f"sys.exit(run_gui(data_dir={str(data_dir)!r}, smoke=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_smoke_mode_on_an_empty_folder_starts_and_reports_startup_time(tmp_path):
    result = run_smoke(tmp_path / "fresh")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("startup_ms=")]
    assert len(lines) == 1
    assert float(lines[0].split("=", 1)[1]) > 0
    assert (tmp_path / "fresh" / "cmdesk.sqlite3").is_file()
    assert (tmp_path / "fresh" / "ui.ini").is_file()  # UI state stays in the data folder


def test_smoke_on_an_everyday_desk_fills_the_list_before_the_desk_has_opened(tmp_path):
    # GIVEN a desk that was opened before, with a client
    from cmdesk.services.clients import ClientDraft, save_client_file
    from cmdesk.storage.desk import open_desk

    opened = open_desk(tmp_path / "desk")
    with opened.db.transaction() as session:
        save_client_file(session, ClientDraft(fields={"kind": "company", "name": "甲公司"}))
    opened.close()
    # WHEN it starts
    result = run_smoke(tmp_path / "desk")
    # THEN the list is filled (from the first look) before the database layer has opened it
    assert result.returncode == 0, result.stderr
    names = [line.split("=", 1)[0] for line in result.stdout.splitlines() if "=" in line]
    assert names.index("list_ready_ms") < names.index("desk_ready_ms") < names.index("startup_ms")


def test_smoke_mode_with_a_broken_database_says_why_and_exits_2(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "cmdesk.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_smoke(folder)
    assert result.returncode == 2
    assert "错误" in result.stderr and "startup_ms" not in result.stdout


def test_first_run_dialog_checks_the_profile_at_the_fields(qtbot, ui_paths):
    from cmdesk.storage.desk import open_desk
    from ui.desk import Desk
    from ui.first_run import FirstRunDialog

    opened = open_desk(ui_paths.root)
    try:
        desk = Desk(opened.db, ui_paths)
        dialog = FirstRunDialog(desk)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.form.editors["name"].input.setText("王芳")
        dialog.accept()
        wait_for_ops(qtbot, desk)
        assert dialog.isVisible() and dialog.form.editors["employee_id"].error() == "必须填写"
        dialog.form.editors["employee_id"].input.setText("E2048")
        dialog.demo_choice.setChecked(True)
        dialog.accept()
        wait_for_ops(qtbot, desk)  # saved, then the desk's copy read again
        assert dialog.result() == FirstRunDialog.DialogCode.Accepted
        assert dialog.wants_demo()
        assert desk.profile.name == "王芳"
        with opened.db.session() as session:
            assert get_profile(session).employee_id == "E2048"
    finally:
        opened.close()


def test_demo_data_is_generated_in_a_worker_thread(qtbot, qdesk, ui_db, monkeypatch):
    import ui.first_run
    from ui.app import load_demo

    monkeypatch.setattr(ui.first_run, "DEMO_CLIENTS", 6)
    assert load_demo(qdesk)
    with ui_db.session() as session:
        assert search_clients(session).total == 6


def test_worker_errors_come_back_to_the_caller(qtbot):
    from ui.worker import run_with_progress

    def fail(progress):
        progress(1, 2)
        raise ValueError("坏了")

    with pytest.raises(ValueError, match="坏了"):
        run_with_progress(None, "测试", "正在测试…", fail)
    assert run_with_progress(None, "测试", "正在测试…", lambda progress: 42) == 42


def test_import_dialog_checks_first_then_imports(qtbot, qdesk, ui_db, tmp_path):
    from ui.clients.import_dialog import ImportDialog

    sheet = tmp_path / "clients.csv"
    sheet.write_text("客户名称,客户类型,统一社会信用代码,联系人,联系电话\n"
                     "厦门海辰贸易有限公司,公司,91350100M000100Y43,林海辰,13906001234\n"
                     "坏代码公司,公司,91350100M000100Y44,,\n"
                     "陈晓梅,个人,,,\n", encoding="utf-8")
    dialog = ImportDialog(qdesk)
    qtbot.addWidget(dialog)
    dialog.show()
    announced = []
    qdesk.changed.connect(announced.append)
    # GIVEN a file with two good rows and one bad: the dry run reports and writes nothing
    dialog.check_file(sheet)
    assert dialog.summary.text().startswith("可导入 2 个，拒绝 1 行")
    assert dialog.report.rowCount() == 1
    assert dialog.report.item(0, 0).text() == "3"
    assert dialog.report.item(0, 1).text() == "统一社会信用代码"
    assert "校验位" in dialog.report.item(0, 2).text()
    with ui_db.session() as session:
        assert search_clients(session).total == 0
    assert announced == []
    # WHEN the manager imports THEN the good rows are in the book, and the views are told
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(qdesk.status_message):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported_count == 2 and not dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("已导入 2 个")
    assert [changes.kinds for changes in announced] == [frozenset({"clients"})]
    with ui_db.session() as session:
        names = sorted(row.name for row in search_clients(session).rows)
    assert names == sorted(["厦门海辰贸易有限公司", "陈晓梅"])


def test_import_dialog_explains_an_unreadable_file(qtbot, qdesk, tmp_path):
    from ui.clients.import_dialog import ImportDialog

    sheet = tmp_path / "wrong.csv"
    sheet.write_text("姓名,电话\n张三,1\n", encoding="utf-8")
    dialog = ImportDialog(qdesk)
    qtbot.addWidget(dialog)
    dialog.check_file(sheet)
    assert dialog.summary.text().startswith("无法读取文件")
    assert not dialog.import_button.isEnabled()


def test_template_is_saved_where_the_manager_chooses(qtbot, qdesk, tmp_path, monkeypatch):
    import ui.widgets.sheet_import_dialog
    from ui.clients.import_dialog import ImportDialog

    target = tmp_path / "模板"
    monkeypatch.setattr(ui.widgets.sheet_import_dialog, "save_file", lambda *a, **k: target)
    dialog = ImportDialog(qdesk)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "模板.xlsx").is_file()
    assert "模板已保存" in dialog.summary.text()


def test_unhandled_errors_are_logged_and_shown(qtbot, monkeypatch, caplog):
    from PySide6.QtWidgets import QMessageBox

    import ui.app

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    ui.app.install_excepthook()
    try:
        raise RuntimeError("数据库忙")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1
    assert "数据库忙" in shown[0][0] and "RuntimeError" in shown[0][1]
    assert any("unhandled error" in record.message for record in caplog.records)
