"""The in-memory search index follows the database through the outbox."""
from __future__ import annotations

import pytest

from cmdesk.services import clients as svc
from cmdesk.services.client_rows import ClientRow


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
    real_records = module._records
    monkeypatch.setattr(module, "_records",
                        lambda conn, ids: loads.append(ids) or real_records(conn, ids))
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
            assert len(svc.search_clients(session, "幽灵").rows) == 0
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
    real_records = module._records
    monkeypatch.setattr(module, "_records",
                        lambda conn, ids: loads.append(ids) or real_records(conn, ids))
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
                        lambda self, connection: built.append(1))  # an edit must not rebuild
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
        assert found == [row.id for row in fresh.search(terms).rows]
    assert patched_all == [row.id for row in fresh.search([], include_archived=True).rows]
    assert patched[""][0] == ids["漳州水仙"] and patched[""][-1] == ids["安溪茶业"]
    assert ids["陈晓梅"] not in patched[""] and ids["陈晓梅"] in patched_all
    assert len(patched["厦门"]) == 6


def _fresh_ids(db, query: str, **filters) -> list[str]:
    """What a newly built index finds: the reference a patched index must equal."""
    import cmdesk.services.client_search as module

    fresh = module.ClientSearchIndex(db.engine)
    fresh.refresh()
    return [row.id for row in fresh.search(svc._query_terms(query), **filters).rows]


def test_random_edits_inserts_and_deletes_keep_results_and_order_of_a_fresh_build(db, monkeypatch):
    import random

    import cmdesk.services.client_search as module
    from cmdesk import clock
    from cmdesk.models import Client

    monkeypatch.setattr(module.ClientSearchIndex, "BLOCK_SIZE", 3)
    rng = random.Random(11)
    words = ["厦门", "福州", "泉州", "恒达", "海辰", "鹭易", "科技", "贸易", "ABC", "茶业"]
    people = ["林海", "王五", "陈晓梅", "黄丽娟"]

    def name() -> str:
        return "".join(rng.sample(words, 3)) + str(rng.randrange(100))

    alive = [_save(db, {"kind": "company", "name": name(), "tier": rng.choice(["核心", "一般"])})
             for _ in range(12)]
    assert _ids(db, "") and not _ids(db, "不存在的词")  # the index is built
    rebuilt = []
    real_build = module.ClientSearchIndex._build
    monkeypatch.setattr(module.ClientSearchIndex, "_build",
                        lambda self, connection: rebuilt.append(self) or real_build(self, connection))
    shared = module.index_for(db.engine)
    queries = ["", "厦门", "keji", "abc", "abc科技", "xm", "林海", "1390", "恒达 科技"]
    for step in range(40):
        action = rng.choice(["new", "rename", "contact", "archive", "delete"])
        if action == "new" or not alive:
            alive.append(_save(db, {"kind": "company", "name": name()}))
        elif action == "rename":
            _save(db, {"name": name()}, rng.choice(alive))
        elif action == "contact":
            _save(db, {}, rng.choice(alive), contacts=[
                {"name": rng.choice(people), "phone": f"1390{rng.randrange(10**7):07d}"}])
        elif action == "archive":
            with db.transaction() as session:
                svc.set_archived(session, rng.choice(alive), rng.random() < 0.7)
        else:
            gone = alive.pop(rng.randrange(len(alive)))
            with db.transaction() as session:
                session.get(Client, gone).deleted_at = clock.utcnow()
        if step % 5 == 4:
            for query in queries:
                assert _ids(db, query) == _fresh_ids(db, query), (step, query)
            assert _ids(db, "", include_archived=True) == _fresh_ids(db, "", include_archived=True)
            assert _ids(db, "", tier="核心") == _fresh_ids(db, "", tier="核心")
    assert shared not in rebuilt  # every change was patched in place
    with db.session() as session:
        listed = svc.search_clients(session, "", include_archived=True).rows
        pinyin = {c.id: (c.name_pinyin, c.name, c.id) for c in session.query(Client)
                  if c.deleted_at is None}
    assert [row.id for row in listed] == sorted(pinyin, key=pinyin.get)
    assert sorted(row.id for row in listed) == sorted(alive)


def test_rows_show_the_primary_contact_masked_and_are_built_when_read(db):
    a = _save(db, {"kind": "company", "name": "厦门恒达贸易有限公司", "tier": "核心",
                   "industry": "制造"},
              contacts=[{"name": "王五", "phone": "13812345678"},
                        {"name": "林海", "phone": "13900001111", "is_primary": True}])
    with db.session() as session:
        rows = svc.search_clients(session, "hengda").rows
    assert rows.id_at(0) == a
    assert rows[0] == ClientRow(a, "厦门恒达贸易有限公司", "company", "核心", "制造", "",
                                    "prospect", "林海", "139****1111", False)
    assert rows[0] is rows[0]  # built once


def test_ascii_and_chinese_terms_find_every_piece_of_the_text(db):
    a = _save(db, {"kind": "company", "name": "ABC科技有限公司"},
              contacts=[{"name": "王五", "phone": "13812345678"}])
    b = _save(db, {"kind": "company", "name": "厦门鹭易科技有限公司",
                   "credit_code": "91350100M000100Y43"})
    assert _ids(db, "abc") == [a]  # an ASCII term inside a Chinese name
    assert _ids(db, "abc科技") == [a]
    assert _ids(db, "科技") == [a, b]
    assert _ids(db, "wangwu") == [a] and _ids(db, "ww 5678") == [a]
    assert _ids(db, "m000100y") == [b] and _ids(db, "鹭易 xmly") == [b]
    assert _ids(db, "科技 王五") == [a]
    assert _ids(db, "", tier="不存在的等级") == []


@pytest.mark.parametrize("items", [["甲公司", "", "zhangsan", "13812345678"], ["一行\n两行", "乙"], ["只有一个"]])
def test_joined_columns_give_back_every_value(items):
    from cmdesk.services.client_search import _Joined

    joined = _Joined(items)
    assert joined.values() == items and len(joined) == len(items)
    assert [joined[position] for position in range(len(items))] == items
