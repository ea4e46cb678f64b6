"""The audit trail: every save extends the hash chain; a line edited or deleted directly
in the database breaks it and `verify_chain` / `cmdesk audit verify` name where."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from cmdesk.cli import build_parser, run
from cmdesk.models import FileHistory
from cmdesk.reports import visit_report as vr
from cmdesk.services import clients as svc
from cmdesk.services import diary
from cmdesk.services.settings import desk_id
from cmdesk.storage import audit


def _save_client(db, name="厦门鹭易贸易有限公司", **fields) -> str:
    with db.transaction("测试经理") as session:
        return svc.save_client_file(session, svc.ClientDraft(
            fields={"kind": "company", "name": name, **fields},
            contacts=[{"name": "王五", "phone": "13812345678"}]))


def _save_visit(db, client_id) -> str:
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": date(2026, 11, 20), "kind": "visit", "client_id": client_id,
                    "content": "走访"},
            visit_report={"place": "客户办公室", "discussion": "代发工资"},
            follow_ups=[{"request": "开通企业网银"}, {"request": "下调手续费"}]))


def _lines(db) -> list[FileHistory]:
    with db.session() as session:
        return list(session.scalars(select(FileHistory).order_by(FileHistory.seq)))


def _verify(db) -> audit.VerifyResult:
    with db.session() as session:
        return audit.verify_chain(session)


def _cli(desk, *argv) -> int:
    return run(build_parser().parse_args(["--data-dir", str(desk.paths.root), *argv]))


def test_every_save_extends_one_unbroken_chain(desk, db):
    client_id = _save_client(db)
    first = _lines(db)
    assert first and [line.seq for line in first] == list(range(1, len(first) + 1))
    _save_visit(db, client_id)
    with db.transaction("测试经理") as session:
        svc.save_client_file(session, svc.ClientDraft(fields={"tier": "核心"}), client_id)
    lines = _lines(db)
    assert len(lines) > len(first)
    assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
    with db.session() as session:
        own_desk = desk_id(session)
    previous = ""
    for line in lines:
        assert line.desk_id == own_desk
        assert line.prev_hash == previous
        assert line.row_hash == audit.line_hash(previous, line) and len(line.row_hash) == 64
        previous = line.row_hash
    assert any(line.field == "tier" and line.new_value == "核心" for line in lines)
    result = _verify(db)
    assert result.ok and result.first_broken_seq is None and result.lines_checked == len(lines)


def test_chain_columns_are_plain_values_that_travel(db):
    _save_client(db)
    with db.session() as session:
        row = session.execute(text(
            "SELECT seq, desk_id, prev_hash, row_hash FROM file_history WHERE seq = 2")).one()
    assert isinstance(row.seq, int) and all(isinstance(v, str) for v in row[1:])


def test_editing_an_old_line_in_sql_breaks_the_chain_at_that_line(desk, db):
    client_id = _save_client(db)
    _save_visit(db, client_id)
    target = _lines(db)[2]
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE file_history SET summary = '改过的' WHERE seq = :seq"),
                           {"seq": target.seq})
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == target.seq
    assert "改动" in result.reason
    assert _cli(desk, "audit", "verify") == 3


def test_rehashing_an_edited_line_still_breaks_the_next_one(db):
    client_id = _save_client(db)
    _save_visit(db, client_id)
    target = _lines(db)[3]
    target.old_value = "伪造的旧值"
    forged = audit.line_hash(target.prev_hash, target)
    with db.engine.begin() as connection:
        connection.execute(text(
            "UPDATE file_history SET old_value = '伪造的旧值', row_hash = :h WHERE seq = :seq"),
            {"h": forged, "seq": target.seq})
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == target.seq + 1


def test_deleting_a_line_breaks_the_chain_naming_the_missing_seq(desk, db, capsys):
    client_id = _save_client(db)
    _save_visit(db, client_id)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM file_history WHERE seq = 4"))
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == 4 and "缺失" in result.reason
    capsys.readouterr()
    assert _cli(desk, "audit", "verify") == 3
    assert "第 4 行" in capsys.readouterr().out


def test_a_line_slipped_in_outside_the_chain_is_reported(db):
    _save_client(db)
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO file_history (id, entity, entity_id, action, field, summary, actor, at,"
            " desk_id, prev_hash, row_hash) VALUES ('x', 'clients', 'y', 'update', '', '', '',"
            " '2026-01-01 00:00:00.000000', '', '', '')"))
    result = _verify(db)
    assert not result.ok and "不在审计链中" in result.reason


def test_lines_from_before_the_chain_are_sealed_once_in_order(db):
    with db.engine.begin() as connection:
        for i, at in enumerate(["2026-03-02 08:00:00.000000", "2026-03-01 08:00:00.000000"]):
            connection.execute(text(
                "INSERT INTO file_history (id, entity, entity_id, action, field, summary, actor,"
                " at, desk_id, prev_hash, row_hash) VALUES (:id, 'clients', 'c', 'create', '',"
                " '旧记录', '老经理', :at, '', '', '')"), {"id": f"legacy-{i}", "at": at})
    pending = _verify(db)
    assert pending.ok and pending.lines_checked == 0 and "下次保存" in pending.reason
    _save_client(db)
    lines = _lines(db)
    assert [line.id for line in lines[:2]] == ["legacy-1", "legacy-0"]  # oldest first
    assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
    assert _verify(db).ok


def test_unmasked_print_and_desk_events_are_in_the_chain(desk, db, tmp_path, capsys):
    client_id = _save_client(db)
    entry_id = _save_visit(db, client_id)
    vr.write_visit_report(db, entry_id, tmp_path / "v.pdf", unmasked=True, actor="测试经理")
    with db.transaction("测试经理") as session:
        audit.record_event(session, audit.EXPORT, "导出到总行：包 1", new="package-1")
    lines = _lines(db)
    printed, exported = lines[-2], lines[-1]
    assert (printed.action, printed.entity_id, printed.client_id, printed.actor) == (
        audit.PRINT_UNMASKED, entry_id, client_id, "测试经理")
    assert (exported.action, exported.entity, exported.actor, exported.new_value) == (
        audit.EXPORT, "desk", "测试经理", "package-1")
    assert exported.seq == printed.seq + 1 and exported.prev_hash == printed.row_hash
    assert _verify(db).ok
    capsys.readouterr()
    assert _cli(desk, "audit", "show", "--limit", "2") == 0
    out = capsys.readouterr().out
    assert "打印未隐去信息" in out and "导出" in out and "13812345678" not in out
    assert _cli(desk, "audit", "verify") == 0


def test_record_event_refuses_an_unknown_action(db):
    with db.session() as session:
        with pytest.raises(ValueError):
            audit.record_event(session, "rewrite", "?")
        assert session.scalar(select(func.count()).select_from(FileHistory)) == 0


def test_a_rolled_back_savepoint_leaves_no_gap_in_the_chain(db):
    with db.transaction("测试经理") as session:
        svc.save_client_file(session, svc.ClientDraft(fields={"kind": "company", "name": "甲公司"}))
        savepoint = session.begin_nested()
        svc.save_client_file(session, svc.ClientDraft(fields={"kind": "company", "name": "乙公司"}))
        savepoint.rollback()
        svc.save_client_file(session, svc.ClientDraft(fields={"kind": "company", "name": "丙公司"}))
    lines = _lines(db)
    assert {line.summary for line in lines} == {"甲公司", "丙公司"}
    assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
    assert _verify(db).ok


def test_lines_from_another_desk_keep_their_own_chain(db):
    _save_client(db)
    foreign = FileHistory(id="f-1", client_id=None, entity="clients", entity_id="c", action="update",
                          field="tier", old_value="一般", new_value="核心", summary="移交来的客户",
                          actor="前任经理", at=datetime(2026, 1, 2, 3, 4, 5, 678901), seq=1,
                          desk_id="other-desk", prev_hash="")
    foreign.row_hash = audit.line_hash("", foreign)
    with db.engine.begin() as connection:  # as a received package writes it: Core, no ORM
        connection.execute(FileHistory.__table__.insert().values(
            {c.name: getattr(foreign, c.key) for c in FileHistory.__table__.columns}))
    _save_client(db, "第二家公司")
    own = [line for line in _lines(db) if line.desk_id != "other-desk"]
    assert [line.seq for line in sorted(own, key=lambda l: l.seq)] == list(range(1, len(own) + 1))
    assert _verify(db).ok
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE file_history SET new_value = '一般' WHERE id = 'f-1'"))
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == 1 and "other-desk" in result.reason
