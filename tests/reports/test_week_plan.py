"""The supervisor's weekly plan: the PDF read back with pypdf, the workbook read back with
openpyxl (types, formats, frozen header, title row), LibreOffice when installed, and
`cmdesk report week` / `cmdesk plans show` as a manager runs them."""
from __future__ import annotations

import io
import os
import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cmdesk.reports import week_plan, week_plan_xlsx
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary, plans
from cmdesk.services.catalogue import list_products

ROOT = Path(__file__).resolve().parents[2]
ACTOR = "测试经理"
MOBILE = "13812345678"
PLAN_WEEK, PREVIOUS_WEEK = "2026-W48", "2026-W47"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def planned(db):
    """Last week: one item done by a visit, one dropped, one unplanned call; this week two
    items, one with a product and a phone number in its expected outcome."""
    with db.transaction(ACTOR) as session:
        ids = [clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心"}))
            for name in ("厦门鹭易科技有限公司", "福州恒达贸易有限公司", "泉州瑞祥物流有限公司")]
        product = list_products(session)[0]
        plans.save_item(session, PREVIOUS_WEEK, {"client_id": ids[0], "purpose": "maintain",
                                                 "planned_date": "2026-11-17"})
        plans.save_item(session, PREVIOUS_WEEK, {"client_id": ids[1], "purpose": "marketing",
                                                 "status": "dropped", "reason": "客户出差"})
        for client_id, kind in ((ids[0], "visit"), (ids[2], "call")):
            diary.save_entry(session, diary.EntryDraft(fields={
                "entry_date": "2026-11-18", "kind": kind, "client_id": client_id,
                "content": "了解资金需求"}))
        plans.save_item(session, PLAN_WEEK, {
            "client_id": ids[1], "purpose": "marketing", "planned_date": "2026-11-24",
            "products": [product.id], "priority": "high",
            "expected_outcome": f"签约代发工资，联系电话 {MOBILE}"})
        plans.save_item(session, PLAN_WEEK, {"title": "部门周例会", "purpose": "internal"})
        plans.save_week_notes(session, PLAN_WEEK, "授信续作与代发工资")
    return {"clients": ids, "product": product.name}


def test_pdf_holds_the_plan_and_last_weeks_results_masked(db, planned):
    with db.session() as session:
        data = week_plan.render_week_plan(session, PLAN_WEEK, generated_at=datetime(2026, 11, 20, 17))
    reader = PdfReader(io.BytesIO(data))
    text = _compact("".join(page.extract_text() for page in reader.pages))
    for expected in ("周工作计划", "2026年第48周（11月23日—11月29日）", "测试经理", "测试支行",
                     "一、本周重点", "授信续作与代发工资", "二、计划事项", "福州恒达贸易有限公司",
                     "11-24周二", "营销", planned["product"], "部门周例会",
                     "三、上周计划执行情况", "2026年第47周", "已完成", "11-18已记日志", "已取消",
                     "客户出差", "计划2项：已完成1项", "完成率100%", "四、上周计划外联系",
                     "泉州瑞祥物流有限公司", "第1页共", "个人信息已隐去"):
        assert _compact(expected) in text, expected
    assert MOBILE not in text and "138****5678" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4


