"""The proposal editor, the 服务方案 area, the catalogue browser and the client tab, driven
with qtbot: live income, saving whole, refusals at the field, status buttons, versions."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from cmdesk.models import Product, ServiceStatus
from cmdesk.services import catalogue
from cmdesk.services import clients as client_svc
from cmdesk.services import proposals as svc
from tests.ui.conftest import PROFILE
from ui.proposals.editor import (
    COL_AMOUNT,
    COL_FEE,
    COL_INCOME,
    COL_PRODUCT,
    COL_QUANTITY,
    ProposalEditor,
)
from ui.proposals.view import PROPOSAL_ID_ROLE


def _product_id(db, code):
    with db.session() as session:
        return session.scalars(select(Product).where(Product.code == code)).one().id


def _pick(editor, row, product_id):
    combo = editor.table.cellWidget(row, COL_PRODUCT)
    combo.setCurrentIndex(combo.findData(product_id))


def _type(editor, row, column, text):
    editor.table.item(row, column).setText(text)


@pytest.fixture
def editor(qtbot, qdesk):
    widget = ProposalEditor(qdesk)
    qtbot.addWidget(widget, before_close_func=lambda w: w.editing.set_dirty(False))
    return widget


@pytest.fixture
def notes(monkeypatch):
    """Answer the status note prompt with a text; records the prompts."""
    asked = []

    def answer(text="同意"):
        def fake(parent, title, label, *args, **kwargs):
            asked.append(label)
            return text, True
        monkeypatch.setattr(QInputDialog, "getMultiLineText", fake)
        return asked
    return answer


@pytest.fixture
def no_boxes(monkeypatch):
    """Message boxes answer Yes and record their texts instead of blocking."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Yes)
    return shown


def test_new_proposal_live_income_and_save(editor, qdesk, ui_db, make_client, wait_ops):
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    editor.start_new(client_id)
    wait_ops()
    assert editor.client_label.text().startswith("客户：厦门海辰贸易有限公司")
    loan, payroll = _product_id(ui_db, "LN-WC"), _product_id(ui_db, "ST-PAYROLL")
    editor.add_line()
    _pick(editor, 0, loan)
    assert editor.table.item(0, 2).text() == "6个月"  # the product's first term filled in
    _type(editor, 0, COL_AMOUNT, "500万")
    assert editor.table.item(0, COL_INCOME).text() == "60,000.00"  # 5,000,000 × 1.2%
    editor.add_line()
    _pick(editor, 1, payroll)
    _type(editor, 1, COL_FEE, "2.5")
    _type(editor, 1, COL_QUANTITY, "3600")
    assert editor.table.item(1, COL_INCOME).text() == "9,000.00"
    assert "69,000.00" in editor.total_label.text() and "5,000,000.00" in editor.total_label.text()
    assert "净息差" in editor.formula_label.text() and "单笔费用 × 数量" in editor.formula_label.text()
    assert editor.dirty
    assert editor.save()
    wait_ops()
    assert not editor.dirty and editor.proposal_id
    with ui_db.session() as session:
        [summary] = svc.list_proposals(session, client_id=client_id)
        assert summary.total_income == Decimal("69000.00") and summary.status == "draft"
        lines = svc.get_version(session, editor.proposal_id).lines
        assert [(line.product_id, line.quantity) for line in lines] == [(loan, 1), (payroll, 3600)]
    assert not editor.status_buttons["submitted"].isHidden()


def test_bad_input_shown_at_cells_and_nothing_saved(editor, ui_db, make_client, wait_ops):
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    editor.start_new(client_id)
    wait_ops()
    editor.header.editors["title"].set_value("")
    editor.add_line()
    _type(editor, 0, COL_AMOUNT, "很多")
    assert editor.table.item(0, COL_INCOME).text() == ""
    assert editor.save()
    wait_ops()
    assert editor.header.editors["title"].error() == "必须填写"
    assert "第 1 行 产品" in editor.problems_label.text()
    assert "第 1 行 金额（元）" in editor.problems_label.text()
    assert editor.table.item(0, COL_AMOUNT).toolTip()
    assert editor.proposal_id is None
    with ui_db.session() as session:
        assert svc.list_proposals(session) == []


