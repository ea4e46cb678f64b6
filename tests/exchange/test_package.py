"""The package format: keys, build/open round trip, the manifest against its JSON Schema,
records in and out of their JSON form, and apply_records' conflict rule."""
from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cmdesk.exchange import keys as keymod
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import (
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    build_package,
    open_package,
    package_members,
    seal,
    unseal,
    zip_members,
)
from cmdesk.exchange.records import (
    ENTITIES,
    apply_records,
    dict_to_values,
    record_to_dict,
)
from cmdesk.exchange.schema import manifest_schema, schema_errors
from cmdesk.models import (
    Client,
    Contact,
    FileHistory,
    OutboxEntry,
    Product,
    ServiceStatus,
    ValueItem,
    new_id,
)


@pytest.fixture(scope="module")
def desk_keys():
    return keymod.generate_keys()


@pytest.fixture(scope="module")
def hq_keys():
    return keymod.generate_keys()


def _client(name: str = "杭州远景科技有限公司", **extra) -> dict:
    values = {"id": new_id(), "kind": "company", "name": name, "revision": 1,
              "created_at": "2026-11-02T08:00:00", "updated_at": "2026-11-02T08:00:00",
              "deleted_at": None, "annual_revenue": "1250000.50"}
    values.update(extra)
    return values


def _build(desk_keys, hq_keys, entities, **extra) -> bytes:
    fields = {"kind": "desk_export", "manager_id": "E100", "manager_name": "王芳", "desk_id": new_id(),
                  "sequence": 3, "follows": 2, "entities": entities, "attachments": {"周计划.pdf": b"%PDF-1.4 x"}}
    fields.update(extra)
    return build_package(signer=desk_keys, recipient=hq_keys.public, **fields)


def test_keys_save_load_and_public_key_file(tmp_path, desk_keys):
    folder = tmp_path / "keys"
    keymod.save_keys(desk_keys, folder)
    for name in (keymod.SIGNING_KEY_FILE, keymod.ENCRYPTION_KEY_FILE):
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600
    loaded = keymod.load_keys(folder)
    assert loaded.public == desk_keys.public
    fingerprint = desk_keys.public.fingerprint()
    assert len(fingerprint.split(" ")) == 8
    data = keymod.public_key_file(desk_keys.public, owner="总行")
    assert keymod.read_public_key_file(data) == desk_keys.public
    assert b"PRIVATE" not in data
    tampered = json.loads(data)
    tampered["fingerprint"] = "0000 " * 7 + "0000"
    with pytest.raises(keymod.KeyFileError, match="指纹"):
        keymod.read_public_key_file(json.dumps(tampered).encode())
    with pytest.raises(keymod.KeyFileError):
        keymod.read_public_key_file(b"not json")
    with pytest.raises(keymod.KeyFileError, match="找不到"):
        keymod.load_keys(tmp_path / "nowhere")


def test_round_trip_and_manifest_schema(desk_keys, hq_keys):
    client = _client()
    contact = {"id": new_id(), "client_id": client["id"], "name": "李总", "phone": "13800001111",
               "birthday": "1970-05-04", "is_primary": True, "revision": 2,
               "created_at": "2026-11-02T08:00:00", "updated_at": "2026-11-03T09:00:00",
               "deleted_at": None}
    data = _build(desk_keys, hq_keys, {"clients": [client], "contacts": [contact]})
    seen = []

    def signer_key(manifest):
        seen.append(manifest)
        return desk_keys.public

    package = open_package(data, hq_keys, signer_key)
    manifest = package.manifest
    assert seen == [manifest]
    assert (manifest.kind, manifest.sequence, manifest.follows) == ("desk_export", 3, 2)
    assert manifest.sender.manager_name == "王芳" and manifest.sender.public_keys == desk_keys.public
    assert manifest.counts == {"clients": 1, "contacts": 1}
    assert manifest.recipient.fingerprint == hq_keys.public.fingerprint()
    assert package.attachments == {"周计划.pdf": b"%PDF-1.4 x"}
    got = package.entities["clients"][0]
    assert got["annual_revenue"] == Decimal("1250000.50") and got["name"] == client["name"]
    assert got["created_at"] == datetime(2026, 11, 2, 8, 0)
    assert package.entities["contacts"][0]["birthday"] == date(1970, 5, 4)
    assert not schema_errors(manifest.to_json(), manifest_schema())
    assert set(manifest.members) == {"data/clients.jsonl", "data/contacts.jsonl",
                                     "attachments/周计划.pdf"}


