"""Client files: saving the whole file, validation at the field, search, archive, history."""
from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import make_id_number, make_uscc
from sqlalchemy import func, select

from cmdesk.errors import ValidationError
from cmdesk.models import Client, Contact, FileHistory, OutboxEntry, ServiceStatus
from cmdesk.services import clients as svc
from cmdesk.services.catalogue import list_products

USCC = make_uscc("91350200MA2Y0000" + "1")
ID_NO = make_id_number("35020019800517123")


def _save(db, draft, client_id=None):
    with db.transaction("测试经理") as session:
        return svc.save_client_file(session, draft, client_id)


def _company(name="厦门鹭易科技有限公司", **extra):
    return svc.ClientDraft(fields={"kind": "company", "name": name, "credit_code": USCC,
                                   "tier": "核心", **extra},
                           contacts=[{"name": "王五", "position": "财务总监",
                                      "phone": "138 1234 5678"}])


def _problems(info):
    return {(p.section, p.row, p.field): p.message for p in info.value.problems}


def test_create_and_read_whole_file(db):
    with db.session() as session:
        products = list_products(session)
    client_id = _save(db, svc.ClientDraft(
        fields={"kind": "company", "name": "厦门鹭易科技有限公司", "credit_code": USCC.lower(),
                "annual_revenue": "1.5万", "tier": "重点", "status": "active"},
        contacts=[{"name": "王五", "phone": "13812345678", "birthday": "1980-05-17"},
                  {"name": "赵六", "is_primary": True}],
        business_lines=[{"nature": "软件开发", "revenue_share": "60", "profit_share": "70%"}],
        other_banks=[{"institution": "工商银行", "estimated_spend": "1,000,000"}],
        services=[{"product_id": products[0].id, "needed": True, "adopted": "是", "our_share": "35"}],
        value_items=[{"year": "2026", "category": "fee", "amount": "12000.50"},
                     {"year": "2026", "category": "asset", "amount": "1万"}],
    ))
    with db.session() as session:
        client = svc.get_client(session, client_id)
        assert client.credit_code == USCC  # lower case normalised
        assert client.annual_revenue == Decimal("15000.00")
        assert [c.name for c in client.contacts] == ["王五", "赵六"]
        assert [c.is_primary for c in client.contacts] == [False, True]
        assert client.business_lines[0].profit_share == Decimal("70.00")
        assert client.other_banks[0].estimated_spend == Decimal("1000000.00")
        assert client.services[0].adopted is True and client.services[0].our_share == Decimal("35.00")
        summary = svc.value_summary(client, 2026)
        assert summary.by_category["fee"] == Decimal("12000.50")
        assert summary.total == Decimal("22000.50")
        assert isinstance(summary.total, Decimal)


def test_first_contact_becomes_primary_and_two_primaries_are_refused(db):
    client_id = _save(db, _company())
    with db.session() as session:
        assert svc.get_client(session, client_id).contacts[0].is_primary
    with pytest.raises(ValidationError) as info:
        _save(db, svc.ClientDraft(fields={}, contacts=[{"name": "甲", "is_primary": True},
                                                        {"name": "乙", "is_primary": True}]),
              client_id)
    assert ("contacts", 1, "is_primary") in _problems(info)


@pytest.mark.parametrize("field,value,fragment", [
    ("credit_code", "91350200MA2Y00001Z", "位字符"),
    ("credit_code", USCC[:-1] + ("0" if USCC[-1] != "0" else "1"), "校验位"),
    ("credit_code", "9135020", "18 位"),
    ("name", "", "必须填写"),
    ("name", "公司" * 101, "不能超过"),
    ("tier", "VIP", "不在可选项中"),
    ("status", "gone", "不在可选项中"),
    ("annual_revenue", "很多", "不是金额"),
    ("annual_revenue", "-5", "负数"),
])
def test_bad_client_fields_are_named_and_nothing_is_saved(db, field, value, fragment):
    with pytest.raises(ValidationError) as info:
        _save(db, _company(**{field: value}))
    problems = _problems(info)
    assert fragment in problems[("client", None, field)]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.entity != "products")) == 0


