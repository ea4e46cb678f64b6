"""Risk watch travels to head office: loans, credit lines, check reports and warning
signals arrive equal record by record on SQLite and PostgreSQL, a new signal is flagged
urgent in the package that first carries it (and only there), and head office's weekly
workbook has the risk sheets."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from cmdesk.exchange.desk import desk_keys, export_changes
from cmdesk.exchange.package import open_package
from cmdesk.hq.importer import Importer
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.report import team_risk, team_workbook, team_week
from cmdesk.services import clients as clients_svc
from cmdesk.services import risk
from tests.hq.conftest import assert_hq_matches_desk, make_desk

WEEK = "2026-W49"  # 30 November .. 6 December 2026


def _book(desk) -> str:
    with desk.db.transaction("王芳") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        line_id = risk.save_credit_line(session, {
            "client_id": client_id, "line_no": "SX-2026-01", "amount": "2000万",
            "expiry_date": "2027-06-30"})
        risk.save_loan(session, {
            "client_id": client_id, "contract_no": "XM-001", "product": "流动资金贷款",
            "amount": "500万", "balance": "300万", "start_date": "2026-06-10",
            "maturity_date": "2026-12-20", "classification": "关注", "credit_line_id": line_id,
            "rate": "3.45"})
        risk.save_check(session, {
            "client_id": client_id, "check_date": "2026-12-02", "mode": "off_site",
            "checker": "王芳", "second_checker": "李华", "use_of_funds": "按约定用途",
            "conclusion": "回款放缓", "proposed_class": "关注"})
    return client_id


def _signal(desk, client_id: str) -> str:
    with desk.db.transaction("王芳") as session:
        return risk.save_signal(session, {
            "client_id": client_id, "signal_type": "finance", "found_on": "2026-12-03",
            "source": "check", "cause": "应收账款大幅上升", "measures": "压缩敞口",
            "responsible": "王芳", "deadline": "2026-12-31"})


def _manifest(desk, hq, path):
    keys = hq_keys(hq.keys_dir)
    return open_package(path.read_bytes(), keys, lambda _m: desk_keys(desk).public).manifest


def test_risk_records_round_trip_and_a_new_signal_is_urgent_once(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    client_id = _book(desk)
    signal_id = _signal(desk, client_id)
    out = tmp_path / "out"
    out.mkdir()  # a folder: each package gets its own numbered file
    first = export_changes(desk, out, attach_week_plan=False)
    assert first.urgent == 1
    assert _manifest(desk, hq, first.path).urgent == {"warning_signals": [signal_id]}
    summary = Importer(hq).import_paths([first.path])
    assert summary.applied == 1 and "紧急上报：1 条重要情况变动" in summary.outcomes[0].message
    with desk.db.session() as session:
        assert risk.get_signal(session, signal_id).reported_at is not None
        assert risk.unreported_signal_ids(session) == []
    second = export_changes(desk, out, attach_week_plan=False)
    assert second.urgent == 0 and _manifest(desk, hq, second.path).urgent == {}
    assert Importer(hq).import_paths([second.path]).applied == 1
    rows = summary.rows()
    assert {"loans", "credit_lines", "loan_checks", "warning_signals"} <= set(rows)
    assert assert_hq_matches_desk(desk, hq) > 20
    with hq.session() as session:
        managers, signals = team_risk(session, WEEK)
        workbook = team_workbook(*team_week(session, WEEK), WEEK, risk=(managers, signals))
    [manager] = managers
    assert (manager.loans, manager.balance, manager.special_mention) == (
        1, Decimal("3000000.00"), Decimal("3000000.00"))
    assert (manager.maturing, manager.checks, manager.open_signals, manager.new_signals) == (
        1, 1, 1, 1)
    [row] = signals
    assert row.new and row.client == "厦门港务集团有限公司" and row.signal_type == "财务风险"
    book = load_workbook(io.BytesIO(workbook))
    assert book.sheetnames[-2:] == ["风险监测", "预警信号"]
    register = book["预警信号"]
    assert register["A2"].value == "紧急" and register["E2"].value.date() == date(2026, 12, 3)
    desk.close()
