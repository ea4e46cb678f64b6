"""No spreadsheet the desk or head office writes runs a formula or breaks on a control
character: the week plan workbook, head office's team workbook, the catalogue sheet (which
also reads back as it was) and the client import template."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cmdesk.domain.cell_text import from_cell, to_cell
from cmdesk.hq.report import ManagerWeek, PlanLine, team_workbook
from cmdesk.models import Client, PlanItem, Product, WeekPlan
from cmdesk.reports.week_plan_xlsx import render_week_workbook
from cmdesk.services.catalogue import check_products, read_catalogue_file, write_catalogue_xlsx
from cmdesk.services.client_import import write_template

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1",
           "坏\x01\x1b字符", "=1\x00+1"]


def _assert_inert(data: bytes) -> list[str]:
    """Every cell of every sheet is a value, never a formula; returns the text cells."""
    book = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    texts.append(cell.value)
    return texts


@pytest.mark.parametrize("text", HOSTILE)
def test_to_cell_escapes_formulas_and_from_cell_reads_them_back(text):
    written = to_cell(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not any(ch in written for ch in "\x00\x01\x1b")
    cleaned = text.replace("\x00", "").replace("\x01", "").replace("\x1b", "")
    assert from_cell(written) == cleaned


def test_week_plan_workbook_is_inert(db):
    with db.transaction("测试经理") as session:
        client = Client(kind="company", name="=客户名称()")
        session.add(client)
        plan = WeekPlan(week="2026-W48", notes="-本周重点\x07")
        session.add(plan)
        session.flush()
        for order, text in enumerate(HOSTILE):
            session.add(PlanItem(plan_id=plan.id, title=text, purpose="maintain",
                                 planned_date=date(2026, 11, 24), sort_order=order,
                                 expected_outcome=text,
                                 client_id=client.id if order == 0 else None))
    with db.session() as session:
        texts = _assert_inert(render_week_workbook(session, "2026-W48"))
    assert "'=客户名称()" in texts and "'+1+2" in texts and "坏字符" in texts


def test_team_workbook_is_inert():
    managers = [ManagerWeek("W001", '=cmd|"/c calc"!A1', visits=2)]
    lines = [PlanLine(manager="@王芳", planned_date=date(2026, 11, 24), client=text, title=text,
                      purpose="维护", priority="高", status="计划中", expected_outcome=text,
                      reason=text) for text in HOSTILE]
    texts = _assert_inert(team_workbook(managers, lines, "2026-W48"))
    assert "'@王芳" in texts and '\'=cmd|"/c calc"!A1' in texts


def test_catalogue_sheet_is_inert_and_reads_back_as_it_was(db, tmp_path):
    with db.transaction() as session:
        product = session.scalars(select(Product)).first()
        product.name = "=产品名称"
        product.description = "-下跌风险\x0b说明"
    with db.session() as session:
        data = write_catalogue_xlsx(list(session.scalars(select(Product))))
    _assert_inert(data)
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(data)
    rows = {row["code"]: row for row in check_products(read_catalogue_file(path))}
    assert rows[product.code]["name"] == "=产品名称"
    assert rows[product.code]["description"] == "-下跌风险说明"


def test_client_import_template_is_inert(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert _assert_inert(path.read_bytes())
