"""The supervisor's review (主管审阅) round trip: the desk sends its diary, head office
records an opinion on the month and remarks on entries (`cmdesk-hq review`), writes the
review package (`cmdesk-hq package review`), and the desk shows the month as reviewed
with each remark; a review of another manager is refused and changes nothing."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cmdesk.errors import CmdeskError
from cmdesk.exchange.desk import import_package
from cmdesk.exchange.errors import PackageError
from cmdesk.hq.cli import main
from cmdesk.hq.importer import Importer
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.models import Review
from cmdesk.hq.packages import _full_row, find_manager, write_package
from cmdesk.hq.review import record_review
from cmdesk.models import Client, DiaryEntry, DiaryReview, ExchangeImport
from cmdesk.services.diary_review import entry_remark, entry_remarks, month_review
from tests.hq.conftest import export, make_desk


def _november(desk) -> tuple[str, str, str]:
    """Two entries in 2026-11 and one in 2026-12; their ids."""
    with desk.db.transaction("王芳") as session:
        client = Client(kind="company", name="甲公司", tier="重点")
        session.add(client)
        session.flush()
        entries = [DiaryEntry(entry_date=date(2026, 11, 3), kind="visit", client_id=client.id,
                              content="走访甲公司"),
                   DiaryEntry(entry_date=date(2026, 11, 20), kind="call", client_id=client.id,
                              content="电话回访"),
                   DiaryEntry(entry_date=date(2026, 12, 1), kind="visit", client_id=client.id)]
        session.add_all(entries)
        session.flush()
        return entries[0].id, entries[1].id, entries[2].id


def _hq_args(hq) -> list[str]:
    return ["--data-dir", str(hq.keys_dir.parent), "--db", hq.url]


def test_a_review_recorded_at_head_office_reaches_the_desk(sqlite_hq, tmp_path, capsys):
    # GIVEN a desk whose November diary head office holds
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    visit, call, december = _november(desk)
    Importer(sqlite_hq).import_paths([export(desk, tmp_path / "out")])
    args = _hq_args(sqlite_hq)
    # WHEN the supervisor records the review with a remark and sends it back
    assert main([*args, "review", "王芳", "--month", "2026-11", "--opinion", "走访充分，注意回访",
                 "--remark", visit, "需求记录具体", "--reviewer", "张主管"]) == 0
    assert "批注 1 条" in capsys.readouterr().out
    package = tmp_path / "review.cmdx"
    assert main([*args, "package", "review", "--manager", "W001", "--month", "2026-11",
                 "-o", str(package)]) == 0
    assert "第 1 号数据包" in capsys.readouterr().out
    preview = import_package(desk, package, preview=True)
    assert any("张主管 审阅了 2026-11 的日志：走访充分，注意回访" in line
               for line in preview.preview.lines())
    assert import_package(desk, package, backup=False).result == "applied"
    # THEN the desk shows the month reviewed, the remark on its entry and none elsewhere
    with desk.db.session() as session:
        review = month_review(session, "2026-11")
        assert (review.reviewer, review.opinion, review.remarks) == ("张主管", "走访充分，注意回访", 1)
        assert month_review(session, "2026-12") is None
        assert entry_remark(session, visit).remark == "需求记录具体"
        assert set(entry_remarks(session, [visit, call, december])) == {visit}
    # WHEN the supervisor reviews again: the opinion is replaced, a second remark added
    assert main([*args, "review", "W001", "--month", "2026-11", "--opinion", "已改进",
                 "--remark", call, "回访及时", "--reviewer", "张主管"]) == 0
    assert main([*args, "package", "review", "--manager", "W001", "--month", "2026-11",
                 "-o", str(tmp_path / "review2.cmdx")]) == 0
    assert import_package(desk, tmp_path / "review2.cmdx", backup=False).result == "applied"
    with desk.db.session() as session:
        review = month_review(session, "2026-11")
        assert (review.opinion, review.remarks) == ("已改进", 2)
        assert session.scalar(select(func.count()).select_from(DiaryReview)) == 1
        assert {e: r.remark for e, r in entry_remarks(session, [visit, call]).items()} == {
            visit: "需求记录具体", call: "回访及时"}
    desk.close()


def test_a_remark_must_name_an_entry_of_the_month_and_of_that_manager(sqlite_hq, tmp_path):
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    _visit, _call, december = _november(desk)
    other = make_desk(tmp_path / "other", sqlite_hq, "李明", "L002")
    Importer(sqlite_hq).import_paths([export(desk, tmp_path / "out"), export(other, tmp_path / "out")])
    with sqlite_hq.transaction() as session:
        with pytest.raises(CmdeskError, match="不在审阅的 2026-11 月内"):
            record_review(session, "王芳", "2026-11", "意见", [(december, "批注")], "张主管")
        with pytest.raises(CmdeskError, match="不是 李明 的工作台发来的日志"):
            record_review(session, "李明", "2026-11", "意见", [(_visit, "批注")], "张主管")
        with pytest.raises(CmdeskError, match="请填写审阅意见"):
            record_review(session, "王芳", "2026-11", "  ", [], "张主管")
    with sqlite_hq.session() as session:
        assert session.scalar(select(func.count()).select_from(Review)) == 0
    desk.close()
    other.close()


def test_a_review_of_another_manager_is_refused(sqlite_hq, tmp_path):
    # GIVEN two desks known at head office
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    other = make_desk(tmp_path / "other", sqlite_hq, "李明", "L002")
    _november(other)
    Importer(sqlite_hq).import_paths([export(desk, tmp_path / "out"), export(other, tmp_path / "out")])
    with sqlite_hq.transaction() as session:
        record_review(session, "李明", "2026-11", "李明的月度意见", [], "张主管")
    args = _hq_args(sqlite_hq)
    # WHEN 李明's review package is imported on 王芳's desk: it is not even readable there
    assert main([*args, "package", "review", "--manager", "L002", "--month", "2026-11",
                 "-o", str(tmp_path / "for-other.cmdx")]) == 0
    with pytest.raises(PackageError):
        import_package(desk, tmp_path / "for-other.cmdx", backup=False)
    # WHEN a package sealed for 王芳 carries a review of 李明: refused by name
    with sqlite_hq.transaction() as session:
        row = _full_row("diary_reviews", {"id": "0b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6a",
                                          "manager_id": "L002", "month": "2026-11",
                                          "reviewer": "张主管", "opinion": "李明的月度意见",
                                          "reviewed_at": date(2026, 12, 1)})
        write_package(session, hq_keys(sqlite_hq.keys_dir), find_manager(session, "W001"),
                      "review", {"diary_reviews": [row]}, tmp_path / "mixed.cmdx")
    with pytest.raises(PackageError) as refused:
        import_package(desk, tmp_path / "mixed.cmdx", backup=False)
    # THEN nothing is stored and the refusal is on the ledger
    assert refused.value.code == "wrong_manager" and "L002" in refused.value.message
    with desk.db.session() as session:
        assert session.scalar(select(func.count()).select_from(DiaryReview)) == 0
        last = session.scalars(select(ExchangeImport).order_by(ExchangeImport.id.desc())).first()
        assert last.result == "refused"
    desk.close()
    other.close()


def test_urgent_changes_are_acknowledged_and_the_desk_shows_it(sqlite_hq, tmp_path, capsys):
    from cmdesk.models import VisitReport
    from cmdesk.services import clients as clients_svc
    from cmdesk.services import diary, risk
    from cmdesk.services.important_changes import (
        ACKNOWLEDGED,
        REPORTED,
        TO_REPORT,
        acknowledgements,
    )
    from cmdesk.services.today import today_view

    # GIVEN a desk with a new warning signal and a visit whose important change is flagged
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    args = _hq_args(sqlite_hq)
    with desk.db.transaction("王芳") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        signal_id = risk.save_signal(session, {
            "client_id": client_id, "signal_type": "finance", "found_on": "2026-12-03",
            "source": "check", "cause": "法人代表失联，电话13812345678", "responsible": "王芳"})
        entry_id = diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": "2026-12-02", "kind": "visit", "client_id": client_id},
            visit_report={"important_changes": "法定代表人变更为李四", "important_change_flag": True}))
        report_id = session.query(VisitReport.id).filter(VisitReport.entry_id == entry_id).scalar()

    def state() -> str:
        with desk.db.session() as session:
            (line,) = today_view(session, date(2026, 12, 3)).important_changes
            return line.state

    assert state().state == TO_REPORT
    # WHEN it is exported and imported at head office
    summary = Importer(sqlite_hq).import_paths([export(desk, tmp_path / "out")])
    assert "紧急上报：2 条重要情况变动" in summary.outcomes[0].message
    assert state().state == REPORTED
    # THEN cmdesk-hq urgent lists both, masked, until acknowledged
    assert main([*args, "urgent"]) == 0
    out = capsys.readouterr().out
    assert "王芳 · 厦门港务集团有限公司 · 财务风险（2026-12-03）" in out and signal_id in out
    assert "重要情况变动（2026-12-02）：法定代表人变更为李四 — 待确认" in out and report_id in out
    assert "13812345678" not in out
    assert main([*args, "acknowledge", "no-such-id"]) == 1
    assert "总行没有收到紧急上报的 no-such-id" in capsys.readouterr().err
    assert main([*args, "acknowledge", signal_id, report_id, "--by", "张主管"]) == 0
    assert capsys.readouterr().out.count("总行已确认（张主管") == 2
    assert main([*args, "urgent"]) == 0
    assert "没有待确认的紧急上报" in capsys.readouterr().out
    assert main([*args, "urgent", "--all"]) == 0
    assert capsys.readouterr().out.count("总行已确认") == 2
    # WHEN the acknowledgements go back to the desk
    package = tmp_path / "acks.cmdx"
    assert main([*args, "package", "acknowledgements", "--manager", "W001", "-o", str(package)]) == 0
    assert import_package(desk, package, backup=False).result == "applied"
    # THEN the desk shows 总行已确认 with who, for the change and the signal
    line_state = state()
    assert (line_state.state, line_state.acknowledged_by) == (ACKNOWLEDGED, "张主管")
    with desk.db.session() as session:
        assert set(acknowledgements(session, "warning_signals", [signal_id])) == {signal_id}
    # the same package again changes nothing
    assert import_package(desk, package, backup=False).result == "duplicate"
    desk.close()
