"""Importing a diary kept in Excel: good rows in, bad rows reported by row and column."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cmdesk.models import DiaryEntry, FileHistory
from cmdesk.services import diary
from cmdesk.services.client_import import RowRejection
from cmdesk.services.clients import ClientDraft, save_client_file
from cmdesk.services.diary_import import HEADERS, import_diary

HEADER = list(HEADERS)


@pytest.fixture
def client_id(db):
    with db.transaction("测试经理") as session:
        return save_client_file(session, ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}, {"name": "赵六", "position": "出纳"}]))


def write_xlsx(path: Path, header: list, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, header: list, rows: list[list], encoding: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run_import(db, path: Path, dry_run: bool = False):
    with db.transaction("测试经理") as session:
        return import_diary(session, path, dry_run=dry_run)


def entry_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(DiaryEntry))


def test_good_rows_with_excel_dates_times_and_contacts(db, client_id, tmp_path):
    # GIVEN a sheet with columns in another order, an extra column, Excel date/time cells
    header = ["内容", "备注", "日期", "时间", "类型", "客户名称", "联系人", "结果", "下一步"]
    rows = [
        ["讨论代发工资", "忽略", datetime(2026, 11, 20), time(9, 30), "走访", "厦门鹭易科技有限公司",
         "王五、孙七", "客户同意", "下周送方案"],
        ["部门例会", "", date(2026, 11, 19), None, "内部事务", "", "", "", ""],
        ["电话回访", "", 46345.6875, None, "电话", "厦门鹭易科技有限公司", "赵六,王五", "", ""],
        ["贷后检查", "", "2026年11月3日", 0.375, "贷后检查", "厦门鹭易科技有限公司", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "diary.xlsx", header, rows)
    # WHEN it is imported
    report = run_import(db, path)
    # THEN every row is an entry, saved through the diary service
    assert (report.imported, report.total_rows, report.rejected) == (4, 4, [])
    with db.session() as session:
        views = [diary.get_entry(session, entry_id) for entry_id in report.entry_ids]
        history = session.scalar(select(func.count()).select_from(FileHistory).where(
            FileHistory.entity == "diary_entries", FileHistory.action == "create"))
    visit, meeting, call, check = views
    assert (visit.entry.entry_date, visit.entry.start_time, visit.entry.kind) == (
        date(2026, 11, 20), time(9, 30), "visit")
    assert (visit.entry.outcome, visit.entry.next_step, visit.client_name) == (
        "客户同意", "下周送方案", "厦门鹭易科技有限公司")
    assert [(p["name"], p["position"], p["id"] is not None) for p in visit.contacts_met] == [
        ("王五", "财务总监", True), ("孙七", "", False)]
    assert (meeting.entry.kind, meeting.entry.client_id, meeting.entry.start_time) == (
        "internal", None, None)
    assert (call.entry.entry_date, call.entry.start_time) == (date(2026, 11, 19), time(16, 30))
    assert [p["name"] for p in call.contacts_met] == ["赵六", "王五"]
    assert (check.entry.entry_date, check.entry.start_time, check.entry.kind) == (
        date(2026, 11, 3), time(9, 0), "post_loan")
    assert history == 4


def test_bad_rows_are_reported_by_row_and_column_and_the_rest_imported(db, client_id, tmp_path):
    rows = [
        ["2026-11-20", "09:00", "走访", "不存在的公司", "", "拜访", "", ""],
        ["2026-02-30", "", "电话", "厦门鹭易科技有限公司", "", "回访", "", ""],
        ["2026-11-20", "", "出差", "厦门鹭易科技有限公司", "", "出差", "", ""],
        ["2026-11-20", "25:00", "电话", "厦门鹭易科技有限公司", "", "回访", "", ""],
        ["2026-11-20", "", "走访", "", "", "没写客户", "", ""],
        ["2026-11-20", "10:00", "电话", "厦门鹭易科技有限公司", "", "好的一行", "", ""],
        ["2026-11-20", "10:00", "电话", "厦门鹭易科技有限公司", "", "好的一行", "", ""],
    ]
    path = write_xlsx(tmp_path / "diary.xlsx", HEADER, rows)
    report = run_import(db, path)
    assert report.imported == 1
    by_row = {r.row: r for r in report.rejected}
    assert by_row[2] == RowRejection(2, "客户名称", "找不到客户“不存在的公司”")
    assert by_row[3].column == "日期" and "2026-02-30" in by_row[3].reason
    assert by_row[4].column == "类型" and "出差" in by_row[4].reason
    assert by_row[5].column == "时间"
    assert by_row[6].column == "客户名称" and "走访" in by_row[6].reason
    assert by_row[8] == RowRejection(8, "", "与第 7 行重复")
    assert by_row[2].describe() == "第 2 行「客户名称」：找不到客户“不存在的公司”"
    assert entry_count(db) == 1

    # importing the same file again adds nothing
    again = run_import(db, path)
    assert again.imported == 0
    assert RowRejection(7, "", "日志已存在（同日期、时间、类型、客户和内容）") in again.rejected
    assert entry_count(db) == 1


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_and_utf8(db, client_id, tmp_path, encoding):
    rows = [["2026/11/20", "14:00", "会议", "厦门鹭易科技有限公司", "王五", "季度沟通会", "", ""]]
    path = write_csv(tmp_path / "diary.csv", HEADER, rows, encoding)
    report = run_import(db, path)
    assert (report.imported, report.rejected) == (1, [])
    with db.session() as session:
        entry = diary.get_entry(session, report.entry_ids[0])
    assert (entry.entry.kind, entry.entry.content, entry.contacts_met[0]["name"]) == (
        "meeting", "季度沟通会", "王五")


def test_dry_run_reports_but_writes_nothing(db, client_id, tmp_path):
    rows = [["2026-11-20", "", "电话", "厦门鹭易科技有限公司", "", "回访", "", ""],
            ["2026-11-20", "", "电话", "无名公司", "", "回访", "", ""]]
    path = write_xlsx(tmp_path / "diary.xlsx", HEADER, rows)
    report = run_import(db, path, dry_run=True)
    assert (report.imported, report.rejected_rows, report.entry_ids) == (1, 1, [])
    assert entry_count(db) == 0
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(FileHistory).where(
            FileHistory.entity == "diary_entries")) == 0


def test_cli_import_reports_rejections_and_exit_status(db, client_id, data_dir, tmp_path, capsys):
    from cmdesk import cli

    rows = [["2026-11-20", "", "电话", "厦门鹭易科技有限公司", "", "回访", "", ""],
            ["2026-11-20", "", "电话", "无名公司", "", "回访", "", ""]]
    path = write_csv(tmp_path / "diary.csv", HEADER, rows, "gbk")

    def run(*extra: str) -> int:
        return cli.run(cli.build_parser().parse_args(
            ["--data-dir", str(data_dir), "diary", "import", str(path), *extra]))

    assert run("--dry-run") == 1
    out, err = capsys.readouterr()
    assert "可导入 1 条日志，拒绝 1 行" in out and "第 3 行「客户名称」：找不到客户“无名公司”" in err
    assert entry_count(db) == 0
    assert run() == 1
    assert "已导入 1 条日志" in capsys.readouterr().out
    assert entry_count(db) == 1
