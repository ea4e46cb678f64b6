"""Child sections of a client file edited in their tables: product and choice cells,
check boxes, client references through the row form."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog

from cmdesk.services.catalogue import list_products
from cmdesk.services.clients import get_client
from tests.ui.waiting import wait_for_ops


def column(panel, key: str) -> int:
    return [i for i, spec in enumerate(panel.model.columns) if spec.key == key][0]


def open_tab(qtbot, window, client_id: str, key: str):
    window.switch_to("clients")  # the desk opens on 今日
    view = window.clients_view
    assert view.open_client(client_id)
    wait_for_ops(qtbot, window.desk)  # the file is read in the background
    view.editor.sections.show_section(key)
    panel = view.editor.panels[key]
    qtbot.waitUntil(panel.isVisible)
    return view.editor, panel


def test_service_row_with_product_and_ticks_is_saved(qtbot, some_clients, window, ui_db):
    client_id = some_clients["厦门海辰贸易有限公司"]
    editor, panel = open_tab(qtbot, window, client_id, "services")
    with ui_db.session() as session:
        product = list_products(session)[2]
    # the product cell opens a combo box of the catalogue
    panel.add_row()
    combos = [w for w in panel.view.viewport().findChildren(QComboBox) if w.isVisible()]
    assert len(combos) == 1
    combos[0].setCurrentIndex(combos[0].findData(product.id))
    editor.save_button.setFocus()  # leaving the cell commits it, as a click elsewhere does
    assert panel.model.row_values(0)["product_id"] == product.id
    assert product.name in panel.model.index(0, column(panel, "product_id")).data()
    # a click in the middle of a yes/no cell ticks it
    needed = panel.model.index(0, column(panel, "needed"))
    rect = panel.view.visualRect(needed)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert needed.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    panel.model.setData(panel.model.index(0, column(panel, "our_share")), "35", Qt.ItemDataRole.EditRole)
    assert editor.save()
    wait_for_ops(qtbot, editor.desk)
    with ui_db.session() as session:
        services = get_client(session, client_id).services
        assert [(s.product_id, s.needed, s.adopted, str(s.our_share)) for s in services] == [
            (product.id, True, False, "35.00")]


def test_link_to_another_client_through_the_row_form(qtbot, some_clients, window, ui_db, monkeypatch):
    from ui.clients import section_panel

    client_id = some_clients["厦门海辰贸易有限公司"]
    related = some_clients["福建鹭岛建材股份有限公司"]
    editor, panel = open_tab(qtbot, window, client_id, "links")
    panel.model.append_row()
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    seen = {}

    def fill_form(dialog):
        # the form shows every field of the section; pick the related client and the kind
        seen["fields"] = list(dialog.form.editors)
        dialog.form.editors["related_client_id"].input.set_client(related, "福建鹭岛建材股份有限公司")
        kind = dialog.form.editors["kind"].input
        kind.setCurrentIndex(kind.findData("subsidiary"))
        dialog.form.editors["notes"].input.setText("控股 60%")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(section_panel.RowFormDialog, "exec", fill_form)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen["fields"] == ["related_client_id", "kind", "notes"]
    assert panel.model.index(0, column(panel, "related_client_id")).data() == "福建鹭岛建材股份有限公司"
    assert panel.model.index(0, column(panel, "kind")).data() == "子公司"
    assert editor.save()
    wait_for_ops(qtbot, editor.desk)
    with ui_db.session() as session:
        links = get_client(session, client_id).links
        assert [(link.related_client_id, link.kind, link.notes) for link in links] == [
            (related, "subsidiary", "控股 60%")]


def test_removed_row_is_gone_after_save_and_in_history(qtbot, some_clients, window, ui_db):
    from cmdesk.services.clients import ClientDraft, save_client_file

    client_id = some_clients["陈晓梅"]
    with ui_db.transaction("张明") as session:
        save_client_file(session, ClientDraft(fields={}, other_banks=[
            {"institution": "招商银行"}, {"institution": "兴业银行"}]), client_id)
    editor, panel = open_tab(qtbot, window, client_id, "other_banks")
    assert panel.row_count() == 2
    panel.view.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.row_count() == 1 and editor.is_dirty
    assert editor.save()
    wait_for_ops(qtbot, editor.desk)
    with ui_db.session() as session:
        assert [b.institution for b in get_client(session, client_id).other_banks] == ["兴业银行"]
    texts = [editor.history.topLevelItem(i).text(2) for i in range(editor.history.topLevelItemCount())]
    assert any(text == "删除了 他行关系「招商银行」" for text in texts)
