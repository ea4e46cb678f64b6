"""The 发展计划 and 战略计划书 tabs of a client file, driven with qtbot."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from cmdesk.services import clients as client_service
from cmdesk.services import development, strategy
from tests.ui.conftest import PROFILE
from ui.plans.client_tabs import DevelopmentPlansTab, StrategyPlansTab


@pytest.fixture
def client_id(make_client):
    return make_client("厦门海辰贸易有限公司", tier="核心", status="active", our_strengths="结算效率高")


def test_development_tab_creates_a_plan_with_milestones(qtbot, qdesk, client_id, type_text, wait_ops):
    tab = DevelopmentPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    assert tab.count() == 0 and tab.empty_label.isVisibleTo(tab)
    # WHEN the manager types a target and adds a milestone, then saves
    type_text(tab.form.editors["target"].input, "拿下代发工资")
    tab.form.editors["target_date"].set_value("2027-03-31")
    row = tab.milestones.add_row()
    tab.milestones.model.set_row_values(row, {"title": "拜访财务总监", "due_date": "2026-12-05",
                                              "status": "open"})
    with qtbot.waitSignal(tab.reloaded):
        tab.save()
    wait_ops()
    # THEN the plan is stored and listed
    assert tab.count() == 1
    assert tab.list.topLevelItem(0).text(0) == "拿下代发工资"
    assert tab.list.topLevelItem(0).text(3) == "0/1"
    with qdesk.db.session() as session:
        (plan,) = development.plans_of(session, client_id)
        assert plan.target_date == date(2027, 3, 31)
        assert [m.title for m in plan.milestones] == ["拜访财务总监"]


def test_development_tab_shows_problems_at_fields_and_cells(qtbot, qdesk, client_id, wait_ops):
    tab = DevelopmentPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    tab.form.editors["target_date"].set_value("2026-02-30")
    row = tab.milestones.add_row()
    tab.milestones.model.set_row_values(row, {"title": "", "status": "open"})
    tab.save()
    wait_ops()
    assert tab.form.editors["target"].error() == "必须填写"
    assert "不是有效日期" in tab.form.editors["target_date"].error()
    assert tab.milestones.model.problem_at(0, "title") == "必须填写"
    assert tab.problem_label.isVisibleTo(tab)
    assert tab.count() == 0


def test_development_tab_deletes_a_plan(qtbot, qdesk, client_id, monkeypatch, wait_ops):
    with qdesk.db.transaction(PROFILE.name) as session:
        development.save_plan(session, client_id, development.PlanDraft(fields={"target": "做大存款"}))
    tab = DevelopmentPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    assert tab.count() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    tab.delete_plan()
    wait_ops()
    assert tab.count() == 0


def test_strategy_tab_years_sections_and_read_only_last_year(qtbot, qdesk, client_id, wait_ops):
    tab = StrategyPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    assert tab.count() == 0 and tab.empty_label.isVisibleTo(tab)
    this_year = date.today().year
    # GIVEN last year's plan and this year's, made from the tab
    tab.create_year(this_year - 1)
    wait_ops()
    tab.summary_form.editors["summary"].set_value("巩固结算")
    row = tab.rows.add_row()
    tab.rows.model.set_row_values(row, {"need": "代发工资", "planned_time": "一季度", "expected_income": "5万"})
    tab.challenges.add_row()
    tab.challenges.model.set_row_values(0, {"source": "他行竞争", "content": "降价"})
    tab.save()
    wait_ops()
    tab.create_year(this_year)
    wait_ops()
    assert tab.count() == 2
    assert tab.year_combo.currentText() == f"{this_year} 年度"
    html = tab.file_view.toHtml()
    for number in "一二三四五六七":
        assert f"{number}、" in html
    assert "结算效率高" in html
    # WHEN the file changes and last year's plan is opened
    with qdesk.db.transaction(PROFILE.name) as session:
        client_service.save_client_file(session, client_service.ClientDraft(
            fields={"our_strengths": "授信审批快"}), client_id)
    tab.load(client_id, this_year)
    wait_ops()
    assert "授信审批快" in tab.file_view.toHtml()
    tab.year_combo.setCurrentIndex(1)
    wait_ops()
    # THEN it reads as it was, read-only
    assert tab.document.year == this_year - 1 and tab.document.closed
    assert "结算效率高" in tab.file_view.toHtml()
    assert not tab.save_button.isEnabled() and not tab.rows.add_button.isVisibleTo(tab)
    assert "只能查看" in tab.state_label.text()
    assert tab.rows.model.rowCount() == 1 and tab.challenges.model.rowCount() == 1
    assert tab.print_button.isEnabled()


def test_strategy_tab_refuses_a_second_plan_for_a_year(qtbot, qdesk, client_id, monkeypatch, wait_ops):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    tab = StrategyPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    tab.create_year(2026)
    wait_ops()
    tab.create_year(2026)
    wait_ops()
    assert "每个客户每年只能有一份" in warnings[0]
    assert tab.count() == 1


def test_strategy_tab_shows_row_problems_and_closes_the_year(qtbot, qdesk, client_id, monkeypatch, wait_ops):
    tab = StrategyPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    tab.create_year(2026)
    wait_ops()
    row = tab.rows.add_row()
    tab.rows.model.set_row_values(row, {"need": "", "expected_income": "很多"})
    tab.save()
    wait_ops()
    assert tab.problem_label.isVisibleTo(tab)
    assert tab.rows.model.problem_at(0, "need") == "必须填写"
    assert tab.rows.model.problem_at(0, "expected_income")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    tab.close_year()
    wait_ops()
    assert tab.document.closed and not tab.close_button.isEnabled()
    with qdesk.db.session() as session:
        assert strategy.plan_for_year(session, client_id, 2026).closed_at is not None


def test_strategy_tab_previews_the_pdf(qtbot, qdesk, client_id, monkeypatch, wait_ops):
    from ui.reports.preview import PdfPreviewDialog

    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(
        (dialog.document.pageCount(), dialog.suggested_name)) or 0)
    tab = StrategyPlansTab(qdesk)
    qtbot.addWidget(tab)
    tab.load(client_id)
    wait_ops()
    tab.create_year(2026)
    wait_ops()
    tab.preview()
    assert shown and shown[0][0] >= 1 and "厦门海辰贸易有限公司" in shown[0][1]
