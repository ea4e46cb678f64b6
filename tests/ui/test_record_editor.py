"""The record-editor base (ui.widgets.record_editor) on a small editor of a client's name:
reading is no edit, an edit makes the record dirty, a save announces what changed, a
refused save shows the problems at the fields and keeps nothing, and the unsaved
question's three answers do what they say."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QVBoxLayout, QWidget

from cmdesk.domain import client_fields as cf
from cmdesk.errors import FieldProblem
from cmdesk.services import clients as client_service
from cmdesk.services.clients import ClientDraft
from ui.ops import Changes, Kind
from ui.widgets.record_editor import RecordEditing
from ui.widgets.spec_form import SpecForm


class NameEditor(QWidget):
    """The least an editor on the base needs: fields, a problem label, two hooks."""

    def __init__(self, desk):
        super().__init__()
        self.client_id: str | None = None
        self.form = SpecForm([cf.BASIC.field("name"), cf.BASIC.field("industry")], desk=desk,
                             parent=self)
        self.problems = QLabel(self)
        self.badge = QLabel("未保存", self)
        layout = QVBoxLayout(self)
        for widget in (self.badge, self.problems, self.form):
            layout.addWidget(widget)
        self.editing = RecordEditing(self, desk, noun="档案", save=self.save,
                                     problem_label=self.problems,
                                     place_problems=self._place, clear_problems=self.form.clear_errors,
                                     dirty_badge=self.badge)
        self.form.changed.connect(self.editing.changed)
        self.saved_ids: list[str] = []

    def open(self, client_id: str) -> None:
        self.client_id = client_id
        self.editing.load(lambda session: client_service.client_file_view(session, client_id),
                          lambda view: self.form.set_values(view.data["client"]))

    def _place(self, problems: list[FieldProblem]) -> list[str]:
        self.form.set_errors({p.field: p.message for p in problems if p.field in self.form.editors})
        return [p.describe() for p in problems if p.field not in self.form.editors]

    def save(self) -> bool:
        values, client_id = self.form.values(), self.client_id
        return self.editing.save(
            lambda session: client_service.save_client_file(session, ClientDraft(fields=values),
                                                            client_id),
            Changes.of(Kind.CLIENTS, client_id), done=self.saved_ids.append,
            saved_text=lambda _id: "已保存“{}”".format(values["name"]))


@pytest.fixture
def client_id(make_client) -> str:
    return make_client("厦门海辰贸易有限公司", industry="批发零售")


@pytest.fixture
def editor(qtbot, qdesk, client_id, wait_ops) -> NameEditor:
    widget = NameEditor(qdesk)
    qtbot.addWidget(widget)
    widget.show()
    widget.open(client_id)
    wait_ops()
    return widget


def stored_name(qdesk, client_id: str) -> str:
    with qdesk.db.session() as session:
        return client_service.get_client(session, client_id).name


def test_reading_is_no_edit_and_typing_is(editor):
    assert editor.form.editors["name"].value() == "厦门海辰贸易有限公司"
    assert not editor.editing.dirty and not editor.badge.isVisible()
    editor.form.editors["industry"].input.setText("建筑")
    assert editor.editing.dirty and editor.badge.isVisible()


def test_a_save_announces_what_changed(qtbot, qdesk, editor, client_id, wait_ops):
    statuses: list[str] = []
    qdesk.status_message.connect(statuses.append)
    editor.form.editors["name"].input.setText("厦门海辰国际贸易有限公司")
    with qtbot.waitSignal(qdesk.changed) as announced:
        assert editor.save()
        assert not editor.save()  # one save of an editor at a time
    wait_ops()
    assert announced.args == [Changes(frozenset({Kind.CLIENTS}), frozenset({client_id}))]
    assert stored_name(qdesk, client_id) == "厦门海辰国际贸易有限公司"
    assert editor.saved_ids == [client_id]
    assert not editor.editing.dirty and not editor.problems.isVisible()
    assert statuses[-1] == "已保存“厦门海辰国际贸易有限公司”"


def test_a_refused_save_shows_the_problems_at_the_fields_and_keeps_nothing(qtbot, qdesk, editor,
                                                                          client_id, wait_ops):
    announced: list[Changes] = []
    qdesk.changed.connect(announced.append)
    editor.form.editors["name"].input.setText("")
    editor.form.editors["industry"].input.setText("建筑")
    with qtbot.waitSignal(editor.editing.save_failed):
        assert editor.save()
    wait_ops()
    assert editor.form.editors["name"].error() == "必须填写"
    assert editor.problems.isVisible() and "有 1 处需要改正，档案尚未保存。" in editor.problems.text()
    assert editor.editing.dirty and editor.saved_ids == [] and announced == []
    assert stored_name(qdesk, client_id) == "厦门海辰贸易有限公司"
    # typing in the field clears its mark; the next good save clears the summary
    editor.form.editors["name"].input.setText("厦门海辰贸易有限公司")
    assert editor.form.editors["name"].error() == ""
    editor.save()
    wait_ops()
    assert not editor.problems.isVisible() and not editor.editing.dirty


def test_the_unsaved_question_cancel_discard_and_save(qdesk, editor, client_id, answer_unsaved):
    editor.form.editors["name"].input.setText("厦门海辰控股有限公司")
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    assert not editor.editing.maybe_save("厦门海辰")
    assert asked == ["“厦门海辰”有未保存的修改。要保存吗？"]
    assert editor.editing.dirty
    answer_unsaved(QMessageBox.StandardButton.Save)  # waits until the save committed
    assert editor.editing.maybe_save("厦门海辰")
    assert stored_name(qdesk, client_id) == "厦门海辰控股有限公司" and not editor.editing.dirty
    editor.form.editors["name"].input.setText("不要这个名字")
    answer_unsaved(QMessageBox.StandardButton.Discard)
    assert editor.editing.maybe_save("厦门海辰")
    assert not editor.editing.dirty
    assert stored_name(qdesk, client_id) == "厦门海辰控股有限公司"
    asked_before = len(answer_unsaved(QMessageBox.StandardButton.Cancel))
    assert editor.editing.maybe_save("厦门海辰")  # clean: no question
    assert len(asked) == asked_before


def test_saving_from_the_question_with_problems_stays(qdesk, editor, client_id, answer_unsaved):
    editor.form.editors["name"].input.setText("")
    answer_unsaved(QMessageBox.StandardButton.Save)
    assert not editor.editing.maybe_save("厦门海辰")
    assert editor.form.editors["name"].error() == "必须填写" and editor.editing.dirty
    assert stored_name(qdesk, client_id) == "厦门海辰贸易有限公司"


def test_ctrl_s_saves_the_record(qtbot, qdesk, editor, client_id):
    editor.editing.install_save_keys()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    industry = editor.form.editors["industry"].input
    industry.setText("建筑")
    with qtbot.waitSignal(editor.editing.saved):
        qtbot.keyClick(industry, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with qdesk.db.session() as session:
        assert client_service.get_client(session, client_id).industry == "建筑"


def test_keys_wait_until_the_saved_record_is_shown(qtbot, qdesk, editor, client_id, type_text,
                                                   wait_ops):
    industry = editor.form.editors["industry"].input
    industry.setText("建筑")
    assert editor.save()
    type_text(industry, "业")  # typed while the save is on its way: would be lost, is held back
    assert industry.text() == "建筑"
    wait_ops()
    type_text(industry, "业")
    assert industry.text() == "建筑业" and editor.editing.dirty
