"""Plans on a client file: the 发展计划 tab (客户发展计划 with milestones) and the
战略计划书 tab (客户关系战略计划书, one per year).

Both edit through the core services (services.development / services.strategy) and show
a ValidationError at the fields and cells, like the client file. The strategy tab has a
year selector: sections 1–7 are read from the file (frozen for a closed year), sections
8 and 9 are edited here; a closed year is read-only. 打印预览 opens the PDF preview.
Reads and writes run in the background (ui.ops).
"""
from __future__ import annotations

from decimal import Decimal
from html import escape
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
from cmdesk.domain import development_fields as devf
from cmdesk.domain.identifiers import mask_id, mask_phone
from cmdesk.domain.money import format_money
from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.services import development, strategy
from cmdesk.services.catalogue import product_views
from ui import ops
from ui.clients.section_panel import SectionPanel
from ui.field_text import choice_text, field_label, local_time
from ui.i18n import tr
from ui.ops import Changes, Kind
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


def _products(session: Any) -> list[tuple[str, str]]:
    """The active products as (id, name), for the product cells of the plans' rows."""
    return [(p.id, p.name) for p in product_views(session, active_only=True)]


class DevelopmentPlansTab(QWidget):
    """The client's development plans: a list on the left, the open plan's form and
    milestones on the right; 保存 writes the plan whole."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.plan_id: str | None = None
        self._shown_client: str | None = None  # whose plans the list and form show
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
        """Show the client's plans (read in the background; `reloaded` when shown)."""
        self.client_id = client_id
        if client_id is None:
            self._fill(None, None, [], [])
            return

        def read(session: Any) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
            return ([development.plan_dict(plan) for plan in development.plans_of(session, client_id)],
                    _products(session))

        ops.query(self.desk, read, done=lambda result: self._fill(client_id, select_id, *result),
                  parent=self, key=f"plans.development.{id(self)}")

    def _fill(self, client_id: str | None, select_id: str | None, plans: list[dict[str, Any]],
              products: list[tuple[str, str]]) -> None:
        if client_id != self.client_id:
            return
        self._shown_client = client_id
        self.list.blockSignals(True)
        self.list.clear()
        status_spec = development.PLAN.field("status")
        for plan in plans:
            done = sum(1 for m in plan["milestones"] if m["status"] == devf.DevelopmentMilestoneStatus.DONE)
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
        self.milestones.set_products(products)
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
        self.form.set_values(plan or {"status": devf.NEW_PLAN_STATUS})
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

    def save(self) -> None:
        """Save the plan whole in the background; problems show at the fields. Nothing
        is saved while another client's plan still shows (the new client's is read)."""
        if not self.client_id or self._shown_client != self.client_id:
            return
        client_id, plan_id = self.client_id, self.plan_id
        draft = development.PlanDraft(fields=self.form.values(), milestones=self.milestones.draft_rows())
        ops.write(self.desk, lambda s: development.save_plan(s, client_id, draft, plan_id),
                  Changes.of(Kind.PLANS, plan_id), done=self._on_saved,
                  failed=self._on_save_failed, parent=self)

    def _on_saved(self, plan_id: str) -> None:
        self.desk.status_message.emit(self.tr("发展计划已保存"))
        self.load(self.client_id, plan_id)

    def _on_save_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            ops.show_error(self, error)

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
        plan_id = self.plan_id
        ops.write(self.desk, lambda s: development.delete_plan(s, plan_id),
                  Changes.of(Kind.PLANS, plan_id), done=lambda _result: self.load(self.client_id),
                  parent=self)


