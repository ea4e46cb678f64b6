"""共同服务 round trip: one client filed on two desks, head office sets the lead
(`cmdesk-hq clients lead … --packages DIR`) and writes each manager a shared-clients
package; the co-server's desk stores the lead's read-only copy and visit summaries beside
its own file (matched by the code), the lead's desk learns who serves with it; a newer
package replaces the copy, an older one and another manager's are refused, and the copy
never travels back up in the desk's export."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cmdesk import clock
from cmdesk.cli import build_parser, run
from cmdesk.exchange.desk import desk_keys, import_package
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import build_package, open_package, read_package_file
from cmdesk.hq.cli import main
from cmdesk.hq.importer import Importer
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.packages import _full_row, find_manager, write_package
from cmdesk.models import (
    Client,
    Contact,
    DiaryEntry,
    ExchangeImport,
    SharedClient,
    SharedVisit,
)
from cmdesk.services.shared_clients import CO_SERVER, LEAD, shared_client_of
from tests.hq.conftest import export, make_desk

CREDIT_CODE = "91310115630123450N"


def _hq_args(hq) -> list[str]:
    return ["--data-dir", str(hq.keys_dir.parent), "--db", hq.url]


def _file(desk, name: str, code: str) -> str:
    with desk.db.transaction() as session:
        client = Client(kind="company", name=name, credit_code=code, tier="核心", industry="港口物流",
                        address="厦门市湖里区港中路 1 号")
        session.add(client)
        session.flush()
        return client.id


def _two_desks(hq, tmp_path: Path):
    """王芳 (W001) and 李明 (L002) both file 甲公司; 王芳 has contacts and a diary of it."""
    wang = make_desk(tmp_path / "wang", hq, "王芳", "W001")
    li = make_desk(tmp_path / "li", hq, "李明", "L002")
    wang_client = _file(wang, "厦门甲公司", CREDIT_CODE)
    li_client = _file(li, "甲公司（李明）", CREDIT_CODE.lower())
    with wang.db.transaction() as session:
        session.add_all([
            Contact(client_id=wang_client, name="陈总", position="财务总监", phone="13812345678",
                    is_primary=True),
            DiaryEntry(entry_date=date(2026, 11, 3), kind="visit", client_id=wang_client,
                       contacts_met=json.dumps([{"id": None, "name": "陈总", "position": "财务总监"}],
                                               ensure_ascii=False),
                       content="了解明年港口扩建的融资需求", outcome="客户愿意看方案"),
            DiaryEntry(entry_date=date(2026, 11, 20), kind="call", client_id=wang_client,
                       content="电话约下次面谈", outcome="约定 12 月初"),
            DiaryEntry(entry_date=date(2026, 11, 21), kind="internal", client_id=wang_client,
                       content="内部讨论授信额度")])
    Importer(hq).import_paths([export(wang, tmp_path / "out"), export(li, tmp_path / "out")])
    return wang, li, wang_client, li_client


def test_the_co_server_gets_the_leads_copy_and_visits(hq, tmp_path, capsys):
    wang, li, wang_client, li_client = _two_desks(hq, tmp_path)
    args = _hq_args(hq)
    # WHEN head office makes 王芳 the lead and writes both managers their package
    folder = tmp_path / "to-desks"
    folder.mkdir()
    assert main([*args, "clients", "lead", CREDIT_CODE, "王芳", "--packages", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "主办：王芳（W001）" in out and "已写出给 李明 的第 1 号数据包（shared，3 条记录）" in out
    for_li, for_wang = folder / "shared-L002-0001.cmdx", folder / "shared-W001-0001.cmdx"

    # THEN 李明's preview says in his words what comes in, and the code stays masked
    preview = import_package(li, for_li, preview=True).preview.lines()
    assert preview[1:] == [
        "总行告知与其他客户经理共同服务的客户 1 户：",
        "“甲公司（李明）”：主办 王芳（W001），您是协办；带来主办的档案副本（只读）和 2 条走访摘要。"]
    assert CREDIT_CODE not in "\n".join(preview)
    # AND applied, the copy sits beside his own file, matched by the code
    import_package(li, for_li, backup=False)
    with li.db.session() as session:
        view = shared_client_of(session, li_client)
        assert session.scalar(select(func.count()).select_from(Client)) == 1
    assert (view.role, view.lead_id, view.lead_name) == (CO_SERVER, "W001", "王芳")
    assert view.servers == (("L002", "李明"), ("W001", "王芳"))
    assert (view.client_name, view.tier, view.industry, view.own_name) == (
        "厦门甲公司", "核心", "港口物流", "甲公司（李明）")
    assert [(c.name, c.position, c.phone) for c in view.contacts] == [("陈总", "财务总监", "13812345678")]
    # the lead's contacts with the client, newest first; internal work is not a contact
    assert [(v.entry_date, v.kind, v.met, v.outcome) for v in view.visits] == [
        (date(2026, 11, 20), "电话", "", "约定 12 月初"),
        (date(2026, 11, 3), "走访", "陈总（财务总监）", "客户愿意看方案")]
    assert view.code_masked == "9****************N"

    # AND 王芳's desk learns she leads it, with 李明 co-serving and no copy of her own file
    import_package(wang, for_wang, backup=False)
    with wang.db.session() as session:
        own = shared_client_of(session, wang_client)
        assert session.scalar(select(func.count()).select_from(SharedVisit)) == 0
    assert (own.role, own.others, own.has_copy) == (LEAD, (("L002", "李明"),), False)

    # WHEN the shared copy sits on 李明's desk, his full export does not carry it
    package = export(li, tmp_path / "li-out", full=True)
    opened = open_package(read_package_file(package), hq_keys(hq.keys_dir),
                          lambda manifest: desk_keys(li).public)
    assert not {"shared_clients", "shared_visits"} & set(opened.entities)
    assert "clients" in opened.entities

    # AND the desk's command line lists it (masked unless --unmasked)
    li.close()
    assert run(build_parser().parse_args(["--data-dir", str(li.paths.root), "clients", "shared"])) == 0
    printed = capsys.readouterr().out
    assert "甲公司（李明）（证件号 9****************N）：协办；主办：王芳（W001）" in printed
    assert "2026-11-03 走访 陈总（财务总监）：了解明年港口扩建的融资需求；结果：客户愿意看方案" in printed
    assert "138****5678" in printed and CREDIT_CODE not in printed
    wang.close()


def test_a_newer_package_replaces_the_copy_and_an_older_or_anothers_is_refused(sqlite_hq, tmp_path):
    wang, li, wang_client, li_client = _two_desks(sqlite_hq, tmp_path)
    args = _hq_args(sqlite_hq)
    assert main([*args, "clients", "lead", CREDIT_CODE, "王芳"]) == 0
    first, second = tmp_path / "first.cmdx", tmp_path / "second.cmdx"
    assert main([*args, "package", "shared", "--manager", "李明", "-o", str(first)]) == 0
    # GIVEN 王芳 drops one call from her diary and head office hears of it, then leads no more
    with wang.db.transaction() as session:
        session.scalar(select(DiaryEntry).where(DiaryEntry.kind == "call")).deleted_at = clock.utcnow()
    Importer(sqlite_hq).import_paths([export(wang, tmp_path / "out")])
    assert main([*args, "clients", "lead", CREDIT_CODE, "李明"]) == 0
    assert main([*args, "package", "shared", "--manager", "李明", "-o", str(second)]) == 0
    import_package(li, first, backup=False)
    # WHEN the newer package arrives, it replaces the copy: 李明 now leads, no copy is kept
    import_package(li, second, backup=False)
    with li.db.session() as session:
        view = shared_client_of(session, li_client)
        live_visits = session.scalar(select(func.count()).select_from(SharedVisit)
                                     .where(SharedVisit.deleted_at.is_(None)))
    assert (view.role, view.lead_id, view.visits, view.has_copy) == (LEAD, "L002", (), False)
    assert live_visits == 0
    # AND the older one, arriving late, is refused and changes nothing
    with pytest.raises(PackageError) as older:
        import_package(li, first, backup=False)
    assert older.value.code in ("older_issue",) and "较早的共同服务信息" in older.value.message
    # WHEN a package sealed for 王芳 carries 李明's shared clients: refused by name
    with sqlite_hq.transaction() as session:
        row = _full_row("shared_clients", {"id": "0b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6a",
                                           "manager_id": "L002", "code": CREDIT_CODE,
                                           "as_of": clock.utcnow()})
        write_package(session, hq_keys(sqlite_hq.keys_dir), find_manager(session, "W001"),
                      "shared", {"shared_clients": [row]}, tmp_path / "mixed.cmdx")
    with pytest.raises(PackageError) as refused:
        import_package(wang, tmp_path / "mixed.cmdx", backup=False)
    assert refused.value.code == "wrong_manager" and "L002" in refused.value.message
    with wang.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SharedClient)) == 0
        last = session.scalars(select(ExchangeImport).order_by(ExchangeImport.id.desc())).first()
        assert last.result == "refused"
    # WHEN 王芳 drops her file, 甲公司 is 李明's alone: his next package clears the copy
    with wang.db.transaction() as session:
        session.get(Client, wang_client).deleted_at = clock.utcnow()
    Importer(sqlite_hq).import_paths([export(wang, tmp_path / "out")])
    third = tmp_path / "third.cmdx"
    assert main([*args, "package", "shared", "--manager", "李明", "-o", str(third)]) == 0
    assert import_package(li, third, preview=True).preview.lines()[1:] == [
        "总行告知：您已没有与其他客户经理共同服务的客户；本机保存的共同服务信息将清除。"]
    import_package(li, third, backup=False)
    with li.db.session() as session:
        assert shared_client_of(session, li_client) is None
    wang.close()
    li.close()


def test_package_shared_all_and_a_manager_with_no_shared_client(sqlite_hq, tmp_path, capsys):
    wang, li, _wang_client, _li_client = _two_desks(sqlite_hq, tmp_path)
    zhang = make_desk(tmp_path / "zhang", sqlite_hq, "张强", "Z003")
    Importer(sqlite_hq).import_paths([export(zhang, tmp_path / "out")])
    args = _hq_args(sqlite_hq)
    capsys.readouterr()
    # a manager serving no client together is told so, not sent an empty package
    assert main([*args, "package", "shared", "--manager", "张强", "-o", str(tmp_path / "z.cmdx")]) == 1
    assert capsys.readouterr().err == "错误：张强 没有与其他客户经理共同服务的客户\n"
    # --all writes one package per manager concerned, before a lead is set too
    folder = tmp_path / "all"
    folder.mkdir()
    assert main([*args, "package", "shared", "--all", "-o", str(folder)]) == 0
    assert sorted(path.name for path in folder.iterdir()) == ["shared-L002-0001.cmdx",
                                                              "shared-W001-0001.cmdx"]
    preview = import_package(li, folder / "shared-L002-0001.cmdx", preview=True).preview.lines()
    assert preview[-1] == "“甲公司（李明）”：与 王芳（W001） 共同服务，总行尚未确定主办。"
    for desk in (wang, li, zhang):
        desk.close()


def test_head_office_refuses_a_desk_package_carrying_shared_copies(sqlite_hq, tmp_path):
    # GIVEN a desk package (signed by the desk) that carries a shared-client record
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    Importer(sqlite_hq).import_paths([export(desk, tmp_path / "out")])
    with sqlite_hq.session() as session:
        row = _full_row("shared_clients", {"id": "0b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6a",
                                           "manager_id": "W001", "code": CREDIT_CODE,
                                           "as_of": clock.utcnow()})
    forged = tmp_path / "forged.cmdx"
    forged.write_bytes(build_package(
        signer=desk_keys(desk), recipient=hq_keys(sqlite_hq.keys_dir).public, kind="desk_export",
        manager_id="W001", manager_name="王芳", desk_id="", sequence=2, follows=1,
        entities={"shared_clients": [row]}))
    # WHEN head office imports it THEN it is refused by name, nothing stored
    outcome = Importer(sqlite_hq).import_paths([forged]).outcomes[0]
    assert (outcome.result, outcome.code) == ("refused", "bad_record")
    assert "共同服务客户" in outcome.message
    with sqlite_hq.session() as session:
        assert session.scalar(select(func.count()).select_from(SharedClient)) == 0
    desk.close()
