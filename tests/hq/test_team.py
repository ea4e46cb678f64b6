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
from cmdesk.hq.models import ClientOwner
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
