"""The weekly team workbook: `cmdesk-hq report --week 2026-W48 -o FILE.xlsx`.

Sheet 团队周报: one row per manager — visits in the week, new clients, follow-ups
still open and of those overdue at the week's end, the week plan's items and how
many were done (completion rate). Sheet 周计划: every manager's week plan, item by
item. Sheet 风险监测: per manager, the loan ledger of the clients they own (loans, balance,
关注 and 不良 balances, maturities within 30 days of the week's end), the week's post-loan
checks and the warning signals (open, new this week). Sheet 预警信号: every signal still
open or found in the week, new ones marked 紧急. Personal information typed into the plan (a phone or ID number in a client name,
an item or its outcome) is masked by pattern unless `unmasked` is asked for, which is
recorded in hq_events. Headers in Chinese on a frozen first row, widths set, cells typed (numbers,
percentages, dates), every cell through `cell_text.cells` (no formula runs, no
control character breaks the file), written atomically.
"""
from __future__ import annotations

import getpass
from collections import Counter
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from cmdesk.domain.diary_fields import CLOSED_STATUSES
from cmdesk.domain import risk_fields as rf
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.cell_text import cells
from cmdesk.domain.plan_fields import STATUSES, priority_label, purpose_label
from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.hq.models import ClientOwner, HqEvent, Manager, Origin
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Client,
    DiaryEntry,
    FollowUp,
    Loan,
    LoanCheck,
    PlanItem,
    WarningSignal,
    WeekPlan,
)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written "2026-W48"."""
    match = _WEEK.match(week.strip())
    if not match:
        raise CmdeskError(translate("“{week}”不是有效的周（格式如 2026-W48）").format(week=week))
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise CmdeskError(translate("“{week}”不是有效的周（{year} 年没有第 {number} 周）").format(week=week, year=match[1], number=int(match[2]))) from None
    return monday, monday + timedelta(days=6)


@dataclass
class ManagerWeek:
    manager_id: str
    name: str
    visits: int = 0
    new_clients: int = 0
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0
    plan_items: int = 0
    plan_done: int = 0

    @property
    def completion(self) -> float | None:
        return self.plan_done / self.plan_items if self.plan_items else None


@dataclass
class PlanLine:
    manager: str
    planned_date: date | None
    client: str
    title: str
    purpose: str
    priority: str
    status: str
    expected_outcome: str
    reason: str


def _origin(entity: str, column):
    return and_(Origin.entity == entity, Origin.entity_id == column)


def _counts(session: Session, query) -> dict[str, int]:
    return {manager: count for manager, count in session.execute(query)}


def team_week(session: Session, week: str) -> tuple[list[ManagerWeek], list[PlanLine]]:
    """Every manager's figures for the week, and every line of their week plans."""
    monday, sunday = week_bounds(week)
    start, end = datetime.combine(monday, time()), datetime.combine(sunday + timedelta(days=1), time())
    managers = list(session.scalars(select(Manager).order_by(Manager.id)))
    rows = {m.id: ManagerWeek(m.id, m.name) for m in managers}
    visits = _counts(session, select(Origin.manager_id, func.count())
                     .join(DiaryEntry, _origin("diary_entries", DiaryEntry.id))
                     .where(DiaryEntry.kind == "visit", DiaryEntry.deleted_at.is_(None),
                            DiaryEntry.entry_date.between(monday, sunday))
                     .group_by(Origin.manager_id))
    new_clients = _counts(session, select(Origin.manager_id, func.count())
                          .join(Client, _origin("clients", Client.id))
                          .where(Client.deleted_at.is_(None), Client.created_at >= start,
                                 Client.created_at < end)
                          .group_by(Origin.manager_id))
    still_open = (FollowUp.deleted_at.is_(None), FollowUp.status.not_in(sorted(CLOSED_STATUSES)),
                  FollowUp.created_at < end)
    clients_follow_ups = (select(ClientOwner.manager_id, func.count())
                          .join(FollowUp, FollowUp.client_id == ClientOwner.client_id)
                          .where(*still_open).group_by(ClientOwner.manager_id))
    internal_follow_ups = (select(Origin.manager_id, func.count())
                           .join(FollowUp, _origin("follow_ups", FollowUp.id))
                           .where(FollowUp.client_id.is_(None), *still_open)
                           .group_by(Origin.manager_id))
    follow_ups, overdue = Counter(), Counter()
    for query in (clients_follow_ups, internal_follow_ups):
        follow_ups.update(_counts(session, query))
        overdue.update(_counts(session, query.where(FollowUp.due_date < sunday)))
    plan_query = (select(Origin.manager_id, PlanItem, Client.name)
                  .join(WeekPlan, _origin("week_plans", WeekPlan.id))
                  .join(PlanItem, and_(PlanItem.plan_id == WeekPlan.id, PlanItem.deleted_at.is_(None)))
                  .outerjoin(Client, Client.id == PlanItem.client_id)
                  .where(WeekPlan.week == week, WeekPlan.deleted_at.is_(None))
                  .order_by(Origin.manager_id, PlanItem.planned_date, PlanItem.sort_order))
    status_labels = dict(STATUSES)
    lines = []
    for manager_id, item, client_name in session.execute(plan_query):
        row = rows.get(manager_id)
        if row is None:
            continue
        row.plan_items += 1
        row.plan_done += item.status == "done"
        lines.append(PlanLine(row.name or manager_id, item.planned_date, client_name or "",
                              item.title, purpose_label(item.purpose), priority_label(item.priority),
                              status_labels.get(item.status, item.status), item.expected_outcome,
                              item.reason))
    for manager_id, row in rows.items():
        row.visits = visits.get(manager_id, 0)
        row.new_clients = new_clients.get(manager_id, 0)
        row.follow_ups_open = follow_ups.get(manager_id, 0)
        row.follow_ups_overdue = overdue.get(manager_id, 0)
    return list(rows.values()), lines