def test_warnings_and_risk_refusal(editor, ui_db, make_client, wait_ops):
    person = make_client("陈晓梅", kind="individual", tier="一般", risk_appetite="C2")
    editor.start_new(person)
    wait_ops()
    assert "C2 稳健型" in editor.client_label.text()
    editor.add_line()
    _pick(editor, 0, _product_id(ui_db, "WM-EQ"))
    _type(editor, 0, COL_AMOUNT, "1000")
    text = editor.warnings_label.text()
    assert "R4" in text and "不能保存" in text and "低于起点金额" in text
    assert editor.save()
    wait_ops()
    assert "高于客户风险承受能力" in editor.problems_label.text()
    _pick(editor, 0, _product_id(ui_db, "WM-FUND"))
    _type(editor, 0, COL_AMOUNT, "5万")
    assert editor.warnings_label.text() == ""
    assert editor.save()
    wait_ops()


def test_status_buttons_versions_and_accepted_services(editor, qdesk, ui_db, make_client, notes,
                                                        no_boxes, wait_ops):
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    loan = _product_id(ui_db, "LN-WC")
    editor.start_new(client_id)
    wait_ops()
    editor.add_line()
    _pick(editor, 0, loan)
    _type(editor, 0, COL_AMOUNT, "800万")
    assert editor.save()
    wait_ops()
    assert not editor.status_buttons["presented"].isEnabled()  # above the approval amount
    asked = notes("请审批")
    editor.status_buttons["submitted"].click()
    wait_ops()
    assert editor.status == "submitted" and "草稿" in asked[-1]
    assert not editor.editable and not editor.save_button.isEnabled()
    assert "已冻结" in editor.readonly_note.text()
    notes("利率偏低")
    editor.status_buttons["rejected"].click()
    wait_ops()
    assert editor.status == "rejected"
    editor.status_buttons["draft"].click()  # 重新起草: version 2
    wait_ops()
    assert (editor.status, editor.current_version, editor.editable) == ("draft", 2, True)
    assert editor.version_combo.count() == 2
    _type(editor, 0, COL_AMOUNT, "600万")
    assert editor.save()
    wait_ops()
    editor.version_combo.setCurrentIndex(editor.version_combo.findData(1))
    wait_ops()
    assert editor.shown_version == 1 and not editor.editable
    assert editor.table.item(0, COL_AMOUNT).text() == "8,000,000.00"
    assert editor.status_buttons["submitted"].isHidden()
    editor.version_combo.setCurrentIndex(editor.version_combo.findData(2))
    wait_ops()
    notes("同意")
    for status in ("submitted", "approved", "presented", "accepted"):
        editor.status_buttons[status].click()
        wait_ops()
        assert editor.status == status
    assert editor.events_list.count() == 7
    assert PROFILE.name in editor.events_list.item(0).text()
    with ui_db.session() as session:
        row = session.scalars(select(ServiceStatus).where(ServiceStatus.client_id == client_id)).one()
        assert row.product_id == loan and row.adopted and row.recommended
    assert not editor.new_version_button.isEnabled()


def test_illegal_move_is_told(editor, ui_db, make_client, notes, no_boxes, wait_ops):
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    editor.start_new(client_id)
    wait_ops()
    assert editor.save()  # no lines yet
    wait_ops()
    notes("")
    assert editor.move_to("submitted")
    wait_ops()
    assert "至少需要一个推荐产品" in no_boxes[-1]
    assert editor.move_to("accepted")
    wait_ops()
    assert "不能从“草稿”改为“客户已采纳”" in no_boxes[-1]