@pytest.mark.parametrize("kind,field,value,fragment", [
    ("company", "id_number", ID_NO, "公司客户不填身份证号"),
    ("company", "risk_appetite", "C3", "只对个人客户评估"),
    ("individual", "credit_code", USCC, "个人客户不填统一社会信用代码"),
])
def test_a_field_of_the_other_kind_of_client_is_refused(db, kind, field, value, fragment):
    fields = {"kind": kind, "name": "陈晓梅" if kind == "individual" else "厦门鹭易科技有限公司",
              field: value}
    with pytest.raises(ValidationError) as info:
        _save(db, svc.ClientDraft(fields=fields))
    assert fragment in _problems(info)[("client", None, field)]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 0


@pytest.mark.parametrize("value,fragment", [
    (make_id_number("35020019990231123"), "不是真实日期"),
    (make_id_number("35020021000101123"), "出生日期"),
    (ID_NO[:-1] + ("0" if ID_NO[-1] != "0" else "1"), "校验位"),
    ("😀" * 18, ""),
])
def test_bad_id_numbers(db, value, fragment):
    with pytest.raises(ValidationError) as info:
        _save(db, svc.ClientDraft(fields={"kind": "individual", "name": "张伟", "id_number": value}))
    assert fragment in _problems(info)[("client", None, "id_number")]


def test_full_width_and_lower_case_x_are_normalised(db):
    body = "11010519491231002"
    id_no = make_id_number(body)
    typed = id_no.translate(str.maketrans("0123456789X", "０１２３４５６７８９x"))
    client_id = _save(db, svc.ClientDraft(fields={"kind": "individual", "name": "张伟",
                                                  "id_number": typed}))
    with db.session() as session:
        assert svc.get_client(session, client_id).id_number == id_no


def test_emoji_and_long_notes_are_kept(db):
    notes = "客户喜欢喝茶🍵\n" * 1000
    client_id = _save(db, _company(notes=notes))
    with db.session() as session:
        assert svc.get_client(session, client_id).notes == notes


def test_control_characters_are_dropped_and_a_cell_escape_taken_off_on_input(db):
    client_id = _save(db, _company("甲\x07公\x1b司", notes="第一行\n\t第二行\x00\x0c",
                                   address="'=HYPERLINK(\"x\")"))
    with db.session() as session:
        client = svc.get_client(session, client_id)
    assert (client.name, client.notes) == ("甲公司", "第一行\n\t第二行")
    assert client.address == '=HYPERLINK("x")'


def test_duplicate_code_is_refused_naming_the_other_client(db):
    _save(db, _company("甲公司"))
    with pytest.raises(ValidationError) as info:
        _save(db, _company("乙公司"))
    assert "甲公司" in _problems(info)[("client", None, "credit_code")]


def test_kind_and_code_must_agree(db):
    with pytest.raises(ValidationError) as info:
        _save(db, svc.ClientDraft(fields={"kind": "individual", "name": "张伟", "credit_code": USCC}))
    assert ("client", None, "credit_code") in _problems(info)


def test_bad_child_row_names_section_row_and_field(db):
    draft = _company()
    draft.contacts = [{"name": "王五", "phone": "13812345678"}, {"name": "赵六", "phone": "12345"}]
    draft.value_items = [{"year": "2026", "category": "fee"}]
    with pytest.raises(ValidationError) as info:
        _save(db, draft)
    problems = _problems(info)
    assert ("contacts", 1, "phone") in problems
    assert problems[("value_items", 0, "amount")] == "必须填写"
    assert "第 2 行 电话" in str(info.value)


