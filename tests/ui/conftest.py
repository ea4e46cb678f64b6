"""Fixtures for the Qt interface tests: a fresh data folder and database per test
(never the real data folder), a profile, the default product catalogue, and the main
window built on them. Qt warnings fail the tests in this folder."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cmdesk.paths import DataPaths
from cmdesk.services import clients as client_service
from cmdesk.services.clients import ClientDraft
from cmdesk.services.settings import Profile, save_profile
from cmdesk.storage.db import Database
from cmdesk.storage.desk import open_desk
from tests.ui.waiting import PATIENT_MS, make_waits_patient, wait_for_ops

UI_TESTS = Path(__file__).resolve().parent
PROFILE = Profile(name="张明", employee_id="E1024", grade="客户经理", branch="思明支行",
                  supervisor="王行长")
VALID_CREDIT_CODE = "91350100M000100Y43"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # limits of the headless "offscreen" platform plugin, not of the desk
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support"))


@pytest.fixture(autouse=True)
def _no_real_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Anything that asks for the default data folder gets a temporary one."""
    monkeypatch.setenv("CMDESK_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # QSettings / file dialogs stay out


@pytest.fixture(autouse=True)
def _patient_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    make_waits_patient(monkeypatch)


@pytest.fixture(scope="session", autouse=True)
def _desk_style(qapp):
    from ui.style import apply_style

    apply_style(qapp)


@pytest.fixture
def ui_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "ui-data")


@pytest.fixture
def ui_db(ui_paths: DataPaths) -> Iterator[Database]:
    """A fresh desk database (default catalogue included) with the manager's profile."""
    opened = open_desk(ui_paths.root)
    with opened.db.transaction() as session:
        save_profile(session, PROFILE)
    yield opened.db
    opened.close()


@pytest.fixture
def qdesk(ui_db: Database, ui_paths: DataPaths):
    """The desk as the widgets see it (ui.desk.Desk)."""
    from ui.desk import Desk

    return Desk(ui_db, ui_paths)


@pytest.fixture
def make_client(ui_db: Database):
    """Create a client file directly through the service: make_client(name, kind, **fields)."""

    def make(name: str, kind: str = "company", **fields) -> str:
        with ui_db.transaction(PROFILE.name) as session:
            return client_service.save_client_file(
                session, ClientDraft(fields={"kind": kind, "name": name, **fields}))

    return make


@pytest.fixture
def some_clients(make_client) -> dict[str, str]:
    """Three clients by name -> id: two companies and one individual."""
    return {
        "厦门海辰贸易有限公司": make_client("厦门海辰贸易有限公司", industry="批发零售", tier="核心",
                                    status="active"),
        "福建鹭岛建材股份有限公司": make_client("福建鹭岛建材股份有限公司", industry="建筑", tier="重点"),
        "陈晓梅": make_client("陈晓梅", kind="individual", tier="一般"),
    }


def close_client_file(main) -> None:
    """Drop unsaved client edits (if the 客户档案 area was opened), so closing asks nothing."""
    clients = main.built_view("clients")
    if clients is not None:
        clients.editor.close_file()


@pytest.fixture
def window(qtbot, qdesk):
    """The main window on the test desk, shown."""
    from ui.main_window import MainWindow

    main = MainWindow(qdesk.paths, qdesk)
    # closing at teardown must not ask about unsaved edits
    qtbot.addWidget(main, before_close_func=close_client_file)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def answer_unsaved(monkeypatch: pytest.MonkeyPatch):
    """Make the unsaved-changes question answer with a given button; records the asks."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def set_answer(button: QMessageBox.StandardButton) -> list[str]:
        def fake_exec(box: QMessageBox) -> int:
            asked.append(box.text())
            return int(button.value)

        monkeypatch.setattr(QMessageBox, "exec", fake_exec)
        return asked

    return set_answer


@pytest.fixture
def type_text():
    """Type any text (Chinese too, which QTest.keyClicks cannot) into a widget as key events."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget, text: str) -> None:
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    return type_into


@pytest.fixture
def wait_ops(qtbot, qdesk):
    """Wait until every operation asked of the desk's database thread has been delivered
    (its done/failed callbacks ran on the GUI thread): wait_ops() after a click."""

    def wait(timeout: int = PATIENT_MS) -> None:
        wait_for_ops(qtbot, qdesk, timeout)

    return wait
