"""The client file editor (客户档案): every section of one client file, listed in groups
(档案 / 往来 / 业务 / 风险) beside the open section (ui.clients.section_book), saved as a
whole through services.clients.save_client_file in one transaction. The sections that list
records kept elsewhere (diary, plans, proposals, projects, loans) are built and read the
first time they are shown.

Forms and tables are built from the core's specs (BASIC, POSITIONING, CHILD_SECTIONS).
It is a record editor (ui.widgets.record_editor): the file is read and saved on the
desk's database thread (ui.ops); a ValidationError is shown at the fields (red frame and
message, marked table cells, the section's title in red) and the first problem's section
comes to the front; nothing is saved. Unsaved edits are guarded: `maybe_save()` asks 保存 / 放弃 / 取消.

Identifiers (统一社会信用代码, 身份证号, contacts' phones) show masked; 显示 reveals one and
records that in the audit trail (ui.reveal). A client released to another manager by a
handover (移交) shows a banner "已移交给 X（只读）" and nothing of it can be edited or saved
(the core refuses too: services.clients.ensure_not_released). A client head office says
is served together with other managers (共同服务) shows 主办 or 协办 in the header, and
its 共同服务 section (ui.clients.shared_tab) shows head office's read-only word on it.

The sections are built (and their modules imported) when the first file opens, not with
the editor: the client list shows at start without paying for a file nobody opened yet.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain import client_fields as cf
from cmdesk.domain.money import format_money
from cmdesk.errors import FieldProblem
from ui import ops
from ui.clients.section_book import SectionBook
from ui.field_text import choice_text, local_time, placeholder
from ui.ops import Changes, Kind
from ui.style import ERROR_COLOR
from ui.widgets.record_editor import RecordEditing

if TYPE_CHECKING:
    from cmdesk.services.catalogue import ProductView
    from cmdesk.services.clients import ClientDraft, ClientFileView, ValueSummary
    from cmdesk.services.file_history import HistoryLine

TAB_BASIC = "basic"
TAB_POSITIONING = "positioning"
TAB_HISTORY = "history"
TAB_DIARY = "diary"
TAB_FOLLOW_UPS = "follow_ups"
TAB_SHARED = "shared"
# The sections that list records kept elsewhere in the desk, as (key, "module:class",
# title): each is imported and built (on first show) as cls(desk, parent) and has
# load(client_id), count() and a reloaded signal; its title then reads "title (count)".
RECORD_TABS = (
    (TAB_DIARY, "ui.diary.client_tabs:ClientTimeline", QT_TRANSLATE_NOOP("ClientEditor", "工作日志")),
    (TAB_FOLLOW_UPS, "ui.diary.client_tabs:ClientFollowUps", QT_TRANSLATE_NOOP("ClientEditor", "督办事项")),
    ("development", "ui.plans.client_tabs:DevelopmentPlansTab", QT_TRANSLATE_NOOP("ClientEditor", "发展计划")),
    ("strategy", "ui.plans.client_tabs:StrategyPlansTab", QT_TRANSLATE_NOOP("ClientEditor", "战略计划书")),
    ("proposals", "ui.proposals.client_tab:ClientProposalsTab", QT_TRANSLATE_NOOP("ClientEditor", "服务方案")),
    ("projects", "ui.projects.client_tab:ClientProjectsTab", QT_TRANSLATE_NOOP("ClientEditor", "立项")),
    ("risk", "ui.risk.client_tab:ClientRiskTab", QT_TRANSLATE_NOOP("ClientEditor", "贷款与风险")),
    (TAB_SHARED, "ui.clients.shared_tab:SharedClientTab", QT_TRANSLATE_NOOP("ClientEditor", "共同服务")),
)

# The section list's groups, in order, and the sections under each.
SECTION_GROUPS = (
    (QT_TRANSLATE_NOOP("ClientEditor", "档案"),
     (TAB_BASIC, "contacts", "links", TAB_POSITIONING, TAB_HISTORY)),
    (QT_TRANSLATE_NOOP("ClientEditor", "往来"), (TAB_DIARY, TAB_FOLLOW_UPS, "other_banks", TAB_SHARED)),
    (QT_TRANSLATE_NOOP("ClientEditor", "业务"),
     ("business_lines", "services", "value_items", "development", "strategy", "proposals",
      "projects")),
    (QT_TRANSLATE_NOOP("ClientEditor", "风险"), ("risk",)),
)

VALUE_COLUMNS = 2  # category amounts side by side in the value totals (fits beside the list)

# What the editor reads with a stored file: the file, the tiers on offer, the catalogue.
StoredFile = tuple["ClientFileView", tuple[str, ...], tuple["ProductView", ...]]


# The core's services are imported where they run, on the desk's database thread: the
# client area builds and shows its list before SQLAlchemy and the models have loaded.
def _tiers(session: Any) -> tuple[str, ...]:
    from cmdesk.services.settings import get_tiers

    return get_tiers(session)


def _reference(session: Any) -> tuple[tuple[str, ...], tuple[ProductView, ...]]:
    """The tiers on offer and the catalogue, which every open file chooses from."""
    from cmdesk.services.catalogue import product_views

    return _tiers(session), product_views(session)


def _stored_file(session: Any, client_id: str) -> StoredFile:
    from cmdesk.services.clients import client_file_view

    return (client_file_view(session, client_id), *_reference(session))


def _shared_role(session: Any, client_id: str) -> tuple[str, str] | None:
    """(主办/协办 text, who leads) when head office said the client is served together."""
    from cmdesk.services.shared_clients import manager_label, role_text, shared_client_of

    view = shared_client_of(session, client_id)
    if view is None:
        return None
    return role_text(view), manager_label(view.lead_id, view.lead_name) if view.lead_id else ""


def _save_file(session: Any, draft: ClientDraft, client_id: str | None) -> tuple[str, str]:
    """Save the file; (its id, the 对等配置 exception the save made, or "")."""
    from cmdesk.services.clients import save_client_file
    from cmdesk.services.grade_check import client_tier, tiering_notice

    tier_before = client_tier(session, client_id)
    saved = save_client_file(session, draft, client_id)
    return saved, tiering_notice(session, saved, tier_before)


def _set_archived(session: Any, client_id: str, archived: bool) -> None:
    from cmdesk.services.clients import set_archived

    set_archived(session, client_id, archived)


def _record_list(path: str) -> type[QWidget]:
    """The class of a record section, imported when the section is first shown."""
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


class ValueTotals(QGroupBox):
    """客户关系价值 totals per category and overall, for all years or one year."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("关系价值合计（按已保存数据）"), parent)
        self._summaries: dict[int | None, ValueSummary] = {}
        self.year_combo = QComboBox(self)
        self.year_combo.currentIndexChanged.connect(self._show)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("年度"), self), 0, 0)
        grid.addWidget(self.year_combo, 0, 1)
        self.amounts: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(cf.VALUE_CATEGORIES):
            row, col = 1 + i // VALUE_COLUMNS, (i % VALUE_COLUMNS) * 2
            caption = self.tr("{label}：").format(label=QCoreApplication.translate("fields", label))
            grid.addWidget(QLabel(caption, self), row, col)
            amount = QLabel(self)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(amount, row, col + 1)
            self.amounts[key] = amount
        total_label = QLabel(self.tr("合计（元）："), self)
        self.total = QLabel(self)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = self.total.font()
        bold.setBold(True)
        self.total.setFont(bold)
        total_label.setFont(bold)
        slot = len(cf.VALUE_CATEGORIES)  # the place after the last category
        row, col = 1 + slot // VALUE_COLUMNS, (slot % VALUE_COLUMNS) * 2
        grid.addWidget(total_label, row, col)
        grid.addWidget(self.total, row, col + 1)
        for col in range(1, 2 * VALUE_COLUMNS, 2):
            grid.setColumnStretch(col, 1)

    def set_summaries(self, summaries: dict[int | None, ValueSummary]) -> None:
        self._summaries = summaries
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(self.tr("全部年度"), None)
        for year in sorted((y for y in summaries if y is not None), reverse=True):
            self.year_combo.addItem(str(year), year)
        self.year_combo.blockSignals(False)
        self._show()

    def _show(self, *_args: Any) -> None:
        summary = self._summaries.get(self.year_combo.currentData())
        for key, label in self.amounts.items():
            label.setText(format_money(summary.by_category.get(key)) if summary else "0.00")
        self.total.setText(format_money(summary.total) if summary else "0.00")