def sections_html(document: strategy.StrategyDocument) -> str:
    """Sections 1–7 of a plan as HTML for the read-only view (personal data masked)."""
    file = document.file
    client = file["client"]

    def table(section: cf.SectionSpec, keys: tuple[str, ...], rows: list[dict[str, Any]],
              shown: dict[str, Any] | None = None) -> str:
        if not rows:
            return f"<p style='color:#5f6368'>{escape(tr('（档案中还没有）'))}</p>"
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
        return tr("{amount} 元").format(amount=format_money(Decimal(value))) if value else ""

    def yes(value: Any) -> str:
        return tr("是") if value else "—"

    basic = cf.BASIC
    code = client.get("id_number") or client.get("credit_code") or ""
    facts = [(field_label(basic.field("name")), client.get("name", "")),
             (field_label(basic.field("tier")), client.get("tier", "")),
             (field_label(basic.field("industry")), client.get("industry", "")),
             (field_label(basic.field("region")), client.get("region", "")),
             (tr("证件/代码"), mask_id(code) if code else ""),
             (field_label(basic.field("annual_revenue")), money(client.get("annual_revenue")))]
    parts = [f"<h3>{escape(_numbered(0))}</h3><p>"
             + "　".join(tr("<b>{label}</b>：{value}").format(label=escape(k), value=escape(str(v)))
                        for k, v in facts if v) + "</p>"]
    parts.append(f"<h3>{escape(_numbered(1))}</h3>" + table(
        cf.CONTACTS, ("name", "position", "authority", "relation_method", "phone"), file["contacts"],
        {"phone": lambda v: mask_phone(v) if v else ""}))
    parts.append(f"<h3>{escape(_numbered(2))}</h3>" + table(
        cf.BUSINESS_LINES, ("nature", "revenue_share", "profit_share", "current_state", "financing_needs"),
        file["business_lines"]))
    positioning = "".join("<p>" + tr("<b>{label}</b>：{value}").format(
        label=escape(field_label(spec)), value=escape(client.get(spec.key) or "—")) + "</p>"
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


def _numbered(index: int) -> str:
    # the section numbers as the language writes them (一、二、… / 1. 2. …)
    return tr("{number}、{title}").format(
        number=tr("一二三四五六七八九")[index],
        title=QCoreApplication.translate("fields", strategy.SECTION_TITLES[index]))


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
        """Show the client's plans by year, `year`'s (else the newest) open (read in the
        background; `reloaded` when shown)."""
        self.client_id = client_id
        if client_id is None:
            self._fill(None, [], 0, [], None)
            return

        def read(session: Any) -> tuple[list[tuple[int, str]], int, list[tuple[str, str]],
                                        strategy.StrategyDocument | None]:
            plans = [(plan.year, plan.id) for plan in strategy.plans_of(session, client_id)]
            index = next((i for i, (plan_year, _id) in enumerate(plans) if plan_year == year), 0)
            document = strategy.read_plan(session, plans[index][1]) if plans else None
            return plans, index, _products(session), document

        ops.query(self.desk, read, done=lambda result: self._fill(client_id, *result), parent=self,
                  key=f"plans.strategy.{id(self)}")

    def _fill(self, client_id: str | None, plans: list[tuple[int, str]], index: int,
              products: list[tuple[str, str]], document: strategy.StrategyDocument | None) -> None:
        if client_id != self.client_id:
            return
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for plan_year, plan_id in plans:
            self.year_combo.addItem(self.tr("{year} 年度").format(year=plan_year), plan_id)
        self.year_combo.setCurrentIndex(index if plans else -1)
        self.year_combo.blockSignals(False)
        self.new_button.setEnabled(client_id is not None)
        self.tabs.setVisible(bool(plans))
        self.empty_label.setVisible(not plans)
        self.rows.set_products(products)
        self._show(document)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id, self.document.year if self.document else None)

    def count(self) -> int:
        return self.year_combo.count()

    def _show(self, document: strategy.StrategyDocument | None) -> None:
        self.problem_label.hide()
        self.document = document
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
        plan_id = self.year_combo.itemData(index) if index >= 0 else None
        if plan_id is None:
            self._show(None)
            return
        ops.query(self.desk, lambda s: strategy.read_plan(s, plan_id), done=self._show_year,
                  parent=self, key=f"plans.strategy.{id(self)}")

    def _show_year(self, document: strategy.StrategyDocument) -> None:
        if self.year_combo.currentData() == document.plan_id:
            self._show(document)

    # --- actions -------------------------------------------------------------------
    def new_year(self) -> None:
        if not self.client_id:
            return
        suggested = (self.document.year + 1) if self.document else clock.today().year
        year, ok = QInputDialog.getInt(self, self.tr("新建年度计划"), self.tr("计划年度："), suggested, 1990, 2100)
        if ok:
            self.create_year(year)

    def create_year(self, year: int) -> None:
        """Start the client's plan of `year` (in the background), then show it."""
        client_id = self.client_id

        def refused(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                QMessageBox.warning(self, self.tr("新建年度计划"), str(error))
            else:
                ops.show_error(self, error)

        ops.write(self.desk, lambda s: strategy.save_plan(
            s, client_id, strategy.StrategyDraft(fields={"year": year})),
            Changes.of(Kind.PLANS), done=lambda _id: self.load(client_id, year), failed=refused,
            parent=self)

    def save(self) -> None:
        """Save the summary and sections 8 and 9 in the background."""
        document = self.document
        if document is None or document.closed:
            return
        draft = strategy.StrategyDraft(fields=self.summary_form.values(), rows=self.rows.draft_rows(),
                                       challenges=self.challenges.draft_rows())
        ops.write(self.desk, lambda s: strategy.save_plan(s, document.client_id, draft, document.plan_id),
                  Changes.of(Kind.PLANS, document.plan_id), done=lambda _id: self._on_saved(document),
                  failed=self._on_save_failed, parent=self)

    def _on_saved(self, document: strategy.StrategyDocument) -> None:
        self.desk.status_message.emit(self.tr("战略计划书已保存"))
        self.load(self.client_id, document.year)

    def _on_save_failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            ops.show_error(self, error)
            return
        self.summary_form.set_errors(_field_errors(error.problems, strategy.PLAN.key))
        self.rows.show_problems(_split(error.problems, strategy.ROWS.key))
        self.challenges.show_problems(_split(error.problems, strategy.CHALLENGES.key))
        self.problem_label.setText("\n".join(p.describe() for p in error.problems))
        self.problem_label.show()

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
        document = self.document
        ops.write(self.desk, lambda s: strategy.close_plan(s, document.plan_id),
                  Changes.of(Kind.PLANS, document.plan_id),
                  done=lambda _result: self.load(self.client_id, document.year), parent=self)

    def preview(self) -> None:
        if self.document is not None:
            dialog = strategy_plan_preview(self, self.desk, self.document)
            if dialog is not None:
                dialog.exec()
                dialog.deleteLater()


def strategy_plan_preview(parent: QWidget | None, desk: Any, document: strategy.StrategyDocument):
    """Generate the plan's PDF (masked) and make its preview dialog; None after telling
    the manager why it could not be generated."""
    from cmdesk.reports.strategy_plan import strategy_plan_pdf_in
    from ui.reports.preview import pdf_preview

    plan_id = document.plan_id
    name = tr("客户关系战略计划书_{client}_{year}.pdf").format(client=document.client_name, year=document.year)
    return pdf_preview(parent, desk, title=tr("战略计划书预览"), label=tr("正在生成战略计划书…"),
                       prefix="strategy-", suggested_name=lambda _s: name,
                       render=lambda s, unmasked: strategy_plan_pdf_in(s, plan_id, unmasked=unmasked),
                       unmasked_changes=Changes.of(Kind.CLIENTS, document.client_id))
