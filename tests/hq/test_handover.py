"""Handover (移交手续) end to end: two desks and one head office.

Manager A (王芳) and B (李明) both export; head office hands two of A's clients to B;
B's desk applies the handover package, A's desk the release. Nothing is lost on either
side, both client files' history shows the handover, A's copy is marked released
(read-only), and a later change from A to a client it no longer owns is stored at head
office as a conflict instead of being applied."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cmdesk.demo import generate_demo
from cmdesk.exchange.desk import import_package
from cmdesk.exchange.records import ENTITIES
from cmdesk.hq.importer import Importer
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.models import ClientOwner, Conflict
from cmdesk.hq.packages import client_files, handover_packages
from cmdesk.hq.status import managers_status
from cmdesk.models import Client, FileHistory
from tests.hq.conftest import export, make_desk, table_rows

# Columns a receiving desk legitimately sets itself: the audit chain of history lines
# it re-seals into its own chain.
RESEALED = ("seq", "desk_id", "prev_hash", "row_hash")


def _status(hq):
    """Each manager's status, read in a session that is closed again."""
    with hq.session() as session:
        return managers_status(session)


def _comparable(entity: str, row: dict, product_codes: dict[str, str]) -> dict:
    """A row as compared across databases: products by code (each desk has its own
    product ids and maps incoming ones by code), history without the chain columns."""
    if entity == "file_history":
        return {key: value for key, value in row.items() if key not in RESEALED}
    return {key: product_codes.get(value, value) if key == "product_id" else value
            for key, value in row.items()}


def _product_codes(engine) -> dict[str, str]:
    return {row_id: row["code"] for row_id, row in table_rows(engine, "products").items()}


def test_handover_across_two_desks_and_head_office(hq, tmp_path):
    giver = make_desk(tmp_path / "a", hq, "王芳", "W001")
    taker = make_desk(tmp_path / "b", hq, "李明", "L002")
    generate_demo(giver.db, clients=8, seed=11, today=date(2026, 11, 20))
    with taker.db.transaction("李明") as session:
        session.add(Client(kind="company", name="丙公司"))
    importer = Importer(hq)
    assert importer.import_paths([export(giver, tmp_path / "out"),
                                  export(taker, tmp_path / "out")]).applied == 2

    with hq.session() as session:
        chosen = list(session.scalars(select(ClientOwner.client_id).where(
            ClientOwner.manager_id == "W001").order_by(ClientOwner.client_id).limit(2)))
        at_head_office = client_files(session, set(chosen), set(chosen))
    assert at_head_office.get("diary_entries"), "the demo gives these clients a diary"
    with hq.transaction() as session:
        done = handover_packages(session, hq_keys(hq.keys_dir), "王芳", "李明", chosen,
                                 tmp_path / "handover.cmdx", tmp_path / "release.cmdx")
    assert done.clients == 2
    assert done.to_successor.kind == "handover" and done.to_predecessor.kind == "release"

    assert import_package(taker, tmp_path / "handover.cmdx", backup=False).result == "applied"
    assert import_package(giver, tmp_path / "release.cmdx", backup=False).result == "applied"

    # nothing lost: every record of the two files is on B's desk, as head office had it
    hq_codes, taker_codes = _product_codes(hq.engine), _product_codes(taker.db.engine)
    for entity, rows in at_head_office.items():
        if entity == "products":
            continue
        on_taker = table_rows(taker.db.engine, entity, {row["id"] for row in rows})
        assert set(on_taker) == {row["id"] for row in rows}, entity
        if entity == "clients":
            continue  # B's desk writes its manager's name into the file it now keeps
        for row in rows:
            assert (_comparable(entity, on_taker[row["id"]], taker_codes)
                    == _comparable(entity, row, hq_codes)), entity
    # … and still on A's desk, whose copy is released to B
    for entity in ENTITIES:
        if entity in at_head_office and entity != "products":
            ids = {row["id"] for row in at_head_office[entity]}
            assert set(table_rows(giver.db.engine, entity, ids)) == ids, entity
    with giver.db.session() as session:
        for client in session.scalars(select(Client).where(Client.id.in_(chosen))):
            assert client.released_at is not None and client.released_to == "李明"
    # both client files' history shows the handover
    for desk in (giver, taker):
        with desk.db.session() as session:
            lines = set(session.scalars(select(FileHistory.client_id).where(
                FileHistory.action == "handover", FileHistory.client_id.in_(chosen))))
        assert lines == set(chosen)
    with hq.session() as session:
        owners = dict(session.execute(select(ClientOwner.client_id, ClientOwner.manager_id)
                                      .where(ClientOwner.client_id.in_(chosen))).all())
        assert owners == {client_id: "L002" for client_id in chosen}

    # afterwards: B's changes apply at head office; A's change to a client it no longer
    # owns is kept as a conflict, not applied
    with taker.db.transaction("李明") as session:
        session.get(Client, chosen[0]).notes = "李明接手后的备注"
    with giver.db.transaction("王芳") as session:
        session.get(Client, chosen[1]).notes = "王芳移交后仍在改"
    summary = importer.import_paths([export(giver, tmp_path / "out2"),
                                     export(taker, tmp_path / "out2")])
    assert summary.applied == 2 and summary.conflicts == 1
    with hq.session() as session:
        assert session.get(Client, chosen[0]).notes == "李明接手后的备注"
        assert session.get(Client, chosen[1]).notes != "王芳移交后仍在改"
        conflict = session.scalar(select(Conflict))
        assert (conflict.manager_id, conflict.owner_id, conflict.client_id) == ("W001", "L002", chosen[1])
        assert "王芳移交后仍在改" in conflict.record
    by_manager = {status.manager_id: status for status in _status(hq)}
    assert by_manager["W001"].conflicts == 1 and by_manager["L002"].conflicts == 0
    assert by_manager["L002"].clients == 3
    giver.close()
    taker.close()
