"""Head office imports desk packages: round trip, any order, duplicates, held packages,
pinned keys, and the property that head office ends equal to the desk whatever the order."""
from __future__ import annotations

import random
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cmdesk.demo import generate_demo
from cmdesk.exchange.desk import desk_keys
from cmdesk.exchange.keys import generate_keys, save_keys
from cmdesk.hq.importer import Importer, re_enrol
from cmdesk.hq.models import (
    ClientOwner,
    DeskKey,
    HeldPackage,
    ImportRecord,
    Manager,
    Origin,
)
from cmdesk.hq.status import managers_status
from cmdesk.models import Client, Contact, DiaryEntry, FileHistory
from tests.hq.conftest import (
    PG_ENV,
    assert_hq_matches_desk,
    export,
    make_desk,
    open_head_office,
    postgresql_url,
)


def _status(hq):
    """Each manager's status, read in a session that is closed again."""
    with hq.session() as session:
        return managers_status(session)


def _import(hq, *paths: Path):
    return Importer(hq).import_paths(list(paths))


def _travelling_rows(hq) -> int:
    with hq.session() as session:
        return (session.scalar(select(func.count()).select_from(Client))
                + session.scalar(select(func.count()).select_from(DiaryEntry))
                + session.scalar(select(func.count()).select_from(FileHistory)))


def test_demo_desk_round_trip_is_equal_record_by_record(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    generate_demo(desk.db, clients=25, seed=7, today=date(2026, 11, 20))
    first = export(desk, tmp_path / "out")
    summary = _import(hq, first)
    assert summary.applied == 1 and summary.refused == 0
    assert summary.rows()["clients"] == 25
    assert assert_hq_matches_desk(desk, hq) > 1000
    with hq.session() as session:
        assert session.scalar(select(func.count()).select_from(ClientOwner)
                              .where(ClientOwner.manager_id == "W001")) == 25
        assert session.get(Manager, "W001").name == "王芳"
        pin = session.scalar(select(DeskKey).where(DeskKey.manager_id == "W001"))
        assert pin.fingerprint == desk_keys(desk).public.fingerprint()
        assert session.scalar(select(func.count()).select_from(Origin)
                              .where(Origin.entity == "diary_entries")) > 0
    desk.close()


def test_same_package_twice_changes_nothing_and_says_so(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    generate_demo(desk.db, clients=3, seed=2, diary=False)
    package = export(desk, tmp_path / "out")
    _import(hq, package)
    before = _travelling_rows(hq)
    again = _import(hq, package)
    assert again.duplicates == 1 and again.applied == 0
    assert "已导入过，没有任何改动" in again.outcomes[0].message
    assert _travelling_rows(hq) == before
    desk.close()


def test_out_of_order_package_is_held_then_applied_when_the_gap_closes(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    first = export(desk, tmp_path / "out")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="乙公司"))
    second = export(desk, tmp_path / "out")
    with desk.db.transaction("王芳") as session:
        client = session.scalar(select(Client).where(Client.name == "甲公司"))
        client.notes = "第三个包改的"
    third = export(desk, tmp_path / "out")

    held = _import(hq, third)
    assert held.held == 1
    assert "等待 王芳 的第 1、2 号数据包" in held.outcomes[0].message
    status = _status(hq)
    assert status[0].held == [3] and status[0].missing == [1, 2]
    _import(hq, second)
    assert [s.missing for s in _status(hq)] == [[1]]
    closing = _import(hq, first)
    assert closing.applied == 3
    assert [outcome.sequence for outcome in closing.outcomes] == [1, 2, 3]
    with hq.session() as session:
        assert session.scalar(select(func.count()).select_from(HeldPackage)) == 0
    assert_hq_matches_desk(desk, hq)
    desk.close()


def test_package_signed_by_another_key_is_refused_until_re_enrolled(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    _import(hq, export(desk, tmp_path / "out"))
    save_keys(generate_keys(), desk.paths.exchange_keys)  # a new laptop, a new key
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="乙公司"))
    rekeyed = export(desk, tmp_path / "out")
    before = _travelling_rows(hq)
    refused = _import(hq, rekeyed)
    assert refused.refused == 1
    assert refused.outcomes[0].code == "rekeyed_desk"
    assert "另一把密钥" in refused.outcomes[0].message and "re-enrol" in refused.outcomes[0].message
    assert _travelling_rows(hq) == before
    with hq.session() as session:
        assert session.scalar(select(ImportRecord.result).order_by(ImportRecord.id.desc())) == "refused"
    with hq.transaction() as session:
        re_enrol(session, "王芳")
    assert _import(hq, rekeyed).applied == 1
    assert_hq_matches_desk(desk, hq)
    desk.close()


