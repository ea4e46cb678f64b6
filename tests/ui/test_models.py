"""The Qt item models pass Qt's model tester and show what the manager expects."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QPersistentModelIndex, Qt

from cmdesk.domain import client_fields as cf
from cmdesk.services.client_rows import ClientRow
from cmdesk.services.clients import search_clients
from ui.models.client_table import (
    ARCHIVED_ROLE,
    CLIENT_ID_ROLE,
    COL_KIND,
    COL_NAME,
    COL_STATUS,
    ClientTableModel,
)
from ui.models.section_table import SectionTableModel


def _row(name: str, archived: bool = False, kind: str = "company") -> ClientRow:
    return ClientRow(id=f"id-{name}", name=name, kind=kind, tier="核心", industry="批发零售",
                     region="厦门", status="active", contact="林海", phone_masked="139****1234",
                     archived=archived)


def test_client_table_model_passes_the_model_tester(qtmodeltester, ui_db, some_clients):
    model = ClientTableModel()
    with ui_db.session() as session:
        model.set_rows(search_clients(session).rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    model.sort(COL_KIND, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_client_table_builds_only_the_rows_it_is_asked_for(ui_db, some_clients, monkeypatch):
    from cmdesk.services import client_search

    built = []
    real_row = client_search._Block.row
    monkeypatch.setattr(client_search._Block, "row",
                        lambda block, position, vocabulary: built.append(position)
                        or real_row(block, position, vocabulary))
    model = ClientTableModel()
    with ui_db.session() as session:
        rows = search_clients(session).rows
    model.set_rows(rows)
    assert model.rowCount() == 3 and not built
    last_id = rows.id_at(2)
    assert model.row_of(last_id) == 2 and not built  # found by id without building rows
    assert model.index(2, COL_NAME).data(CLIENT_ID_ROLE) == last_id
    assert model.index(2, COL_KIND).data() in ("公司客户", "个人客户")
    assert len(built) == 1  # one row built, once, for both reads


def test_client_table_shows_chinese_labels_and_greys_archived_rows(qtmodeltester):
    model = ClientTableModel()
    model.set_rows([_row("甲公司"), _row("乙个人", archived=True, kind="individual")])
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["客户名称", "类型", "等级", "行业", "地区", "状态", "主要联系人", "电话"]
    assert model.index(0, COL_KIND).data() == "公司客户"
    assert model.index(1, COL_KIND).data() == "个人客户"
    assert model.index(0, COL_STATUS).data() == "存续"
    assert model.index(0, COL_NAME).data(CLIENT_ID_ROLE) == "id-甲公司"
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, COL_NAME).data(ARCHIVED_ROLE) is True
    assert model.index(1, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "已归档" in model.index(1, COL_NAME).data()


def test_names_keep_the_pinyin_order_given_and_other_columns_sort_as_shown(qtmodeltester):
    model = ClientTableModel()
    # the search gives rows in pinyin order: an, bei, chen, shang
    model.set_rows([_row("安溪茶业"), _row("北京优湖"), _row("陈晓梅", kind="individual"),
                    _row("上海恒达")])
    qtmodeltester.check(model)

    def names() -> list[str]:
        return [model.index(r, COL_NAME).data() for r in range(4)]

    assert names() == ["安溪茶业", "北京优湖", "陈晓梅", "上海恒达"]
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names() == ["上海恒达", "陈晓梅", "北京优湖", "安溪茶业"]
    kept = QPersistentModelIndex(model.index(1, COL_NAME))  # a selection follows its row
    model.sort(COL_KIND, Qt.SortOrder.AscendingOrder)  # 个人 (gè) before 公司 (gōng)
    assert model.index(0, COL_KIND).data() == "个人客户"
    assert names()[1:] == ["安溪茶业", "北京优湖", "上海恒达"]  # ties stay in pinyin order
    assert kept.data() == "陈晓梅"
    # a refill keeps the chosen sort
    model.set_rows([_row("安溪茶业"), _row("陈晓梅", kind="individual")])
    assert names()[:2] == ["陈晓梅", "安溪茶业"]


def _sample_rows(section: cf.SectionSpec) -> list[dict]:
    samples = {"text": "文本", "longtext": "第一行\n第二行", "money": Decimal("1500.00"),
               "percent": Decimal("12.50"), "year": 2025, "date": date(1980, 5, 17), "bool": True,
               "phone": "13906001234", "client_ref": "c-1", "product_ref": "p-1"}
    rows = []
    for i in range(3):
        row = {"id": f"row-{i}"}
        for spec in section.fields:
            row[spec.key] = spec.choices[0][0] if spec.kind == "choice" else samples[spec.kind]
        rows.append(row)
    rows[1] = {key: None for key in rows[1]}  # blanks everywhere
    return rows


def test_every_section_table_model_passes_the_model_tester(qtmodeltester):
    for section in cf.CHILD_SECTIONS:
        model = SectionTableModel(section)
        model.set_rows(_sample_rows(section))
        model.set_names({"c-1": "厦门鹭江集团", "p-1": "单位活期存款"})
        qtmodeltester.check(model)
        model.append_row()
        model.set_problems({(0, model.columns[0].key): "必须填写"})
        qtmodeltester.check(model)
        assert model.removeRows(0, 2)
        assert model.rowCount() == 2


def test_section_table_model_edits_cells_and_builds_draft_rows(qtbot):
    model = SectionTableModel(cf.CONTACTS)
    model.set_rows([{"id": "c1", "name": "林海辰", "is_primary": True, "phone": "13906001234"}])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "姓名 *" and "主要联系人" in headers
    primary = [i for i, spec in enumerate(model.columns) if spec.key == "is_primary"][0]
    assert model.index(0, primary).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    with qtbot.waitSignal(model.edited):
        model.setData(model.index(0, primary), Qt.CheckState.Unchecked.value,
                      Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(0, 0), "林海", Qt.ItemDataRole.EditRole)
    row = model.append_row({"name": "黄丽娟"})
    assert row == 1
    rows = model.draft_rows()
    assert rows[0]["id"] == "c1" and rows[0]["name"] == "林海" and rows[0]["is_primary"] is False
    assert "id" not in rows[1] and rows[1]["name"] == "黄丽娟"
    assert set(rows[1]) == {spec.key for spec in cf.CONTACTS.fields}


def test_section_table_model_formats_money_percent_choice_and_references():
    model = SectionTableModel(cf.VALUE_ITEMS)
    model.set_rows([{"year": 2025, "category": "fee", "description": "结算手续费",
                     "amount": Decimal("125000.00"), "source_client_id": "c-1"}])
    model.set_names({"c-1": "厦门鹭江集团"})
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert shown == ["2025", "直接收益·中间业务", "结算手续费", "125,000.00", "厦门鹭江集团"]


def test_signals_emitted_from_python_keep_their_references():
    """PySide6 6.12 on Python 3.11 drops a reference to True on every emit() and aborts the
    desk after a few thousand (pyproject pins PySide6 below 6.12); this guards the pin."""
    import sys

    model = SectionTableModel(cf.CONTACTS)
    before = sys.getrefcount(True)
    for _ in range(500):
        model.edited.emit()
    assert sys.getrefcount(True) >= before - 5
