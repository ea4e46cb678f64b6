"""The risk printouts read back: the 贷后检查报告 PDF (facts, both checkers, findings,
masked phones, an unmasked print in the audit trail), and the month's check list and the
预警客户清单 as PDF (pypdf) and as Excel (openpyxl, typed cells)."""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from cmdesk.models import FileHistory
from cmdesk.reports import loan_check, risk_lists
from cmdesk.services import clients as clients_svc
from cmdesk.services import risk

ACTOR = "测试经理"
TODAY = date(2026, 12, 3)
MOBILE = "13912345678"


def _text(data: bytes) -> tuple[str, int]:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages)), len(pages)


def make_book(db) -> tuple[str, str]:
    with db.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        risk.save_loan(session, {
            "client_id": client_id, "contract_no": "XM2026-0001", "product": "流动资金贷款",
            "amount": "500万", "balance": "300万", "start_date": "2026-06-10",
            "maturity_date": "2027-01-20", "guarantee_kind": "mortgage", "classification": "正常",
            "check_frequency": "quarterly"})
        check_id = risk.save_check(session, {
            "client_id": client_id, "check_date": "2026-12-02", "mode": "on_site",
            "checker": "张明", "second_checker": "李华", "use_of_funds": "用于采购原材料",
            "operations": "订单减少两成", "finances": "应收账款上升",
            "collateral_state": "厂房完好", "court_findings": "新增一起买卖合同纠纷",
            "tax_findings": "纳税正常", "registry_findings": "法人代表变更",
            "conclusion": f"需加强监控，财务总监电话 {MOBILE}", "proposed_class": "关注"})
        risk.save_signal(session, {
            "client_id": client_id, "signal_type": "legal", "found_on": "2026-12-02",
            "source": "court", "cause": "被供应商起诉", "measures": "追加保证人",
            "responsible": "张明", "deadline": "2026-12-31"})
    return client_id, check_id


def test_the_check_report_reads_back_masked(db):
    _client_id, check_id = make_book(db)
    text, pages = _text(loan_check.check_report_pdf(db, check_id, TODAY))
    for expected in ("贷后检查报告", "厦门港务集团有限公司", "2026-12-02", "现场检查", "张明", "李华",
                     "3,000,000.00元", "XM2026-0001", "一、贷款情况", "二、贷款资金用途用于采购原材料",
                     "三、生产经营情况订单减少两成", "涉诉涉执（法院）新增一起买卖合同纠纷",
                     "工商登记变化法人代表变更", "检查结论需加强监控", "建议五级分类：关注（与现分类不同，需报审批）",
                     "未解除的预警信号", "被供应商起诉", "第二检查人签字"):
        assert expected in text, expected
    assert MOBILE not in text and "139****5678" in text
    assert pages == 2 or pages == 1


def test_an_unmasked_check_report_is_in_the_audit_trail(db):
    client_id, check_id = make_book(db)
    text, _pages = _text(loan_check.check_report_pdf(db, check_id, TODAY, unmasked=True,
                                                     actor=ACTOR))
    assert MOBILE in text
    with db.session() as session:
        line = session.scalar(select(FileHistory).where(FileHistory.action == "print_unmasked"))
    assert line.client_id == client_id and "贷后检查报告" in line.summary


def test_the_month_check_list_as_pdf_and_excel(db, tmp_path):
    make_book(db)
    with db.session() as session:
        text, _pages = _text(risk_lists.render_month_checks(session, "2026-12", TODAY))
        book = load_workbook(io.BytesIO(risk_lists.render_month_checks_xlsx(session, "2026-12",
                                                                            TODAY)))
    assert "2026年12月贷后检查清单" in text and "二、本月已完成检查（1次）" in text
    assert "2026-12-02厦门港务集团有限公司现场检查张明李华关注" in text
    done = book["已完成检查"]
    assert [c.value for c in done[2]] == list(risk_lists.DONE_HEADERS)
    assert done["B3"].value.date() == date(2026, 12, 2) and done["E3"].value == "张明"
    assert MOBILE not in done["H3"].value


def test_the_watch_list_as_pdf_and_excel(db, tmp_path):
    make_book(db)
    pdf = risk_lists.write_watch_list(db, tmp_path / "预警客户清单.pdf", TODAY)
    xlsx = risk_lists.write_watch_list(db, tmp_path / "预警客户清单.xlsx", TODAY)
    text, _pages = _text(pdf.read_bytes())
    assert "预警客户清单" in text and "截至2026-12-03，共1户" in text
    assert "涉诉涉执（2026-12-02）" in text and "成因：被供应商起诉" in text
    sheet = load_workbook(xlsx)["预警客户清单"]
    assert sheet["B3"].value == "厦门港务集团有限公司" and sheet["C3"].value == "正常"
    assert Decimal(str(sheet["D3"].value)) == Decimal("3000000") and sheet["E3"].value == 1
    assert sheet["J3"].value.date() == date(2026, 12, 31)
