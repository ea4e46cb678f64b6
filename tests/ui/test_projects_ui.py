"""Projects in the desk, driven with qtbot: a new project typed into the editor (form,
team, milestones) and saved; problems shown at the field and by row with nothing
saved; status buttons offer only the legal moves and log them; a log line; the
client tab and the projects list follow; the 立项建议书 preview loads. The batch of
proposal packs: ticked and filtered, files or one combined PDF, and cancel."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton

from cmdesk.services import projects
from tests.ui.conftest import PROFILE
from ui.ops import Kind
from ui.projects.approval_dialog import ApprovalDialog
from ui.projects.client_tab import ClientProjectsTab
from ui.projects.editor import ProjectEditor
from ui.projects.view import ProjectsView
from ui.proposals.pack_dialog import ProposalPackDialog
from ui.reports.preview import PdfPreviewDialog


def _buttons(editor: ProjectEditor) -> list[str]:
    layout = editor.status_buttons
    return [layout.itemAt(i).widget().text() for i in range(layout.count())]


def test_new_project_saved_from_the_editor(qtbot, qdesk, ui_db, some_clients, type_text, wait_ops,
                                          monkeypatch):
    client_id = some_clients["厦门海辰贸易有限公司"]
    tab = ClientProjectsTab(qdesk)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.reloaded):
        tab.load(client_id)
    assert tab.count() == 0 and tab.empty_label.isVisibleTo(tab)
    view = ProjectsView(qdesk)
    qtbot.addWidget(view)
    view.show()
    wait_ops()
    assert view.count() == 0

    editor = ProjectEditor(qdesk, client_id=client_id)
    qtbot.addWidget(editor, before_close_func=lambda w: w.editing.set_dirty(False))
    wait_ops()
    assert editor.client_id() == client_id
    assert not any(editor.status_buttons.itemAt(i).widget().isEnabled()
                   for i in range(editor.status_buttons.count()))  # not saved yet
    type_text(editor.form.editors["title"].input, "集团现金管理项目")
    editor.form.editors["expected_scale"].input.setText("3亿")
    editor.form.editors["opportunity"].input.setPlainText("集团新设财务公司，需要主办行")
    row = editor.members.add_row({"name": "陈建国"})
    combo = editor.members.cellWidget(row, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("leader"))
    editor.milestones.add_row({"title": "高层拜访", "due_date": "2026-12-01"})

    # a bad amount and a bad milestone date: named, nothing saved
    editor.form.editors["expected_income"].input.setText("很多")
    editor.milestones.add_row({"title": "签约", "due_date": "明年"})
    assert editor.editing.dirty
    assert editor.save()
    wait_ops()
    assert editor.form.editors["expected_income"].error()
    assert "第 2 行 计划日期" in editor.message.text()
    with ui_db.session() as session:
        assert projects.list_projects(session) == []

    editor.form.editors["expected_income"].input.setText("180万")
    editor.milestones.removeRow(1)
    with qtbot.waitSignal(qdesk.changed, check_params_cb=lambda c: c.touches({Kind.PROJECTS})):
        assert editor.save()
    wait_ops()  # saved; the tab and the list read again
    assert editor.project_id and not editor.editing.dirty and not editor.message.isVisible()
    with ui_db.session() as session:
        view_data = projects.get_project_view(session, editor.project_id)
        assert view_data.project.title == "集团现金管理项目"
        assert str(view_data.project.expected_scale) == "300000000.00"
        assert [(m.name, m.role) for m in view_data.members] == [
            (PROFILE.name, "relationship"), ("陈建国", "leader")]
        assert [m.title for m in view_data.milestones] == ["高层拜访"]
    assert tab.count() == 1 and view.count() == 1
    assert view.list.topLevelItem(0).text(1) == "集团现金管理项目"

    # status: only the legal moves, each logged
    assert _buttons(editor) == ["提交审批", "结束项目"]
    assert editor.apply_move("submitted")
    wait_ops()
    assert editor.status_label.text() == "状态：待审批"
    assert _buttons(editor) == ["批准立项", "不予批准", "退回修改"]
    # 批准立项 asks for the approval; the manager naming themself is refused, nothing moves
    answers = iter([(PROFILE.name, "同意"), ("陈立新", "同意")])

    def answer_approval(dialog):
        approver, note = next(answers)
        dialog.approver.setText(approver)
        dialog.position.setText("分管副行长")
        dialog.decided_on.set_text("2026-11-05")
        dialog.approval_no.setText("厦分行立项〔2026〕12号")
        dialog.note.setText(note)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApprovalDialog, "exec", answer_approval)
    assert editor.move("approved")
    wait_ops()
    assert f"审批人不能是客户经理本人（{PROFILE.name}）" in editor.message.text()
    assert editor.status_label.text() == "状态：待审批" and editor.decision_label.isHidden()
    assert editor.move("approved")
    wait_ops()
    assert _buttons(editor) == ["结束项目"]
    assert editor.logs.topLevelItemCount() == 2
    assert editor.logs.topLevelItem(1).text(1).endswith("批复文号 厦分行立项〔2026〕12号。同意")
    assert editor.decision_label.text() == (
        "审批人：陈立新（分管副行长），批复日期 2026-11-05，批复文号 厦分行立项〔2026〕12号")
    assert not editor.decision_label.isHidden()
    wait_ops()
    assert view.list.topLevelItem(0).text(2) == "已批准"

    editor.log_text.setText("与财务公司总经理会谈")
    assert editor.add_log()
    wait_ops()
    assert editor.logs.topLevelItemCount() == 3
    editor.log_text.setText("")
    assert editor.add_log()
    wait_ops()
    assert "内容" in editor.message.text()

    # the approved proposal is fixed: a changed strategy is refused at the field
    editor.form.editors["strategy"].input.setPlainText("改写")
    assert editor.save()
    wait_ops()
    assert "不能修改" in editor.form.editors["strategy"].error()




def test_editor_opens_a_saved_project_and_previews_it(qtbot, qdesk, ui_db, some_clients, wait_ops):
    client_id = some_clients["福建鹭岛建材股份有限公司"]
    with ui_db.transaction("张明") as session:
        project_id = projects.save_project(session, projects.ProjectDraft(
            fields={"client_id": client_id, "title": "供应链融资项目"},
            members=[{"name": "陈建国", "role": "leader", "phone": "13812345678"}]))
    editor = ProjectEditor(qdesk, project_id)
    qtbot.addWidget(editor)
    wait_ops()
    assert not editor.editing.dirty  # reading is not editing
    assert editor.form.editors["title"].value() == "供应链融资项目"
    assert editor.members.rows() == [{"name": "陈建国", "role": "leader", "department": "",
                                      "phone": "13812345678",
                                      "id": editor.members.rows()[0]["id"]}]
    dialog = editor.preview_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() >= 1
    assert isinstance(editor.findChild(QPushButton, "move-submitted"), QPushButton)


# --------------------------------------------------------------------------- batch packs

@pytest.fixture
def three_proposals(ui_db):
    from tests.helpers import make_uscc
    from tests.reports.test_proposal_pack import make_proposal

    return [make_proposal(ui_db, client_name=f"客户{i}有限公司",
                          credit_code=make_uscc(f"9135020{i}MA2YYYYY1")) for i in range(3)]


def test_pack_dialog_builds_files_off_the_gui_thread(qtbot, qdesk, three_proposals, tmp_path,
                                                     wait_ops):
    dialog = ProposalPackDialog(qdesk, three_proposals[:2])
    qtbot.addWidget(dialog)
    wait_ops()
    assert dialog.tree.topLevelItemCount() == 3 and dialog.count_label.text() == "已选 2 份"
    dialog.search.setText("客户2")
    wait_ops()
    assert dialog.tree.topLevelItemCount() == 1
    dialog.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
    assert set(dialog.selected_ids()) == set(three_proposals)
    dialog.build()
    assert dialog.message.text() == "请选择保存位置"
    dialog.target_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.build_finished, timeout=60_000) as done:
        dialog.build()
        assert dialog.is_building
    assert done.args == [True]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(
        f"客户{i}有限公司-结算与融资综合服务方案-v1.pdf" for i in range(3))
    assert "已写出 3 份" in dialog.note.text()


def test_pack_dialog_combined_and_cancel(qtbot, qdesk, three_proposals, tmp_path, monkeypatch,
                                        wait_ops):
    dialog = ProposalPackDialog(qdesk, three_proposals)
    qtbot.addWidget(dialog)
    wait_ops()
    dialog.combined.setChecked(True)
    target = tmp_path / "今天"
    dialog.target_edit.setText(str(target))
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: None)
    with qtbot.waitSignal(dialog.build_finished, timeout=60_000) as done:
        dialog.build()
    assert done.args == [True]
    combined = tmp_path / "今天.pdf"
    assert dialog.written == [combined] and combined.exists()
    assert dialog.preview is not None and dialog.preview.document.pageCount() > 3
    dialog.preview.done(0)

    again = tmp_path / "again.pdf"
    dialog.target_edit.setText(str(again))
    with qtbot.waitSignal(dialog.build_finished, timeout=60_000) as done:
        dialog.build()
        dialog.cancel()
    assert done.args == [False]
    assert dialog.message.text() == "已取消，没有生成文件。" and not again.exists()
