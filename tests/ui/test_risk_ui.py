"""Risk watch in the interface: the client file's 贷款与风险 tab (summary, lists, a loan
added through the form, problems shown at the fields, a check report exported), the 今日
lines that open their client, and the signal register with its printouts."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cmdesk.services import risk

TODAY = date(2026, 12, 3)
ACTOR = "测试经理"


@pytest.fixture
def borrower(ui_db, make_client, time_machine):
    time_machine.move_to("2026-12-03 09:00", tick=False)
    client_id = make_client("厦门海辰贸易有限公司", tier="核心", status="active")
    with ui_db.transaction(ACTOR) as session:
        risk.save_loan(session, {
            "client_id": client_id, "contract_no": "XM-001", "product": "流动资金贷款",
            "amount": "500万", "balance": "300万", "start_date": "2026-06-10",
            "maturity_date": "2026-12-20", "classification": "关注"})
        check_id = risk.save_check(session, {
            "client_id": client_id, "check_date": "2026-11-02", "mode": "on_site",
            "checker": ACTOR, "second_checker": "李华", "use_of_funds": "按约定用途",
            "conclusion": "回款放缓，需关注", "proposed_class": "关注"})
        risk.save_signal(session, {
            "client_id": client_id, "signal_type": "finance", "found_on": "2026-12-01",
            "source": "check", "cause": "应收账款大幅上升", "measures": "压缩敞口",
            "responsible": ACTOR, "deadline": "2026-12-31"})
    return client_id, check_id


@pytest.fixture
def tab(qtbot, qdesk, borrower, wait_ops):
    from ui.risk.client_tab import ClientRiskTab

    widget = ClientRiskTab(qdesk)
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.show()
    widget.load(borrower[0])
    wait_ops()
    return widget


def test_the_tab_shows_the_clients_risk(tab, qtbot):
    assert "五级分类（最差）：关注" in tab.summary.text() and "300.00万元" in tab.summary.text()
    assert "下次贷后检查：2027-02-02" in tab.summary.text() and "关注客户" in tab.summary.text()
    assert tab.count() == 1 and tab.loans.tree.topLevelItem(0).text(0) == "XM-001"
    assert tab.checks.tree.topLevelItem(0).text(3) == "李华"
    assert tab.signals.tree.topLevelItem(0).text(1) == "财务风险"
    assert [tab.tabs.tabText(i) for i in range(4)] == ["贷款台账 (1)", "贷后检查 (1)", "预警信号 (1)",
                                                        "授信"]
    tab.grab().save("/tmp/risk-client-tab.png")


def test_a_loan_is_added_through_the_form_and_problems_show_at_fields(tab, qtbot, wait_ops):
    tab.new_loan()
    dialog = tab.dialog
    editors = dialog.form.editors
    editors["contract_no"].input.setText("XM-002")
    editors["product"].input.setText("固定资产贷款")
    editors["amount"].input.setText("100万")
    editors["balance"].input.setText("200万")
    editors["start_date"].input.set_text("2026-01-05")
    editors["maturity_date"].input.set_text("2029-01-05")
    dialog.grab().save("/tmp/risk-loan-form.png")
    dialog.save()
    wait_ops()
    assert dialog.isVisible() and editors["balance"].error() == "贷款余额不能大于合同金额"
    editors["balance"].input.setText("80万")
    dialog.save()
    wait_ops()
    qtbot.waitUntil(lambda: tab.count() == 2)
    assert not dialog.isVisible()
    assert {tab.loans.tree.topLevelItem(i).text(0) for i in range(2)} == {"XM-001", "XM-002"}


def test_a_loan_is_drawn_on_a_credit_line_picked_in_its_form(tab, borrower, ui_db, qtbot,
                                                              wait_ops):
    client_id = borrower[0]
    with ui_db.transaction(ACTOR) as session:
        line_id = risk.save_credit_line(session, {
            "client_id": client_id, "line_no": "SX-2026-01", "kind": "综合授信",
            "amount": "1000万", "start_date": "2026-01-01", "expiry_date": "2027-06-30"})
    tab.load(client_id)
    wait_ops()
    tab.loans.tree.setCurrentItem(tab.loans.tree.topLevelItem(0))
    tab.edit_loan()
    picker = tab.dialog.form.editors["credit_line_id"].input
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "（请选择）", "SX-2026-01 综合授信 1,000.00万"]
    assert picker.currentData() is None  # XM-001 was registered without one
    picker.setCurrentIndex(1)
    tab.dialog.save()
    wait_ops()
    qtbot.waitUntil(lambda: not tab.dialog.isVisible())
    with ui_db.session() as session:
        loan = risk.client_risk(session, client_id, TODAY).loans[0]
    assert loan.credit_line_id == line_id
    wait_ops()
    assert tab.lines.tree.topLevelItem(0).text(3) == "3,000,000.00"  # XM-001's balance drawn
    tab.edit_loan()  # the form shows the line it is drawn on
    assert tab.dialog.form.editors["credit_line_id"].input.currentData() == line_id


def test_a_check_report_is_exported_as_pdf(tab, borrower, tmp_path, qtbot, wait_ops):
    target = tmp_path / "check.pdf"
    tab.write_check_pdf(borrower[1], str(target))
    wait_ops()
    text = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "贷后检查报告" in text and "李华" in text


def test_today_lists_maturities_and_checks_and_opens_the_client(qtbot, qdesk, borrower,
                                                                wait_ops):
    from ui.today.view import TodayView

    opened: list[str] = []
    view = TodayView(qdesk)
    view.open_client_requested.connect(opened.append)
    qtbot.addWidget(view)
    view.show()
    wait_ops()
    sections = view.risk
    item = sections.maturities.list.topLevelItem(0)
    assert item.text(1) == "XM-001" and "17 天后" in item.text(3)
    assert sections.checks.list.topLevelItemCount() == 0  # checked 2 November, quarterly
    sections.maturities.list.itemActivated.emit(item, 0)
    assert opened == [borrower[0]]


def test_the_register_lists_signals_and_writes_the_watch_list(qtbot, qdesk, borrower, tmp_path,
                                                             wait_ops):
    from ui.risk.register import RiskRegister

    register = RiskRegister(qdesk, lambda _client_id: None)
    qtbot.addWidget(register)
    register.show()
    wait_ops()
    assert register.tree.topLevelItem(0).text(1) == "厦门海辰贸易有限公司"
    assert register.tree.topLevelItem(0).text(9) == "待紧急上报"
    register.grab().save("/tmp/risk-register.png")
    target = tmp_path / "预警客户清单.xlsx"
    register.write_watch_list(str(target))
    wait_ops()
    assert load_workbook(target)["预警客户清单"]["B3"].value == "厦门海辰贸易有限公司"


def test_the_week_plan_offers_the_checks_due(qtbot, qdesk, borrower, wait_ops):
    from cmdesk.services import plans
    from ui.risk.week_suggestions import RiskWeekSuggestions

    from ui import ops
    from ui.ops import Changes, Kind

    added: list[str] = []
    suggestions = RiskWeekSuggestions(qdesk, lambda fn: ops.write(
        qdesk, fn, Changes.of(Kind.PLANS), done=added.append))
    qtbot.addWidget(suggestions)
    suggestions.show()
    suggestions.show_week("2026-W51")  # 14–20 December: XM-001 matures on the 20th
    wait_ops()
    assert suggestions.list.count() == 1
    assert "XM-001 于 2026-12-20 到期" in suggestions.list.item(0).text()
    suggestions.add_selected()
    wait_ops()
    assert len(added) == 1
    with qdesk.db.session() as session:
        [item] = plans.week_view(session, "2026-W51").items
    assert item.purpose == "post_loan" and item.client_id == borrower[0]


def test_the_register_imports_the_ledger_and_names_bad_rows(qtbot, qdesk, borrower, tmp_path,
                                                           wait_ops):
    from openpyxl import Workbook

    from ui.risk.register import RiskRegister

    path = tmp_path / "loans.xlsx"
    book = Workbook()
    book.active.append(["客户名称", "合同编号", "贷款品种", "合同金额", "贷款余额", "起始日", "到期日"])
    book.active.append(["厦门海辰贸易有限公司", "XM-009", "贸易融资", "100万", "50万", "2026-09-01",
                        "2027-03-01"])
    book.active.append(["无此客户", "XM-010", "贸易融资", "100万", "50万", "2026-09-01",
                        "2027-03-01"])
    book.save(path)
    register = RiskRegister(qdesk, lambda _client_id: None)
    qtbot.addWidget(register)
    register.show()
    register.import_loans(str(path))
    wait_ops()
    text = register.import_result.text()
    assert "已导入 1 笔贷款，拒绝 1 行。" in text and "第 3 行「客户名称」" in text
    with qdesk.db.session() as session:
        assert {loan.contract_no for loan in risk.list_loans(session)} == {"XM-001", "XM-009"}
