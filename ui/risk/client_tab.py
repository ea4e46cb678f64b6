"""The 贷款与风险 tab of a client file: the client's risk at a glance (worst five-level
classification, balance, next post-loan check, 关注), and four lists — the loan ledger
(贷款台账), the post-loan check reports (贷后检查报告, printable), the warning signals
(预警信号) and the credit lines (授信, an expired one in red) — each with a form to add or
change a record (RecordDialog). A loan's form offers the client's credit lines as 所用授信.

Every read and write goes through the operation layer (ui.ops); the tab reads again when
risk records or the client change (RefreshOnShow).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import risk_fields as rf
from cmdesk.domain.client_fields import FieldSpec, SectionSpec
from cmdesk.domain.money import format_money, format_wan
from cmdesk.errors import ValidationError
from cmdesk.files import atomic_write
from cmdesk.services import risk
from cmdesk.services.risk import ClientRisk
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.file_dialogs import PRINTS, save_file
from ui.widgets.spec_form import SpecForm

ID_ROLE = Qt.ItemDataRole.UserRole
# fields the tab fills in itself (the client) or that the forms do not offer
HIDDEN_FIELDS = frozenset({"client_id", "entry_id"})
Saver = Callable[[Any, dict[str, Any]], str]
Choices = dict[str, tuple[tuple[str, str], ...]]


def _offered_fields(spec: SectionSpec, choices: Choices) -> list[FieldSpec]:
    """The fields a form offers; a reference given its choices (a loan's 所用授信: the
    client's credit lines) is picked from a list."""
    return [replace(field, kind="choice", label=field.source_label, choices=())
            if field.key in choices else field
            for field in spec.fields if field.key not in HIDDEN_FIELDS]


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


class RecordDialog(QDialog):
    """The form of one risk record; 保存 writes it through the operation layer and shows
    every problem at its field, so nothing is half-saved."""

    saved = Signal(str)

    def __init__(self, desk: Any, spec: SectionSpec, save: Saver, values: dict[str, Any],
                 title: str, parent: QWidget | None = None, choices: Choices | None = None):
        super().__init__(parent)
        self.desk = desk
        self._save = save
        self.client_id = values.get("client_id")
        self.setWindowTitle(title)
        self.form = SpecForm(_offered_fields(spec, choices or {}), columns=2, choices=choices,
                             parent=self)
        self.form.set_values(values)
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(760, 560 if len(self.form.editors) > 10 else 420)

    def save(self) -> None:
        fields = {**self.form.values(), "client_id": self.client_id}
        self.save_button.setEnabled(False)
        ops.write(self.desk, lambda session: self._save(session, fields),
                  Changes.of(Kind.RISK, self.client_id), done=self._saved, failed=self._failed,
                  parent=self)

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            ops.show_error(self, exc)
            return
        self.form.set_errors({p.field: p.message for p in exc.problems})
        self.problem.setText(self.tr("；").join(p.describe() for p in exc.problems))


class _RecordList(QWidget):
    """One list of the tab with its 新增 / 修改 / 删除 buttons (and extras)."""

    def __init__(self, headers: list[str], empty: str, parent: QWidget):
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(headers)
        self.empty = QLabel(empty, self)
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)

    def button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def fill(self, rows: list[tuple[str, list[str], bool]]) -> None:
        """rows: (record id, cell texts, alert) — an alert row is shown in red."""
        self.tree.clear()
        for record_id, texts, alert in rows:
            item = QTreeWidgetItem(self.tree, texts)
            item.setData(0, ID_ROLE, record_id)
            if alert:
                for column in range(len(texts)):
                    item.setForeground(column, Qt.GlobalColor.darkRed)
        for column in range(self.tree.columnCount() - 1):
            self.tree.resizeColumnToContents(column)
        self.tree.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None


