"""Plans on a client file: the 发展计划 tab (客户发展计划 with milestones) and the
战略计划书 tab (客户关系战略计划书, one per year).

Both edit through the core services (services.development / services.strategy) and show
a ValidationError at the fields and cells, like the client file. The strategy tab has a
year selector: sections 1–7 are read from the file (frozen for a closed year), sections
8 and 9 are edited here; a closed year is read-only. 打印预览 opens the PDF preview.
"""
from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain.identifiers import mask_id, mask_phone
from cmdesk.domain.money import format_money
from cmdesk.errors import CmdeskError, FieldProblem, ValidationError
from cmdesk.services import development, strategy
from cmdesk.services.catalogue import list_products
from ui.field_text import local_time
from ui.clients.section_panel import SectionPanel
from ui.field_text import choice_text, field_label
from ui.widgets.record_table import scrolled
from ui.widgets.spec_form import SpecForm

EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.AnyKeyPressed)  # as SectionPanel sets them
LONG_TEXT_HEIGHT = 72


def _label(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _compact_long_texts(form: SpecForm) -> None:
    """Long-text inputs a few lines high, so the rows below stay in view."""
    for editor in form.editors.values():
        if editor.spec.kind == "longtext":
            editor.input.setMaximumHeight(LONG_TEXT_HEIGHT)


def _first_line(text: str, width: int = 40) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= width else line[:width - 1] + "…"


def _split(problems: list[FieldProblem], section: str) -> list[FieldProblem]:
    return [p for p in problems if p.section == section]


def _field_errors(problems: list[FieldProblem], section: str) -> dict[str, str]:
    return {p.field: p.message for p in problems if p.section == section and p.row is None}


def _products(desk: Any) -> list[tuple[str, str]]:
    with desk.db.session() as session:
        return [(p.id, p.name) for p in list_products(session, active_only=True)]


class DevelopmentPlansTab(QWidget):
    """The client's development plans: a list on the left, the open plan's form and
    milestones on the right; 保存 writes the plan whole."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.plan_id: str | None = None
        style = self.style()

        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setHeaderLabels([self.tr("发展目标"), self.tr("状态"), self.tr("目标日期"), self.tr("里程碑")])
        for column, width in enumerate((170, 56, 84)):
            self.list.header().resizeSection(column, width)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.new_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建计划"), self)
        self.new_button.clicked.connect(self.new_plan)
        self.delete_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                         self.tr("删除计划"), self)
        self.delete_button.clicked.connect(self.delete_plan)
        self.empty_label = _label(self.tr("还没有发展计划。为潜在客户或要做大的客户点“新建计划”：目标、策略、措施、所需资源和里程碑。"),
                                  "emptyHint", self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_label, 1)

        self.title_label = _label("", "heading", self)
        self.problem_label = _label("", "problemLabel", self)
        self.problem_label.hide()
        self.form = SpecForm(development.PLAN.fields, columns=2, desk=desk, parent=self)
        _compact_long_texts(self.form)
        self.milestones = SectionPanel(desk, development.MILESTONES,
                                       self.tr("按日期排列的关键节点；完成后把状态改为“已完成”并填写完成日期。"),
                                       self.tr("还没有里程碑。点“添加”写下第一个节点。"), self)
        self.save_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                       self.tr("保存计划"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        editor = QWidget(self)
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.title_label)
        editor_layout.addWidget(self.problem_label)
        editor_layout.addWidget(self.form)
        editor_layout.addWidget(self.milestones, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        editor_layout.addLayout(save_row)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(scrolled(self, editor))
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr("客户发展计划：要从这个客户争取什么、怎么争取、需要哪些部门和人员支持。"),
                                "sectionHint", self))
        layout.addWidget(splitter, 1)
        self.load(None)

    # --- loading -------------------------------------------------------------------
    def load(self, client_id: str | None, select_id: str | None = None) -> None:
        self.client_id = client_id
        self.list.blockSignals(True)
        self.list.clear()
        plans = []
        if client_id:
            with self.desk.db.session() as session:
                plans = [development.plan_dict(plan) for plan in development.plans_of(session, client_id)]
        status_spec = development.PLAN.field("status")
        for plan in plans:
            done = sum(1 for m in plan["milestones"] if m["status"] == "done")
            item = QTreeWidgetItem([_first_line(plan["target"]), choice_text(status_spec, plan["status"]),
                                    plan["target_date"].isoformat() if plan["target_date"] else "",
                                    f"{done}/{len(plan['milestones'])}"])
            item.setData(0, Qt.ItemDataRole.UserRole, plan)
            item.setToolTip(0, plan["target"])
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        self.list.setVisible(bool(plans))
        self.empty_label.setVisible(not plans)
        self.new_button.setEnabled(client_id is not None)
        self.milestones.set_products(_products(self.desk))
        self.milestones.client_id = client_id
        wanted = next((i for i in range(self.list.topLevelItemCount())
                       if self.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)["id"] == select_id), 0)
        if plans:
            self.list.setCurrentItem(self.list.topLevelItem(wanted))
            self._show(self.list.topLevelItem(wanted).data(0, Qt.ItemDataRole.UserRole))
        else:
            self._show(None)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id, self.plan_id)

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def _show(self, plan: dict[str, Any] | None) -> None:
        self.plan_id = plan["id"] if plan else None
        self.title_label.setText(self.tr("编辑发展计划") if plan else self.tr("新的发展计划"))
        self.form.set_values(plan or {"status": "active"})
        self.form.clear_errors()
        self.milestones.load(plan["milestones"] if plan else [])
        self.problem_label.hide()
        editable = self.client_id is not None
        self.form.setEnabled(editable)
        self.milestones.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(plan is not None)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        if current is not None:
            self._show(current.data(0, Qt.ItemDataRole.UserRole))

    # --- actions -------------------------------------------------------------------
    def new_plan(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentItem(None)
        self._show(None)
        self.form.editors["target"].input.setFocus()

    def save(self) -> bool:
        if not self.client_id:
            return False
        draft = development.PlanDraft(fields=self.form.values(), milestones=self.milestones.draft_rows())
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                plan_id = development.save_plan(session, self.client_id, draft, self.plan_id)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return False
        self.desk.status_message.emit(self.tr("发展计划已保存"))
        self.load(self.client_id, plan_id)
        return True

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.form.set_errors(_field_errors(problems, development.PLAN.key))
        self.milestones.show_problems(_split(problems, development.MILESTONES.key))
        self.problem_label.setText("\n".join(p.describe() for p in problems))
        self.problem_label.show()

    def delete_plan(self) -> None:
        if not self.plan_id:
            return
        answer = QMessageBox.question(self, self.tr("删除发展计划"),
                                      self.tr("删除这份发展计划及其里程碑？变更历史中仍可查到。"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.desk.db.transaction(self.desk.actor) as session:
            development.delete_plan(session, self.plan_id)
        self.load(self.client_id)


def sections_html(document: strategy.StrategyDocument) -> str:
    """Sections 1–7 of a plan as HTML for the read-only view (personal data masked)."""
    file = document.file
    client = file["client"]

    def table(section: cf.SectionSpec, keys: tuple[str, ...], rows: list[dict[str, Any]],
              shown: dict[str, Any] | None = None) -> str:
        if not rows:
            return f"<p style='color:#5f6368'>{escape(_tr('（档案中还没有）'))}</p>"
        head = "".join(f"<th align='left'>{escape(field_label(section.field(k)))}</th>" for k in keys)
        body = ""
        for row in rows:
            cells = []
            for key in keys:
                value = (shown or {}).get(key, lambda v: v)(row.get(key))
                cells.append(f"<td>{escape('' if value is None else str(value))}</td>")
            body += f"<tr>{''.join(cells)}</tr>"
        return (f"<table width='100%' cellspacing='0' cellpadding='3' border='1' "
                f"style='border-color:#c8ccd0;border-collapse:collapse'><tr style='background:#e4ebf3'>{head}</tr>"
                f"{body}</table>")

    def money(value: Any) -> str:
        return f"{format_money(Decimal(value))} 元" if value else ""

    def yes(value: Any) -> str:
        return _tr("是") if value else "—"

    basic = cf.BASIC
    code = client.get("id_number") or client.get("credit_code") or ""
    facts = [(field_label(basic.field("name")), client.get("name", "")),
             (field_label(basic.field("tier")), client.get("tier", "")),
             (field_label(basic.field("industry")), client.get("industry", "")),
             (field_label(basic.field("region")), client.get("region", "")),
             (_tr("证件/代码"), mask_id(code) if code else ""),
             (field_label(basic.field("annual_revenue")), money(client.get("annual_revenue")))]
    parts = [f"<h3>{escape(_numbered(0))}</h3><p>"
             + "　".join(f"<b>{escape(k)}</b>：{escape(str(v))}" for k, v in facts if v) + "</p>"]
    parts.append(f"<h3>{escape(_numbered(1))}</h3>" + table(
        cf.CONTACTS, ("name", "position", "authority", "relation_method", "phone"), file["contacts"],
        {"phone": lambda v: mask_phone(v) if v else ""}))
    parts.append(f"<h3>{escape(_numbered(2))}</h3>" + table(
        cf.BUSINESS_LINES, ("nature", "revenue_share", "profit_share", "current_state", "financing_needs"),
        file["business_lines"]))
    positioning = "".join(f"<p><b>{escape(field_label(spec))}</b>：{escape(client.get(spec.key) or '—')}</p>"
                          for spec in cf.POSITIONING.fields)
    parts.append(f"<h3>{escape(_numbered(3))}</h3>{positioning}")
    parts.append(f"<h3>{escape(_numbered(4))}</h3>" + table(
        cf.OTHER_BANKS, ("institution", "contact_person", "products_terms", "estimated_spend"),
        file["other_banks"], {"estimated_spend": money}))
    services = [dict(row, product_id=row.get("product_name", "")) for row in file["services"]]
    parts.append(f"<h3>{escape(_numbered(5))}</h3>" + table(
        cf.SERVICES, ("product_id", "needed", "other_bank", "recommended", "adopted", "stopped", "our_share"),
        services, {k: yes for k in ("needed", "other_bank", "recommended", "adopted", "stopped")}))
    category = cf.VALUE_ITEMS.field("category")
    values = sorted(file["value_items"], key=lambda item: -int(item["year"]))
    parts.append(f"<h3>{escape(_numbered(6))}</h3>" + table(
        cf.VALUE_ITEMS, ("year", "category", "description", "amount"), values,
        {"category": lambda v: choice_text(category, v), "amount": money}))
    return "".join(parts)


def _tr(text: str) -> str:
    return QCoreApplication.translate("StrategyPlansTab", text)


def _numbered(index: int) -> str:
    return f"{'一二三四五六七八九'[index]}、{QCoreApplication.translate('fields', strategy.SECTION_TITLES[index])}"


class StrategyPlansTab(QWidget):
    """The client's strategy plans by year: sections 1–7 from the file, 8 and 9 edited
    here; closed years read-only; 打印预览 for the PDF."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.document: strategy.StrategyDocument | None = None
        style = self.style()

        self.year_combo = QComboBox(self)
        self.year_combo.setMinimumWidth(120)
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.new_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建年度计划…"), self)
        self.new_button.clicked.connect(self.new_year)
        self.close_button = QPushButton(self.tr("结束本年度"), self)
        self.close_button.setToolTip(self.tr("把第一至七部分按档案现状存档，此后该年度计划书只能查看"))
        self.close_button.clicked.connect(self.close_year)
        self.print_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                        self.tr("打印预览…"), self)
        self.print_button.clicked.connect(self.preview)
        self.save_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                       self.tr("保存"), self)
        self.save_button.clicked.connect(self.save)
        self.state_label = _label("", "sectionHint", self)
        self.problem_label = _label("", "problemLabel", self)
        self.problem_label.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("计划年度"), self))
        bar.addWidget(self.year_combo)
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)

        self.file_view = QTextBrowser(self)
        self.file_view.setOpenLinks(False)
        self.summary_form = SpecForm((strategy.PLAN.field("summary"),), desk=desk, parent=self)
        _compact_long_texts(self.summary_form)
        self.rows = SectionPanel(desk, strategy.ROWS,
                                 self.tr("第八部分：客户需求、我行产品、负责部门和人员、计划时间、方式、预计收益。"),
                                 self.tr("还没有计划行。点“添加”。"), self)
        self.challenges = SectionPanel(desk, strategy.CHALLENGES,
                                       self.tr("第九部分：挑战的来源、内容、防范措施和时间表。"),
                                       self.tr("还没有写挑战。点“添加”。"), self)
        plan_page = QWidget(self)
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.addWidget(self.summary_form)
        plan_layout.addWidget(self.rows, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.file_view, self.tr("一至七 客户档案"))
        self.tabs.addTab(plan_page, self.tr("八 我行来年计划"))
        self.tabs.addTab(self.challenges, self.tr("九 挑战"))
        self.empty_label = _label(self.tr("这个客户还没有客户关系战略计划书。重点客户每年一份：点“新建年度计划…”。"),
                                  "emptyHint", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.state_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_label, 1)
        self.load(None)

    # --- loading -------------------------------------------------------------------
    def load(self, client_id: str | None, year: int | None = None) -> None:
        self.client_id = client_id
        plans: list[tuple[int, str]] = []
        if client_id:
            with self.desk.db.session() as session:
                plans = [(plan.year, plan.id) for plan in strategy.plans_of(session, client_id)]
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for plan_year, plan_id in plans:
            self.year_combo.addItem(self.tr("{year} 年度").format(year=plan_year), plan_id)
        index = next((i for i, (plan_year, _id) in enumerate(plans) if plan_year == year), 0)
        self.year_combo.setCurrentIndex(index if plans else -1)
        self.year_combo.blockSignals(False)
        self.new_button.setEnabled(client_id is not None)
        self.tabs.setVisible(bool(plans))
        self.empty_label.setVisible(not plans)
        self.rows.set_products(_products(self.desk))
        self._show(plans[index][1] if plans else None)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id, self.document.year if self.document else None)

    def count(self) -> int:
        return self.year_combo.count()

    def _show(self, plan_id: str | None) -> None:
        self.problem_label.hide()
        self.document = None
        if plan_id:
            with self.desk.db.session() as session:
                self.document = strategy.read_plan(session, plan_id)
        document = self.document
        self.file_view.setHtml(sections_html(document) if document else "")
        self.summary_form.set_values({"summary": document.summary if document else ""})
        self.summary_form.clear_errors()
        self.rows.load(document.rows if document else [])
        self.challenges.load(document.challenges if document else [])
        editable = document is not None and not document.closed
        for panel in (self.rows, self.challenges):
            for button in (panel.add_button, panel.edit_button, panel.remove_button):
                button.setVisible(editable)
            panel.view.setEditTriggers(EDIT_TRIGGERS if editable
                                       else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_form.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.close_button.setEnabled(editable)
        self.print_button.setEnabled(document is not None)
        if document is None:
            self.state_label.clear()
        elif document.closed:
            self.state_label.setText(self.tr("{year} 年度已于 {when} 结束存档：第一至七部分为当时的档案内容，只能查看和打印。")
                                     .format(year=document.year, when=local_time(document.closed_at)))
        else:
            self.state_label.setText(self.tr("{year} 年度进行中：第一至七部分随客户档案更新；第八、九部分在这里编辑。")
                                     .format(year=document.year))

    def _on_year_changed(self, index: int) -> None:
        self._show(self.year_combo.itemData(index) if index >= 0 else None)

    # --- actions -------------------------------------------------------------------
    def new_year(self) -> None:
        if not self.client_id:
            return
        suggested = (self.document.year + 1) if self.document else clock.today().year
        year, ok = QInputDialog.getInt(self, self.tr("新建年度计划"), self.tr("计划年度："), suggested, 1990, 2100)
        if ok:
            self.create_year(year)

    def create_year(self, year: int) -> bool:
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                strategy.save_plan(session, self.client_id, strategy.StrategyDraft(fields={"year": year}))
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("新建年度计划"), str(exc))
            return False
        self.load(self.client_id, year)
        return True

    def save(self) -> bool:
        if self.document is None or self.document.closed:
            return False
        draft = strategy.StrategyDraft(fields=self.summary_form.values(), rows=self.rows.draft_rows(),
                                       challenges=self.challenges.draft_rows())
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                strategy.save_plan(session, self.document.client_id, draft, self.document.plan_id)
        except ValidationError as exc:
            self.summary_form.set_errors(_field_errors(exc.problems, strategy.PLAN.key))
            self.rows.show_problems(_split(exc.problems, strategy.ROWS.key))
            self.challenges.show_problems(_split(exc.problems, strategy.CHALLENGES.key))
            self.problem_label.setText("\n".join(p.describe() for p in exc.problems))
            self.problem_label.show()
            return False
        self.desk.status_message.emit(self.tr("战略计划书已保存"))
        self.load(self.client_id, self.document.year)
        return True

    def close_year(self) -> None:
        if self.document is None or self.document.closed:
            return
        answer = QMessageBox.question(
            self, self.tr("结束本年度"),
            self.tr("结束 {year} 年度后，第一至七部分按档案现状存档，计划书只能查看和打印。继续？")
            .format(year=self.document.year))
        if answer == QMessageBox.StandardButton.Yes:
            self.close_current_year()

    def close_current_year(self) -> None:
        with self.desk.db.transaction(self.desk.actor) as session:
            strategy.close_plan(session, self.document.plan_id)
        self.load(self.client_id, self.document.year)

    def preview(self) -> None:
        if self.document is not None:
            dialog = strategy_plan_preview(self, self.desk, self.document)
            if dialog is not None:
                dialog.exec()
                dialog.deleteLater()


def strategy_plan_preview(parent: QWidget | None, desk: Any, document: strategy.StrategyDocument):
    """Generate the plan's PDF (masked) and make its preview dialog; None after telling
    the manager why it could not be generated."""
    from cmdesk.reports.strategy_plan import write_strategy_plan
    from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
    from ui.worker import run_with_progress

    db, actor, plan_id = desk.db, desk.actor, document.plan_id
    title = _tr("战略计划书预览")

    def render(path: Path, unmasked: bool) -> None:
        run_with_progress(parent, title, _tr("正在生成战略计划书…"),
                          lambda _progress: write_strategy_plan(db, plan_id, path, unmasked=unmasked,
                                                                actor=actor))

    path = temp_pdf_path(desk, "strategy-")
    try:
        render(path, False)
    except CmdeskError as exc:
        path.unlink(missing_ok=True)
        QMessageBox.warning(parent, title, str(exc))
        return None
    name = _tr("客户关系战略计划书_{client}_{year}.pdf").format(client=document.client_name, year=document.year)
    return PdfPreviewDialog(path, title, name, render_unmasked=lambda target: render(target, True),
                            parent=parent)
