"""The operation layer: work runs off the GUI thread in order, writes commit before the
desk announces them, errors reach one place, superseded queries are dropped, and hidden
views refresh only when shown."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from cmdesk.errors import ValidationError, FieldProblem
from cmdesk.services import clients as client_service
from cmdesk.services.clients import ClientDraft
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow


def _count_clients(session) -> int:
    return client_service.count_clients(session)


def test_a_query_runs_off_the_gui_thread_and_delivers_on_it(qtbot, qdesk, wait_ops):
    threads: list[threading.Thread] = []
    delivered: list[tuple[int, threading.Thread]] = []

    def read(session) -> int:
        threads.append(threading.current_thread())
        return _count_clients(session)

    ops.query(qdesk, read, done=lambda n: delivered.append((n, threading.current_thread())))
    wait_ops()
    assert threads and threads[0] is not threading.main_thread()
    assert delivered == [(0, threading.main_thread())]


def test_a_write_commits_then_announces_what_changed(qtbot, qdesk, wait_ops):
    announced: list[tuple[Changes, int]] = []

    def on_changed(changes: Changes) -> None:
        with qdesk.db.session() as session:  # the write is visible to a fresh session
            announced.append((changes, _count_clients(session)))

    qdesk.changed.connect(on_changed)
    ops.write(qdesk, lambda s: client_service.save_client_file(
        s, ClientDraft(fields={"kind": "company", "name": "厦门海辰贸易有限公司"})),
        Changes.of(Kind.CLIENTS, "x1"))
    wait_ops()
    assert announced == [(Changes(frozenset({"clients"}), frozenset({"x1"})), 1)]


def test_a_failed_write_keeps_nothing_and_goes_to_its_failure_handler(qtbot, qdesk, wait_ops):
    errors: list[BaseException] = []
    announced: list[Changes] = []
    qdesk.changed.connect(announced.append)

    def save_then_fail(session) -> None:
        client_service.save_client_file(session, ClientDraft(fields={"kind": "company", "name": "半途公司"}))
        raise ValidationError([FieldProblem("name", "测试")])

    ops.write(qdesk, save_then_fail, Changes.of(Kind.CLIENTS), failed=errors.append)
    wait_ops()
    assert isinstance(errors[0], ValidationError)
    assert announced == []
    with qdesk.db.session() as session:
        assert _count_clients(session) == 0


def test_an_error_without_a_handler_is_shown_in_words(qtbot, qdesk, wait_ops, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def fail(session):
        raise ValidationError([FieldProblem("name", "客户名称不能为空", label="客户名称")])

    ops.query(qdesk, fail)
    wait_ops()
    assert shown == ["客户名称：客户名称不能为空"]


def test_a_newer_query_with_the_same_key_supersedes_the_older(qtbot, qdesk, wait_ops):
    gate = threading.Event()
    results: list[str] = []
    ops.query(qdesk, lambda s: gate.wait(5) and "first", done=results.append, key="search")
    ops.query(qdesk, lambda s: "second", done=results.append, key="search")
    ops.query(qdesk, lambda s: "third", done=results.append, key="search")
    gate.set()
    wait_ops()
    assert results == ["third"]


def test_a_stuck_database_thread_is_named_in_the_log(qtbot, qdesk, wait_ops, caplog):
    gate = threading.Event()

    def read_the_client_list(session) -> int:
        gate.wait(5)
        return _count_clients(session)

    ops.query(qdesk, read_the_client_list)
    ops.query(qdesk, _count_clients)
    assert [name.rsplit(".", 1)[-1] for name in qdesk.ops.pending()] == [
        "read_the_client_list", "_count_clients"]
    assert not qdesk.ops.wait(50)
    assert "read_the_client_list" in caplog.text and "_count_clients" in caplog.text
    gate.set()
    wait_ops()
    assert qdesk.ops.pending() == []


def test_results_for_a_closed_widget_are_dropped(qtbot, qdesk, wait_ops):
    widget = QWidget()
    results: list[int] = []
    gate = threading.Event()
    ops.query(qdesk, lambda s: gate.wait(5) and 1, done=results.append, parent=widget)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(widget))
    gate.set()
    wait_ops()
    assert results == []


@pytest.mark.parametrize("visible", [True, False])
def test_a_view_refreshes_now_if_visible_else_when_next_shown(qtbot, qdesk, visible):
    view = QWidget()
    qtbot.addWidget(view)
    refreshed: list[int] = []
    RefreshOnShow(view, qdesk, {Kind.DIARY}, lambda: refreshed.append(1))
    view.show()
    assert refreshed == [1]  # the first show reads
    if not visible:
        view.hide()
    qdesk.announce(Changes.of(Kind.CLIENTS))
    assert refreshed == [1]  # not a kind this view shows
    qdesk.announce(Changes.of(Kind.DIARY))
    qdesk.announce(Changes.of(Kind.DIARY))
    assert refreshed == ([1, 1, 1] if visible else [1])
    view.show()
    assert refreshed == ([1, 1, 1] if visible else [1, 1])


def test_a_modal_write_reports_progress_commits_and_announces(qtbot, qdesk):
    announced: list[Changes] = []
    qdesk.changed.connect(announced.append)

    def import_two(session, progress) -> int:
        for number, name in enumerate(("甲公司", "乙公司"), start=1):
            client_service.save_client_file(session, ClientDraft(fields={"kind": "company", "name": name}))
            progress(number, 2)
        return 2

    assert ops.run_modal(qdesk, None, "导入", "正在导入…", import_two, Changes.of(Kind.CLIENTS)) == 2
    assert announced == [Changes.of(Kind.CLIENTS)]
    with qdesk.db.session() as session:
        assert _count_clients(session) == 2


def test_a_modal_job_that_fails_raises_on_the_gui_thread_and_keeps_nothing(qtbot, qdesk):
    def half(session, progress):
        client_service.save_client_file(session, ClientDraft(fields={"kind": "company", "name": "甲公司"}))
        raise ValidationError([FieldProblem("name", "第二行有误")])

    with pytest.raises(ValidationError):
        ops.run_modal(qdesk, None, "导入", "正在导入…", half, Changes.of(Kind.CLIENTS))
    with qdesk.db.session() as session:
        assert _count_clients(session) == 0


def test_an_operation_that_returns_a_database_row_fails(qtbot, qdesk, wait_ops, make_client):
    client_id = make_client("厦门海辰贸易有限公司")
    errors: list[BaseException] = []
    ops.query(qdesk, lambda s: [client_service.get_client(s, client_id)], failed=errors.append)
    wait_ops()
    assert isinstance(errors[0], TypeError)