@dataclass
class ManagerRisk:
    manager_id: str
    name: str
    loans: int = 0
    balance: Decimal = Decimal(0)
    special_mention: Decimal = Decimal(0)  # 关注 balance
    non_performing: Decimal = Decimal(0)  # 次级 + 可疑 + 损失 balance
    maturing: int = 0  # active loans maturing within 30 days of the week's Sunday
    checks: int = 0  # post-loan checks done in the week
    open_signals: int = 0
    new_signals: int = 0  # found in the week


@dataclass
class SignalRow:
    manager: str
    client: str
    signal_type: str
    found_on: date
    source: str
    cause: str
    measures: str
    responsible: str
    deadline: date | None
    status: str
    new: bool  # found in the week: reported upward at once (紧急)


def team_risk(session: Session, week: str) -> tuple[list[ManagerRisk], list[SignalRow]]:
    """Every manager's risk figures for the week (by the clients they own), and the
    signals still open or found in the week."""
    monday, sunday = week_bounds(week)
    managers = list(session.scalars(select(Manager).order_by(Manager.id)))
    rows = {m.id: ManagerRisk(m.id, m.name) for m in managers}
    horizon = sunday + timedelta(days=min(rf.MATURITY_MARKS))
    loans = (select(ClientOwner.manager_id, Loan.classification, Loan.balance, Loan.maturity_date)
             .join(Loan, Loan.client_id == ClientOwner.client_id)
             .where(Loan.deleted_at.is_(None), Loan.status == "active"))
    for manager_id, classification, balance, maturity in session.execute(loans):
        row = rows.get(manager_id)
        if row is None:
            continue
        row.loans += 1
        row.balance += balance
        if classification == rf.LoanClass.SPECIAL_MENTION:
            row.special_mention += balance
        elif classification in rf.LoanClass._value2member_map_ \
                and rf.LoanClass(classification).non_performing:
            row.non_performing += balance
        row.maturing += maturity <= horizon
    checks = _counts(session, select(ClientOwner.manager_id, func.count())
                     .join(LoanCheck, LoanCheck.client_id == ClientOwner.client_id)
                     .where(LoanCheck.deleted_at.is_(None),
                            LoanCheck.check_date.between(monday, sunday))
                     .group_by(ClientOwner.manager_id))
    signal_query = (select(ClientOwner.manager_id, WarningSignal, Client.name)
                    .join(WarningSignal, WarningSignal.client_id == ClientOwner.client_id)
                    .join(Client, Client.id == WarningSignal.client_id)
                    .where(WarningSignal.deleted_at.is_(None),
                           (WarningSignal.status.in_(sorted(rf.OPEN_SIGNAL_STATUSES)))
                           | WarningSignal.found_on.between(monday, sunday))
                    .order_by(WarningSignal.found_on.desc(), Client.name))
    signals = []
    for manager_id, signal, client_name in session.execute(signal_query):
        row = rows.get(manager_id)
        if row is None:
            continue
        new = monday <= signal.found_on <= sunday
        row.open_signals += signal.status in rf.OPEN_SIGNAL_STATUSES
        row.new_signals += new
        signals.append(SignalRow(
            row.name or manager_id, client_name, rf.label_of(rf.SIGNAL_TYPES, signal.signal_type),
            signal.found_on, rf.label_of(rf.SIGNAL_SOURCES, signal.source), signal.cause,
            signal.measures, signal.responsible, signal.deadline,
            rf.label_of(rf.SIGNAL_STATUSES, signal.status), new))
    for manager_id, row in rows.items():
        row.checks = checks.get(manager_id, 0)
    return list(rows.values()), signals


