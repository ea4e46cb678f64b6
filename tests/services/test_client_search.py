"""The in-memory search index follows the database through the outbox."""
from __future__ import annotations

import pytest

from cmdesk.services import clients as svc


def _save(db, fields, client_id=None, **sections):
    with db.transaction("测试") as session:
        return svc.save_client_file(session, svc.ClientDraft(fields=fields, **sections), client_id)


def _ids(db, query, **filters):
    with db.session() as session:
        return [row.id for row in svc.search_clients(session, query, **filters).rows]


def test_edits_are_followed_without_a_full_reload(db, monkeypatch):
    a = _save(db, {"kind": "company", "name": "厦门恒达贸易有限公司"},
              contacts=[{"name": "王五", "phone": "13812345678"}])
    assert _ids(db, "hengda") == [a]
    # the next refreshes must patch, not reload everything
    import cmdesk.services.client_search as module
    loads = []
    real_load = module._load
    monkeypatch.setattr(module, "_load", lambda conn, ids: loads.append(ids) or real_load(conn, ids))
    _save(db, {"name": "厦门鹭易科技有限公司"}, a)
    assert _ids(db, "hengda") == []
    assert _ids(db, "xmly") == [a]
    _save(db, {}, a, contacts=[{"name": "赵六", "phone": "13900001111"}])
    assert _ids(db, "王五") == [] and _ids(db, "0000111") == [a]
    assert loads and all(ids is not None for ids in loads)


def test_uncommitted_and_rolled_back_changes_never_show(db):
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            svc.save_client_file(session, svc.ClientDraft(
                fields={"kind": "company", "name": "幽灵公司"}))
            # inside the open transaction the index still shows committed data only
            assert svc.search_clients(session, "幽灵").rows == ()
            raise RuntimeError("cancel")
    assert _ids(db, "幽灵") == []
    b = _save(db, {"kind": "company", "name": "真实公司"})
    assert _ids(db, "幽灵") == [] and _ids(db, "真实") == [b]


def test_archive_and_filters_in_the_index(db):
    a = _save(db, {"kind": "company", "name": "甲公司", "tier": "核心", "industry": "制造"})
    b = _save(db, {"kind": "individual", "name": "乙", "tier": "一般", "status": "active"})
    assert _ids(db, "", tier="核心") == [a]
    assert _ids(db, "", industry="制造") == [a]
    assert _ids(db, "", status="active") == [b]
    with db.transaction() as session:
        svc.set_archived(session, a, True)
    assert _ids(db, "甲") == []
    assert _ids(db, "甲", include_archived=True) == [a]


def test_results_are_in_pinyin_order_and_every_word_must_match(db):
    names = ["厦门丙科技有限公司", "厦门甲贸易有限公司", "福州乙科技有限公司"]
    ids = {name: _save(db, {"kind": "company", "name": name}) for name in names}
    # fuzhou, xiamenbing, xiamenjia
    assert _ids(db, "有限") == [ids[names[2]], ids[names[0]], ids[names[1]]]
    assert _ids(db, "厦门 科技") == [ids["厦门丙科技有限公司"]]


def test_many_changes_fall_back_to_a_full_reload(db, monkeypatch):
    import cmdesk.services.client_search as module

    _save(db, {"kind": "company", "name": "先有公司"})
    assert _ids(db, "先有")  # the index is built
    monkeypatch.setattr(module, "PATCH_LIMIT", 2)
    loads = []
    real_load = module._load
    monkeypatch.setattr(module, "_load", lambda conn, ids: loads.append(ids) or real_load(conn, ids))
    with db.transaction() as session:
        for i in range(3):
            svc.save_client_file(session, svc.ClientDraft(fields={"kind": "company",
                                                                  "name": f"批量{i}"}))
    assert len(_ids(db, "批量")) == 3
    assert loads == [None]


def test_edits_move_clients_in_place_and_match_a_fresh_build(db, monkeypatch):
    import cmdesk.services.client_search as module

    # tiny blocks, so renames move clients between blocks, split full ones, empty others
    monkeypatch.setattr(module.ClientSearchIndex, "BLOCK_SIZE", 2)
    names = ["安溪茶业", "北京优湖", "陈晓梅", "上海恒达", "厦门海辰", "福州鼓楼", "龙岩矿业",
             "泉州石材", "漳州水仙"]
    ids = {name: _save(db, {"kind": "company", "name": name}) for name in names}
    assert len(_ids(db, "")) == len(names)  # the index is built
    built = []
    monkeypatch.setattr(module.ClientSearchIndex, "_build",
                        lambda self, loaded: built.append(1))  # an edit must not rebuild
    _save(db, {"name": "中山电子"}, ids["安溪茶业"])  # first moves to the end
    _save(db, {"name": "阿里物流"}, ids["漳州水仙"])  # last moves to the front
    for i in range(5):  # one block grows past twice its size and splits
        _save(db, {"kind": "company", "name": f"厦门新{i}号"})
    with db.transaction() as session:
        svc.set_archived(session, ids["陈晓梅"], True)
    patched = {query: _ids(db, query) for query in ("", "厦门", "zhongshan", "hai")}
    patched_all = _ids(db, "", include_archived=True)
    assert not built
    monkeypatch.undo()
    fresh = module.ClientSearchIndex(db.engine)
    fresh.refresh()
    for query, found in patched.items():
        terms = svc._query_terms(query)
        assert found == [c.row.id for c in fresh.search(terms).clients]
    assert patched_all == [c.row.id for c in fresh.search([], include_archived=True).clients]
    assert patched[""][0] == ids["漳州水仙"] and patched[""][-1] == ids["安溪茶业"]
    assert ids["陈晓梅"] not in patched[""] and ids["陈晓梅"] in patched_all
    assert len(patched["厦门"]) == 6
