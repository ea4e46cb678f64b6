"""The 今日 home view: sections built from services.today.today_view, one list per section.

Every line carries what it names (a client, a diary entry, a follow-up); double-click or
Enter asks the main window to open it through the open_*_requested signals. 今日计划 lists
this week's plan items for today with a check box: ticking one (click or Space) marks it
done (services.plans.set_item_status) and the plan view reads it again. Each section
shows its first lines (services.today.SECTION_LIMIT) and says "还有 N 个"; 显示更多 reads
the next page. The view reads through the operation layer (ui.ops) when first shown,
after a change of the diary, the plans, risk records, the client book or the settings (at
once when on screen, else when next shown), and just after midnight (a new day).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain.diary_fields import ENTRY
from cmdesk.domain.plan_fields import PlanItemStatus
from ui import ops
from ui.field_text import choice_text, local_time
from ui.followups.model import OVERDUE_COLOR
from ui.ops import Changes, Kind, RefreshOnShow

if TYPE_CHECKING:
    from cmdesk.services.important_changes import ChangeState
    from cmdesk.services.today import PlanLine
    from cmdesk.services.today import TodayView as TodayData

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # (what, id): what is "client", "entry" or "follow_up"
PLAN_ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the plan item a 今日计划 line ticks off
MAX_VISIBLE_ROWS = 12  # a section grows to this many lines, then scrolls
PREVIEW_CHARS = 60
KIND = ENTRY.field("kind")


def _change_state_text(state: ChangeState, full: bool = False) -> str:
    """Where an important change stands: 待上报, 已报告（待总行确认）, 总行已确认 with who and
    when (the day in the list, `full`: the time too, for the tooltip)."""
    from cmdesk.services.important_changes import ACKNOWLEDGED, REPORTED  # loaded: 今日 was read

    if state.state == ACKNOWLEDGED:
        when = local_time(state.acknowledged_at)
        return QCoreApplication.translate("TodayView", "总行已确认（{by} {at}）").format(
            by=state.acknowledged_by or QCoreApplication.translate("TodayView", "总行"),
            at=when if full else when[5:10])
    if state.state == REPORTED:
        return QCoreApplication.translate("TodayView", "已报告（待总行确认）")
    return QCoreApplication.translate("TodayView", "待上报")


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= PREVIEW_CHARS else line[:PREVIEW_CHARS] + "…"


class TodaySection(QGroupBox):
    """A titled list of lines (or a hint when there are none)."""

    def __init__(self, title: str, headers: list[str], empty_text: str, parent: QWidget | None = None,
                 stretch_column: int | None = None):
        super().__init__(parent)
        self.title_text = title
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(headers)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = self.list.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(stretch_column is None)
        if stretch_column is not None:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setObjectName("sectionHint")
        self.more_button = QPushButton(self)
        self.more_button.setFlat(True)
        self.more_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.set_count(0)

    def set_count(self, count: int, total: int | None = None) -> None:
        """`count` lines shown of `total` (default: all of them)."""
        total = count if total is None else total
        self.setTitle(self.tr("{title}（{n}）").format(title=self.title_text, n=total)
                      if total else self.title_text)
        hidden = total - count
        self.more_button.setVisible(hidden > 0)
        self.more_button.setText(self.tr("还有 {n} 个 · 显示更多").format(n=hidden))
        self.list.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        rows = sum(self.list.sizeHintForRow(row) for row in range(min(count, MAX_VISIBLE_ROWS)))
        frame = 2 * self.list.frameWidth()
        self.list.setFixedHeight(self.list.header().sizeHint().height() + rows + frame + 2)

    def add_line(self, texts: list[str], target: tuple[str, str] | None, tooltip: str = "") -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.list, texts)
        item.setData(0, TARGET_ROLE, target)
        if tooltip:
            for column in range(len(texts)):
                item.setToolTip(column, tooltip)
        return item


class TodayView(QWidget):
    """The home view."""

    open_client_requested = Signal(str)
    open_entry_requested = Signal(str)
    open_follow_up_requested = Signal(str)

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.data: TodayData | None = None
        self.limits: dict[str, int] = {}  # section -> lines asked for, when more than a page
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.summary = QLabel(self)
        self.summary.setObjectName("sectionHint")

        self.entries = TodaySection(self.tr("今日日志"), [
            self.tr("时间"), self.tr("类型"), self.tr("客户"), self.tr("内容")],
            self.tr("今天还没有日志。"), self)
        self.plans = TodaySection(self.tr("今日计划"), [
            self.tr("事项"), self.tr("目的"), self.tr("优先级"), self.tr("计划日")],
            self.tr("本周计划里没有今天要做的事项。在“计划”中为本周安排走访，或勾选完成的事项。"), self)
        self.plans.list.itemChanged.connect(self._on_plan_item_changed)
        self.contacts = TodaySection(self.tr("逾期/即将到期联系"), [
            self.tr("客户"), self.tr("等级"), self.tr("上次联系"), self.tr("到期")],
            self.tr("所有客户都在联系周期内。"), self)
        self.follow_ups = TodaySection(self.tr("督办事项"), [
            self.tr("客户"), self.tr("客户提出的问题"), self.tr("责任部门"), self.tr("期限")],
            self.tr("本周没有到期的督办事项。"), self)
        self.changes = TodaySection(self.tr("重要情况变动（报总行）"), [
            self.tr("日期"), self.tr("客户"), self.tr("重要情况变动"), self.tr("上报")],
            self.tr("没有待上报或待总行确认的重要情况变动。"), self, stretch_column=2)
        self.birthdays = TodaySection(self.tr("本周生日"), [
            self.tr("日期"), self.tr("联系人"), self.tr("客户")],
            self.tr("本周没有重点客户联系人过生日。"), self)
        self.grade_exceptions = TodaySection(self.tr("对等配置例外（请向主管报告）"), [
            self.tr("客户"), self.tr("等级"), self.tr("应由")],
            self.tr("没有对等配置例外。"), self)
        from ui.risk.today_lines import RiskTodaySections  # it builds on TodaySection (here)
        self.risk = RiskTodaySections(desk, self.open_client_requested.emit, self)
        for section in self.sections():
            section.list.itemActivated.connect(self._on_activated)
        for name, section in (("plan_items", self.plans), ("entries", self.entries),
                              ("contacts_due", self.contacts), ("follow_ups", self.follow_ups),
                              ("important_changes", self.changes), ("birthdays", self.birthdays),
                              ("maturities", self.risk.maturities),
                              ("loan_checks", self.risk.checks),
                              ("grade_exceptions", self.grade_exceptions)):
            section.more_button.clicked.connect(lambda _=False, name=name: self.show_more(name))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        left = QVBoxLayout()
        for section in (self.plans, self.entries, self.follow_ups):
            left.addWidget(section)
        left.addStretch(1)
        right = QVBoxLayout()
        for section in (self.contacts, self.changes, self.grade_exceptions, self.birthdays):
            right.addWidget(section)
        right.addWidget(self.risk)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.heading)
        content_layout.addWidget(self.summary)
        content_layout.addLayout(grid, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_new_day)
        self.freshness = RefreshOnShow(
            self, desk, {Kind.DIARY, Kind.PLANS, Kind.RISK, Kind.CLIENTS, Kind.SETTINGS},
            self.refresh)
        self._schedule_midnight()

    def sections(self) -> tuple[TodaySection, ...]:
        return (self.plans, self.entries, self.contacts, self.follow_ups, self.changes,
                self.grade_exceptions, self.birthdays)

    # --- reading -------------------------------------------------------------------
    # The core's services are imported where they run, on the desk's database thread: the
    # window opens on 今日 before SQLAlchemy and the models have loaded.
    def refresh(self, today: date | None = None) -> None:
        """Read today's lines again (in the background) and fill every section."""
        today = today or clock.today()
        limits = dict(self.limits)

        def read(session: Any) -> TodayData:
            from cmdesk.services.today import today_view

            return today_view(session, today, limits)

        ops.query(self.desk, read, done=self._show, parent=self, key="today.view")

    def show_more(self, section: str) -> None:
        """Show the next page of a section."""
        if self.data is None:
            return
        from cmdesk.services.today import SECTION_LIMIT  # loaded: 今日 has been read

        self.limits[section] = len(getattr(self.data, section)) + SECTION_LIMIT
        self.refresh(self.data.today)

    def _show(self, data: TodayData) -> None:
        self.data = data
        today = data.today
        day = QDate(today.year, today.month, today.day)
        self.heading.setText(self.tr("今日 · {day}").format(
            day=QLocale().toString(day, self.tr("yyyy年M月d日 dddd"))))
        self.summary.setText(self.tr(
            "今日计划 {plan} 项（已完成 {done}）· 今日日志 {entries} 条 · 逾期未联系客户 {contacts} 个 · "
            "逾期督办 {follow_ups} 件 · 重要情况变动 {changes} 项").format(
                                         plan=data.totals["plan_items"],
                                         done=sum(line.done for line in data.plan_items),
                                         entries=data.totals["entries"],
                                         contacts=data.contacts_overdue,
                                         follow_ups=data.follow_ups_overdue,
                                         changes=data.totals["important_changes"]))
        self._fill_plan(data)
        self._fill_entries(data)
        self._fill_contacts(data)
        self._fill_follow_ups(data)
        self._fill_changes(data)
        self._fill_birthdays(data)
        self._fill_grade_exceptions(data)
        self.risk.show_lines(data)

    def _due_text(self, days_overdue: int) -> str:
        if days_overdue > 0:
            return self.tr("逾期 {n} 天").format(n=days_overdue)
        if days_overdue == 0:
            return self.tr("今天到期")
        return self.tr("{n} 天后到期").format(n=-days_overdue)

    def _mark_overdue(self, item: QTreeWidgetItem, column: int, days_overdue: int) -> None:
        if days_overdue > 0:
            item.setForeground(column, QBrush(OVERDUE_COLOR))

    def _plan_day_text(self, line: PlanLine, today: date) -> str:
        if line.planned_date is None:
            return self.tr("本周内")
        late = line.days_late(today)
        return self.tr("今天") if not late else self.tr("{date}（拖后 {n} 天）").format(
            date=line.planned_date.isoformat(), n=late)

    def _fill_plan(self, data: TodayData) -> None:
        section = self.plans
        section.list.blockSignals(True)  # filling is not ticking
        section.list.clear()
        for line in data.plan_items:
            target = ("client", line.client_id) if line.client_id else None
            item = section.add_line([line.subject, line.purpose_label, line.priority_label,
                                     self._plan_day_text(line, data.today)], target,
                                    line.expected_outcome or line.title)
            item.setData(0, PLAN_ITEM_ROLE, line.item_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if line.done else Qt.CheckState.Unchecked)
            if line.done:
                font = item.font(0)
                font.setStrikeOut(True)
                item.setFont(0, font)
            self._mark_overdue(item, 3, line.days_late(data.today))
        section.list.blockSignals(False)
        section.set_count(len(data.plan_items), data.totals["plan_items"])

    def _fill_entries(self, data: TodayData) -> None:
        section = self.entries
        section.list.clear()
        for line in data.entries:
            target = ("entry", line.entry_id)
            section.add_line([line.start_time.strftime("%H:%M") if line.start_time else "",
                              choice_text(KIND, line.kind), line.client_name, _one_line(line.content)],
                             target, line.content)
        section.set_count(len(data.entries), data.totals["entries"])

    def _fill_contacts(self, data: TodayData) -> None:
        section = self.contacts
        section.list.clear()
        for line in data.contacts_due:
            last = line.last_contact.isoformat() if line.last_contact else self.tr("从未联系")
            item = section.add_line([line.client_name, line.tier, last, self._due_text(line.days_overdue)],
                                    ("client", line.client_id),
                                    self.tr("应联系日期：{due}").format(due=line.due.isoformat()))
            self._mark_overdue(item, 3, line.days_overdue)
        section.set_count(len(data.contacts_due), data.totals["contacts_due"])

    def _fill_follow_ups(self, data: TodayData) -> None:
        section = self.follow_ups
        section.list.clear()
        for line in data.follow_ups:
            due = self.tr("{date}（{state}）").format(date=line.due_date.isoformat(),
                                                    state=self._due_text(line.days_overdue))
            item = section.add_line([line.client_name, _one_line(line.request), line.department, due],
                                    ("follow_up", line.follow_up_id), line.request)
            self._mark_overdue(item, 3, line.days_overdue)
        section.set_count(len(data.follow_ups), data.totals["follow_ups"])

    def _fill_changes(self, data: TodayData) -> None:
        section = self.changes
        section.list.clear()
        for line in data.important_changes:
            section.add_line([line.entry_date.isoformat(), line.client_name,
                              _one_line(line.important_changes), _change_state_text(line.state)],
                             ("entry", line.entry_id),
                             f"{line.important_changes}\n{_change_state_text(line.state, full=True)}")
        section.set_count(len(data.important_changes), data.totals["important_changes"])

    def _fill_birthdays(self, data: TodayData) -> None:
        section = self.birthdays
        section.list.clear()
        for line in data.birthdays:
            when = self.tr("{month}月{day}日").format(month=line.on.month, day=line.on.day)
            if line.on == data.today:
                when = self.tr("今天 {date}").format(date=when)
            person = (self.tr("{name}（{position}）").format(name=line.contact_name, position=line.position)
                      if line.position else line.contact_name)
            section.add_line([when, person, line.client_name], ("client", line.client_id),
                             self.tr("{age} 岁生日").format(age=line.age))
        section.set_count(len(data.birthdays), data.totals["birthdays"])

    def _fill_grade_exceptions(self, data: TodayData) -> None:
        """Clients whose tier asks for a higher grade than the manager's; the section
        shows only while there are any."""
        section = self.grade_exceptions
        section.list.clear()
        for line in data.grade_exceptions:
            section.add_line([line.name, line.tier, self.tr("{floor}以上").format(floor=line.floor)],
                             ("client", line.client_id), line.notice())
        section.set_count(len(data.grade_exceptions), data.totals["grade_exceptions"])
        section.setVisible(bool(data.totals["grade_exceptions"]))

    # --- actions -------------------------------------------------------------------
    def _on_plan_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        item_id = item.data(0, PLAN_ITEM_ROLE)
        if column == 0 and item_id:
            self.tick_plan_item(item_id, item.checkState(0) == Qt.CheckState.Checked)

    def tick_plan_item(self, item_id: str, done: bool) -> None:
        """Mark a plan item done (or planned again); 今日 and the plan view read it again."""
        status = PlanItemStatus.DONE if done else PlanItemStatus.PLANNED

        def failed(exc: BaseException) -> None:
            ops.show_error(self, exc)
            self.refresh()  # show the item as it is stored

        def write(session: Any) -> None:
            from cmdesk.services.plans import set_item_status

            set_item_status(session, item_id, status)

        ops.write(self.desk, write,
                  Changes.of(Kind.PLANS, item_id), failed=failed, parent=self,
                  done=lambda _none: self.desk.status_message.emit(
                      self.tr("计划事项已完成") if done else self.tr("计划事项已恢复为计划中")))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, TARGET_ROLE)
        if not target:
            return
        what, target_id = target
        signal = {"client": self.open_client_requested, "entry": self.open_entry_requested,
                  "follow_up": self.open_follow_up_requested}[what]
        signal.emit(target_id)

    # --- when to read again ----------------------------------------------------------
    def _schedule_midnight(self) -> None:
        now = clock.now()
        next_day = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self._midnight.start(int((next_day - now).total_seconds() * 1000) + 1000)

    def _on_new_day(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self.freshness.stale = True
        self._schedule_midnight()
