"""Diary search: two-character Chinese terms, phrases, mixed text, and an index that
follows every committed change (and nothing uncommitted)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from cmdesk import cli
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary
from cmdesk.services.diary_search import match_expression, search_diary, tokenise


@pytest.fixture
def client_id(db):
    with db.transaction("测试经理") as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}]))


def _save(db, draft: diary.EntryDraft, entry_id: str | None = None) -> str:
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, draft, entry_id)


def _entry(db, content: str, client: str | None = None, day: str = "2026-11-20",
           **extra) -> str:
    fields = {"entry_date": day, "kind": "visit" if client else "internal",
              "client_id": client, "content": content}
    return _save(db, diary.EntryDraft(fields=fields, **extra))


def _ids(db, query: str, limit: int = 50) -> list[str]:
    with db.session() as session:
        return [hit.id for hit in search_diary(session, query, limit)]


def test_tokens_are_one_per_character_position():
    assert tokenise("王五来访，POS机 2026年") == [
        "王五", "五来", "来访", "访", "pos", "机", "2026", "年"]
    assert match_expression(["王五"]) == '"王五"'
    assert match_expression(["代发工资"]) == '"代发" + "发工" + "工资"'
    assert match_expression(["2026年", "pos"]) == '"2026" + "年"* AND "pos"*'
    assert match_expression(["，。"]) is None


def test_two_character_names_and_products_are_found(db, client_id):
    payroll = _entry(db, "与财务总监商谈代发业务", client_id)
    met = _entry(db, "上门拜访", client_id,
                 contacts_met=[{"id": None, "name": "王五", "position": "财务总监"}])
    _entry(db, "部门例会")
    assert _ids(db, "代发") == [payroll]
    assert _ids(db, "王五") == [met]


def test_longer_phrases_keep_their_characters_together(db, client_id):
    together = _entry(db, "客户同意把代发工资迁到我行", client_id)
    apart = _entry(db, "客户已经代发了工资", client_id)
    assert _ids(db, "代发工资") == [together]
    assert _ids(db, "代发了工资") == [apart]
    assert _ids(db, "工资迁到我行") == [together]
    assert sorted(_ids(db, "代发 工资")) == sorted([together, apart])  # two terms, ANDed


def test_mixed_chinese_latin_and_digits(db, client_id):
    company = _entry(db, "陪同ABC公司财务参观", client_id)
    year = _entry(db, "讨论2026年度授信方案", client_id)
    pos = _entry(db, "为门店安装POS机三台", client_id)
    spaced = _entry(db, "POS 机具维护", client_id)
    assert _ids(db, "ABC公司") == [company]
    assert _ids(db, "abc公司") == [company]  # case does not matter
    assert _ids(db, "2026年") == [year]
    assert _ids(db, "POS机") == [pos]  # "POS 机具" has a space between: not the phrase
    assert sorted(_ids(db, "pos")) == sorted([pos, spaced])


def test_a_single_character_is_found_anywhere(db, client_id):
    first = _entry(db, "季度考核", client_id)
    last = _entry(db, "上季度总结", client_id)
    _entry(db, "部门例会")
    assert sorted(_ids(db, "季")) == sorted([first, last])
    assert _ids(db, "结") == [last]


def test_the_clients_name_and_the_visit_report_find_the_entry(db, client_id):
    draft = diary.EntryDraft(fields={"entry_date": "2026-11-20", "kind": "visit",
                                     "client_id": client_id, "content": "走访"})
    draft.visit_report = {"place": "客户会议室", "discussion": "讨论跨境结算",
                          "client_participants": [{"name": "赵六", "position": "出纳"}]}
    draft.follow_ups = [{"request": "开通网银"}]
    visit = _save(db, draft)
    for query in ("鹭易", "厦门鹭易科技", "跨境结算", "赵六", "开通网银", "会议室"):
        assert _ids(db, query) == [visit], query


def test_no_match_is_an_empty_list(db, client_id):
    _entry(db, "与财务总监商谈代发业务", client_id)
    assert _ids(db, "理财") == []
    assert _ids(db, "代发 理财") == []
    assert _ids(db, "   ") == []


def test_hits_are_newest_first_with_a_highlighted_masked_snippet(db, client_id):
    old = _entry(db, "代发方案初谈", client_id, day="2025-03-01")
    new = _entry(db, "财务总监王五（手机13812345678）确认代发方案，下周签约", client_id,
                 day="2026-11-20")
    assert _ids(db, "代发方案") == [new, old]
    assert _ids(db, "代发方案", limit=1) == [new]
    with db.session() as session:
        hit = search_diary(session, "代发方案")[0]
    assert hit.date == date(2026, 11, 20) and hit.client == "厦门鹭易科技有限公司"
    assert hit.kind == "visit" and "13812345678" in hit.content  # the content as written
    assert "【代发方案】" in hit.snippet
    assert "138****5678" in hit.snippet and "13812345678" not in hit.snippet


def test_entries_of_one_day_are_newest_time_first(db, client_id):
    morning = _entry(db, "上午走访谈代发", client_id)
    _save(db, diary.EntryDraft(fields={"start_time": "09:00"}), morning)
    afternoon = _entry(db, "下午电话谈代发", client_id)
    _save(db, diary.EntryDraft(fields={"start_time": "15:30"}), afternoon)
    assert _ids(db, "代发") == [afternoon, morning]
    _save(db, diary.EntryDraft(fields={"start_time": "17:00"}), morning)
    assert _ids(db, "代发") == [morning, afternoon]


def test_a_follow_up_changed_on_its_own_is_reindexed(db, client_id):
    draft = diary.EntryDraft(fields={"entry_date": "2026-11-20", "kind": "visit",
                                     "client_id": client_id, "content": "走访"},
                             follow_ups=[{"request": "开通网银"}])
    entry = _save(db, draft)
    assert _ids(db, "开通网银") == [entry]
    with db.transaction("测试经理") as session:
        follow_up = diary.get_entry(session, entry).follow_ups[0]
        diary.update_follow_up(session, follow_up.id, {"result": "已由电子银行部办结"})
    assert _ids(db, "电子银行部") == [entry]


def test_an_edit_is_reindexed(db, client_id):
    entry = _entry(db, "推荐理财产品", client_id)
    assert _ids(db, "理财") == [entry]
    _save(db, diary.EntryDraft(fields={"content": "推荐代发业务"}), entry)
    assert _ids(db, "理财") == []
    assert _ids(db, "代发") == [entry]


def test_a_deleted_entry_disappears(db, client_id):
    entry = _entry(db, "推荐理财产品", client_id)
    assert _ids(db, "理财") == [entry]
    with db.transaction("测试经理") as session:
        diary.delete_entry(session, entry)
    assert _ids(db, "理财") == []


def test_a_renamed_client_is_found_by_its_new_name(db, client_id):
    entry = _entry(db, "走访", client_id)
    assert _ids(db, "鹭易") == [entry]
    with db.transaction("测试经理") as session:
        clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"name": "厦门海峡数码有限公司"}), client_id)
    assert _ids(db, "海峡数码") == [entry]
    assert _ids(db, "鹭易") == []
    with db.session() as session:
        assert search_diary(session, "海峡")[0].client == "厦门海峡数码有限公司"


def test_uncommitted_changes_are_not_indexed(db, client_id):
    entry = _entry(db, "推荐理财产品", client_id)
    assert _ids(db, "理财") == [entry]
    with db.session("测试经理") as session:
        diary.save_entry(session, diary.EntryDraft(fields={"content": "推荐代发业务"}), entry)
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": "2026-11-21", "kind": "internal", "content": "代发培训"}))
        assert [hit.id for hit in search_diary(session, "理财")] == [entry]
        assert search_diary(session, "代发") == []
        session.rollback()
    assert _ids(db, "理财") == [entry]
    assert _ids(db, "代发") == []


def test_cli_search_prints_json(desk, db, client_id, capsys):
    entry = _entry(db, "与王五商谈代发工资", client_id)
    args = cli.build_parser().parse_args(
        ["--data-dir", str(desk.paths.root), "diary", "search", "代发", "--json"])
    assert cli.run(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [entry]
    assert rows[0]["date"] == "2026-11-20" and rows[0]["client"] == "厦门鹭易科技有限公司"
    assert rows[0]["content"] == "与王五商谈代发工资"
    assert rows[0]["snippet"] == "与王五商谈【代发】工资"