def test_damaged_package_is_refused_with_nothing_changed(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    generate_demo(desk.db, clients=2, seed=4, diary=False)
    package = export(desk, tmp_path / "out")
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    broken = tmp_path / "broken.cmdx"
    broken.write_bytes(bytes(data))
    summary = _import(hq, broken)
    assert summary.refused == 1 and summary.outcomes[0].code == "decrypt_failed"
    assert _travelling_rows(hq) == 0
    with hq.session() as session:
        assert session.scalar(select(func.count()).select_from(Manager)) == 0
    desk.close()


# ---- property: any order, any repetition, head office ends equal to the desk ---------------

OPERATIONS = st.lists(st.sampled_from(["new_client", "edit_client", "delete_client", "new_contact",
                                       "edit_contact", "delete_contact", "export"]),
                      min_size=1, max_size=14)


def _apply_operation(desk, operation: str, rng: random.Random, counter: list[int]) -> None:
    counter[0] += 1
    with desk.db.transaction("王芳") as session:
        clients = list(session.scalars(select(Client).where(Client.deleted_at.is_(None))
                                       .order_by(Client.created_at, Client.id)))
        contacts = list(session.scalars(select(Contact).where(Contact.deleted_at.is_(None))
                                        .order_by(Contact.created_at, Contact.id)))
        if operation == "new_client" or (not clients and operation != "export"):
            session.add(Client(kind="company", name=f"客户{counter[0]}"))
        elif operation == "edit_client":
            rng.choice(clients).notes = f"备注 {counter[0]}"
        elif operation == "delete_client":
            victim = rng.choice(clients)
            victim.deleted_at = victim.updated_at
        elif operation == "new_contact":
            session.add(Contact(client_id=rng.choice(clients).id, name=f"联系人{counter[0]}"))
        elif operation == "edit_contact" and contacts:
            rng.choice(contacts).position = f"职务{counter[0]}"
        elif operation == "delete_contact" and contacts:
            victim = rng.choice(contacts)
            victim.deleted_at = victim.updated_at


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(operations=OPERATIONS, seed=st.integers(0, 10_000))
def test_head_office_ends_equal_to_the_desk_in_any_order(operations, seed):
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="cmdesk-hq-property-"))
    try:
        in_order = open_head_office(folder / "hq1", "sqlite")
        shuffled = open_head_office(folder / "hq2", "sqlite")
        shutil.copytree(in_order.keys_dir, shuffled.keys_dir, dirs_exist_ok=True)
        desk = make_desk(folder / "desk", in_order, "王芳", "W001")
        packages, counter = [], [0]
        for operation in operations + ["export"]:
            if operation == "export":
                packages.append(export(desk, folder / "out"))
            else:
                _apply_operation(desk, operation, rng, counter)
        packages.append(export(desk, folder / "out"))
        assert _import(in_order, *packages).refused == 0
        assert_hq_matches_desk(desk, in_order)
        pile = packages + rng.sample(packages, k=min(3, len(packages)))
        rng.shuffle(pile)
        summary = _import(shuffled, *pile)
        assert summary.refused == 0 and summary.applied == len(packages)
        assert_hq_matches_desk(desk, shuffled)
        desk.close()
        in_order.close()
        shuffled.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("full_last", [False, True])
def test_full_snapshot_closes_any_gap(sqlite_hq, tmp_path, full_last):
    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    export(desk, tmp_path / "lost")  # package 1 never reaches head office
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="乙公司"))
    package = export(desk, tmp_path / "out", full=full_last)
    summary = _import(sqlite_hq, package)
    if full_last:
        assert summary.applied == 1
        assert_hq_matches_desk(desk, sqlite_hq)
    else:
        assert summary.held == 1 and "等待 王芳 的第 1 号数据包" in summary.outcomes[0].message
        with desk.db.transaction("王芳") as session:
            session.add(Client(kind="company", name="丙公司"))
        snapshot = _import(sqlite_hq, export(desk, tmp_path / "out", full=True))
        assert [outcome.result for outcome in snapshot.outcomes] == ["applied", "duplicate"]
        assert "已含在更新的全量数据包中" in snapshot.outcomes[1].message
        assert_hq_matches_desk(desk, sqlite_hq)
        assert _status(sqlite_hq)[0].held == []
    desk.close()


def test_postgresql_tests_fail_rather_than_skip_in_ci(monkeypatch):
    monkeypatch.delenv(PG_ENV, raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        postgresql_url()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        postgresql_url()