SUMMARY_HEADERS = ((mark("客户经理"), 12), (mark("工号"), 12), (mark("走访次数"), 10), (mark("新增客户"), 10),
                   (mark("未结督办"), 10), (mark("其中逾期"), 10), (mark("周计划事项"), 12), (mark("已完成"), 10),
                   (mark("计划完成率"), 12))
RISK_HEADERS = ((mark("客户经理"), 12), (mark("工号"), 12), (mark("存续贷款（笔）"), 14), (mark("贷款余额（元）"), 18),
                (mark("关注类余额（元）"), 18), (mark("不良余额（元）"), 18), (mark("30天内到期（笔）"), 16),
                (mark("本周贷后检查"), 14), (mark("未解除预警"), 12), (mark("本周新增预警"), 14))
SIGNAL_HEADERS = ((mark("紧急"), 6), (mark("客户经理"), 12), (mark("客户"), 28), (mark("信号类型"), 12), (mark("发现日期"), 12),
                  (mark("信息来源"), 12), (mark("风险成因"), 36), (mark("防范措施"), 36), (mark("责任人"), 10),
                  (mark("处置期限"), 12), (mark("状态"), 10))
MONEY_FORMAT = "#,##0.00"
PLAN_HEADERS = ((mark("客户经理"), 12), (mark("计划日期"), 12), (mark("客户"), 28), (mark("事项"), 24), (mark("目的"), 12),
                (mark("优先级"), 8), (mark("状态"), 10), (mark("预期成果"), 36), (mark("顺延/取消原因"), 24))


def _sheet(book, title: str, headers) -> object:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(cells([translate(header) for header, _width in headers]))
    for column, (_header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def team_workbook(managers: list[ManagerWeek], lines: list[PlanLine], week: str,
                  unmasked: bool = False,
                  risk: tuple[list[ManagerRisk], list[SignalRow]] = ([], [])) -> bytes:
    """The workbook's bytes (four sheets, see the module docstring)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    summary = _sheet(book, translate("团队周报 {week}").format(week=week), SUMMARY_HEADERS)
    for row in managers:
        summary.append(cells([row.name, row.manager_id, row.visits, row.new_clients,
                              row.follow_ups_open, row.follow_ups_overdue, row.plan_items,
                              row.plan_done, row.completion]))
        summary.cell(row=summary.max_row, column=9).number_format = "0.0%"
    plans = _sheet(book, translate("周计划"), PLAN_HEADERS)
    text = (lambda value: value) if unmasked else mask_free_text
    for line in lines:
        plans.append(cells([line.manager, line.planned_date, text(line.client), text(line.title),
                            line.purpose, line.priority, line.status,
                            text(line.expected_outcome), text(line.reason)]))
        plans.cell(row=plans.max_row, column=2).number_format = "yyyy-mm-dd"
    risk_rows, signal_rows = risk
    watch = _sheet(book, translate("风险监测"), RISK_HEADERS)
    for row in risk_rows:
        watch.append(cells([row.name, row.manager_id, row.loans, row.balance,
                            row.special_mention, row.non_performing, row.maturing, row.checks,
                            row.open_signals, row.new_signals]))
        for column in (4, 5, 6):
            watch.cell(row=watch.max_row, column=column).number_format = MONEY_FORMAT
    register = _sheet(book, translate("预警信号"), SIGNAL_HEADERS)
    for signal in signal_rows:
        register.append(cells([translate("紧急") if signal.new else "", signal.manager, text(signal.client),
                               signal.signal_type, signal.found_on, signal.source,
                               text(signal.cause), text(signal.measures), signal.responsible,
                               signal.deadline, signal.status]))
        for column in (5, 10):
            register.cell(row=register.max_row, column=column).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_team_report(session: Session, week: str, target: Path,
                      unmasked: bool = False) -> tuple[int, int]:
    """Write the week's team workbook (masked unless `unmasked`, which is recorded in
    hq_events in the caller's transaction); returns (managers, plan lines)."""
    managers, lines = team_week(session, week)
    data = team_workbook(managers, lines, week, unmasked, team_risk(session, week))
    atomic_write(target, lambda handle: handle.write(data))
    if unmasked:
        session.add(HqEvent(action="report_unmasked", actor=operator_name(),
                            detail=translate("团队周报 {week} 未隐去个人信息：{target}").format(week=week, target=target)))
    return len(managers), len(lines)


def operator_name() -> str:
    """Who runs the tool (the operating system's user name), for the record."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
