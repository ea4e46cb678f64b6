"""Visit-report PDFs in the desk: the preview dialog loads a generated report (masked,
or unmasked on request), saves and prints it; the month pack builds off the GUI thread
and its 取消 stops the build without leaving a file."""
from __future__ import annotations

import os
import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from cmdesk.services.diary import EntryDraft, save_entry
from tests.ui.conftest import PROFILE
from ui.reports import pack as pack_module
from ui.reports.pack import MonthPackDialog, last_month
from ui.reports.preview import visit_report_preview

START, END = last_month(date.today())


@pytest.fixture
def visits(ui_db, make_client) -> list[str]:
    """GIVEN three visits last month with full visit reports."""
    client = make_client("厦门海辰贸易有限公司", tier="核心")
    ids = []
    with ui_db.transaction(PROFILE.name) as session:
        for day in range(3):
            ids.append(save_entry(session, EntryDraft(
                fields={"entry_date": (START + timedelta(days=day)).isoformat(), "kind": "visit",
                        "client_id": client, "content": f"第 {day + 1} 次走访"},
                visit_report={"place": "客户办公室", "purpose": "了解结算需求",
                              "discussion": "讨论代发工资和现金管理。" * 20})))
    return ids


def tmp_files(qdesk) -> list:
    folder = qdesk.paths.root / "tmp"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_preview_loads_the_visit_report_then_saves_prints_and_cleans_up(qtbot, qdesk, visits, tmp_path):
    leftover = qdesk.paths.root / "tmp" / "visit-crashed.pdf"  # from a desk that did not close cleanly
    leftover.parent.mkdir()
    leftover.write_bytes(b"%PDF")
    os.utime(leftover, (0, 0))
    dialog = visit_report_preview(None, qdesk, visits[0])
    assert dialog is not None and not leftover.exists()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() >= 1
    assert dialog.masked_path.parent == qdesk.paths.root / "tmp"
    assert dialog.pages_label.text() == f"共 {dialog.document.pageCount()} 页"
    assert dialog.suggested_name == f"访客报告_厦门海辰贸易有限公司_{START.isoformat()}.pdf"
    # 另存为 copies the shown PDF
    saved = tmp_path / "out" / "report.pdf"
    saved.parent.mkdir()
    assert dialog.save_to(saved)
    assert saved.read_bytes() == dialog.masked_path.read_bytes()
    # printing renders every page onto the printer (here a PDF printer)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_to(printer)
    assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_size > 10_000
    # closing removes the generated file
    dialog.reject()
    assert tmp_files(qdesk) == []


def test_unmasked_printing_renders_again_and_is_explicit(qtbot, qdesk, visits):
    dialog = visit_report_preview(None, qdesk, visits[0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.unmasked_check.isVisible() and not dialog.unmasked_check.isChecked()
    dialog.unmasked_check.setChecked(True)
    assert dialog.unmasked_path is not None and dialog.current_path == dialog.unmasked_path
    assert dialog.document.status() == QPdfDocument.Status.Ready
    dialog.unmasked_check.setChecked(False)
    assert dialog.current_path == dialog.masked_path
    dialog.reject()
    assert tmp_files(qdesk) == []


def test_month_pack_builds_in_the_background_and_previews(qtbot, qdesk, visits):
    dialog = MonthPackDialog(qdesk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.period() == (START, END)
    with qtbot.waitSignal(dialog.build_finished, timeout=30_000) as finished:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    preview = dialog.preview
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() >= 4  # cover and contents, then a page per report
    assert "3 份" in preview.windowTitle()
    preview.reject()
    assert tmp_files(qdesk) == []


def test_an_empty_range_says_so(qtbot, qdesk, visits):
    dialog = MonthPackDialog(qdesk, today=START - timedelta(days=40))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.build_finished, timeout=30_000) as finished:
        dialog.build()
    assert finished.args == [False]
    assert "没有走访记录" in dialog.message.text()
    assert tmp_files(qdesk) == []


def test_cancel_stops_the_month_pack_and_leaves_no_file(qtbot, qdesk, visits, monkeypatch):
    # the real pack writer, held after its first report until the test has pressed 取消
    real_write = pack_module.write_visit_pack_in
    first_report, go_on = threading.Event(), threading.Event()

    def held_write(session, start, end, path, *, progress=None, cancelled=None):
        def held_progress(done, total):
            progress(done, total)
            first_report.set()
            go_on.wait(10)

        return real_write(session, start, end, path, progress=held_progress, cancelled=cancelled)

    monkeypatch.setattr(pack_module, "write_visit_pack_in", held_write)
    dialog = MonthPackDialog(qdesk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.build()
    qtbot.waitUntil(first_report.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1)
    assert dialog.progress.isVisible() and dialog.progress.labelText().startswith("正在生成")
    # WHEN the manager presses 取消 on the progress dialog
    cancel = [b for b in dialog.progress.findChildren(type(dialog.build_button)) if b.text() == "取消"]
    assert len(cancel) == 1
    with qtbot.waitSignal(dialog.build_finished, timeout=30_000) as finished:
        qtbot.mouseClick(cancel[0], Qt.MouseButton.LeftButton)
        go_on.set()
    # THEN the build stops, says so, and no PDF is left anywhere in the data folder
    assert finished.args == [False]
    assert dialog.message.text() == "已取消，没有生成文件。"
    assert not dialog.is_building and dialog.preview is None
    assert list(qdesk.paths.root.rglob("*.pdf")) == [] and tmp_files(qdesk) == []
