"""Head office against what an adversarial run sent it: a number reused with other content
is kept and reported (nothing dropped), absurd numbers and a key signing for another
manager are refused by name, and no file of a batch — missing, hostile text, integers
out of range, over-long or malformed fields — stops the batch or escapes as a traceback.
Run on SQLite and on PostgreSQL."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from cmdesk.exchange import package as package_module
from cmdesk.exchange.desk import desk_keys
from cmdesk.exchange.package import (
    MANIFEST,
    SIGNATURE,
    package_members,
    seal,
    sign_manifest,
    zip_members,
)
from cmdesk.hq.cli import main
from cmdesk.hq.importer import CONFLICT, DUPLICATE, Importer
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.models import ImportRecord, KeptPackage
from cmdesk.hq.status import managers_status
from cmdesk.models import Client, DiaryEntry, ExchangeExport, new_id
from cmdesk.services.settings import desk_id
from tests.hq.conftest import export, make_desk

NOW = "2026-11-20T09:00:00"


def _client_line(**changes) -> dict:
    return {"id": new_id(), "kind": "company", "name": "台州模具", "revision": 1,
            "created_at": NOW, "updated_at": NOW, **changes}


def _package(desk, hq, raw: dict[str, list[dict]], *, sequence: int = 1,
             follows: int | None = None, manager_id: str = "W001", manager_name: str = "王芳",
             signer=None, escape: bool = True) -> bytes:
    """A desk package with these records written as they are (JSON with \\u escapes, so
    lone surrogates and NUL travel as an adversary would send them), signed by the desk."""
    keys = signer or desk_keys(desk)
    recipient = hq_keys(hq.keys_dir).public
    with desk.db.session() as session:
        this_desk = desk_id(session)
    members = package_members(
        kind="desk_export", manager_id=manager_id, manager_name=manager_name, desk_id=this_desk,
        sequence=sequence, follows=follows, entities={e: [{}] * len(r) for e, r in raw.items()},
        signer=keys, recipient=recipient)
    manifest = json.loads(members[MANIFEST])
    for entity, records in raw.items():
        data = "".join(json.dumps(r, ensure_ascii=escape) + "\n" for r in records).encode()
        members[f"data/{entity}.jsonl"] = data
        manifest["members"][f"data/{entity}.jsonl"] = {
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    signed = json.dumps(manifest, ensure_ascii=False).encode()
    members[MANIFEST], members[SIGNATURE] = signed, sign_manifest(signed, keys)
    return seal(zip_members(members), recipient)


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _clients(hq) -> set[str]:
    with hq.session() as session:
        return set(session.scalars(select(Client.name)))


def test_number_reused_with_other_content_is_kept_and_reported(hq, tmp_path):
    # GIVEN package 1 applied at head office
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    first = export(desk, tmp_path / "one")
    assert Importer(hq).import_paths([first]).applied == 1
    # WHEN a desk of an older cmdesk, restored from a backup, numbers new work 1 again
    with desk.db.transaction() as session:
        session.execute(delete(ExchangeExport))
    (desk.paths.root / "cmdesk.exports.json").unlink()
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="乙公司"))
    reused = export(desk, tmp_path / "two")
    # THEN head office keeps it unapplied, says so, exits non-zero; the same file again is
    # a duplicate, and the first package again is "already imported"
    summary = Importer(hq).import_paths([reused, reused, first])
    assert [o.result for o in summary.outcomes] == [CONFLICT, DUPLICATE, DUPLICATE]
    assert "编号被重复使用" in summary.outcomes[0].message
    assert summary.needs_attention and "编号冲突、保存待核对 1 个" in summary.describe()[0]
    assert "乙公司" not in _clients(hq)
    with hq.session() as session:
        kept = session.scalars(select(KeptPackage)).one()
        assert kept.sequence == 1 and kept.data == reused.read_bytes()
        assert session.scalar(select(func.count()).select_from(ImportRecord).where(
            ImportRecord.result == CONFLICT)) == 1
        assert "编号重复的第 1 号待核对" in managers_status(session)[0].describe()


@pytest.mark.parametrize(("sequence", "follows", "code"), [
    (2 ** 31 - 1, None, "bad_sequence"),   # far ahead of anything applied
    (2 ** 40, 2 ** 40 - 1, "bad_manifest"),  # beyond any column
    (5, 5, "bad_sequence"),                # follows itself
    (3, 7, "bad_sequence"),                # follows a later number
])
def test_absurd_sequence_numbers_are_refused(hq, tmp_path, sequence, follows, code):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    path = _write(tmp_path / "in", "odd.cmdx",
                  _package(desk, hq, {"clients": [_client_line()]}, sequence=sequence,
                           follows=follows))
    outcome = Importer(hq).import_paths([path]).outcomes[0]
    assert (outcome.result, outcome.code) == ("refused", code)
    assert _clients(hq) == set()


def test_key_enrolled_for_one_manager_cannot_sign_for_another(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    assert Importer(hq).import_paths([export(desk, tmp_path / "out")]).applied == 1
    forged = _write(tmp_path / "in", "forged.cmdx", _package(
        desk, hq, {"clients": [_client_line(name="冒名客户")]}, manager_id="L002",
        manager_name="李强"))
    outcome = Importer(hq).import_paths([forged]).outcomes[0]
    assert (outcome.result, outcome.code) == ("refused", "wrong_manager")
    assert "W001" in outcome.message and "冒名客户" not in _clients(hq)


def test_no_file_stops_the_batch(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    client = _client_line(name="好客户")
    entry = {"id": new_id(), "entry_date": "2026-11-20", "kind": "visit",
             "client_id": client["id"], "revision": 1, "created_at": NOW, "updated_at": NOW}
    hostile = {
        "surrogate": {"clients": [_client_line(name="坏\ud800")]},
        "nul": {"clients": [_client_line(name="坏\x00客户")]},
        "surrogate_key": {"clients": [{**_client_line(), "\udfff": 1}]},
        "revision_range": {"clients": [_client_line(revision=2 ** 40)]},
        "int_range": {"clients": [client], "diary_entries": [dict(entry, duration_minutes=2 ** 33)]},
        "long_name": {"clients": [_client_line(name="长" * 201)]},
        "long_text": {"clients": [client], "diary_entries": [dict(entry, content="长" * 20_001)]},
        "contacts_not_json": {"clients": [client], "diary_entries": [dict(entry, contacts_met="{")]},
        "contacts_not_people": {"clients": [client],
                                "diary_entries": [dict(entry, contacts_met='[1, "x"]')]},
        "contacts_object": {"clients": [client],
                            "diary_entries": [dict(entry, contacts_met='{"name": "陈总"}')]},
    }
    folder = tmp_path / "in"
    paths = [folder / "missing.cmdx", folder]
    paths += [_write(folder, f"{name}.cmdx", _package(desk, hq, raw))
              for name, raw in hostile.items()]
    good_entry = dict(entry, contacts_met=json.dumps([{"id": None, "name": "陈总",
                                                      "position": "财务总监"}]),
                      content="控制字符\x01\x1b也能保存")
    paths.append(_write(folder, "good.cmdx",
                        _package(desk, hq, {"clients": [client], "diary_entries": [good_entry]})))
    summary = Importer(hq).import_paths(paths)
    by_file = {o.file_name: o for o in summary.outcomes}
    assert by_file["missing.cmdx"].code == "unreadable"
    assert by_file["in"].code == "unreadable"
    for name in hostile:
        assert (by_file[f"{name}.cmdx"].result, by_file[f"{name}.cmdx"].code) == \
            ("refused", "bad_record"), name
    assert by_file["good.cmdx"].result == "applied"
    assert _clients(hq) == {"好客户"}
    with hq.session() as session:
        assert session.scalar(select(DiaryEntry.content)) == "控制字符\x01\x1b也能保存"
        assert session.scalar(select(func.count()).select_from(ImportRecord).where(
            ImportRecord.result == "refused")) == len(hostile) + 2


def test_cli_batch_with_hostile_file_names_prints_no_traceback(sqlite_hq, tmp_path, capsys):
    odd = tmp_path / "in" / "坏\udcff名字.cmdx"  # an undecodable byte in a file name
    odd.parent.mkdir()
    odd.write_bytes(b"CMDX" + b"\x00" * 10)
    code = main(["--data-dir", str(sqlite_hq.data_dir), "import", str(odd),
                 str(tmp_path / "in" / "gone.cmdx")])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    assert "拒绝 2 个" in out.out


def test_data_members_are_not_decompressed_before_the_signature_is_checked(
        hq, tmp_path, monkeypatch):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    assert Importer(hq).import_paths([export(desk, tmp_path / "out")]).applied == 1
    from cmdesk.exchange.keys import generate_keys

    stranger = _write(tmp_path / "in", "stranger.cmdx", _package(
        desk, hq, {"clients": [_client_line(name="长" * 100)] * 3000}, sequence=2, follows=1,
        signer=generate_keys()))
    read: list[str] = []
    original = package_module._read_member

    def spy(archive, info, size):
        read.append(info.filename)
        return original(archive, info, size)

    monkeypatch.setattr(package_module, "_read_member", spy)
    outcome = Importer(hq).import_paths([stranger]).outcomes[0]
    assert outcome.code == "rekeyed_desk"
    assert sorted(read) == [MANIFEST, SIGNATURE]


def test_each_export_names_its_audit_head_and_head_office_checks_continuity(hq, tmp_path):
    from cmdesk.storage.audit_anchor import ANCHOR_FILE, read_anchor
    from tests.test_audit_anchor import _rehash_from

    # GIVEN two packages in order: the manifest names the desk's chain head
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    first = export(desk, tmp_path / "one")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="乙公司"))
    anchor = read_anchor(desk.paths.root / ANCHOR_FILE)
    second = export(desk, tmp_path / "two")
    assert desk_package_audit(desk, hq, second) == anchor.to_json()
    summary = Importer(hq).import_paths([first, second])
    assert summary.applied == 2 and not summary.audit_breaks
    # WHEN the desk's chain is rewritten from its third line on and re-hashed
    _rehash_from(desk.db, 3)
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="丙公司"))
    third = export(desk, tmp_path / "three")
    # THEN head office applies the work, names the break and the run needs attention
    summary = Importer(hq).import_paths([third])
    outcome = summary.outcomes[0]
    assert outcome.result == "applied" and "丙公司" in _clients(hq)
    assert "审计链" in outcome.audit_problem and summary.needs_attention
    assert "审计链不连续 1 个" in summary.describe()[0]


def test_a_truncated_chain_is_named_at_head_office(hq, tmp_path):
    from tests.test_audit_anchor import _truncate

    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    for name in ("甲公司", "乙公司"):
        with desk.db.transaction("王芳") as session:
            session.add(Client(kind="company", name=name))
    first = export(desk, tmp_path / "one")
    assert Importer(hq).import_paths([first]).applied == 1
    _truncate(desk.db, 2)
    (desk.paths.root / "cmdesk.audit-anchor.json").unlink()  # the adversary removes it too
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="丙公司"))
    outcome = Importer(hq).import_paths([export(desk, tmp_path / "two")]).outcomes[0]
    assert outcome.result == "applied"
    assert outcome.audit_problem


def desk_package_audit(desk, hq, path: Path) -> dict:
    from cmdesk.exchange.package import open_package

    return open_package(path.read_bytes(), hq_keys(hq.keys_dir),
                        lambda manifest: desk_keys(desk).public).manifest.audit


def test_team_workbook_masks_by_default_and_an_unmasked_one_is_recorded(hq, tmp_path, capsys):
    from datetime import date

    from openpyxl import load_workbook

    from cmdesk.hq.models import HqEvent
    from cmdesk.models import PlanItem, WeekPlan
    from tests.helpers import make_id_number

    mobile, id_number = "13812345678", make_id_number("35020019900101123")
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        client = Client(kind="individual", name=f"陈先生{mobile}")
        plan = WeekPlan(week="2026-W48")
        session.add_all([client, plan])
        session.flush()
        session.add(PlanItem(plan_id=plan.id, client_id=client.id, purpose="maintain",
                             title=f"回访 {mobile}", expected_outcome=f"核对证件 {id_number}",
                             planned_date=date(2026, 11, 24)))
    assert Importer(hq).import_paths([export(desk, tmp_path / "out")]).applied == 1
    args = ["--data-dir", str(hq.data_dir)]
    if hq.engine.dialect.name == "postgresql":
        args += ["--db", hq.engine.url.render_as_string(hide_password=False)]
    masked, unmasked = tmp_path / "masked.xlsx", tmp_path / "unmasked.xlsx"
    assert main([*args, "report", "--week", "2026-W48", "-o", str(masked)]) == 0
    text = "".join(str(c.value) for row in load_workbook(masked).worksheets[1].iter_rows()
                   for c in row)
    assert mobile not in text and id_number not in text and "138****5678" in text
    assert main([*args, "report", "--week", "2026-W48", "-o", str(unmasked), "--unmasked"]) == 0
    assert "已记录" in capsys.readouterr().out
    text = "".join(str(c.value) for row in load_workbook(unmasked).worksheets[1].iter_rows()
                   for c in row)
    assert mobile in text and id_number in text
    with hq.session() as session:
        event = session.scalars(select(HqEvent)).one()
        assert event.action == "report_unmasked" and "2026-W48" in event.detail


def test_head_office_sqlite_file_is_owner_only(sqlite_hq):
    import stat

    database = sqlite_hq.data_dir / "hq.sqlite3"
    with sqlite_hq.transaction() as session:
        session.execute(select(1))
    for path in (database, *database.parent.glob("hq.sqlite3-*")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_database_failure_refuses_that_file_only_and_names_no_values(sqlite_hq, tmp_path,
                                                                        monkeypatch):
    from sqlalchemy.exc import DataError

    from cmdesk.hq import importer as importer_module

    desk = make_desk(tmp_path / "desk", sqlite_hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        session.add(Client(kind="company", name="甲公司"))
    first = export(desk, tmp_path / "one")
    real = importer_module.apply_records
    calls = []

    def failing_once(session, entities, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DataError("INSERT …", {"name": "陈先生13812345678"}, Exception("value too long"))
        return real(session, entities, **kwargs)

    monkeypatch.setattr(importer_module, "apply_records", failing_once)
    summary = Importer(sqlite_hq).import_paths([first, first])
    assert [(o.result, o.code) for o in summary.outcomes] == [("refused", "not_stored"),
                                                               ("applied", "")]
    assert "13812345678" not in summary.outcomes[0].message