def test_section_rows_left_out_are_tombstoned_and_history_kept(db):
    client_id = _save(db, _company())
    with db.session() as session:
        contact = svc.get_client(session, client_id).contacts[0]
    _save(db, svc.ClientDraft(fields={"name": "厦门鹭易科技股份有限公司"}, contacts=[]), client_id)
    with db.session() as session:
        client = svc.get_client(session, client_id)
        assert client.contacts == []
        stored = session.get(Contact, contact.id)
        assert stored.deleted_at is not None and stored.revision == 2
        ops = [o.op for o in session.scalars(select(OutboxEntry).where(
            OutboxEntry.entity_id == contact.id).order_by(OutboxEntry.seq))]
        assert ops == ["upsert", "delete"]
        lines = [line.text for line in svc.client_history(session, client_id)]
    assert any("客户名称：厦门鹭易科技有限公司 → 厦门鹭易科技股份有限公司" in t for t in lines)
    assert any(t == "删除了 联系人「王五」" for t in lines)
    assert "新建客户" in lines


def test_history_records_actor_and_old_new_values(db):
    client_id = _save(db, _company())
    _save(db, svc.ClientDraft(fields={"tier": "一般"}), client_id)
    with db.session() as session:
        row = session.scalars(select(FileHistory).where(FileHistory.field == "tier")).one()
        client = svc.get_client(session, client_id)
    assert (row.old_value, row.new_value, row.actor) == ("核心", "一般", "测试经理")
    assert client.revision == 2


def test_history_reads_like_the_form(db):
    client_id = _save(db, _company(annual_revenue="3200万"))
    _save(db, svc.ClientDraft(fields={"annual_revenue": "3500万", "status": "active"}), client_id)
    with db.session() as session:
        lines = [line.text for line in svc.client_history(session, client_id)]
    assert "修改了 年营业收入（元）：32,000,000.00 元 → 35,000,000.00 元" in lines
    assert "修改了 状态：潜在 → 存续" in lines


def test_history_names_products_and_related_clients(db):
    with db.session() as session:
        first, second = list_products(session)[:2]
    parent = _save(db, _company("厦门鹭易集团有限公司"))
    client_id = _save(db, svc.ClientDraft(
        fields={"kind": "company", "name": "厦门鹭易物流有限公司"},
        services=[{"product_id": first.id}],
        links=[{"related_client_id": parent, "kind": "parent"}]))
    with db.session() as session:
        service = svc.get_client(session, client_id).services[0]
    _save(db, svc.ClientDraft(fields={}, services=[{"id": service.id, "product_id": second.id}]),
          client_id)
    with db.session() as session:
        lines = [line.text for line in svc.client_history(session, client_id)]
    assert f"新建了 服务现况「{first.name}」" in lines
    assert "新建了 关联客户「厦门鹭易集团有限公司」" in lines
    assert f"修改了 服务现况「{second.name}」 的 产品：{first.name} → {second.name}" in lines
    assert not any(len(part) == 36 and part.count("-") == 4 for line in lines
                   for part in line.replace("：", " ").split())  # no raw ids


def test_list_is_in_pinyin_order(db):
    for name in ("张伟", "安徽某公司", "厦门鹭易科技有限公司"):
        _save(db, svc.ClientDraft(fields={"kind": "company", "name": name}))
    with db.session() as session:
        names = [row.name for row in svc.search_clients(session).rows]
    assert names == ["安徽某公司", "厦门鹭易科技有限公司", "张伟"]  # an, xia, zhang


def test_unchanged_save_writes_no_history(db):
    client_id = _save(db, _company())
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(FileHistory))
    _save(db, svc.ClientDraft(fields={"name": "厦门鹭易科技有限公司", "tier": "核心"}), client_id)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(FileHistory)) == before


def test_duplicate_product_in_services_is_refused(db):
    with db.session() as session:
        product = list_products(session)[0]
    draft = _company()
    draft.services = [{"product_id": product.id}, {"product_id": product.id}]
    with pytest.raises(ValidationError) as info:
        _save(db, draft)
    assert ("services", 1, "product_id") in _problems(info)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ServiceStatus)) == 0