def test_proposals_view_lists_filters_and_catalogue_replace(qtbot, qdesk, ui_db, make_client, tmp_path,
                                                           no_boxes, wait_ops):
    from ui.proposals.view import ProposalsView

    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    loan = _product_id(ui_db, "LN-WC")
    with ui_db.transaction(PROFILE.name) as session:
        first = svc.create_proposal(session, client_id, svc.ProposalDraft(
            {"title": "流贷方案", "proposal_date": "2026-11-20"}, [{"product_id": loan, "amount": "100万"}]))
        svc.create_proposal(session, client_id, svc.ProposalDraft(
            {"title": "存款方案", "proposal_date": "2026-11-20"}, []))
        svc.change_status(session, first.proposal_id, "presented")
    view = ProposalsView(qdesk)
    qtbot.addWidget(view)
    view.show()
    wait_ops()
    assert view.tabs.count() == 3 and view.proposals.count() == 2
    view.proposals.status_filter.setCurrentIndex(view.proposals.status_filter.findData("presented"))
    wait_ops()
    assert view.proposals.count() == 1
    assert view.proposals.model.index(0, 2).data() == "已提交客户"
    view.proposals.status_filter.setCurrentIndex(0)
    view.proposals.search_box.setText("存款")
    wait_ops()
    assert view.proposals.count() == 1
    view.proposals.set_threshold("-5")
    wait_ops()
    assert "不小于 0" in no_boxes[-1]
    view.proposals.set_threshold("1000万")
    wait_ops()
    with ui_db.session() as session:
        assert svc.approval_threshold(session) == Decimal("10000000.00")

    browser = view.catalogue
    view.tabs.setCurrentWidget(browser)
    wait_ops()
    total = browser.count()
    browser.search_box.setText("理财")
    assert 0 < browser.count() < total
    assert "产品卖点" in browser.sheet.toHtml()
    browser.search_box.clear()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1,
                               "products": [{"code": "X", "name": "甲", "category": "理财",
                                             "audience": "all", "income_basis": "fee"}]}),
                   encoding="utf-8")
    browser.replace_with(bad, confirm=False)
    wait_ops()
    assert "文件未导入" in no_boxes[-1] and "第 1 行 适用客户" in no_boxes[-1]
    assert browser.count() == total
    with ui_db.session() as session:
        rows = [catalogue.product_row(p) for p in catalogue.list_products(session) if p.code != "EB-MOBILE"]
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1, "products": rows},
                               ensure_ascii=False), encoding="utf-8")
    browser.replace_with(good, confirm=True)
    wait_ops()  # checked, confirmed, replaced, then the list read again
    assert "将停用：EB-MOBILE" in no_boxes[-1]
    assert browser.count() == total - 1
    browser.show_inactive.setChecked(True)
    wait_ops()
    assert browser.count() == total
    template = tmp_path / "模板.xlsx"
    browser.export_to(template)
    wait_ops()
    assert len(catalogue.read_catalogue_file(template)) == total


def test_client_tab_gaps_and_new_from_gaps(qtbot, qdesk, ui_db, wait_ops):
    from ui.proposals.client_tab import ClientProposalsTab
    from ui.proposals.editor import open_editor

    loan = _product_id(ui_db, "LN-WC")
    with ui_db.transaction(PROFILE.name) as session:
        client_id = client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门海辰贸易有限公司", "tier": "核心"},
            business_lines=[{"nature": "贸易", "financing_needs": "旺季备货资金"}],
            services=[{"product_id": loan, "needed": True}]))
    tab = ClientProposalsTab(qdesk)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.reloaded):
        tab.load(client_id)
    assert tab.count() == 0 and tab.gaps.topLevelItemCount() == 2
    assert tab.gaps.topLevelItem(0).text(1) == "流动资金贷款"
    tab.new_from_gaps()
    wait_ops()  # saved, opened, and the tab read again
    assert tab.count() == 1
    proposal_id = tab.model.index(0, 0).data(PROPOSAL_ID_ROLE)
    editor = open_editor(tab, qdesk, proposal_id)  # the window opened for it, a child of the tab
    wait_ops()
    assert editor.table.rowCount() == 1
    assert editor.table.cellWidget(0, COL_PRODUCT).currentData() == loan
    assert "旺季备货资金" in editor.header.editors["background"].value()
    assert tab.model.index(0, 2).data() == "草稿"


def _pdf_text(path):
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "")