class ClientEditor(QWidget):
    """Shows and edits one client file; empty page when none is open."""

    saved = Signal(str)  # client id
    dirty_changed = Signal(bool)

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self._open = False
        self._archived = False
        self._released: str | None = None  # why the open file is read-only (移交)
        self._name = ""
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty_page())
        self.stack.addWidget(self._build_file_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.editing = RecordEditing(self, desk, noun=self.tr("档案"), save=self.save,
                                     problem_label=self.problem_label,
                                     place_problems=self._place_problems,
                                     clear_problems=self._clear_field_problems,
                                     dirty_badge=self.dirty_badge)
        self.editing.dirty_changed.connect(self.dirty_changed)

    # --- building ------------------------------------------------------------------
    def _build_empty_page(self) -> QWidget:
        label = QLabel(self.tr("从左侧列表选择一个客户查看档案，\n或点击“新建客户”（Ctrl+N）建立新档案。"))
        label.setObjectName("emptyHint")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _section_texts(self) -> dict[str, tuple[str, str, str]]:
        """Per child section: tab title, hint above the table, empty-table text."""
        return {
            "contacts": (self.tr("联系人"),
                         self.tr("客户的决策人和联系人：职务、职权、与我们的关系方法；勾选一位主要联系人。"),
                         self.tr("还没有联系人。点“添加”录入客户的决策人和联系人。")),
            "business_lines": (self.tr("主要业务分析"),
                               self.tr("客户的主要业务：性质、收入和利润占比、现状、来年计划和财务需求。"),
                               self.tr("还没有业务分析。点“添加”录入客户的一项主要业务。")),
            "other_banks": (self.tr("他行关系"),
                            self.tr("与其他金融机构的关系：对方联系人、提供的产品及条件、客户选择原因、估计花费。"),
                            self.tr("还没有他行关系记录。")),
            "services": (self.tr("服务现况"),
                         self.tr("我行每项产品对该客户的服务情况：是否需要、他行是否提供、是否已推荐/采用/停用、我行份额。"),
                         self.tr("还没有服务现况。点“添加”选择产品并勾选情况。")),
            "value_items": (self.tr("关系价值"),
                            self.tr("客户关系价值：资产、负债、中间业务的直接收益，关联收益和其他收益（元）。"),
                            self.tr("还没有关系价值记录。点“添加”按年度录入收益。")),
            "links": (self.tr("关联客户"),
                      self.tr("母公司/集团、子公司、关联企业和介绍来的客户。"),
                      self.tr("还没有关联客户。")),
        }

    def _build_file_page(self) -> QWidget:
        page = QWidget(self)
        style = self.style()
        self.title = QLabel(page)
        self.title.setObjectName("heading")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_badge = QLabel(page)
        self.kind_badge.setObjectName("badge")
        self.archived_badge = QLabel(self.tr("已归档"), page)
        self.archived_badge.setObjectName("badge")
        self.shared_badge = QLabel(page)  # 主办 / 协办: a client served together (共同服务)
        self.shared_badge.setObjectName("badge")
        self.shared_badge.hide()
        self.dirty_badge = QLabel(self.tr("未保存"), page)
        self.dirty_badge.setObjectName("dirtyBadge")
        self.archive_button = QPushButton(page)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.save_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                       self.tr("保存"), page)
        self.save_button.setToolTip(self.tr("保存整个档案（Ctrl+S）"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.kind_badge)
        header.addWidget(self.archived_badge)
        header.addWidget(self.shared_badge)
        header.addWidget(self.dirty_badge)
        header.addStretch(1)
        header.addWidget(self.archive_button)
        header.addWidget(self.save_button)

        self.released_banner = QLabel(page)
        self.released_banner.setObjectName("problemLabel")
        self.released_banner.setWordWrap(True)
        self.released_banner.hide()

        self.grade_banner = QLabel(page)
        self.grade_banner.setObjectName("problemLabel")
        self.grade_banner.setWordWrap(True)
        self.grade_banner.hide()

        self.problem_label = QLabel(page)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        self.sections = SectionBook(page)
        self.sections.built.connect(self._on_section_built)
        self._tab_titles: dict[str, str] = {}
        self._pages: dict[str, QWidget] = {}
        self._page_factories: dict[str, Any] = {}

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.released_banner)
        layout.addWidget(self.grade_banner)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.sections, 1)
        return page

    def _build_sections(self) -> None:
        """The file's sections, built once, when the first file opens."""
        if self._pages:
            return
        from ui.clients.section_panel import SectionPanel
        from ui.widgets.record_table import scrolled
        from ui.widgets.spec_form import SpecForm

        page = self.sections
        self.basic = SpecForm(cf.BASIC.fields, columns=2, desk=self.desk, parent=page)
        self.basic.changed.connect(self._on_basic_changed)
        self._add_tab(TAB_BASIC, scrolled(self, self.basic), self.tr("基本信息"))

        self.panels: dict[str, SectionPanel] = {}
        texts = self._section_texts()
        for section in cf.CHILD_SECTIONS:
            title, hint, empty = texts[section.key]
            panel = SectionPanel(self.desk, section, hint, empty, page)
            panel.changed.connect(self._on_changed)
            self.panels[section.key] = panel
            if section.key == "value_items":
                holder = QWidget(page)
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(panel, 1)
                self.value_totals = ValueTotals(holder)
                box.addWidget(self.value_totals)
                self._add_tab(section.key, holder, title)
            else:
                self._add_tab(section.key, panel, title)

        self.positioning = SpecForm(cf.POSITIONING.fields, columns=1, desk=self.desk, parent=page)
        self.positioning.changed.connect(self._on_changed)
        positioning_page = QWidget(page)
        pos_layout = QVBoxLayout(positioning_page)
        pos_hint = QLabel(self.tr("我行在客户眼中的定位：重要程度、形象、优势与不足。"), positioning_page)
        pos_hint.setObjectName("sectionHint")
        pos_layout.addWidget(pos_hint)
        pos_layout.addWidget(self.positioning, 1)
        self._add_tab(TAB_POSITIONING, scrolled(self, positioning_page), self.tr("我行定位"))

        self.record_tabs: dict[str, QWidget] = {}  # the ones built so far
        for key, widget_path, title in RECORD_TABS:
            self._tab_titles[key] = self.tr(title)
            self._page_factories[key] = lambda path=widget_path: scrolled(
                page, _record_list(path)(self.desk, page))  # never wider than the file

        history_page = QWidget(page)
        self.history = QTreeWidget(history_page)
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setHeaderLabels([self.tr("时间"), self.tr("操作人"), self.tr("内容")])
        self.history.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.history.setWordWrap(True)
        self.history_empty = QLabel(self.tr("新档案保存后，这里会记录每一次修改：谁、何时、改了什么。"),
                                    history_page)
        self.history_empty.setObjectName("emptyHint")
        self.history_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        history_hint = QLabel(self.tr("档案的每一次修改都留有记录（只读）。"), history_page)
        history_hint.setObjectName("sectionHint")
        history_layout = QVBoxLayout(history_page)
        history_layout.addWidget(history_hint)
        history_layout.addWidget(self.history, 1)
        history_layout.addWidget(self.history_empty, 1)
        self._add_tab(TAB_HISTORY, history_page, self.tr("变更历史"))
        for group, keys in SECTION_GROUPS:
            for key in keys:
                self.sections.add_section(key, self.tr(group), self._tab_titles[key],
                                          self._pages.get(key), self._page_factories.get(key))

    def _add_tab(self, key: str, widget: QWidget, title: str) -> None:
        self._tab_titles[key] = title
        self._pages[key] = widget

    def _on_section_built(self, key: str, area: QWidget) -> None:
        """A record list shown for the first time: it reads the open client's records."""
        tab = self.record_tabs[key] = area.widget()
        tab.reloaded.connect(self._update_tab_titles)
        if self._open:
            tab.load(self.client_id)

    # --- state ---------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def is_dirty(self) -> bool:
        return self._open and self.editing.dirty

    def _on_changed(self, *_args: Any) -> None:
        if not self.editing.filling:
            self.editing.changed()
            self._update_tab_titles()

    def _on_basic_changed(self, key: str) -> None:
        if key == "kind" and not self.editing.filling:
            self._update_kind_fields(clear=True)
        if key == "name" and not self.editing.filling:
            self.title.setText(self.basic.editors["name"].value().strip() or self.tr("新客户"))
        self._on_changed()

    def _update_kind_fields(self, clear: bool = False) -> None:
        """统一社会信用代码 for companies; 身份证号 and 风险承受能力 for individuals."""
        kind = self.basic.editors["kind"].value()
        self.kind_badge.setText(choice_text(cf.BASIC.field("kind"), kind or ""))
        for key, wanted in cf.KIND_ONLY_FIELDS.items():
            editor = self.basic.editors[key]
            enabled = kind == wanted
            if clear and not enabled:
                editor.set_value("")
                editor.set_error(None)
            editor.setEnabled(enabled)
            editor.set_placeholder(placeholder(editor.spec) if enabled else (
                self.tr("仅公司客户填写") if wanted is cf.ClientKind.COMPANY else self.tr("仅个人客户填写")))
            self.basic.labels[key].setEnabled(enabled)

    def _update_tab_titles(self) -> None:
        counts = {**{key: panel.row_count() for key, panel in self.panels.items()},
                  **{key: tab.count() for key, tab in self.record_tabs.items()}}
        for key, count in counts.items():
            title = self._tab_titles[key]
            self.sections.set_title(key, f"{title} ({count})" if count else title)

    # --- loading -------------------------------------------------------------------
    def _product_choices(self, products: tuple[ProductView, ...]) -> list[tuple[str, str]]:
        return [(p.id, f"{p.name} · {p.category}" + ("" if p.active else self.tr("（已停用）")))
                for p in products]

    def load(self, client_id: str) -> None:
        """Open a stored client file (discarding any unsaved edits; guard first); it is
        read in the background and shown when it arrives."""
        self._build_sections()
        self.editing.load(lambda session: _stored_file(session, client_id), self._fill_stored)

    def _fill_stored(self, stored: StoredFile) -> None:
        view, tiers, products = stored
        released = None
        if view.released_to is not None:
            released = (view.released_to or self.tr("其他客户经理"), view.released_message)
        self._fill(view.client_id, view.data, view.history, view.summaries, view.names, tiers,
                   self._product_choices(products), released)
        self.grade_banner.setText(view.grade_exception)
        self.grade_banner.setVisible(bool(view.grade_exception))
        client_id = view.client_id
        ops.query(self.desk, lambda session: _shared_role(session, client_id),
                  done=lambda role: self._show_shared_role(client_id, role), parent=self,
                  key="client-editor.shared")

    def _show_shared_role(self, client_id: str, role: tuple[str, str] | None) -> None:
        """The header's 主办 / 协办 badge; its tooltip names the lead."""
        if client_id != self.client_id:
            return  # another file was opened meanwhile
        self.shared_badge.setVisible(role is not None)
        if role is not None:
            self.shared_badge.setText(role[0])
            self.shared_badge.setToolTip(self.tr("共同服务的客户，主办：{lead}").format(
                lead=role[1] or self.tr("总行尚未确定")))

    def new_client(self) -> None:
        """Open an empty file for a new client (once the tiers and catalogue are read)."""
        self._build_sections()
        self.editing.load(_reference, self._fill_new)

    def _fill_new(self, reference: tuple[tuple[str, ...], tuple[ProductView, ...]]) -> None:
        tiers, products = reference
        fields = {spec.key: None for spec in cf.CLIENT_FIELDS}
        self.shared_badge.hide()
        fields.update(kind=cf.ClientKind.COMPANY, status=cf.ClientStatus.PROSPECT,
                      tier=tiers[-1] if tiers else "", manager_name=self.desk.profile.name, archived=False)
        data = {"client": fields, **{section.key: [] for section in cf.CHILD_SECTIONS}}
        self._fill(None, data, (), {}, {}, tiers, self._product_choices(products))
        self.grade_banner.hide()
        self.sections.show_section(TAB_BASIC)
        self.basic.editors["name"].setFocus()

    def _fill(self, client_id: str | None, data: dict[str, Any], history: tuple[HistoryLine, ...],
              summaries: dict[int | None, ValueSummary], names: dict[str, str],
              tiers: tuple[str, ...], products: list[tuple[str, str]],
              released: tuple[str, str | None] | None = None) -> None:
        self.client_id = client_id
        self._open = True
        client = data["client"]
        self._archived = bool(client.get("archived"))
        self._released = released[1] if released else None
        self._name = client.get("name") or ""
        self.basic.editors["tier"].set_choices(tuple((t, t) for t in tiers))
        self.basic.set_values(client)
        self.basic.set_reveal_context(client_id, self._name)
        self.positioning.set_values(client)
        self._update_kind_fields()
        for key, panel in self.panels.items():
            panel.client_id = client_id
            panel.set_products(products)
            panel.load(data[key], names)
        self._set_read_only(released)
        self.value_totals.set_summaries(summaries)
        for tab in self.record_tabs.values():
            tab.load(client_id)
        self._fill_history(history)
        self.title.setText(self._name or self.tr("新客户"))
        self.archived_badge.setVisible(self._archived)
        self.archive_button.setEnabled(client_id is not None and not self._released)
        self.archive_button.setText(self.tr("取消归档") if self._archived else self.tr("归档"))
        self.archive_button.setToolTip(
            self.tr("把档案放回客户列表") if self._archived
            else self.tr("归档后档案不再出现在客户列表中（勾选“含已归档”可见），不会删除"))
        self._update_tab_titles()
        self.stack.setCurrentIndex(1)

    def _set_read_only(self, released: tuple[str, str | None] | None) -> None:
        """A released client: banner, no editing, no saving (identifiers can still be shown)."""
        read_only = released is not None
        if released:
            self.released_banner.setText(self.tr("已移交给 {name}（只读）").format(name=released[0]))
            self.released_banner.setToolTip(released[1] or "")
        self.released_banner.setVisible(read_only)
        self.basic.set_read_only(read_only)
        self.positioning.set_read_only(read_only)
        for panel in self.panels.values():
            panel.set_read_only(read_only)
        self.save_button.setEnabled(not read_only)

    def _fill_history(self, history: tuple[HistoryLine, ...]) -> None:
        self.history.clear()
        for line in history:
            item = QTreeWidgetItem([local_time(line.at), line.actor or self.tr("（未知）"), line.text])
            item.setToolTip(2, line.text)
            self.history.addTopLevelItem(item)
        self.history.setVisible(bool(history))
        self.history_empty.setVisible(not history)

    def close_file(self) -> None:
        """Show the empty page (e.g. the open client is no longer there)."""
        self.client_id = None
        self._open = False
        self.editing.set_dirty(False)
        self.stack.setCurrentIndex(0)

    def refresh_tiers(self) -> None:
        if not self._pages:
            return  # no file opened yet: a file reads the tiers as it opens
        ops.query(self.desk, _tiers, done=self._set_tiers, parent=self, key="client-editor.tiers")

    def _set_tiers(self, tiers: tuple[str, ...]) -> None:
        with self.editing.fill(clean=False):  # new choices are not an edit
            self.basic.editors["tier"].set_choices(tuple((t, t) for t in tiers))

    # --- saving --------------------------------------------------------------------
    def build_draft(self) -> ClientDraft:
        from cmdesk.services.clients import ClientDraft  # loaded: a file is open

        fields = {**self.basic.values(), **self.positioning.values()}
        for key, owner in cf.KIND_ONLY_FIELDS.items():
            if fields.get("kind") and fields["kind"] != owner:
                fields[key] = ""
        sections = {key: panel.draft_rows() for key, panel in self.panels.items()}
        return ClientDraft(fields=fields, **sections)

    def save(self) -> bool:
        """Save the whole file in the background; True when the save was started. Problems
        come back at the fields; after it committed the file is read again and `saved`
        tells the list."""
        if not self._open:
            return False
        if self._released:
            self.desk.status_message.emit(self._released)
            return False
        draft = self.build_draft()
        client_id = self.client_id
        name = str(draft.fields.get("name") or "").strip()
        return self.editing.save(
            lambda session: _save_file(session, draft, client_id),
            Changes.of(Kind.CLIENTS, client_id), done=self._on_saved,
            saved_text=lambda saved: saved[1] or self.tr("已保存“{name}”").format(name=name))

    def _on_saved(self, saved: tuple[str, str]) -> None:
        client_id = saved[0]
        self.client_id = client_id
        self.load(client_id)
        self.saved.emit(client_id)

    def maybe_save(self) -> bool:
        """Before leaving unsaved edits: True when it is fine to go on."""
        if not self.is_dirty:
            return True
        return self.editing.maybe_save(self._name or self.tr("新客户"))

    def discard_changes(self) -> None:
        self.desk.status_message.emit("")
        if self.client_id:
            self.load(self.client_id)
        else:
            self.close_file()

    def toggle_archived(self) -> None:
        if not self.client_id or not self.maybe_save():
            return
        archived = not self._archived
        client_id, name = self.client_id, self._name

        def done(_result: None) -> None:
            self.load(client_id)
            self.desk.status_message.emit(
                (self.tr("已归档“{name}”") if archived else self.tr("已取消归档“{name}”")).format(name=name))

        self.editing.run(lambda session: _set_archived(session, client_id, archived),
                         Changes.of(Kind.CLIENTS, client_id), done, self.archive_button.text())

    # --- problems ------------------------------------------------------------------
    def _clear_field_problems(self) -> None:
        if not self._pages:
            return
        self.basic.clear_errors()
        self.positioning.clear_errors()
        for panel in self.panels.values():
            panel.clear_problems()
        for key in self.sections.keys():
            self.sections.set_alert(key, None)

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.editing.show_problems(problems)

    def _place_problems(self, problems: list[FieldProblem]) -> list[str]:
        """Each problem at its field, cell or section; returns the ones with no place."""
        basic_errors: dict[str, str] = {}
        positioning_errors: dict[str, str] = {}
        by_section: dict[str, list[FieldProblem]] = {}
        unplaced: list[str] = []
        first_tab: str | None = None
        for problem in problems:
            if problem.section == "client" and problem.field in self.basic.editors:
                basic_errors.setdefault(problem.field, problem.message)
                tab = TAB_BASIC
            elif problem.section == "client" and problem.field in self.positioning.editors:
                positioning_errors.setdefault(problem.field, problem.message)
                tab = TAB_POSITIONING
            elif problem.section in self.panels:
                by_section.setdefault(problem.section, []).append(problem)
                tab = problem.section
            else:
                unplaced.append(problem.describe())
                continue
            first_tab = first_tab or tab
        self.basic.set_errors(basic_errors)
        self.positioning.set_errors(positioning_errors)
        for key, section_problems in by_section.items():
            self.panels[key].show_problems(section_problems)
        for key in {TAB_BASIC if basic_errors else None,
                    TAB_POSITIONING if positioning_errors else None, *by_section}:
            if key:  # red section titles
                self.sections.set_alert(key, QColor(ERROR_COLOR))
        if first_tab:
            self.sections.show_section(first_tab)
            form = self.basic if first_tab == TAB_BASIC else \
                self.positioning if first_tab == TAB_POSITIONING else None
            editor = form.first_error() if form else None
            if editor is not None:
                editor.setFocus()
        return unplaced