def test_pdf_of_an_empty_week_says_so(db):
    with db.session() as session:
        data = week_plan.render_week_plan(session, "2030-W10")
    text = _compact("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "本周没有计划事项" in text and "计划0项" in text


def test_workbook_reads_back_with_types_formats_and_frozen_header(db, planned, tmp_path):
    path = week_plan_xlsx.write_week_workbook(db, PLAN_WEEK, tmp_path / "周计划.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["本周计划", "上周执行情况"]
    plan = book["本周计划"]
    title = plan["A1"].value
    assert "测试经理" in title and "2026年第48周" in title
    assert [c.value for c in plan[2]] == list(week_plan_xlsx.PLAN_HEADERS)
    assert plan.freeze_panes == "A3"
    first = [c for c in plan[3]]
    assert first[0].value == 1 and first[0].number_format == "0"
    assert isinstance(first[1].value, datetime) and first[1].value.date() == date(2026, 11, 24)
    assert first[1].number_format == "yyyy-mm-dd"
    assert first[2].value == "周二" and first[3].value == "福州恒达贸易有限公司"
    assert first[5].value == planned["product"] and first[7].value == "高"
    assert MOBILE not in first[6].value and "138****5678" in first[6].value
    assert plan["D4"].value == "部门周例会" and plan["B4"].value is None
    assert plan.column_dimensions["D"].width >= 20  # the client's name fits
    assert plan.column_dimensions["A"].width < plan.column_dimensions["D"].width

    results = book["上周执行情况"]
    assert results.freeze_panes == "A3" and "2026年第47周" in results["A1"].value
    rows = {row[3].value: row for row in results.iter_rows(min_row=3, max_row=4)}
    done = rows["厦门鹭易科技有限公司"]
    assert done[5].value == "已完成" and done[6].value.date() == date(2026, 11, 18)
    assert rows["福州恒达贸易有限公司"][7].value == "客户出差"
    summary = {row[0].value: row[1] for row in results.iter_rows(min_row=5) if row[0].value}
    assert summary["计划事项"].value == 2 and isinstance(summary["计划事项"].value, int)
    assert summary["完成率"].value == 1 and summary["完成率"].number_format == "0%"
    assert summary["计划外联系"].value == 1
    unplanned = [row for row in results.iter_rows(min_row=5)
                 if row[2].value == "泉州瑞祥物流有限公司"]
    assert len(unplanned) == 1 and isinstance(unplanned[0][0].value, datetime)


def test_workbook_converts_with_libreoffice(db, planned, tmp_path):
    """The supervisor opens the workbook in LibreOffice (./dev test installs it)."""
    path = week_plan_xlsx.write_week_workbook(db, PLAN_WEEK, tmp_path / "week.xlsx")
    # CSV filter options: comma, double quote, UTF-8 (76), from the first line
    subprocess.run(["libreoffice", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path),
                    str(path)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(tmp_path)})
    csv_text = (tmp_path / "week.csv").read_text(encoding="utf-8", errors="replace")
    assert "福州恒达贸易有限公司" in csv_text and "2026-11-24" in csv_text


def test_workbook_prints_on_a4_landscape_with_the_header_on_every_page(db, planned, tmp_path):
    """LibreOffice prints the workbook as the supervisor would: A4 landscape, every column on
    the page, the header row and the title on every page, page numbers at the bottom."""
    with db.transaction(ACTOR) as session:
        for n in range(60):
            plans.save_item(session, PLAN_WEEK, {"title": f"电话回访第{n + 1}户", "purpose": "maintain"})
    path = week_plan_xlsx.write_week_workbook(db, PLAN_WEEK, tmp_path / "week.xlsx")
    sheet = load_workbook(path)["本周计划"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$2:$2"
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(path)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(tmp_path)})
    pages = PdfReader(tmp_path / "week.pdf").pages
    plan_pages = [page for page in pages if "周工作计划" in _compact(page.extract_text())]
    assert len(plan_pages) >= 2, "60 items take more than one page"
    for number, page in enumerate(plan_pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595), "A4 landscape in points"
        text = _compact(page.extract_text())
        assert "客户/事项" in text and "备注" in text, f"page {number}: header row with every column"
        assert "2026年第48周" in text, f"page {number}: the title in the page header"
        assert f"第{number}页" in text


def _cmdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_command_line_writes_pdf_and_xlsx_and_shows_json(desk, planned, tmp_path):
    data_dir = desk.paths.root
    desk.close()
    for name in ("week.pdf", "week.xlsx"):
        done = _cmdesk(data_dir, "report", "week", "--week", "2026-w48", "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert "2026年第48周" in done.stdout and (tmp_path / name).stat().st_size > 1000
    assert PdfReader(tmp_path / "week.pdf").pages
    refused = _cmdesk(data_dir, "report", "week", "-o", str(tmp_path / "week.doc"))
    assert refused.returncode == 1 and ".pdf 或 .xlsx" in refused.stderr
    shown = _cmdesk(data_dir, "plans", "show", "--week", PREVIOUS_WEEK, "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["week"] == PREVIOUS_WEEK and data["counts"]["done"] == 1
    assert [u["client_name"] for u in data["unplanned"]] == ["泉州瑞祥物流有限公司"]
    text = _cmdesk(data_dir, "plans", "show", "--week", "2026-W01")
    assert text.returncode == 0 and "元旦" in text.stdout and "调休上班" in text.stdout