class ClientRiskTab(QWidget):
    """The client file's 贷款与风险 tab (a record tab: load(client_id), count(), reloaded)."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.view: ClientRisk | None = None
        self.dialog: RecordDialog | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("sectionHint")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.loans = _RecordList(
            [self.tr("合同编号"), self.tr("贷款品种"), self.tr("合同金额（元）"), self.tr("余额（元）"),
             self.tr("到期日"), self.tr("担保方式"), self.tr("五级分类"), self.tr("检查频率"),
             self.tr("状态")],
            self.tr("还没有贷款。点“新增贷款”登记，或在命令行用 cmdesk loans import 从 Excel 导入台账。"),
            self)
        self.loans.button(self.tr("新增贷款"), self.new_loan)
        self.loans.button(self.tr("修改"), self.edit_loan)
        self.loans.button(self.tr("删除"), lambda: self._delete(self.loans, risk.delete_loan))
        self.loans.buttons.addStretch(1)
        self.checks = _RecordList(
            [self.tr("检查日期"), self.tr("方式"), self.tr("检查人"), self.tr("第二检查人"),
             self.tr("建议分类"), self.tr("检查结论")],
            self.tr("还没有贷后检查报告。检查报告须两人完成（双人贷后检查），保存时会同时写入一条贷后检查日志。"),
            self)
        self.checks.button(self.tr("新增检查报告"), self.new_check)
        self.checks.button(self.tr("修改"), self.edit_check)
        self.checks.button(self.tr("删除"), lambda: self._delete(self.checks, risk.delete_check))
        self.checks.button(self.tr("导出PDF…"), self.export_check)
        self.checks.buttons.addStretch(1)
        self.signals = _RecordList(
            [self.tr("发现日期"), self.tr("信号类型"), self.tr("信息来源"), self.tr("风险成因"),
             self.tr("责任人"), self.tr("处置期限"), self.tr("状态")],
            self.tr("没有预警信号。登记新信号后，客户会被标为“关注”，并在下次导出时紧急上报总行。"),
            self)
        self.signals.button(self.tr("登记预警信号"), self.new_signal)
        self.signals.button(self.tr("修改"), self.edit_signal)
        self.signals.button(self.tr("删除"), lambda: self._delete(self.signals, risk.delete_signal))
        self.signals.buttons.addStretch(1)
        self.lines = _RecordList(
            [self.tr("授信编号"), self.tr("授信品种"), self.tr("授信额度（元）"), self.tr("已用（元）"),
             self.tr("起始日"), self.tr("到期日"), self.tr("状态")],
            self.tr("没有授信记录。"), self)
        self.lines.button(self.tr("新增授信"), self.new_credit_line)
        self.lines.button(self.tr("修改"), self.edit_credit_line)
        self.lines.button(self.tr("删除"), lambda: self._delete(self.lines, risk.delete_credit_line))
        self.lines.buttons.addStretch(1)
        self.tabs.addTab(self.loans, self.tr("贷款台账"))
        self.tabs.addTab(self.checks, self.tr("贷后检查"))
        self.tabs.addTab(self.signals, self.tr("预警信号"))
        self.tabs.addTab(self.lines, self.tr("授信"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self._refresh = RefreshOnShow(self, desk, {Kind.RISK, Kind.CLIENTS, Kind.DIARY},
                                      self.reload)

    # --- reading -------------------------------------------------------------------
    def load(self, client_id: str | None) -> None:
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        client_id = self.client_id
        if client_id is None:
            self.view = None
            self._show(None)
            return
        today = clock.today()
        ops.query(self.desk, lambda session: risk.client_risk(session, client_id, today),
                  done=self._show, parent=self, key=f"risk.client.{id(self)}")

    def count(self) -> int:
        return len(self.view.loans) if self.view is not None else 0

    def _show(self, view: ClientRisk | None) -> None:
        if view is not None and view.client_id != self.client_id:
            return  # another file was opened meanwhile
        self.view = view
        enabled = view is not None
        for part in (self.loans, self.checks, self.signals, self.lines):
            for i in range(part.buttons.count()):
                widget = part.buttons.itemAt(i).widget()
                if widget is not None:
                    widget.setEnabled(enabled)
        self.summary.setText(self._summary_text(view))
        self.loans.fill([] if view is None else [
            (loan.id, [loan.contract_no, loan.product, format_money(loan.amount),
                       format_money(loan.balance), _day(loan.maturity_date), loan.guarantee_label,
                       loan.classification, loan.check_frequency_label, loan.status_label],
             loan.status == "active" and loan.classification != rf.LoanClass.NORMAL)
            for loan in view.loans])
        self.checks.fill([] if view is None else [
            (check.id, [_day(check.check_date), check.mode_label, check.checker,
                        check.second_checker, check.proposed_class,
                        check.conclusion.splitlines()[0] if check.conclusion else ""], False)
            for check in view.checks])
        self.signals.fill([] if view is None else [
            (signal.id, [_day(signal.found_on), signal.type_label, signal.source_label,
                         signal.cause.splitlines()[0] if signal.cause else "", signal.responsible,
                         _day(signal.deadline), signal.status_label], signal.is_open)
            for signal in view.signals])
        today = clock.today()
        self.lines.fill([] if view is None else [
            (line.id, [line.line_no, line.kind, format_money(line.amount), format_money(line.used),
                       _day(line.start_date), _day(line.expiry_date), line.status_label],
             line.status == "active" and line.expiry_date < today)
            for line in view.credit_lines])
        open_signals = sum(signal.is_open for signal in view.signals) if view else 0
        for index, (title, count) in enumerate((
                (self.tr("贷款台账"), len(view.loans) if view else 0),
                (self.tr("贷后检查"), len(view.checks) if view else 0),
                (self.tr("预警信号"), open_signals),
                (self.tr("授信"), len(view.credit_lines) if view else 0))):
            self.tabs.setTabText(index, f"{title} ({count})" if count else title)
        self.reloaded.emit()

    def _summary_text(self, view: ClientRisk | None) -> str:
        if view is None:
            return self.tr("保存客户档案后可登记贷款、贷后检查和预警信号。")
        if not view.loans and not view.signals:
            return self.tr("该客户没有贷款，也没有预警信号。")
        parts = [self.tr("五级分类（最差）：{c}").format(c=view.worst_class),
                 self.tr("贷款余额：{b}元").format(b=format_wan(view.balance) or "0")]
        check = view.next_check
        if check is not None:
            late = (self.tr("，逾期 {n} 天").format(n=check.days_overdue)
                    if check.days_overdue > 0 else "")
            parts.append(self.tr("下次贷后检查：{d}{late}").format(d=_day(check.due), late=late))
        soon = [m for m in view.maturities if m.days_left >= 0]
        if soon:
            parts.append(self.tr("{n} 笔贷款 90 天内到期").format(n=len(soon)))
        if view.watched:
            parts.append(self.tr("关注客户"))
        return " · ".join(parts)

    # --- records -------------------------------------------------------------------
    def _open(self, spec: SectionSpec, save: Saver, values: dict[str, Any], title: str,
              choices: Choices | None = None) -> None:
        self.dialog = RecordDialog(self.desk, spec, save, {**values, "client_id": self.client_id},
                                   title, self, choices)
        self.dialog.open()

    def _credit_line_choices(self) -> Choices:
        """A loan's 所用授信: the client's credit lines, by number, kind and amount."""
        lines = self.view.credit_lines if self.view else ()
        return {"credit_line_id": tuple(
            (line.id, " ".join(part for part in (line.line_no, line.kind, format_wan(line.amount))
                               if part))
            for line in lines)}

    def _line(self, part: _RecordList, lines: tuple[Any, ...]) -> Any | None:
        record_id = part.current_id()
        return next((line for line in lines if line.id == record_id), None)

    def new_loan(self) -> None:
        self._open(rf.LOAN, risk.save_loan, {
            "currency": "CNY", "guarantee_kind": "credit", "classification": "正常",
            "check_frequency": "quarterly", "status": "active"}, self.tr("新增贷款"),
            self._credit_line_choices())

    def edit_loan(self) -> None:
        loan = self._line(self.loans, self.view.loans if self.view else ())
        if loan is not None:
            self._open(rf.LOAN, lambda s, f, i=loan.id: risk.save_loan(s, f, i), asdict(loan),
                       self.tr("修改贷款 {n}").format(n=loan.contract_no),
                       self._credit_line_choices())

    def new_check(self) -> None:
        self._open(rf.CHECK, risk.save_check, {
            "check_date": clock.today(), "mode": "on_site", "checker": self.desk.actor,
            "proposed_class": self.view.worst_class if self.view else "正常"},
            self.tr("新增贷后检查报告"))

    def edit_check(self) -> None:
        check = self._line(self.checks, self.view.checks if self.view else ())
        if check is not None:
            self._open(rf.CHECK, lambda s, f, i=check.id: risk.save_check(s, f, i), asdict(check),
                       self.tr("修改贷后检查报告"))

    def new_signal(self) -> None:
        self._open(rf.SIGNAL, risk.save_signal, {
            "found_on": clock.today(), "status": "open", "responsible": self.desk.actor},
            self.tr("登记预警信号"))

    def edit_signal(self) -> None:
        signal = self._line(self.signals, self.view.signals if self.view else ())
        if signal is not None:
            self._open(rf.SIGNAL, lambda s, f, i=signal.id: risk.save_signal(s, f, i),
                       asdict(signal), self.tr("修改预警信号"))

    def new_credit_line(self) -> None:
        self._open(rf.CREDIT_LINE, risk.save_credit_line, {"currency": "CNY", "status": "active"},
                   self.tr("新增授信"))

    def edit_credit_line(self) -> None:
        line = self._line(self.lines, self.view.credit_lines if self.view else ())
        if line is not None:
            self._open(rf.CREDIT_LINE, lambda s, f, i=line.id: risk.save_credit_line(s, f, i),
                       asdict(line), self.tr("修改授信 {n}").format(n=line.line_no))

    def _delete(self, part: _RecordList, delete: Callable[[Any, str], None]) -> None:
        record_id = part.current_id()
        if record_id is None:
            return
        answer = QMessageBox.question(self, self.tr("删除"), self.tr("确定删除所选记录吗？（档案历史中会留有记录）"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.write(self.desk, lambda session: delete(session, record_id),
                  Changes.of(Kind.RISK, self.client_id), parent=self)

    def export_check(self) -> None:
        check_id = self.checks.current_id()
        if check_id is None:
            return
        path = save_file(self, PRINTS, self.tr("导出贷后检查报告"), self.tr("贷后检查报告.pdf"),
                         "PDF (*.pdf)")
        if path is not None:
            self.write_check_pdf(check_id, str(path))

    def write_check_pdf(self, check_id: str, path: str) -> None:
        """Write the check report's PDF (personal data masked) to `path`, off the GUI thread."""
        from cmdesk.reports.loan_check import render_check_report

        today = clock.today()

        def write(session: Any) -> str:
            data = render_check_report(session, check_id, today)
            return str(atomic_write(path, lambda handle: handle.write(data)))

        ops.query(self.desk, write, parent=self,
                  done=lambda written: self.desk.status_message.emit(
                      self.tr("已导出：{p}").format(p=written)))

