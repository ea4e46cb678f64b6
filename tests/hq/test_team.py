"""The team at head office, through `cmdesk-hq` on each engine: one client arriving from
two desks (信息共享, one lead manager) and 对等配置 (grades, tier floors, checked on
tiering at import and on handover), listed by `cmdesk-hq status`."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cmdesk import clock
from cmdesk.hq.cli import main
from cmdesk.hq.db import open_hq
from cmdesk.hq.models import ClientCode, ClientOwner
from cmdesk.models import Client
from tests.hq.conftest import ENGINES, desk_with_key, export, postgresql_url

CREDIT_CODE = "91310115630123450N"  # a valid 统一社会信用代码
MASKED = "9****************N"


@pytest.fixture(params=ENGINES)
def hq_args(request, tmp_path) -> list[str]:
    """The global options of a head office on each engine, with its keys made."""
    args = ["--data-dir", str(tmp_path / "hq")]
    if request.param == "postgresql":
        args += ["--db", postgresql_url()]
    assert main([*args, "keys", "init"]) == 0
    return args


def _desk(tmp_path: Path, hq_args: list[str], name: str, employee_id: str, clients: list[dict]):
    key_file = tmp_path / "hq-public.json"
    if not key_file.exists():
        assert main([*hq_args, "keys", "export", "-o", str(key_file)]) == 0
    desk = desk_with_key(tmp_path / employee_id, key_file.read_bytes(), name, employee_id)
    with desk.db.transaction(name) as session:
        session.add_all(Client(**values) for values in clients)
    return desk


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _import(capsys, hq_args, tmp_path, *desks) -> list[str]:
    packages = [str(export(desk, tmp_path / "out")) for desk in desks]
    status, out, err = _run(capsys, *hq_args, "import", *packages)
    assert status == 0, out + err
    return out.splitlines()


def _owner(hq_args: list[str], client_name: str) -> str:
    hq = open_hq(hq_args[1], hq_args[3] if len(hq_args) > 2 else None)
    try:
        with hq.session() as session:
            return session.scalar(select(ClientOwner.manager_id).join(
                Client, Client.id == ClientOwner.client_id).where(Client.name == client_name))
    finally:
        hq.close()


def test_one_client_from_two_desks_is_reported_and_given_a_lead(hq_args, tmp_path, capsys):
    # GIVEN 王芳 and 李明 both file 甲公司 (李明 typed the code in lower case),
    # and 张强 files other clients
    wang = _desk(tmp_path, hq_args, "王芳", "W001", [
        {"kind": "company", "name": "甲公司", "credit_code": CREDIT_CODE},
        {"kind": "individual", "name": "赵一", "id_number": "11010519491231002X"}])
    li = _desk(tmp_path, hq_args, "李明", "L002", [
        {"kind": "company", "name": "甲公司上海分部",
         "credit_code": "91310115630123450n"}])
    zhang = _desk(tmp_path, hq_args, "张强", "Z003", [{"kind": "company", "name": "乙公司"}])

    # WHEN head office imports their packages
    lines = _import(capsys, hq_args, tmp_path, wang, li, zhang)

    # THEN the import names the client once (by the first manager's file, by 工号), both
    # managers, the code masked
    shared = (f"客户“甲公司上海分部”（证件号 {MASKED}）由 李明（L002）、王芳（W001） 共同服务，"
              "尚未确定主办（cmdesk-hq clients lead 证件号 客户经理）")
    assert lines[-2:] == ["共同服务的客户（同一证件号在两位以上客户经理处）1 户：", shared]
    assert CREDIT_CODE not in "\n".join(lines)
    status, out, _err = _run(capsys, *hq_args, "status")
    assert out.splitlines()[-2:] == ["共同服务的客户 1 户：", shared]

    # a manager who does not serve the client cannot lead it; an unknown code is named
    status, _out, err = _run(capsys, *hq_args, "clients", "lead", CREDIT_CODE, "张强")
    assert status == 1
    assert err == "错误：张强（Z003） 不服务该客户；主办应为 李明（L002）、王芳（W001） 之一\n"
    status, _out, err = _run(capsys, *hq_args, "clients", "lead", "91310115630123450", "王芳")
    assert status == 1
    assert err == "错误：没有由两位以上客户经理共同服务、证件号为 9***************0 的客户\n"

    # head office sets 李明 as the lead, by the code as typed anywhere
    status, out, _err = _run(capsys, *hq_args, "clients", "lead", "９１３１ ０１１５ ６３０１ ２３４５ ０ｎ", "李明")
    led = f"客户“甲公司上海分部”（证件号 {MASKED}）由 李明（L002）、王芳（W001） 共同服务，主办：李明（L002）"
    assert (status, out) == (0, led + "\n")
    status, out, _err = _run(capsys, *hq_args, "status")
    assert out.splitlines()[-2:] == ["共同服务的客户 1 户：", led]

    # 李明 drops his file: the client is no longer served together, the import is quiet
    with li.db.transaction("李明") as session:
        session.scalar(select(Client)).deleted_at = clock.utcnow()
    lines = _import(capsys, hq_args, tmp_path, li)
    assert not any("共同服务" in line for line in lines)
    status, out, _err = _run(capsys, *hq_args, "status")
    assert "共同服务" not in out


def test_grades_and_tier_floors_on_tiering_handover_and_status(hq_args, tmp_path, capsys):
    # GIVEN 王芳 serves 甲公司 (核心) and 乙公司 (一般); 李明 has sent a package too
    wang = _desk(tmp_path, hq_args, "王芳", "W001", [
        {"kind": "company", "name": "甲公司", "tier": "核心"},
        {"kind": "company", "name": "乙公司", "tier": "一般"}])
    li = _desk(tmp_path, hq_args, "李明", "L002", [{"kind": "company", "name": "丙公司"}])
    _import(capsys, hq_args, tmp_path, wang, li)

    # WHEN head office sets the rule and the grades (a grade not in the profile's list refused)
    assert _run(capsys, *hq_args, "rules", "grade-floor", "核心", "高级客户经理") == (
        0, "对等配置：核心 客户由 高级客户经理 以上服务\n", "")
    assert _run(capsys, *hq_args, "rules", "grade-floor", "重点", "经理") == (
        1, "", "错误：职级“经理”不对：应为 助理客户经理、客户经理、高级客户经理 之一\n")
    assert _run(capsys, *hq_args, "managers", "grade", "王芳", "行长") == (
        1, "", "错误：职级“行长”不对：应为 助理客户经理、客户经理、高级客户经理 之一\n")
    assert _run(capsys, *hq_args, "managers", "grade", "王芳", "客户经理") == (
        0, "已登记 王芳（W001）的职级：客户经理\n", "")

    # THEN status lists the rule and 王芳's core client as an exception
    _status, out, _err = _run(capsys, *hq_args, "status")
    assert out.splitlines()[-3:] == [
        "对等配置：核心 客户由 高级客户经理 以上服务",
        "低于对等配置的客户 1 户：",
        "客户“甲公司”（核心）应由 高级客户经理 以上服务，王芳（W001） 的职级为 客户经理"]

    # a handover to 李明, whose grade head office has not recorded, is refused: nothing written
    handover = [*hq_args, "package", "handover", "--from", "王芳", "--to", "李明", "--all",
                "-o", str(tmp_path / "handover.cmdx"),
                "--release-output", str(tmp_path / "release.cmdx")]
    status, out, err = _run(capsys, *handover)
    assert (status, out) == (1, "")
    assert err == ("错误：未移交：接收方职级低于对等配置的要求。客户“甲公司”（核心）应由 高级客户经理 "
                   "以上服务，李明（L002） 的职级为 （总行未登记）。确需移交请加 --allow-below-grade\n")
    assert not (tmp_path / "handover.cmdx").exists() and _owner(hq_args, "甲公司") == "W001"

    # once 李明 is a senior manager the handover goes ahead and the exception is gone
    assert _run(capsys, *hq_args, "managers", "grade", "L002", "高级客户经理")[0] == 0
    status, out, _err = _run(capsys, *handover)
    assert status == 0 and out.startswith("移交 2 户客户：") and "注意" not in out
    assert _owner(hq_args, "甲公司") == "L002"
    assert _run(capsys, *hq_args, "status")[1].splitlines()[-2:] == [
        "对等配置：核心 客户由 高级客户经理 以上服务", "没有低于对等配置的客户"]

    # tiering: 李明's desk (now holding 乙公司 too) makes 乙公司 core — fine for him;
    # head office lowers his grade and the next import names the exception
    from cmdesk.exchange.desk import import_package

    # (his desk has no rules package yet: its preview checks his profile's grade, 客户经理,
    # against the default floor and names the core client before it arrives)
    preview = import_package(li, tmp_path / "handover.cmdx", preview=True).preview.lines()
    assert ("对等配置例外：移交来的客户“甲公司”为核心客户，应由高级客户经理以上服务，您的职级为客户经理。"
            "接收后请向主管报告。") in preview
    assert not any("乙公司" in line and "对等配置" in line for line in preview)
    assert import_package(li, tmp_path / "handover.cmdx", backup=False).result == "applied"
    assert _run(capsys, *hq_args, "managers", "grade", "李明", "助理客户经理")[0] == 0
    with li.db.transaction("李明") as session:
        session.scalar(select(Client).where(Client.name == "乙公司")).tier = "核心"
    lines = _import(capsys, hq_args, tmp_path, li)
    assert lines[-3:] == [
        "低于对等配置的客户 2 户：",
        "客户“乙公司”（核心）应由 高级客户经理 以上服务，李明（L002） 的职级为 助理客户经理",
        "客户“甲公司”（核心）应由 高级客户经理 以上服务，李明（L002） 的职级为 助理客户经理"]

    # a handover below the floor goes ahead only when asked, and lists the exceptions
    back = [*hq_args, "package", "handover", "--from", "李明", "--to", "王芳", "--client",
            _client_id(li, "乙公司"), "-o", str(tmp_path / "back.cmdx"),
            "--release-output", str(tmp_path / "back-release.cmdx"), "--allow-below-grade"]
    status, out, _err = _run(capsys, *back)
    assert status == 0
    assert out.splitlines()[0] == "移交 1 户客户："
    assert out.splitlines()[-2:] == [
        "注意：1 户客户低于对等配置的要求：",
        "客户“乙公司”（核心）应由 高级客户经理 以上服务，王芳（W001） 的职级为 客户经理"]


def _client_id(desk, name: str) -> str:
    with desk.db.session() as session:
        return session.scalar(select(Client.id).where(Client.name == name))


def test_a_database_from_before_the_codes_table_records_its_clients_codes(hq_args, tmp_path, capsys):
    # GIVEN a head office that imported both desks before hq_client_codes existed
    wang = _desk(tmp_path, hq_args, "王芳", "W001", [
        {"kind": "company", "name": "甲公司", "credit_code": CREDIT_CODE}])
    li = _desk(tmp_path, hq_args, "李明", "L002", [
        {"kind": "company", "name": "甲公司", "credit_code": CREDIT_CODE}])
    _import(capsys, hq_args, tmp_path, wang, li)
    hq = open_hq(hq_args[1], hq_args[3] if len(hq_args) > 2 else None)
    ClientCode.__table__.drop(hq.engine)
    hq.close()

    # WHEN it is opened again THEN the client served by both is known without a new package
    _status, out, _err = _run(capsys, *hq_args, "status")
    assert out.splitlines()[-2:] == [
        "共同服务的客户 1 户：",
        (f"客户“甲公司”（证件号 {MASKED}）由 李明（L002）、王芳（W001） 共同服务，"
         "尚未确定主办（cmdesk-hq clients lead 证件号 客户经理）")]


def test_codes_are_read_in_chunks(sqlite_hq_args, tmp_path, capsys, monkeypatch):
    # one id or code per query: what a package of many thousand clients goes through
    monkeypatch.setattr("cmdesk.hq.team.CHUNK", 1)
    second = "91310115630123451R"  # another valid code
    wang = _desk(tmp_path, sqlite_hq_args, "王芳", "W001", [
        {"kind": "company", "name": "甲公司", "credit_code": CREDIT_CODE},
        {"kind": "company", "name": "乙公司", "credit_code": second},
        {"kind": "company", "name": "丙公司", "credit_code": "91310115630123452W"}])
    li = _desk(tmp_path, sqlite_hq_args, "李明", "L002", [
        {"kind": "company", "name": "甲公司", "credit_code": CREDIT_CODE},
        {"kind": "company", "name": "乙公司", "credit_code": second}])
    lines = _import(capsys, sqlite_hq_args, tmp_path, wang, li)
    assert lines[-3:] == [
        "共同服务的客户（同一证件号在两位以上客户经理处）2 户：",
        (f"客户“甲公司”（证件号 {MASKED}）由 李明（L002）、王芳（W001） 共同服务，"
         "尚未确定主办（cmdesk-hq clients lead 证件号 客户经理）"),
        ("客户“乙公司”（证件号 9****************R）由 李明（L002）、王芳（W001） 共同服务，"
         "尚未确定主办（cmdesk-hq clients lead 证件号 客户经理）")]


def test_a_refused_handover_names_five_clients_and_counts_the_rest(sqlite_hq_args, tmp_path, capsys):
    wang = _desk(tmp_path, sqlite_hq_args, "王芳", "W001", [
        {"kind": "company", "name": f"公司{number}", "tier": "核心"} for number in range(1, 8)])
    li = _desk(tmp_path, sqlite_hq_args, "李明", "L002", [])
    _import(capsys, sqlite_hq_args, tmp_path, wang, li)
    assert main([*sqlite_hq_args, "rules", "grade-floor", "核心", "高级客户经理"]) == 0
    assert main([*sqlite_hq_args, "managers", "grade", "李明", "客户经理"]) == 0
    capsys.readouterr()
    status, _out, err = _run(capsys, *sqlite_hq_args, "package", "handover", "--from", "王芳",
                             "--to", "李明", "--all", "-o", str(tmp_path / "h.cmdx"),
                             "--release-output", str(tmp_path / "r.cmdx"))
    named = "；".join(f"客户“公司{number}”（核心）应由 高级客户经理 以上服务，李明（L002） 的职级为 客户经理"
                     for number in range(1, 6))
    assert status == 1
    assert err == (f"错误：未移交：接收方职级低于对等配置的要求。{named}；等共 7 户。"
                   "确需移交请加 --allow-below-grade\n")


@pytest.fixture
def sqlite_hq_args(tmp_path) -> list[str]:
    args = ["--data-dir", str(tmp_path / "hq")]
    assert main([*args, "keys", "init"]) == 0
    return args