def test_print_menu_previews_the_client_pack_and_the_internal_appendix(
        qtbot, qdesk, ui_db, make_client, monkeypatch, wait_ops):
    from dataclasses import replace

    from cmdesk.services.settings import save_profile
    from ui.reports.preview import PdfPreviewDialog

    # GIVEN a manager with a business phone and e-mail, and a proposal with a competitor
    with ui_db.transaction(PROFILE.name) as session:
        save_profile(session, replace(PROFILE, phone="0592-5551234", email="zhangming@bank.com"))
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    with ui_db.transaction(PROFILE.name) as session:
        client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门海辰贸易有限公司", "tier": "核心"},
            other_banks=[{"institution": "兴业银行", "products_terms": "贷款利率3.05%"}]),
            client_id)
        result = svc.create_proposal(session, client_id, svc.ProposalDraft(
            {"title": "流贷方案", "proposal_date": "2026-11-20"},
            [{"product_id": _product_id(ui_db, "LN-WC"), "amount": "100万"}]))
    editor = ProposalEditor(qdesk)
    qtbot.addWidget(editor, before_close_func=lambda w: w.editing.set_dirty(False))
    editor.load(result.proposal_id)
    wait_ops()
    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(
        (dialog.windowTitle(), dialog.suggested_name, _pdf_text(dialog.masked_path),
         dialog.print_button.isEnabled())) or 0)
    hints = []
    qdesk.status_message.connect(hints.append)
    qdesk.profile = replace(PROFILE, phone="0592-5551234")  # as the desk reads it after a save
    # WHEN the manager picks each document from the 打印/预览 menu
    assert editor.print_button.menu().actions() == [editor.print_client_action,
                                                   editor.print_appendix_action]
    editor.print_client_action.trigger()
    editor.print_appendix_action.trigger()
    assert not any("业务电话" in hint for hint in hints)
    # THEN the client sees the offer and whom to call; the appendix holds the internals
    (client_title, client_name, client_text, printable), appendix = shown
    assert client_title == "服务方案资料预览" and printable
    assert client_name == "厦门海辰贸易有限公司-流贷方案-v1.pdf"
    assert "致：厦门海辰贸易有限公司" in client_text and "流动资金贷款" in client_text
    assert "0592-5551234" in client_text and "zhangming@bank.com" in client_text
    for internal in ("预计年收益", "净息差", "兴业银行", "内部资料", PROFILE.employee_id):
        assert internal not in client_text
    appendix_title, appendix_name, appendix_text, _printable = appendix
    assert appendix_title == "内部审批附件预览"
    assert appendix_name == "厦门海辰贸易有限公司-流贷方案-v1-内部审批附件.pdf"
    for internal in ("预计年收益", "净息差", "兴业银行", "贷款利率3.05%", "内部资料",
                     PROFILE.employee_id):
        assert internal in appendix_text
    # a manager who has not filled in a phone or e-mail is told where to do it
    qdesk.profile = PROFILE
    editor.print_client_action.trigger()
    assert "设置" in hints[-1] and "业务电话" in hints[-1]


def test_escape_asks_about_unsaved_edits(qtbot, editor, make_client, answer_unsaved, wait_ops):
    editor.start_new(make_client("厦门海辰贸易有限公司", tier="核心"))
    wait_ops()
    editor.show()
    qtbot.waitExposed(editor)
    assert not editor.dirty  # a new proposal's defaults are no edit
    editor.header.editors["title"].set_value("流贷方案")
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == ["“新服务方案”有未保存的修改。要保存吗？"] and editor.isVisible()
    answer_unsaved(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and len(asked) == 2


def test_batch_dialog_builds_internal_appendices(qtbot, qdesk, ui_db, tmp_path, wait_ops):
    from tests.helpers import make_uscc
    from tests.reports.test_proposal_pack import make_proposal
    from ui.proposals.pack_dialog import ProposalPackDialog

    ids = [make_proposal(ui_db, client_name=f"客户{i}有限公司",
                         credit_code=make_uscc(f"9135020{i}MA2YYYYY1")) for i in range(2)]
    dialog = ProposalPackDialog(qdesk, ids)
    qtbot.addWidget(dialog)
    wait_ops()
    assert dialog.client_pack.isChecked()
    dialog.appendix.setChecked(True)
    dialog.target_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.build_finished, timeout=60_000) as done:
        dialog.build()
    assert done.args == [True]
    written = sorted(tmp_path.glob("*.pdf"))
    assert [p.name for p in written] == [f"客户{i}有限公司-结算与融资综合服务方案-v1-内部审批附件.pdf"
                                         for i in range(2)]
    assert all("内部资料" in _pdf_text(path) for path in written)
    assert "已写出 2 份内部审批附件" in dialog.note.text()
