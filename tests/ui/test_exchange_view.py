"""The 数据交换 view: key set-up, what waits to be sent, export to a folder, import with
a preview before applying, refusals shown in the view, the history of both."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import desk_keys
from cmdesk.exchange.package import build_package, open_package
from cmdesk.exchange.records import record_to_dict
from cmdesk.models import Product
from ui.exchange.view import ExchangeView


@pytest.fixture(scope="module")
def hq():
    return keymod.generate_keys()


@pytest.fixture
def view(qtbot, qdesk, wait_ops):
    widget = ExchangeView(qdesk)
    qtbot.addWidget(widget)
    widget.show()
    wait_ops()
    return widget


def _table_texts(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_key_setup_then_export_to_a_folder(view, qdesk, some_clients, hq, tmp_path, wait_ops):
    assert not view.export_button.isEnabled()
    assert "尚未安装" in view.hq_fingerprint.text()
    assert view.desk_fingerprint.text() == desk_keys(qdesk).public.fingerprint()
    bad = tmp_path / "bad.pub"
    bad.write_bytes(b"{}")
    view.install_hq_key_file(bad)
    wait_ops()
    assert "公钥" in view.message.text() and view.message.objectName() == "problemLabel"
    assert "尚未安装" in view.hq_fingerprint.text()
    key_file = tmp_path / "hq.pub"
    key_file.write_bytes(keymod.public_key_file(hq.public))
    view.install_hq_key_file(key_file)
    wait_ops()  # installed, then the view read again
    assert "已安装总行公钥" in view.message.text()
    assert view.hq_fingerprint.text() == hq.public.fingerprint()
    assert view.export_button.isEnabled()
    pending = {row[0]: row[1] for row in _table_texts(view.pending_table)}
    assert pending["客户档案"] == "3"

    usb = tmp_path / "usb"
    usb.mkdir()
    result = view.export_to(usb)
    wait_ops()
    assert result is not None and result.path.parent == usb
    package = open_package(result.path.read_bytes(), hq, lambda m: desk_keys(qdesk).public)
    assert len(package.entities["clients"]) == 3
    assert "第 1 号" in view.last_export_label.text()
    assert "客户档案" not in {row[0]: row[1] for row in _table_texts(view.pending_table)}
    history = _table_texts(view.history_table)
    assert history[0][1:4] == ["导出", "第 1 号", "已写出"]


def test_import_preview_then_apply_and_refusal(view, qdesk, hq, tmp_path, wait_ops):
    key_file = tmp_path / "hq.pub"
    key_file.write_bytes(keymod.public_key_file(hq.public))
    view.install_hq_key_file(key_file)
    wait_ops()
    with qdesk.db.session() as session:
        products = [record_to_dict(p) for p in session.scalars(select(Product))]
    products[0]["name"] = "总行改名产品"
    path = tmp_path / "catalogue.cmdx"
    path.write_bytes(build_package(signer=hq, recipient=desk_keys(qdesk).public, kind="catalogue",
                                   manager_id="", manager_name="总行", desk_id="", sequence=1,
                                   follows=None, entities={"products": products}))
    assert view.preview_file(path)
    assert "更新 1 个" in view.preview_text.toPlainText()
    assert view.apply_button.isEnabled()
    with qdesk.db.session() as session:
        assert session.get(Product, products[0]["id"]).name != "总行改名产品"
    changes = []
    qdesk.changed.connect(changes.append)
    result = view.apply_import()
    assert result is not None and result.result == "applied"
    assert any("proposals" in change.kinds for change in changes)  # the catalogue: proposals read again
    assert not view.apply_button.isEnabled()
    with qdesk.db.session() as session:
        assert session.get(Product, products[0]["id"]).name == "总行改名产品"
    assert view.preview_file(path)
    assert "已经导入过" in view.preview_text.toPlainText()
    assert not view.apply_button.isEnabled()

    broken = tmp_path / "broken.cmdx"
    broken.write_bytes(path.read_bytes()[:-7])
    assert not view.preview_file(broken)
    assert "无法导入" in view.preview_text.toPlainText()
    assert view.message.objectName() == "problemLabel"
    wait_ops()
    results = [row[3] for row in _table_texts(view.history_table)]
    assert results[:2] == ["已拒绝", "已导入"]


def test_a_rules_package_is_previewed_in_the_managers_words_and_reaches_settings(
        view, qdesk, hq, tmp_path, wait_ops):
    from cmdesk.services.head_office_rules import RULES_ATTACHMENT, rules_document

    key_file = tmp_path / "hq.pub"
    key_file.write_bytes(keymod.public_key_file(hq.public))
    view.install_hq_key_file(key_file)
    wait_ops()
    document = rules_document(qdesk.profile.employee_id, "助理客户经理", {"一般": "客户经理"}, None)
    path = tmp_path / "rules.cmdx"
    path.write_bytes(build_package(
        signer=hq, recipient=desk_keys(qdesk).public, kind="rules", manager_id="",
        manager_name="总行", desk_id="", sequence=1, follows=None, entities={},
        attachments={RULES_ATTACHMENT: json.dumps(document, ensure_ascii=False).encode()}))
    assert view.preview_file(path)
    text = view.preview_text.toPlainText()
    assert "总行规则数据包" in text and "总行登记您的职级为 助理客户经理（本机原为 客户经理）" in text
    assert "对等配置：一般客户由客户经理以上服务。" in text
    changes = []
    qdesk.changed.connect(changes.append)
    assert view.apply_import().result == "applied"
    assert any("profile" in change.kinds and "settings" in change.kinds for change in changes)
    wait_ops()
    assert qdesk.profile.grade == "助理客户经理"  # the desk's copy of the profile read again
