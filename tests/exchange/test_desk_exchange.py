"""The desk side: keys, export (incremental, full, resend, atomic), import of head-office
packages (catalogue, targets, handover, release) with preview, ledger and all-or-nothing."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from cmdesk.errors import CmdeskError
from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import (
    ExchangeError,
    desk_keys,
    exchange_history,
    exchange_overview,
    export_changes,
    import_package,
    install_hq_key,
    last_export,
    pending_counts,
)
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import build_package, open_package
from cmdesk.exchange.records import apply_records, record_to_dict
from cmdesk.models import (
    Client,
    Contact,
    DiaryEntry,
    ExchangeExport,
    ExchangeImport,
    FileHistory,
    Product,
    TaskActual,
    TaskBook,
    TaskIndicator,
    new_id,
)
from cmdesk.storage.audit import line_hash, verify_chain

NOW = "2026-11-20T09:00:00"


@pytest.fixture(scope="module")
def hq():
    return keymod.generate_keys()


@pytest.fixture
def ready(desk, hq):
    install_hq_key(desk, keymod.public_key_file(hq.public, owner="总行"))
    return desk


def _add_client(db, name="嘉兴织造有限公司", phone="13900002222"):
    with db.transaction("测试经理") as session:
        client = Client(kind="company", name=name, manager_name="测试经理")
        session.add(client)
        session.flush()
        session.add(Contact(client_id=client.id, name="陈总", phone=phone))
        return client.id


def _open_at_hq(path, hq, desk):
    return open_package(path.read_bytes(), hq, lambda manifest: desk_keys(desk).public)


def _hq_package(hq, desk, kind, entities, sequence=1, tmp_path=None, name="hq.cmdx"):
    data = build_package(signer=hq, recipient=desk_keys(desk).public, kind=kind, manager_id="",
                         manager_name="总行", desk_id="", sequence=sequence,
                         follows=sequence - 1 or None, entities=entities)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _count(db, model):
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_keys_made_once_and_export_needs_head_office_key(desk, tmp_path):
    first = desk_keys(desk)
    assert desk_keys(desk).public == first.public
    assert (desk.paths.exchange_keys / keymod.SIGNING_KEY_FILE).stat().st_mode & 0o077 == 0
    with pytest.raises(ExchangeError, match="总行公钥"):
        export_changes(desk, tmp_path)
    assert _count(desk.db, ExchangeExport) == 0


def _overview(desk):
    with desk.db.session() as session:
        return exchange_overview(desk, session)


def test_overview_is_what_the_view_shows_in_one_read(desk, hq, tmp_path):
    empty = _overview(desk)
    assert empty.hq_fingerprint is None and empty.last_export is None and empty.history == []
    assert empty.desk_fingerprint == desk_keys(desk).public.fingerprint()
    install_hq_key(desk, keymod.public_key_file(hq.public, owner="总行"))
    _add_client(desk.db)
    assert _overview(desk).pending == pending_counts(desk)
    export_changes(desk, tmp_path)
    overview = _overview(desk)
    assert overview.hq_fingerprint == hq.public.fingerprint()
    assert overview.last_export.sequence == 1 and overview.last_export.file_name.startswith(str(tmp_path))
    assert overview.pending == {"file_history": 1}
    assert overview.history == exchange_history(desk)
    assert not hasattr(overview.last_export, "_sa_instance_state")


def test_incremental_export_resend_and_full(ready, hq, tmp_path):
    desk = ready
    client_id = _add_client(desk.db)
    assert pending_counts(desk)["clients"] == 1
    first = export_changes(desk, tmp_path)
    assert first.sequence == 1 and first.path.parent == tmp_path
    package = _open_at_hq(first.path, hq, desk)
    assert package.manifest.sequence == 1 and package.manifest.follows is None
    assert package.manifest.sender.manager_id == "T001"
    assert [c["id"] for c in package.entities["clients"]] == [client_id]
    assert any(line["entity_id"] == client_id for line in package.entities["file_history"])
    assert "products" in package.entities  # the default catalogue was written on first open
    assert pending_counts(desk) == {"file_history": 1}  # the export's own audit line

    with desk.db.transaction("测试经理") as session:
        session.get(Client, client_id).notes = "第二周补充"
    second = export_changes(desk, tmp_path / "second.cmdx")
    package2 = _open_at_hq(second.path, hq, desk)
    assert (package2.manifest.sequence, package2.manifest.follows) == (2, 1)
    assert set(package2.entities) == {"clients", "file_history"}
    assert package2.entities["clients"][0]["notes"] == "第二周补充"
    assert package2.entities["clients"][0]["revision"] == 2

    again = export_changes(desk, tmp_path / "resent.cmdx", resend=1)
    resent = _open_at_hq(again.path, hq, desk)
    assert resent.manifest.package_id == package.manifest.package_id
    assert resent.manifest.sequence == 1 and again.resent
    assert _count(desk.db, ExchangeExport) == 2

    full = export_changes(desk, tmp_path / "full.cmdx", full=True)
    everything = _open_at_hq(full.path, hq, desk)
    assert everything.manifest.full and everything.manifest.sequence == 3
    assert len(everything.entities["contacts"]) == 1
    assert len(everything.entities["file_history"]) == _count(desk.db, FileHistory) - 1
    assert last_export(desk).sequence == 3
    with pytest.raises(ExchangeError, match="第 9 号"):
        export_changes(desk, tmp_path, resend=9)
    directions = [line.direction for line in exchange_history(desk)]
    assert directions.count("导出") == 3


def test_failed_write_records_nothing(ready, tmp_path):
    _add_client(ready.db)
    with pytest.raises(CmdeskError):
        export_changes(ready, tmp_path / "missing-folder" / "x.cmdx")
    assert _count(ready.db, ExchangeExport) == 0
    assert pending_counts(ready)["clients"] == 1


def test_a_package_file_is_never_overwritten_by_another_package(ready, tmp_path):
    # GIVEN package 1 written to an explicit file name
    _add_client(ready.db)
    first = export_changes(ready, tmp_path / "week.cmdx")
    written = first.path.read_bytes()
    # WHEN the next export names the same file
    _add_client(ready.db, "第二家公司")
    with pytest.raises(CmdeskError, match="文件已存在"):
        export_changes(ready, tmp_path / "week.cmdx")
    # THEN package 1 is as it was, no ledger line describes a lost file, and the same
    # package can still be resent over its own file
    assert first.path.read_bytes() == written
    assert _count(ready.db, ExchangeExport) == 1
    assert pending_counts(ready)["clients"] == 1
    again = export_changes(ready, tmp_path / "week.cmdx", resend=1)
    assert again.sequence == 1 and again.path == first.path
    second = export_changes(ready, tmp_path / "week-2.cmdx")
    assert second.sequence == 2


def _client_record(name, manager="王芳", **extra):
    return {"id": new_id(), "kind": "company", "name": name, "manager_name": manager,
            "revision": 3, "created_at": NOW, "updated_at": NOW, "deleted_at": None, **extra}


def test_handover_applies_whole_files_with_history(ready, hq, tmp_path):
    desk = ready
    client = _client_record("湖州竹业集团")
    contact = {"id": new_id(), "client_id": client["id"], "name": "沈总", "revision": 2,
               "created_at": NOW, "updated_at": NOW}
    entry = {"id": new_id(), "client_id": client["id"], "entry_date": "2026-10-12", "kind": "visit",
             "content": "走访了解扩产计划", "revision": 1, "created_at": NOW, "updated_at": NOW}
    other_desk = new_id()
    lines = [{"id": new_id(), "client_id": client["id"], "entity": "clients",
              "entity_id": client["id"], "action": "create", "summary": "湖州竹业集团",
              "actor": "王芳", "at": "2026-10-01T08:00:00", "seq": 41, "desk_id": other_desk,
              "prev_hash": "1" * 64}]
    # the other desk's line as that desk sealed it: head office and this desk check its hash
    sealed = FileHistory(**{**lines[0], "field": "", "old_value": None, "new_value": None,
                            "at": datetime.fromisoformat(lines[0]["at"])})
    lines[0]["row_hash"] = line_hash(lines[0]["prev_hash"], sealed)
    path = _hq_package(hq, desk, "handover", {"clients": [client], "contacts": [contact],
                                               "diary_entries": [entry], "file_history": lines},
                       tmp_path=tmp_path)
    preview = import_package(desk, path, preview=True)
    assert preview.result == "preview"
    assert preview.preview.new == {"clients": 1, "contacts": 1, "diary_entries": 1, "file_history": 1}
    assert "湖州竹业集团" in "\n".join(preview.preview.lines())
    assert _count(desk.db, DiaryEntry) == 0 and _count(desk.db, ExchangeImport) == 0

    done = import_package(desk, path)
    assert done.result == "applied" and done.counts["clients"] == 1
    with desk.db.session() as session:
        stored = session.get(Client, client["id"])
        assert stored.manager_name == "测试经理"
        history = session.scalars(select(FileHistory).where(
            FileHistory.client_id == client["id"]).order_by(FileHistory.seq)).all()
        summaries = [line.summary for line in history]
        assert "由 王芳 移交给 测试经理" in summaries
        imported = session.get(FileHistory, lines[0]["id"])
        assert imported.desk_id == other_desk and imported.actor == "王芳"
        assert verify_chain(session).ok
    again = import_package(desk, path)
    assert again.result == "duplicate"
    results = [row.result for row in _ledger(desk)]
    assert results == ["applied", "duplicate"]


def _ledger(desk):
    with desk.db.session() as session:
        return session.scalars(select(ExchangeImport).order_by(ExchangeImport.id)).all()


def test_release_marks_clients_read_only_without_travelling_back(ready, hq, tmp_path):
    desk = ready
    client_id = _add_client(desk.db, name="舟山海产")
    export_changes(desk, tmp_path)
    with desk.db.session() as session:
        record = record_to_dict(session.get(Client, client_id))
    record.update(released_to="李强", released_at="2026-11-21T10:00:00", revision=5)
    path = _hq_package(hq, desk, "release", {"clients": [record]}, tmp_path=tmp_path)
    result = import_package(desk, path)
    assert result.counts == {"clients": 1}
    with desk.db.session() as session:
        client = session.get(Client, client_id)
        assert client.released_to == "李强" and client.released_at == datetime(2026, 11, 21, 10)
        assert client.name == "舟山海产" and client.deleted_at is None
    assert "clients" not in pending_counts(desk)


def test_catalogue_and_targets(ready, hq, tmp_path):
    desk = ready
    with desk.db.session() as session:
        products = [record_to_dict(p) for p in session.scalars(select(Product)).all()]
    kept = [dict(p, id=new_id(), revision=1) for p in products[:3]]
    kept[0]["name"] = "总行新名称"
    fresh = dict(kept[1], id=new_id(), code="HQ-NEW-01", name="总行新产品")
    path = _hq_package(hq, desk, "catalogue", {"products": kept + [fresh]}, tmp_path=tmp_path)
    result = import_package(desk, path)
    assert result.result == "applied"
    with desk.db.session() as session:
        active = {p.code: p for p in session.scalars(select(Product).where(Product.active.is_(True)))}
    assert set(active) == {kept[0]["code"], kept[1]["code"], kept[2]["code"], "HQ-NEW-01"}
    assert active[kept[0]["code"]].name == "总行新名称"

    with desk.db.transaction() as session:
        book = TaskBook(year=2026, source="typed")
        session.add(book)
        session.flush()
        indicator = TaskIndicator(book_id=book.id, key="new_clients", name="新增客户", target=10)
        session.add(indicator)
        session.flush()
        session.add(TaskActual(indicator_id=indicator.id, month=3, value=4))
    book = {"id": new_id(), "year": 2026, "source": "head_office", "issued_by": "总行",
            "revision": 1, "created_at": NOW, "updated_at": NOW}
    indicators = [{"id": new_id(), "book_id": book["id"], "key": "new_clients", "name": "新增客户",
                   "target": "30.00", "computed": True, "revision": 1, "created_at": NOW,
                   "updated_at": NOW}]
    path = _hq_package(hq, desk, "targets", {"task_books": [book], "task_indicators": indicators},
                       sequence=2, tmp_path=tmp_path, name="targets.cmdx")
    import_package(desk, path)
    with desk.db.session() as session:
        live = session.scalars(select(TaskBook).where(TaskBook.deleted_at.is_(None))).all()
        assert [b.id for b in live] == [book["id"]]
        actual = session.scalars(select(TaskActual)).one()
        assert actual.indicator_id == indicators[0]["id"]


def test_any_failure_changes_nothing_and_is_recorded(ready, hq, tmp_path):
    desk = ready
    client = _client_record("绍兴黄酒")
    orphan = {"id": new_id(), "client_id": new_id(), "name": "无档案联系人", "revision": 1,
              "created_at": NOW, "updated_at": NOW}
    path = _hq_package(hq, desk, "handover", {"clients": [client], "contacts": [orphan]},
                       tmp_path=tmp_path)
    before = (_count(desk.db, Client), _count(desk.db, FileHistory))
    with pytest.raises(PackageError) as caught:
        import_package(desk, path)
    assert caught.value.code == "missing_parent"
    # nothing of the package is there; the audit trail has the backup taken first and the refusal
    assert (_count(desk.db, Client), _count(desk.db, FileHistory) - 2) == before
    with desk.db.session() as session:
        newest = session.scalars(select(FileHistory.action).order_by(FileHistory.seq.desc())
                                 .limit(2)).all()
    assert newest == ["import", "backup"]
    ledger = _ledger(desk)
    assert [row.result for row in ledger] == ["refused"] and "上级记录" in ledger[0].message


def test_desk_export_is_not_importable_at_the_desk(ready, hq, tmp_path):
    desk = ready
    data = build_package(signer=hq, recipient=desk_keys(desk).public, kind="desk_export",
                         manager_id="x", manager_name="x", desk_id="", sequence=1, follows=None,
                         entities={})
    path = tmp_path / "wrong.cmdx"
    path.write_bytes(data)
    with pytest.raises(PackageError) as caught:
        import_package(desk, path)
    assert caught.value.code == "wrong_kind"
    assert json.loads(_ledger(desk)[0].counts) == {}


def test_command_line_keys_export_and_import(tmp_path, hq):
    import subprocess
    import sys
    from pathlib import Path

    from cmdesk.storage.desk import open_desk

    root = Path(__file__).resolve().parents[2]
    data = tmp_path / "cli-data"

    def cmdesk(*args):
        return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data),
                               "--no-encryption", *args],
                              capture_output=True, text=True, cwd=root, timeout=300, check=False)

    assert cmdesk("profile", "set", "--name", "王芳", "--employee-id", "E7").returncode == 0
    refused = cmdesk("export", "-o", str(tmp_path))
    assert refused.returncode == 1 and "总行公钥" in refused.stderr
    key_file = tmp_path / "hq.pub"
    key_file.write_bytes(keymod.public_key_file(hq.public))
    installed = cmdesk("keys", "install-hq", str(key_file))
    assert installed.returncode == 0 and hq.public.fingerprint() in installed.stdout
    shown = cmdesk("keys", "show")
    assert "本机公钥指纹" in shown.stdout and hq.public.fingerprint() in shown.stdout
    exported = cmdesk("export", "-o", str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    assert "第 1 号" in exported.stdout
    package_file = next(tmp_path.glob("cmdesk-E7-0001-*.cmdx"))
    desk = open_desk(data, no_encryption=True)
    try:
        opened = open_package(package_file.read_bytes(), hq, lambda m: desk_keys(desk).public)
        assert opened.manifest.sender.manager_name == "王芳"
        with desk.db.session() as session:
            products = [record_to_dict(p) for p in session.scalars(select(Product).limit(2))]
        catalogue = _hq_package(hq, desk, "catalogue", {"products": products}, tmp_path=tmp_path)
    finally:
        desk.close()
    preview = cmdesk("import", str(catalogue), "--preview")
    assert preview.returncode == 0 and "仅预览" in preview.stdout and "停用" in preview.stdout
    applied = cmdesk("import", str(catalogue))
    assert applied.returncode == 0 and "已导入" in applied.stdout
    bad = cmdesk("import", str(key_file))
    assert bad.returncode == 1 and "不是 cmdesk 数据包" in bad.stderr


def test_a_demo_desks_full_export_opens_and_applies_elsewhere(ready, hq, tmp_path):
    from cmdesk.demo import generate_demo
    from cmdesk.exchange.records import ENTITIES
    from cmdesk.storage.desk import open_desk

    generate_demo(ready.db, clients=8, seed=4)
    result = export_changes(ready, tmp_path, full=True)
    package = _open_at_hq(result.path, hq, ready)
    assert package.manifest.counts == result.counts
    assert {"clients", "diary_entries", "file_history", "week_plans", "proposals"} <= set(package.entities)
    other = open_desk(tmp_path / "other", no_encryption=True)
    try:
        with other.db.transaction() as session:
            counts = apply_records(session, package.entities)
        assert counts["clients"] == 8
        with ready.db.session() as mine, other.db.session() as theirs:
            for entity in ("clients", "contacts", "diary_entries", "follow_ups", "week_plans"):
                model = ENTITIES[entity]
                ours = {r.id: record_to_dict(r) for r in mine.scalars(select(model))}
                copied = {r.id: record_to_dict(r) for r in theirs.scalars(select(model))}
                assert ours == copied, entity
    finally:
        other.close()
