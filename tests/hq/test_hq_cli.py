"""The `cmdesk-hq` command line end to end: keys, import, status, the weekly team
workbook and the packages head office sends back (catalogue, targets, handover)."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cmdesk.exchange.desk import import_package
from cmdesk.hq.cli import main
from cmdesk.models import (
    Client,
    DiaryEntry,
    FollowUp,
    PlanItem,
    Product,
    TaskBook,
    TaskIndicator,
    WeekPlan,
)
from tests.hq.conftest import ENGINES, desk_with_key, export, postgresql_url


@pytest.fixture(params=ENGINES)
def hq_args(request, tmp_path) -> list[str]:
    """The global options of a head office on each engine, with its keys made."""
    args = ["--data-dir", str(tmp_path / "hq")]
    if request.param == "postgresql":
        args += ["--db", postgresql_url()]
    assert main([*args, "keys", "init"]) == 0
    return args


def _desk(tmp_path: Path, hq_args: list[str], name: str, employee_id: str):
    key_file = tmp_path / "hq-public.json"
    if not key_file.exists():
        assert main([*hq_args, "keys", "export", "-o", str(key_file)]) == 0
    return desk_with_key(tmp_path / employee_id, key_file.read_bytes(), name, employee_id)


def _week_of_work(desk) -> None:
    """Two visits, a new client, an overdue follow-up and a 3-item plan in 2026-W48."""
    with desk.db.transaction("王芳") as session:
        client = Client(kind="company", name="甲公司", created_at=datetime(2026, 11, 23, 9))
        session.add(client)
        session.flush()
        for day in (24, 26):
            session.add(DiaryEntry(entry_date=date(2026, 11, day), kind="visit", client_id=client.id,
                                   content="走访"))
        session.add(DiaryEntry(entry_date=date(2026, 11, 25), kind="call", client_id=client.id))
        session.add(FollowUp(client_id=client.id, request="开户资料", due_date=date(2026, 11, 25),
                             created_at=datetime(2026, 11, 24, 10)))
        plan = WeekPlan(week="2026-W48")
        session.add(plan)
        session.flush()
        for order, status in enumerate(("done", "done", "planned")):
            session.add(PlanItem(plan_id=plan.id, client_id=client.id, purpose="maintain",
                                 title=f"事项{order}", status=status, sort_order=order,
                                 planned_date=date(2026, 11, 23 + order)))


def test_keys_import_status_and_weekly_report(hq_args, tmp_path, capsys, time_machine):
    time_machine.move_to(datetime(2026, 11, 27, 10), tick=False)  # the week of the work
    assert main([*hq_args, "keys", "show"]) == 0
    assert "总行公钥指纹" in capsys.readouterr().out
    assert main([*hq_args, "keys", "init"]) == 1
    assert "已存在" in capsys.readouterr().err

    desk = _desk(tmp_path, hq_args, "王芳", "W001")
    _week_of_work(desk)
    package = export(desk, tmp_path / "out")
    assert main([*hq_args, "import", str(package), str(package)]) == 0
    out = capsys.readouterr().out
    assert "[1/2] 王芳 第 1 号数据包已导入" in out
    assert "已导入过，没有任何改动" in out
    assert "导入完成：已应用 1 个，等待前序 0 个，重复 1 个，拒绝 0 个" in out
    assert "写入记录：客户档案 1" in out

    garbage = tmp_path / "garbage.cmdx"
    garbage.write_bytes(b"not a package")
    assert main([*hq_args, "import", str(garbage)]) == 1
    assert "拒绝 1 个" in capsys.readouterr().out

    assert main([*hq_args, "status"]) == 0
    status = capsys.readouterr().out
    assert "王芳（W001）" in status and "最近第 1 号" in status and "无冲突" in status

    workbook = tmp_path / "week.xlsx"
    assert main([*hq_args, "report", "--week", "2026-W48", "-o", str(workbook)]) == 0
    assert "1 位客户经理，周计划 3 项" in capsys.readouterr().out
    book = load_workbook(workbook)
    summary, plans = book.worksheets
    assert summary.freeze_panes == "A2" and plans.freeze_panes == "A2"
    assert [cell.value for cell in summary[1]] == ["客户经理", "工号", "走访次数", "新增客户", "未结督办",
                                                   "其中逾期", "周计划事项", "已完成", "计划完成率"]
    row = [cell.value for cell in summary[2]]
    assert row[:8] == ["王芳", "W001", 2, 1, 1, 1, 3, 2]
    assert row[8] == pytest.approx(2 / 3) and summary.cell(2, 9).number_format == "0.0%"
    assert summary.column_dimensions["A"].width >= 10
    assert [cell.value for cell in plans[1]][:4] == ["客户经理", "计划日期", "客户", "事项"]
    first_item = [cell.value for cell in plans[2]]
    assert first_item[0] == "王芳" and first_item[1].date() == date(2026, 11, 23)
    assert first_item[2] == "甲公司" and first_item[6] == "已完成"

    assert main([*hq_args, "report", "--week", "2026-W99", "-o", str(workbook)]) == 1
    assert "不是有效的周" in capsys.readouterr().err
    desk.close()


def test_catalogue_targets_and_handover_packages_reach_desks(hq_args, tmp_path, capsys):
    giver = _desk(tmp_path, hq_args, "王芳", "W001")
    taker = _desk(tmp_path, hq_args, "李明", "L002")
    with giver.db.transaction("王芳") as session:
        session.add_all([Client(kind="company", name="甲公司"), Client(kind="company", name="乙公司")])
    assert main([*hq_args, "import", str(export(giver, tmp_path / "out")),
                 str(export(taker, tmp_path / "out"))]) == 0

    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1, "products": [
        {"code": "HQ-NEW", "name": "总行新产品", "category": "负债/存款", "audience": "both",
         "income_basis": "none"}]},
        ensure_ascii=False), encoding="utf-8")
    assert main([*hq_args, "package", "catalogue", "--manager", "W001", "--from", str(catalogue),
                 "-o", str(tmp_path / "catalogue.cmdx")]) == 0
    assert "已写出给 王芳 的第 1 号数据包" in capsys.readouterr().out
    assert import_package(giver, tmp_path / "catalogue.cmdx", backup=False).result == "applied"
    with giver.db.session() as session:
        assert session.scalar(select(Product.name).where(Product.code == "HQ-NEW")) == "总行新产品"

    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps({"indicators": [{"key": "存款新增", "target": "1200"},
                                                  {"key": "visits", "target": 150}]},
                                  ensure_ascii=False), encoding="utf-8")
    assert main([*hq_args, "package", "targets", "--manager", "王芳", "--year", "2027",
                 "--from", str(targets), "-o", str(tmp_path / "targets.cmdx")]) == 0
    assert "第 2 号数据包" in capsys.readouterr().out
    assert import_package(giver, tmp_path / "targets.cmdx", backup=False).result == "applied"
    with giver.db.session() as session:
        book = session.scalar(select(TaskBook).where(TaskBook.year == 2027))
        assert book.source == "head_office"
        indicators = {i.key: i.target for i in session.scalars(
            select(TaskIndicator).where(TaskIndicator.book_id == book.id))}
        assert indicators == {"deposit_new": 1200, "visits": 150}

    bad_targets = tmp_path / "bad.json"
    bad_targets.write_text(json.dumps({"indicators": [{"key": "存款新增", "target": "很多"}]},
                                      ensure_ascii=False), encoding="utf-8")
    assert main([*hq_args, "package", "targets", "--manager", "王芳", "--year", "2027",
                 "--from", str(bad_targets), "-o", str(tmp_path / "bad.cmdx")]) == 1
    assert "第 1 行 目标：应为不小于 0 的数字" in capsys.readouterr().err
    assert not (tmp_path / "bad.cmdx").exists()

    assert main([*hq_args, "package", "handover", "--from", "王芳", "--to", "李明", "--all",
                 "-o", str(tmp_path / "handover.cmdx"),
                 "--release-output", str(tmp_path / "release.cmdx")]) == 0
    out = capsys.readouterr().out
    assert "移交 2 户客户" in out and "已写出给 李明 的第 1 号数据包" in out
    assert import_package(taker, tmp_path / "handover.cmdx", backup=False).result == "applied"
    assert import_package(giver, tmp_path / "release.cmdx", backup=False).result == "applied"
    with taker.db.session() as session:
        assert set(session.scalars(select(Client.name))) == {"甲公司", "乙公司"}
    assert main([*hq_args, "package", "handover", "--from", "王芳", "--to", "李明", "--all",
                 "-o", str(tmp_path / "again.cmdx"), "--release-output", str(tmp_path / "r2.cmdx")]) == 1
    assert "名下没有可移交的客户" in capsys.readouterr().err

    assert main([*hq_args, "desks", "list"]) == 0
    assert "王芳（W001）" in capsys.readouterr().out
    assert main([*hq_args, "desks", "re-enrol", "王芳"]) == 0
    assert "已停用" in capsys.readouterr().out
    assert main([*hq_args, "package", "catalogue", "--manager", "W001", "--from", str(catalogue),
                 "-o", str(tmp_path / "c2.cmdx")]) == 1
    assert "没有 王芳 的工作台公钥" in capsys.readouterr().err
    giver.close()
    taker.close()


def test_unreachable_database_is_exit_status_2(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "hq"), "--db",
                 "postgresql+psycopg://nobody@127.0.0.1:1/none", "status"]) == 2
    assert "无法打开总行数据库" in capsys.readouterr().err
