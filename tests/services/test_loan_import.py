"""The loan ledger import: clients found by code or exact name, a known contract number
updates its loan, every bad row reported by row and column while the good ones go in,
a dry run writes nothing, and the template reads back as a valid empty sheet."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cmdesk.errors import ImportFileError
from cmdesk.services import clients as clients_svc
from cmdesk.services import loan_import, risk

ACTOR = "测试经理"
CREDIT_CODE = "91350200MA2XN6PX80"


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def clients(db):
    with db.transaction(ACTOR) as session:
        port = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active",
            "credit_code": CREDIT_CODE}))
        air = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门航空有限公司", "tier": "重点", "status": "active"}))
    return port, air


HEADER = ["客户名称", "统一社会信用代码/身份证号", "合同编号", "贷款品种", "合同金额", "贷款余额",
          "起始日", "到期日", "五级分类", "贷后检查频率"]


def test_good_rows_go_in_and_bad_rows_are_named(db, clients, tmp_path):
    port, air = clients
    path = write_xlsx(tmp_path / "loans.xlsx", HEADER, [
        ["", CREDIT_CODE, "XM-001", "流动资金贷款", "500万", "300万", "2026-06-10", "2027-06-10",
         "正常", "每季"],
        ["厦门航空有限公司", "", "XM-002", "固定资产贷款", 8000000, 8000000, "2026-01-05",
         "2029-01-05", "关注", "每月"],
        ["不存在的公司", "", "XM-003", "流动资金贷款", "100万", "100万", "2026-01-01",
         "2027-01-01", "", ""],
        ["厦门航空有限公司", "", "XM-004", "流动资金贷款", "100万", "200万", "2026-01-01",
         "2025-01-01", "很好", ""],
        ["厦门航空有限公司", "", "XM-002", "流动资金贷款", "100万", "100万", "2026-01-01",
         "2027-01-01", "", ""],
    ])
    with db.transaction(ACTOR) as session:
        report = loan_import.import_loans(session, path)
    assert report.imported == 2 and report.total_rows == 5
    described = [r.describe() for r in report.rejected]
    assert "第 4 行「客户名称」：工作台中没有名为“不存在的公司”的客户，请先建立客户档案" in described
    assert {(r.row, r.column) for r in report.rejected if r.row == 5} == {
        (5, "贷款余额"), (5, "到期日"), (5, "五级分类")}
    assert "第 6 行「合同编号」：XM-002 与第 3 行重复" in described
    assert report.client_ids == [port, air]
    with db.session() as session:
        loans = {line.contract_no: line for line in risk.list_loans(session)}
    assert set(loans) == {"XM-001", "XM-002"}
    assert loans["XM-001"].client_id == port and loans["XM-002"].classification == "关注"
    assert loans["XM-002"].check_frequency == "monthly" and loans["XM-001"].currency == "CNY"


def test_a_known_contract_updates_its_balance(db, clients, tmp_path):
    port, _air = clients
    first = write_xlsx(tmp_path / "a.xlsx", HEADER, [
        ["厦门港务集团有限公司", "", "XM-001", "流动资金贷款", "500万", "300万", "2026-06-10",
         "2027-06-10", "", ""]])
    update = write_xlsx(tmp_path / "b.xlsx", ["客户名称", "合同编号", "合同金额", "贷款余额", "到期日",
                                              "五级分类"],
                        [["厦门港务集团有限公司", "XM-001", "500万", "250万", "2027-06-10", "关注"]])
    with db.transaction(ACTOR) as session:
        loan_import.import_loans(session, first)
        report = loan_import.import_loans(session, update)
    assert report.imported == 1 and not report.rejected
    with db.session() as session:
        [loan] = risk.list_loans(session, port)
    assert loan.balance == Decimal("2500000.00") and loan.classification == "关注"
    assert loan.product == "流动资金贷款"


def test_a_dry_run_writes_nothing(db, clients, tmp_path):
    path = write_xlsx(tmp_path / "loans.xlsx", HEADER, [
        ["厦门港务集团有限公司", "", "XM-001", "流动资金贷款", "500万", "300万", "2026-06-10",
         "2027-06-10", "", ""]])
    with db.transaction(ACTOR) as session:
        report = loan_import.import_loans(session, path, dry_run=True)
    assert report.imported == 1 and report.client_ids == []
    with db.session() as session:
        assert risk.list_loans(session) == []


def test_a_sheet_without_the_required_columns_is_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "loans.xlsx", ["客户名称", "金额"], [["某公司", "1"]])
    with db.transaction(ACTOR) as session, pytest.raises(ImportFileError, match="合同编号"):
        loan_import.import_loans(session, path)


def test_the_template_has_every_column_and_reads_as_empty(db, tmp_path):
    path = tmp_path / "贷款台账模板.xlsx"
    loan_import.write_template(path)
    workbook = load_workbook(path)
    assert [c.value for c in workbook["贷款台账"][1]] == list(loan_import.HEADERS)
    assert workbook["说明"]["A2"].value == "客户名称"
    with db.transaction(ACTOR) as session:
        assert loan_import.import_loans(session, path).total_rows == 0
