"""The client file's history reads as the manager's own words: one test per kind of
change, and one that fails if any line shows a table name, an id or a stored code."""
from __future__ import annotations

import re
from datetime import date

import pytest
from helpers import make_uscc

from cmdesk.models import Base, FileHistory
from cmdesk.services import clients as svc
from cmdesk.services.catalogue import list_products
from cmdesk.services.file_history import UUID_PATTERN, client_history
from cmdesk.storage import audit

USCC = make_uscc("91350200MA2Y0000" + "1")
TABLE_NAMES = {table.name for table in Base.metadata.sorted_tables}
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _save(db, draft, client_id=None):
    with db.transaction("张三") as session:
        return svc.save_client_file(session, draft, client_id)


def _history(db, client_id):
    with db.session() as session:
        return client_history(session, client_id)


def _texts(db, client_id):
    return [line.text for line in _history(db, client_id)]


@pytest.fixture
def client_id(db):
    return _save(db, svc.ClientDraft(
        fields={"kind": "company", "name": "厦门鹭易科技有限公司", "credit_code": USCC,
                "tier": "核心", "status": "prospect", "annual_revenue": "3200万"},
        contacts=[{"name": "王五", "position": "财务总监", "phone": "138 1234 5678",
                   "birthday": "1980-05-17"}]))


def _contact_id(db, client_id):
    with db.session() as session:
        return svc.get_client(session, client_id).contacts[0].id


def test_create_names_the_file_and_its_rows(db, client_id):
    lines = _history(db, client_id)
    texts = [line.text for line in lines]
    assert "新建客户" in texts
    assert "新建了 联系人「王五」" in texts
    assert {line.actor for line in lines} == {"张三"}


def test_update_of_text_enum_money_and_masked_phone(db, client_id):
    contact_id = _contact_id(db, client_id)
    _save(db, svc.ClientDraft(
        fields={"name": "厦门鹭易科技股份有限公司", "status": "active", "annual_revenue": "3500万"},
        contacts=[{"id": contact_id, "name": "王五", "phone": "139 8765 4321",
                   "birthday": "1980-06-01"}]), client_id)
    texts = _texts(db, client_id)
    assert "修改了 客户名称：厦门鹭易科技有限公司 → 厦门鹭易科技股份有限公司" in texts
    assert "修改了 状态：潜在 → 存续" in texts  # enum codes as their labels
    assert "修改了 年营业收入（元）：32,000,000.00 元 → 35,000,000.00 元" in texts
    assert "修改了 联系人「王五」 的 生日：1980-05-17 → 1980-06-01" in texts  # a date
    phone = next(t for t in texts if "电话" in t)
    assert "13812345678" not in phone and "13987654321" not in phone
    assert phone.startswith("修改了 联系人「王五」 的 ") and "****" in phone


def test_update_of_a_reference_shows_names(db, client_id):
    with db.session() as session:
        first, second = list_products(session)[:2]
    _save(db, svc.ClientDraft(fields={}, services=[{"product_id": first.id}]), client_id)
    with db.session() as session:
        service_id = svc.get_client(session, client_id).services[0].id
    _save(db, svc.ClientDraft(fields={}, services=[{"id": service_id, "product_id": second.id}]),
          client_id)
    assert f"修改了 服务现况「{second.name}」 的 产品：{first.name} → {second.name}" in _texts(db, client_id)


def test_delete_and_archive(db, client_id):
    _save(db, svc.ClientDraft(fields={}, contacts=[]), client_id)
    with db.transaction("张三") as session:
        svc.set_archived(session, client_id, True)
    texts = _texts(db, client_id)
    assert "删除了 联系人「王五」" in texts
    assert "归档了档案" in texts


def test_handover_from_head_office_and_from_a_package(db, client_id):
    with db.transaction("总行") as session:
        session.add(FileHistory(client_id=client_id, entity="clients", entity_id=client_id,
                                action=audit.HANDOVER, old_value="张三", new_value="李四",
                                summary="客户移交：由 张三 移交给 李四", actor="总行"))
    with db.transaction("李四") as session:
        audit.record_event(session, audit.HANDOVER, "由 张三 移交给 李四", entity="clients",
                           entity_id=client_id, client_id=client_id)
    texts = _texts(db, client_id)
    assert "移交给 李四（原管户：张三）" in texts
    assert "由 张三 移交给 李四" in texts
    assert all(text.strip() for text in texts)  # never an empty line