def test_schema_validator_rejects_what_the_schema_forbids(desk_keys, hq_keys):
    members = package_members(kind="handover", manager_id="", manager_name="总行", desk_id="",
                              sequence=1, follows=None, entities={}, signer=hq_keys,
                              recipient=desk_keys.public)
    manifest = json.loads(members[MANIFEST])
    assert not schema_errors(manifest, manifest_schema())
    for change, path, named in (({"kind": "gift"}, "$.kind", "gift"),
                                ({"sequence": -1}, "$.sequence", "-1"),
                                ({"extra": 1}, "$", "'extra'"),
                                ({"package_id": "x"}, "$.package_id", "'x'"),
                                ({"members": {"../x": {"size": 1, "sha256": "0" * 64}}},
                                 "$.members", "'../x'")):
        broken = {**manifest, **change}
        problems = schema_errors(broken, manifest_schema())
        assert any(p.startswith(path + ":") and named in p for p in problems), problems
    missing = dict(manifest)
    del missing["sender"]
    assert any("sender" in p for p in schema_errors(missing, manifest_schema()))


def test_only_the_recipient_can_open(desk_keys, hq_keys):
    data = _build(desk_keys, hq_keys, {"clients": [_client()]})
    with pytest.raises(PackageError) as caught:
        open_package(data, desk_keys, lambda m: desk_keys.public)
    assert caught.value.code == "wrong_recipient"
    assert zip_members({}) not in data
    assert unseal(seal(b"abc", hq_keys.public), hq_keys) == b"abc"


def test_dict_to_values_names_entity_id_and_field():
    client = _client()
    for field, value, words in (("annual_revenue", "lots", "annual_revenue"),
                                ("name", "长" * 201, "超过 200"),
                                ("revision", "2", "整数"), ("created_at", "yesterday", "ISO"),
                                ("kind", None, "不能为空"), ("bogus", 1, "不认识")):
        with pytest.raises(PackageError) as caught:
            dict_to_values("clients", {**client, field: value})
        assert caught.value.code == "bad_record"
        assert "clients" in caught.value.message and client["id"] in caught.value.message
        assert words in caught.value.message
    with pytest.raises(PackageError, match="UUID"):
        dict_to_values("clients", {**client, "id": "1"})


