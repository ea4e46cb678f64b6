"""The record rules hold at the desk as at head office: a handover whose diary carries a
malformed contacts list, an integer out of its column's range, NUL or a lone surrogate
is refused naming the field, and the desk's diary still lists after a good handover."""
from __future__ import annotations

import json

import pytest

from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import desk_keys, import_package, install_hq_key
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import (
    MANIFEST,
    SIGNATURE,
    package_members,
    seal,
    sign_manifest,
    zip_members,
)
from cmdesk.models import new_id
from cmdesk.services.diary import entries_between

NOW = "2026-11-20T09:00:00"


@pytest.fixture(scope="module")
def hq():
    return keymod.generate_keys()


@pytest.fixture
def ready(desk, hq):
    install_hq_key(desk, keymod.public_key_file(hq.public, owner="总行"))
    return desk


def _handover(desk, hq, tmp_path, entry_changes: dict, content_escape: str | None = None):
    """A handover of one client and one diary entry; `content_escape` is written as the
    entry's content exactly as given (a JSON escape such as \\u0000)."""
    client = {"id": new_id(), "kind": "company", "name": "台州模具", "revision": 1,
              "created_at": NOW, "updated_at": NOW}
    entry = {"id": new_id(), "entry_date": "2026-11-20", "kind": "visit",
             "client_id": client["id"], "revision": 1, "created_at": NOW, "updated_at": NOW,
             **entry_changes}
    raw = None if content_escape is None else json.dumps(entry).replace(
        '"kind": "visit"', f'"kind": "visit", "content": "坏{content_escape}"')
    members = package_members(kind="handover", manager_id="", manager_name="总行", desk_id="",
                              sequence=1, follows=None,
                              entities={"clients": [client], "diary_entries": [entry]},
                              signer=hq, recipient=desk_keys(desk).public)
    if raw is not None:
        import hashlib

        data = (raw + "\n").encode()
        manifest = json.loads(members[MANIFEST])
        members["data/diary_entries.jsonl"] = data
        manifest["members"]["data/diary_entries.jsonl"] = {
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        members[MANIFEST] = json.dumps(manifest).encode()
        members[SIGNATURE] = sign_manifest(members[MANIFEST], hq)
    path = tmp_path / f"{new_id()}.cmdx"
    path.write_bytes(seal(zip_members(members), desk_keys(desk).public))
    return path, entry


@pytest.mark.parametrize("changes,field", [
    ({"contacts_met": "{"}, "contacts_met"),
    ({"contacts_met": '{"name": "陈总"}'}, "contacts_met"),
    ({"contacts_met": json.dumps([{"name": 5}])}, "contacts_met"),
    ({"contacts_met": json.dumps([{"name": "陈总"}] * 51)}, "contacts_met"),
    ({"duration_minutes": 2 ** 31}, "duration_minutes"),
    ({"content": "长" * 20_001}, "content"),
])
def test_bad_fields_in_a_handover_are_refused_naming_them(ready, hq, tmp_path, changes, field):
    path, _entry = _handover(ready, hq, tmp_path, changes)
    with pytest.raises(PackageError) as refused:
        import_package(ready, path)
    assert refused.value.code == "bad_record" and field in refused.value.message


@pytest.mark.parametrize("escaped", ["\\u0000", "\\ud800"])
def test_nul_and_lone_surrogates_are_refused(ready, hq, tmp_path, escaped):
    path, _entry = _handover(ready, hq, tmp_path, {}, content_escape=escaped)
    with pytest.raises(PackageError) as refused:
        import_package(ready, path)
    assert refused.value.code == "bad_record" and "content" in refused.value.message


def test_diary_lists_after_a_good_handover(ready, hq, tmp_path):
    from datetime import date

    people = [{"id": None, "name": "陈总", "position": "财务总监"}]
    path, entry = _handover(ready, hq, tmp_path, {"contacts_met": json.dumps(people)})
    assert import_package(ready, path).result == "applied"
    with ready.db.session() as session:
        listed = entries_between(session, date(2026, 11, 1), date(2026, 11, 30))
    assert [view.entry.id for view in listed] == [entry["id"]]
    assert listed[0].contacts_met == people