def test_restore_and_import_read_as_events(db, client_id):
    with db.transaction("张三") as session:
        audit.record_event(session, audit.RESTORE, "从 2026-12-01 的备份恢复", entity="clients",
                           entity_id=client_id, client_id=client_id)
        audit.record_event(session, audit.IMPORT, "导入总行下发的客户资料", entity="clients",
                           entity_id=client_id, client_id=client_id)
    texts = _texts(db, client_id)
    assert "恢复：从 2026-12-01 的备份恢复" in texts
    assert "导入：导入总行下发的客户资料" in texts


def test_no_line_shows_storage_words(db, client_id):
    """Every kind of change at once; no line may name a table, show an id or a code."""
    contact_id = _contact_id(db, client_id)
    related = _save(db, svc.ClientDraft(fields={"kind": "company", "name": "厦门鹭易集团有限公司"}))
    with db.session() as session:
        product = list_products(session)[0]
    _save(db, svc.ClientDraft(
        fields={"status": "active", "annual_revenue": "1万", "kind": "company"},
        contacts=[{"id": contact_id, "name": "王五", "phone": "139 8765 4321"}],
        services=[{"product_id": product.id, "needed": True}],
        links=[{"related_client_id": related, "kind": "parent"}],
        value_items=[{"year": "2026", "category": "fee", "amount": "12000",
                      "source_client_id": related}]), client_id)
    _save(db, svc.ClientDraft(fields={}, links=[], contacts=[]), client_id)
    with db.transaction("张三") as session:
        svc.set_archived(session, client_id, True)
        audit.record_event(session, audit.HANDOVER, "移交给 李四（本机档案只读）",
                           entity="clients", entity_id=client_id, client_id=client_id)
    texts = _texts(db, client_id)
    assert len(texts) >= 10
    for text in texts:
        assert text.strip()
        assert not UUID_PATTERN.search(text), text
        assert not SNAKE_CASE.search(text), text
        words = set(re.findall(r"[a-z_]+", text))
        assert not words & TABLE_NAMES, text
        for code in ("active", "prospect", "company", "parent", "fee", "update", "create"):
            assert code not in words, text


def test_a_whole_demo_book_reads_in_words(db):
    """Every kind of record the desk keeps (diary, plans, proposals, projects, loans …)."""
    from cmdesk.demo import generate_demo

    generate_demo(db, clients=6, seed=3, diary=True)
    with db.session() as session:
        client_ids = [client.id for client in svc.search_clients(session).rows]
        texts = [line.text for client_id in client_ids
                 for line in client_history(session, client_id)]
    assert len(texts) > 100
    for text in texts:
        assert text.strip()
        assert not UUID_PATTERN.search(text), text
        assert not SNAKE_CASE.search(text), text
        assert not set(re.findall(r"[a-z_]+", text)) & TABLE_NAMES, text
    assert any(text.startswith("新建了 周计划事项「") for text in texts)


def test_lists_of_products_and_people_show_names(db, client_id):
    from cmdesk.services import plans

    with db.session() as session:
        first, second = list_products(session)[:2]
    with db.transaction("张三") as session:
        week = plans.week_of(date(2026, 12, 2))
        item_id = plans.save_item(session, week, {"client_id": client_id, "purpose": "marketing",
                                                  "products": [first.id]})
        plans.save_item(session, week, {"products": [first.id, second.id]}, item_id)
        session.add(FileHistory(client_id=client_id, entity="diary_entries", entity_id=client_id,
                                action="update", field="contacts_met", old_value="[]",
                                new_value='[{"id": null, "name": "王五", "position": "财务总监"}]',
                                actor="张三"))
    texts = _texts(db, client_id)
    assert f"修改了 周计划事项 的 推介产品：{first.name} → {first.name}、{second.name}" in texts
    assert "修改了 工作日志 的 见面人员：（空） → 王五" in texts
