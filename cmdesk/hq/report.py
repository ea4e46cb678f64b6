"""The weekly team workbook: `cmdesk-hq report --week 2026-W48 -o FILE.xlsx`.

Sheet 团队周报: one row per manager — visits in the week, new clients, follow-ups
still open and of those overdue at the week's end, the week plan's items and how
many were done (completion rate). Sheet 周计划: every manager's week plan, item by
item. Personal information typed into the plan (a phone or ID number in a client name,
an item or its outcome) is masked by pattern unless `unmasked` is asked for, which is
recorded in hq_events. Headers in Chinese on a frozen first row, widths set, cells typed (numbers,
percentages, dates), every cell through `cell_text.cells` (no formula runs, no
control character breaks the file), written atomically.
"""
from __future__ import annotations

import getpass
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from cmdesk.domain.diary_fields import CLOSED_STATUSES
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.cell_text import cells
from cmdesk.domain.plan_fields import STATUSES, priority_label, purpose_label
from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.hq.models import ClientOwner, HqEvent, Manager, Origin
from cmdesk.models import Client, DiaryEntry, FollowUp, PlanItem, WeekPlan

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written "2026-W48"."""
    match = _WEEK.match(week.strip())
    if not match:
        raise CmdeskError(f"“{week}”不是有效的周（格式如 2026-W48）")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise CmdeskError(f"“{week}”不是有效的周（{match[1]} 年没有第 {int(match[2])} 周）") from None
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
    open_follow_ups = (select(ClientOwner.manager_id, func.count())
                       .join(FollowUp, FollowUp.client_id == ClientOwner.client_id)
                       .where(FollowUp.deleted_at.is_(None),
                              FollowUp.status.not_in(sorted(CLOSED_STATUSES)),
                              FollowUp.created_at < end)
                       .group_by(ClientOwner.manager_id))
    follow_ups = _counts(session, open_follow_ups)
    overdue = _counts(session, open_follow_ups.where(FollowUp.due_date < sunday))
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


SUMMARY_HEADERS = (("客户经理", 12), ("工号", 12), ("走访次数", 10), ("新增客户", 10),
                   ("未结督办", 10), ("其中逾期", 10), ("周计划事项", 12), ("已完成", 10),
                   ("计划完成率", 12))
PLAN_HEADERS = (("客户经理", 12), ("计划日期", 12), ("客户", 28), ("事项", 24), ("目的", 12),
                ("优先级", 8), ("状态", 10), ("预期成果", 36), ("顺延/取消原因", 24))


def _sheet(book, title: str, headers) -> object:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(cells([header for header, _width in headers]))
    for column, (_header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def team_workbook(managers: list[ManagerWeek], lines: list[PlanLine], week: str,
                  unmasked: bool = False) -> bytes:
    """The workbook's bytes (two sheets, see the module docstring)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    summary = _sheet(book, f"团队周报 {week}", SUMMARY_HEADERS)
    for row in managers:
        summary.append(cells([row.name, row.manager_id, row.visits, row.new_clients,
                              row.follow_ups_open, row.follow_ups_overdue, row.plan_items,
                              row.plan_done, row.completion]))
        summary.cell(row=summary.max_row, column=9).number_format = "0.0%"
    plans = _sheet(book, "周计划", PLAN_HEADERS)
    for line in lines:
        text = (lambda value: value) if unmasked else mask_free_text
        plans.append(cells([line.manager, line.planned_date, text(line.client), text(line.title),
                            line.purpose, line.priority, line.status,
                            text(line.expected_outcome), text(line.reason)]))
        plans.cell(row=plans.max_row, column=2).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_team_report(session: Session, week: str, target: Path,
                      unmasked: bool = False) -> tuple[int, int]:
    """Write the week's team workbook (masked unless `unmasked`, which is recorded in
    hq_events in the caller's transaction); returns (managers, plan lines)."""
    managers, lines = team_week(session, week)
    data = team_workbook(managers, lines, week, unmasked)
    atomic_write(target, lambda handle: handle.write(data))
    if unmasked:
        session.add(HqEvent(action="report_unmasked", actor=_operator(),
                            detail=f"团队周报 {week} 未隐去个人信息：{target}"))
    return len(managers), len(lines)


def _operator() -> str:
    """Who runs the tool (the operating system's user name), for the record."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