def test_links_and_related_income(db):
    parent = _save(db, _company("厦门鹭易集团有限公司"))
    child = _save(db, svc.ClientDraft(
        fields={"kind": "company", "name": "厦门鹭易物流有限公司"},
        links=[{"related_client_id": parent, "kind": "parent"}],
        value_items=[{"year": 2026, "category": "related", "amount": "5000",
                      "source_client_id": parent}]))
    with db.session() as session:
        client = svc.get_client(session, child)
        assert client.links[0].related_client.name == "厦门鹭易集团有限公司"
    with pytest.raises(ValidationError) as info:
        _save(db, svc.ClientDraft(fields={}, links=[{"related_client_id": child, "kind": "parent"}]),
              child)
    assert "自己" in _problems(info)[("links", 0, "related_client_id")]


@pytest.mark.parametrize("query", ["鹭易", "xmly", "XMLY", "xiamenluyi", "王五", "wangwu",
                                   "5678", "138-1234", USCC[:8].lower(), "厦门 科技"])
def test_search_finds_by_name_pinyin_code_contact_and_phone(db, query):
    target = _save(db, _company())
    _save(db, svc.ClientDraft(fields={"kind": "company", "name": "福州恒达贸易有限公司"}))
    with db.session() as session:
        rows = svc.search_clients(session, query).rows
    assert [r.id for r in rows] == [target]
    assert rows[0].phone_masked == "138****5678"


def test_search_filters_and_archive(db):
    a = _save(db, _company("甲科技有限公司"))
    _save(db, svc.ClientDraft(fields={"kind": "company", "name": "乙贸易有限公司", "tier": "一般"}))
    with db.session() as session:
        assert [r.id for r in svc.search_clients(session, tier="核心").rows] == [a]
    with db.transaction() as session:
        svc.set_archived(session, a, True)
    with db.session() as session:
        assert a not in [r.id for r in svc.search_clients(session).rows]
        archived = [r for r in svc.search_clients(session, include_archived=True).rows if r.id == a]
        assert archived and archived[0].archived
        assert any("归档" in line.text for line in svc.client_history(session, a))


def test_search_limit_reports_total(db):
    for i in range(5):
        _save(db, svc.ClientDraft(fields={"kind": "company", "name": f"测试{i}号有限公司"}))
    with db.session() as session:
        result = svc.search_clients(session, "测试", limit=3)
    assert len(result.rows) == 3 and result.limited and result.total is None
    with db.session() as session:
        everyone = svc.search_clients(session, include_archived=True, limit=3)
    assert everyone.limited and everyone.total == 5



def test_pinyin_in_one_pass_is_what_two_styles_give():
    """pinyin_of reads pypinyin once and takes each syllable's first letter: the same
    full pinyin and initials as its NORMAL and FIRST_LETTER styles, text without pinyin
    (letters, digits, rare characters) kept whole in both."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    def two_passes(text: str) -> tuple[str, str]:
        full = "".join(lazy_pinyin(text, errors="default"))
        initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
        return full.lower().replace(" ", ""), initials.lower().replace(" ", "")

    names = ["厦门鹭江贸易有限公司", "绿色农业", "ABC科技", "3M中国", "张三 丰", "Ａ公司", "欸嗯",
             "〇号仓", "𠀋记"]
    # and a spread of pypinyin's own characters and phrases
    texts = [*names, *(chr(code) for code in list(pinyin_dict)[::97]), *list(phrases_dict)[::997]]
    svc.forget_pinyin()  # read afresh, not remembered from an earlier test
    assert [svc.pinyin_of(text) for text in texts] == [two_passes(text) for text in texts]
    assert svc.pinyin_of.cache_info().currsize == len(set(texts))
    assert svc.pinyin_of("ABC科技") == ("abckeji", "abckj")
