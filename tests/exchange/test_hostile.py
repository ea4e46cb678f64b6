"""Hostile packages: each is refused at the desk with its own code and message, and no
row of the desk's data changes. And nothing leaves the laptop in clear text."""
from __future__ import annotations

import io
import json
import random
import stat
import tempfile
import zipfile

import pytest
from sqlalchemy import func, select

from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import (
    desk_keys,
    export_changes,
    import_package,
    install_hq_key,
)
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import (
    MANIFEST,
    SIGNATURE,
    Limits,
    open_package,
    package_members,
    seal,
    sign_manifest,
    zip_members,
)
from cmdesk.exchange.records import ENTITIES, HISTORY
from cmdesk.models import Client, Contact, ExchangeImport, new_id

NOW = "2026-11-20T09:00:00"


@pytest.fixture(scope="module")
def hq():
    return keymod.generate_keys()


@pytest.fixture
def ready(desk, hq):
    install_hq_key(desk, keymod.public_key_file(hq.public))
    return desk


def _handover_entities() -> dict:
    client = {"id": new_id(), "kind": "company", "name": "台州模具", "revision": 1,
              "created_at": NOW, "updated_at": NOW}
    contact = {"id": new_id(), "client_id": client["id"], "name": "林总", "revision": 1,
               "created_at": NOW, "updated_at": NOW}
    return {"clients": [client], "contacts": [contact]}


def _members(hq, desk, **changes) -> dict[str, bytes]:
    fields = {"kind": "handover", "manager_id": "", "manager_name": "总行", "desk_id": "", "sequence": 1,
                  "follows": None, "entities": _handover_entities(),
                  "attachments": {"说明.txt": "移交说明".encode()}, "signer": hq,
                  "recipient": desk_keys(desk).public}
    fields.update(changes)
    return package_members(**fields)


def _resign(contents: dict[str, bytes], signer, **manifest_changes) -> dict[str, bytes]:
    manifest = json.loads(contents[MANIFEST])
    manifest.update(manifest_changes)
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    return {**contents, MANIFEST: raw, SIGNATURE: sign_manifest(raw, signer)}