def test_entities_are_in_parent_first_order():
    order = list(ENTITIES)
    assert order.index("clients") < order.index("contacts")
    assert order.index("products") < order.index("services")
    assert order.index("proposals") < order.index("proposal_versions") < order.index("proposal_lines")
    assert order.index("clients") < order.index("file_history")
    assert "outbox" not in order and "settings" not in order and "exchange_exports" not in order


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_apply_records_conflict_rule_and_no_change_log(db):
    with db.transaction() as session:
        client = Client(kind="company", name="宁波港湾物流")
        session.add(client)
        session.flush()
        session.add(Contact(client_id=client.id, name="张经理"))
    with db.session() as session:
        stored = session.get(Client, client.id)
        base = record_to_dict(stored)
        outbox_before = _count(session, OutboxEntry)
        history_before = _count(session, FileHistory)
    older = dict_to_values("clients", {**base, "name": "旧名", "revision": 0 + 1})
    newer = dict_to_values("clients", {**base, "name": "新名", "revision": 5})
    fresh = dict_to_values("clients", _client("全新客户"))
    line = dict_to_values("file_history", {"id": new_id(), "client_id": fresh["id"],
                                           "entity": "clients", "entity_id": fresh["id"],
                                           "action": "create", "summary": "全新客户",
                                           "actor": "王芳", "at": "2026-11-01T08:00:00",
                                           "seq": 7, "desk_id": new_id(), "prev_hash": "a" * 64,
                                           "row_hash": "b" * 64, "field": "",
                                           "old_value": None, "new_value": None})
    with db.transaction() as session:
        counts = apply_records(session, {"clients": [older, fresh], "file_history": [line]})
    assert counts == {"clients": 1, "file_history": 1}
    with db.transaction() as session:
        counts = apply_records(session, {"clients": [newer], "file_history": [line]})
    assert counts == {"clients": 1}
    with db.session() as session:
        assert session.get(Client, client.id).name == "新名"
        assert session.get(Client, client.id).revision == 5
        assert _count(session, OutboxEntry) == outbox_before
        assert _count(session, FileHistory) == history_before + 1
    tomb_same = dict_to_values("clients", {**base, "name": "新名", "revision": 5,
                                           "deleted_at": "2026-11-05T10:00:00"})
    stale = dict_to_values("clients", {**base, "name": "回退", "revision": 4})
    with db.transaction() as session:
        assert apply_records(session, {"clients": [stale]}) == {}
        assert apply_records(session, {"clients": [tomb_same]}) == {"clients": 1}
        assert apply_records(session, {"clients": [newer]}) == {}
    with db.session() as session:
        assert session.get(Client, client.id).deleted_at is not None


def test_apply_records_owner_check_and_product_mapping(db):
    with db.session() as session:
        product = session.scalars(select(Product).limit(1)).one()
        ours = (product.id, product.code)
    client = dict_to_values("clients", _client("温州瓯江贸易"))
    foreign_product = dict_to_values("products", {**record_to_dict(product), "id": new_id()})
    service = dict_to_values("services", {"id": new_id(), "client_id": client["id"],
                                          "product_id": foreign_product["id"], "adopted": True,
                                          "revision": 1, "created_at": "2026-11-01T08:00:00",
                                          "updated_at": "2026-11-01T08:00:00"})
    item = dict_to_values("value_items", {"id": new_id(), "client_id": client["id"], "year": 2026,
                                          "category": "direct", "amount": "100.00", "revision": 1,
                                          "created_at": "2026-11-01T08:00:00",
                                          "updated_at": "2026-11-01T08:00:00"})
    refused = []

    def owner_check(entity, values):
        if entity == "value_items":
            refused.append(values)
            return False
        return True

    with db.transaction() as session:
        counts = apply_records(
            session, {"clients": [client], "products": [foreign_product], "services": [service],
                      "value_items": [item]},
            owner_check=owner_check)
    assert counts == {"clients": 1, "services": 1}
    assert [r["id"] for r in refused] == [item["id"]]
    with db.session() as session:
        assert session.get(ServiceStatus, service["id"]).product_id == ours[0]
        assert session.get(ValueItem, item["id"]) is None


def test_apply_records_missing_parent_changes_nothing(db):
    orphan = dict_to_values("contacts", {"id": new_id(), "client_id": new_id(), "name": "无主",
                                         "revision": 1, "created_at": "2026-11-01T08:00:00",
                                         "updated_at": "2026-11-01T08:00:00"})
    fresh = dict_to_values("clients", _client("先写入的客户"))
    with pytest.raises(PackageError) as caught, db.transaction() as session:
        apply_records(session, {"clients": [fresh], "contacts": [orphan]})
    assert caught.value.code == "missing_parent"
    with db.session() as session:
        assert session.get(Client, fresh["id"]) is None


def test_format_version_constant():
    assert FORMAT_VERSION == 1 and SIGNATURE == "manifest.sig"
