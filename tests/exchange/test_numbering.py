"""Package numbers at the desk: a restored backup never makes the desk reuse a number,
a failed write gives its number back, a damaged counter stops the export; and an older
catalogue or targets package after a newer one is refused by name."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from cmdesk.errors import CmdeskError
from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import export_changes, import_package, install_hq_key
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.numbering import Numbers, counter_path, read_numbers
from cmdesk.exchange.records import record_to_dict
from cmdesk.models import Client, Product, TaskBook, new_id
from cmdesk.storage.backup import make_backup
from cmdesk.storage.desk import open_desk
from cmdesk.storage.recovery import restore_backup
from tests.exchange.test_desk_exchange import _hq_package, _open_at_hq


@pytest.fixture(scope="module")
def hq():
    return keymod.generate_keys()


@pytest.fixture
def ready(desk, hq):
    install_hq_key(desk, keymod.public_key_file(hq.public, owner="总行"))
    return desk


def _add_client(desk, name: str) -> str:
    with desk.db.transaction("测试经理") as session:
        client = Client(kind="company", name=name)
        session.add(client)
        session.flush()
        return client.id


def test_restored_backup_never_reuses_a_package_number(ready, hq, data_dir, tmp_path):
    # GIVEN a backup made after package 1, then packages 2 and 3 sent to head office
    _add_client(ready, "甲公司")
    assert export_changes(ready, tmp_path / "1.cmdx").sequence == 1
    backup = make_backup(ready, "manual").path
    for number in (2, 3):
        _add_client(ready, f"乙公司{number}")
        assert export_changes(ready, tmp_path / f"{number}.cmdx").sequence == number
    ready.close()
    # WHEN the backup is restored (its ledger ends at package 1) and the desk exports again
    restore_backup(data_dir, backup)
    desk = open_desk(data_dir)
    try:
        new_client = _add_client(desk, "丙公司")
        result = export_changes(desk, tmp_path / "next.cmdx")
        # THEN the package takes a number head office has never seen, after the last one sent
        manifest = _open_at_hq(result.path, hq, desk).manifest
        assert (manifest.sequence, manifest.follows) == (4, 3)
        assert new_client in {c["id"] for c in _open_at_hq(result.path, hq, desk).entities["clients"]}
        assert read_numbers(data_dir) == Numbers(given=4, written=4)
    finally:
        desk.close()


def test_failed_write_gives_its_number_back(ready, tmp_path):
    _add_client(ready, "甲公司")
    with pytest.raises(CmdeskError):
        export_changes(ready, tmp_path / "missing-folder" / "x.cmdx")
    assert read_numbers(ready.paths.root).given == 0
    assert export_changes(ready, tmp_path / "1.cmdx").sequence == 1


def test_a_number_lost_to_a_crash_is_skipped_and_the_next_follows_the_last_written(
        ready, hq, tmp_path):
    _add_client(ready, "甲公司")
    export_changes(ready, tmp_path / "1.cmdx")
    # a crash after number 2 was reserved and before its file was written
    counter_path(ready.paths.root).write_text('{"given": 2, "written": 1}', encoding="utf-8")
    result = export_changes(ready, tmp_path / "next.cmdx")
    manifest = _open_at_hq(result.path, hq, ready).manifest
    assert (manifest.sequence, manifest.follows) == (3, 1)


def test_damaged_counter_stops_the_export_rather_than_guess(ready, tmp_path):
    _add_client(ready, "甲公司")
    counter_path(ready.paths.root).write_text("{garbled", encoding="utf-8")
    with pytest.raises(CmdeskError, match="编号文件"):
        export_changes(ready, tmp_path / "1.cmdx")
    assert not (tmp_path / "1.cmdx").exists()


def test_older_catalogue_after_a_newer_one_is_refused(ready, hq, tmp_path):
    with ready.db.session() as session:
        product = record_to_dict(session.scalars(select(Product)).first())
    newer = dict(product, id=new_id(), name="第二版名称", revision=2)
    older = dict(product, id=new_id(), name="第一版名称", revision=1)
    import_package(ready, _hq_package(hq, ready, "catalogue", {"products": [newer]}, sequence=2,
                                      tmp_path=tmp_path, name="c2.cmdx"))
    with pytest.raises(PackageError) as refused:
        import_package(ready, _hq_package(hq, ready, "catalogue", {"products": [older]},
                                          sequence=1, tmp_path=tmp_path, name="c1.cmdx"))
    assert refused.value.code == "older_issue" and "较早的产品目录" in refused.value.message
    with ready.db.session() as session:
        assert session.scalar(select(Product.name).where(Product.code == product["code"],
                                                         Product.active.is_(True))) == "第二版名称"


def test_older_targets_after_newer_ones_are_refused(ready, hq, tmp_path):
    book_id = new_id()

    def targets(created_at: str, target: str, sequence: int):
        book = {"id": book_id, "year": 2027, "source": "head_office", "issued_by": "总行",
                "revision": sequence, "created_at": created_at, "updated_at": created_at}
        indicator = {"id": new_id(), "book_id": book_id, "key": "new_clients", "name": "新增客户",
                     "target": target, "computed": True, "revision": 1,
                     "created_at": created_at, "updated_at": created_at}
        return _hq_package(hq, ready, "targets", {"task_books": [book],
                                                   "task_indicators": [indicator]},
                           sequence=sequence, tmp_path=tmp_path, name=f"t{sequence}.cmdx")

    newer, older = targets("2026-12-01T09:00:00", "40.00", 2), targets("2026-11-01T09:00:00", "30.00", 1)
    import_package(ready, newer)
    with pytest.raises(PackageError) as refused:
        import_package(ready, older)
    assert refused.value.code == "older_issue" and "2027 年任务指标" in refused.value.message
    with ready.db.session() as session:
        assert session.get(TaskBook, book_id).revision == 2