def _zip_raw(entries: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _snapshot(db) -> dict[str, tuple]:
    """Row count and revision total of every data table (the audit trail and the import
    ledger grow by the refusal's own record, so they are counted apart)."""
    found = {}
    with db.session() as session:
        for entity, model in ENTITIES.items():
            if entity == HISTORY:
                continue
            table = model.__table__
            found[entity] = tuple(session.execute(
                select(func.count(), func.coalesce(func.sum(table.c.revision), 0))).one())
    return found


def _refused(desk, tmp_path, data: bytes, code: str) -> str:
    before = _snapshot(desk.db)
    path = tmp_path / f"hostile-{random.random()}.cmdx"
    path.write_bytes(data)
    with pytest.raises(PackageError) as caught:
        import_package(desk, path)
    assert caught.value.code == code, caught.value.message
    assert _snapshot(desk.db) == before
    with desk.db.session() as session:
        last = session.scalars(select(ExchangeImport).order_by(ExchangeImport.id.desc())).first()
    assert last.result == "refused" and last.message == caught.value.message
    return caught.value.message


def _flip_digit(raw: bytes) -> bytes:
    """Change one digit inside the manifest so it stays valid JSON."""
    text = raw.decode()
    index = text.index('"sequence": ') + len('"sequence": ')
    return (text[:index] + str((int(text[index]) + 1) % 10) + text[index + 1:]).encode()


def test_flipped_byte_in_each_member(ready, hq, tmp_path):
    members = _members(hq, ready)
    expected = {MANIFEST: "bad_signature", SIGNATURE: "bad_signature"}
    messages = {}
    for name in members:
        changed = dict(members)
        if name == MANIFEST:
            changed[name] = _flip_digit(members[name])
        else:
            data = bytearray(members[name])
            data[len(data) // 2] ^= 0x01
            changed[name] = bytes(data)
        data = seal(zip_members(changed), desk_keys(ready).public)
        messages[name] = _refused(ready, tmp_path, data, expected.get(name, "member_hash"))
    assert "data/contacts.jsonl" in messages["data/contacts.jsonl"]
    assert "说明.txt" in messages["attachments/说明.txt"]


def test_flipped_bytes_and_truncation_of_the_file(ready, hq, tmp_path):
    sealed = seal(zip_members(_members(hq, ready)), desk_keys(ready).public)
    expectations = {0: "not_a_package", 4: "format_version", 6: "wrong_recipient",
                    30: "decrypt_failed", 60: "decrypt_failed", len(sealed) - 1: "decrypt_failed",
                    len(sealed) // 2: "decrypt_failed"}
    for offset, code in expectations.items():
        data = bytearray(sealed)
        data[offset] ^= 0x40
        _refused(ready, tmp_path, bytes(data), code)
    rng = random.Random(6)
    for cut in [0, 3, 40, 80] + [rng.randrange(81, len(sealed)) for _ in range(6)]:
        code = "not_a_package" if cut < 81 else "decrypt_failed"
        _refused(ready, tmp_path, sealed[:cut], code)


def test_wrong_signature_unknown_and_rekeyed_sender(ready, hq, tmp_path):
    impostor = keymod.generate_keys()
    members = _members(hq, ready)
    forged = {**members, SIGNATURE: sign_manifest(members[MANIFEST], impostor)}
    message = _refused(ready, tmp_path, seal(zip_members(forged), desk_keys(ready).public),
                       "bad_signature")
    assert "签名无效" in message
    rekeyed = _members(impostor, ready)
    message = _refused(ready, tmp_path, seal(zip_members(rekeyed), desk_keys(ready).public),
                       "signer_changed")
    assert "另一把密钥" in message
    package = seal(zip_members(members), desk_keys(ready).public)
    with pytest.raises(PackageError) as caught:
        open_package(package, desk_keys(ready), lambda manifest: None)
    assert caught.value.code == "unknown_signer"


def test_future_versions(ready, hq, tmp_path):
    members = _members(hq, ready)
    future = _resign(members, hq, format_version=2, new_field={"x": 1})
    assert "升级" in _refused(ready, tmp_path, seal(zip_members(future), desk_keys(ready).public),
                              "format_version")
    newer_schema = _resign(members, hq, schema_version="0099")
    _refused(ready, tmp_path, seal(zip_members(newer_schema), desk_keys(ready).public),
             "schema_version")


def test_unsafe_names_links_duplicates_and_count(ready, hq, tmp_path):
    members = _members(hq, ready)
    public = desk_keys(ready).public
    regular = stat.S_IFREG | 0o600
    base = [(name, data, regular) for name, data in members.items()]
    for name in ("../x", "/x", "data/../../etc/passwd", "C:/x", "data/unknown_table.jsonl"):
        message = _refused(ready, tmp_path, seal(_zip_raw(base + [(name, b"x", regular)]), public),
                           "unsafe_name")
        assert name in message
    link = [("attachments/link", b"/etc/passwd", stat.S_IFLNK | 0o777)]
    _refused(ready, tmp_path, seal(_zip_raw(base + link), public), "link_member")
    with pytest.warns(UserWarning):
        duplicate = _zip_raw(base + [("data/clients.jsonl", members["data/clients.jsonl"], regular)])
    _refused(ready, tmp_path, seal(duplicate, public), "duplicate_member")
    many = base + [(f"attachments/a{i}.txt", b"x", regular) for i in range(300)]
    _refused(ready, tmp_path, seal(_zip_raw(many), public), "too_many_members")


def test_compression_bomb_and_size_limits(ready, hq, tmp_path):
    members = _members(hq, ready)
    public = desk_keys(ready).public
    regular = stat.S_IFREG | 0o600
    bomb = [(name, data, regular) for name, data in members.items()]
    bomb.append(("attachments/zeros.bin", b"\0" * (64 * 1024 * 1024), regular))
    packed = seal(_zip_raw(bomb), public)
    assert len(packed) < 1024 * 1024
    _refused(ready, tmp_path, packed, "compression_ratio")
    small = seal(zip_members(members), public)
    with pytest.raises(PackageError) as caught:
        open_package(small, desk_keys(ready), lambda m: hq.public, Limits(package_bytes=100))
    assert caught.value.code == "too_large"


def test_manifest_that_lies_about_sizes_or_counts(ready, hq, tmp_path):
    members = _members(hq, ready)
    public = desk_keys(ready).public
    manifest = json.loads(members[MANIFEST])
    lying = dict(manifest["members"])
    lying["data/clients.jsonl"] = {**lying["data/clients.jsonl"],
                                   "size": lying["data/clients.jsonl"]["size"] + 10}
    message = _refused(ready, tmp_path, seal(zip_members(_resign(members, hq, members=lying)), public),
                       "member_size")
    assert "clients" in message
    missing = {k: v for k, v in manifest["members"].items() if k != "data/contacts.jsonl"}
    _refused(ready, tmp_path, seal(zip_members(_resign(members, hq, members=missing)), public),
             "missing_member")
    counts = _resign(members, hq, counts={"clients": 5, "contacts": 1})
    _refused(ready, tmp_path, seal(zip_members(counts), public), "counts")
    bad = _members(hq, ready, entities={"clients": [{"id": new_id(), "kind": "company",
                                                     "name": "x", "revision": "abc"}]})
    assert "revision" in _refused(ready, tmp_path, seal(zip_members(bad), public), "bad_record")


def _canary() -> tuple[str, str]:
    rng = random.Random()
    id_number = "3301" + "".join(str(rng.randrange(10)) for _ in range(13)) + "X"
    mobile = "139" + "".join(str(rng.randrange(10)) for _ in range(8))
    return id_number, mobile


def test_nothing_in_clear_text(ready, tmp_path, monkeypatch):
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    monkeypatch.setenv("TMPDIR", str(private_temp))
    id_number, mobile = _canary()
    with ready.db.transaction("测试经理") as session:
        client = Client(kind="individual", name="金丽华", id_number=id_number,
                        notes=f"手机 {mobile}")
        session.add(client)
        session.flush()
        session.add(Contact(client_id=client.id, name="金丽华", phone=mobile))
    out = tmp_path / "usb"
    out.mkdir()
    export_changes(ready, out)
    export_changes(ready, out, full=True)
    needles = [value.encode(encoding) for value in (id_number, mobile)
               for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gbk")]
    scanned = 0
    for folder in (out, private_temp):
        for path in folder.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                scanned += 1
                for needle in needles:
                    assert needle not in content, f"{needle!r} found in {path}"
    assert scanned >= 2
    assert [p.suffix for p in out.iterdir()] == [".cmdx", ".cmdx"]
