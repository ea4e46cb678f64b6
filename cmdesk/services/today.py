"""Today (the desk's home view), as data: today's plan items (from this week's plan),
today's diary, clients due for contact, follow-ups due, important changes on their way to
head office (待上报, 已报告（待总行确认）, and 总行已确认 for a week after head office
acknowledged them), key contacts' birthdays this week, and risk watch: loans maturing
within 90 days and post-loan checks due or overdue.
Every line carries the id of what it names, so the view can open it (and a plan item can
be ticked off: services.plans.set_item_status).

Every section is bounded: at most `limits[section]` lines (SECTION_LIMIT by default) are
read, with the section's total counted in SQL, so a book with 90,000 clients due reads
fifty lines and a few counts (a constant number of statements, whatever the book holds).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from cmdesk.domain import diary_fields as df
from cmdesk.domain import plan_fields as pf
from cmdesk.i18n import translate
from cmdesk.models import (
    Acknowledgement,
    Client,
    Contact,
    DiaryEntry,
    FollowUp,
    PlanItem,
    VisitReport,
    WeekPlan,
)
from cmdesk.services import cadence, plans, risk
from cmdesk.services.grade_check import ClientBelowGrade, grade_exceptions
from cmdesk.services.important_changes import ChangeState, change_state
from cmdesk.services.settings import get_tiers

WEEK_DAYS = 7  # "this week" is today and the six days after it
KEY_TIER_COUNT = 2  # birthdays are shown for contacts of the top two tiers
SECTION_LIMIT = 50  # lines read per section unless more are asked for
SECTIONS = ("plan_items", "entries", "contacts_due", "follow_ups", "important_changes",
            "birthdays", "maturities", "loan_checks", "grade_exceptions")
PRIORITY_ORDER = {"high": 0, "normal": 1, "low": 2}
ACKNOWLEDGED_SHOWN_DAYS = 7  # an acknowledged change stays on 今日 this long


@dataclass(frozen=True)
class PlanLine:
    """An item of this week's plan for today: planned for today, for no day in
    particular, or for an earlier day of the week and still open."""

    item_id: str
    client_id: str | None
    subject: str  # the client, else the internal work's title
    title: str
    purpose_label: str
    priority: str
    priority_label: str
    planned_date: date | None
    done: bool
    expected_outcome: str

    def days_late(self, today: date) -> int:
        """Days since its planned day when that is past (0 otherwise)."""
        return max((today - self.planned_date).days, 0) if self.planned_date else 0


@dataclass(frozen=True)
class DiaryLine:
    """One of today's diary entries."""

    entry_id: str
    start_time: time | None
    kind: str
    kind_label: str
    client_id: str | None
    client_name: str
    content: str


@dataclass(frozen=True)
class FollowUpLine:
    """An open follow-up that is overdue or due this week (client_id "" for an internal
    item, whose client_name says 内部事项)."""

    follow_up_id: str
    entry_id: str | None
    client_id: str
    client_name: str
    request: str
    department: str
    chaser: str
    due_date: date
    status: str
    status_label: str
    days_overdue: int  # > 0 overdue, 0 due today, < 0 due in that many days


@dataclass(frozen=True)
class ChangeLine:
    """An important change at a client (重要情况变动) on its way to head office and back."""

    report_id: str
    entry_id: str
    client_id: str | None
    client_name: str
    entry_date: date
    important_changes: str
    state: ChangeState


@dataclass(frozen=True)
class BirthdayLine:
    """A key contact whose birthday falls this week."""

    contact_id: str
    contact_name: str
    position: str
    client_id: str
    client_name: str
    tier: str
    birthday: date  # the date of birth as recorded
    on: date  # the day it is celebrated this week (28 Feb for 29 Feb in common years)
    age: int  # the age reached on that day


@dataclass(frozen=True)
class TodayView:
    """What the home view shows for one day: the first lines of every section (see
    `totals` for how many there are in all)."""

    today: date
    entries: tuple[DiaryLine, ...] = ()
    contacts_due: tuple[cadence.ContactDue, ...] = ()
    follow_ups: tuple[FollowUpLine, ...] = ()
    important_changes: tuple[ChangeLine, ...] = ()
    birthdays: tuple[BirthdayLine, ...] = ()
    plan_items: tuple[PlanLine, ...] = ()
    maturities: tuple[risk.MaturityLine, ...] = ()
    loan_checks: tuple[risk.CheckDueLine, ...] = ()
    grade_exceptions: tuple[ClientBelowGrade, ...] = ()  # 对等配置 exceptions, by client name
    totals: Mapping[str, int] = field(default_factory=dict)  # section -> lines in all
    contacts_overdue: int = 0  # clients past their contact date
    follow_ups_overdue: int = 0

    def not_shown(self, section: str) -> int:
        """How many lines of a section were left out."""
        return self.totals.get(section, 0) - len(getattr(self, section))


def today_view(session: Session, today: date, limits: Mapping[str, int] | None = None, *,
               per_section: int = SECTION_LIMIT) -> TodayView:
    """Build the home view of `today` (read only), each section bounded by its limit
    (`limits[section]`, else `per_section`)."""
    limits = limits or {}

    def limit(section: str) -> int:
        return limits.get(section, per_section)

    plan_items, plan_total = todays_plan(session, today, limit("plan_items"))
    entries, entries_total = todays_entries(session, today, limit("entries"))
    due = cadence.contacts_due(session, today, limit("contacts_due"))
    follow_ups, follow_ups_total, follow_ups_overdue = follow_ups_due(
        session, today, limit("follow_ups"))
    changes, changes_total = important_change_lines(session, today, limit("important_changes"))
    birthdays = birthdays_this_week(session, today)
    checks = risk.checks_due(session, today)  # one schedule read, counted in memory
    below_grade, below_grade_total = grade_exceptions(session, limit("grade_exceptions"))
    return TodayView(
        today=today, plan_items=plan_items, entries=entries, contacts_due=due.lines,
        follow_ups=follow_ups, important_changes=changes,
        birthdays=tuple(birthdays[:limit("birthdays")]),
        maturities=tuple(risk.maturities_due(session, today, limit=limit("maturities"))),
        loan_checks=tuple(checks[:limit("loan_checks")]), grade_exceptions=below_grade,
        totals={"plan_items": plan_total, "entries": entries_total, "contacts_due": due.total,
                "follow_ups": follow_ups_total, "important_changes": changes_total,
                "birthdays": len(birthdays),
                "maturities": risk.count_maturities_due(session, today),
                "loan_checks": len(checks), "grade_exceptions": below_grade_total},
        contacts_overdue=due.overdue, follow_ups_overdue=follow_ups_overdue)


def _count(session: Session, stmt: Any) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def todays_plan(session: Session, today: date, limit: int) -> tuple[tuple[PlanLine, ...], int]:
    """The first `limit` items of this week's plan for today — planned for today (done or
    not), for no particular day, or for an earlier day and still open — by day, priority
    and the plan's order; and how many there are."""
    stmt = (select(PlanItem.id, PlanItem.client_id, Client.name, PlanItem.title,
                   PlanItem.purpose, PlanItem.priority, PlanItem.planned_date, PlanItem.status,
                   PlanItem.expected_outcome)
            .join(WeekPlan, WeekPlan.id == PlanItem.plan_id)
            .outerjoin(Client, Client.id == PlanItem.client_id)
            .where(WeekPlan.week == plans.week_of(today), WeekPlan.deleted_at.is_(None),
                   PlanItem.deleted_at.is_(None),
                   PlanItem.status.in_((pf.PlanItemStatus.PLANNED, pf.PlanItemStatus.DONE)),
                   (PlanItem.planned_date == today) | PlanItem.planned_date.is_(None)
                   | ((PlanItem.planned_date < today)
                      & (PlanItem.status == pf.PlanItemStatus.PLANNED)))
            .order_by(PlanItem.planned_date.is_(None), PlanItem.planned_date,
                      case(PRIORITY_ORDER, value=PlanItem.priority, else_=1),
                      PlanItem.sort_order, PlanItem.created_at))
    lines = tuple(
        PlanLine(item_id, client_id, name or title or translate(plans.INTERNAL_LABEL), title,
                 translate(pf.purpose_label(purpose)), priority,
                 translate(pf.priority_label(priority)), planned_date,
                 status == pf.PlanItemStatus.DONE, outcome)
        for item_id, client_id, name, title, purpose, priority, planned_date, status, outcome
        in session.execute(stmt.limit(limit)))
    return lines, _count(session, stmt)


def todays_entries(session: Session, today: date, limit: int) -> tuple[tuple[DiaryLine, ...], int]:
    """The first `limit` of today's entries in time order, as list lines, and how many
    there are (the entry form reads the whole entry with cmdesk.services.diary.get_entry
    when a line is opened)."""
    stmt = (select(DiaryEntry.id, DiaryEntry.start_time, DiaryEntry.kind, DiaryEntry.client_id,
                   Client.name, DiaryEntry.content)
            .outerjoin(Client, Client.id == DiaryEntry.client_id)
            .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.entry_date == today)
            .order_by(DiaryEntry.start_time, DiaryEntry.created_at))
    lines = tuple(DiaryLine(entry_id, start_time, kind, df.entry_kind_label(kind), client_id,
                            client_name or "", content)
                  for entry_id, start_time, kind, client_id, client_name, content
                  in session.execute(stmt.limit(limit)))
    return lines, _count(session, stmt)


def follow_ups_due(session: Session, today: date, limit: int
                   ) -> tuple[tuple[FollowUpLine, ...], int, int]:
    """The first `limit` open follow-ups overdue or due by the end of this week, overdue
    first (that is, by due date, as every one listed has one); how many there are, and
    how many of them are overdue."""
    last_day = today + timedelta(days=WEEK_DAYS - 1)
    stmt = (select(FollowUp.id, FollowUp.entry_id, FollowUp.client_id, Client.name,
                   FollowUp.request, FollowUp.department, FollowUp.chaser, FollowUp.due_date,
                   FollowUp.status)
            .outerjoin(Client, Client.id == FollowUp.client_id)
            .where(FollowUp.deleted_at.is_(None), FollowUp.status.not_in(df.CLOSED_STATUSES),
                   FollowUp.due_date <= last_day)
            .order_by(FollowUp.due_date, FollowUp.created_at))
    lines = tuple(FollowUpLine(follow_up_id, entry_id, client_id or "",
                               df.follow_up_client_label(client_name, client_id), request,
                               department, chaser, due_date, status,
                               df.FollowUpStatus.label_of(status), (today - due_date).days)
                  for follow_up_id, entry_id, client_id, client_name, request, department,
                  chaser, due_date, status in session.execute(stmt.limit(limit)))
    counted = stmt.order_by(None).subquery()
    total, overdue = session.execute(select(
        func.count(), func.coalesce(func.sum(case((counted.c.due_date < today, 1), else_=0)), 0))
    ).one()
    return lines, total, overdue


def important_change_lines(session: Session, today: date,
                           limit: int) -> tuple[tuple[ChangeLine, ...], int]:
    """The first `limit` flagged important changes head office has not acknowledged, or
    acknowledged within ACKNOWLEDGED_SHOWN_DAYS, oldest first, and how many there are."""
    shown_since = datetime.combine(today - timedelta(days=ACKNOWLEDGED_SHOWN_DAYS), time())
    stmt = (select(VisitReport.id, DiaryEntry.id, DiaryEntry.client_id, Client.name,
                   DiaryEntry.entry_date, VisitReport.important_changes, VisitReport.reported_at,
                   Acknowledgement.acknowledged_by, Acknowledgement.acknowledged_at)
            .join(DiaryEntry, DiaryEntry.id == VisitReport.entry_id)
            .outerjoin(Client, Client.id == DiaryEntry.client_id)
            .outerjoin(Acknowledgement, (Acknowledgement.entity == VisitReport.__tablename__)
                       & (Acknowledgement.entity_id == VisitReport.id)
                       & Acknowledgement.deleted_at.is_(None))
            .where(VisitReport.important_change_flag.is_(True),
                   VisitReport.deleted_at.is_(None), DiaryEntry.deleted_at.is_(None),
                   or_(Acknowledgement.id.is_(None), Acknowledgement.acknowledged_at >= shown_since))
            .order_by(DiaryEntry.entry_date, DiaryEntry.start_time))
    lines = tuple(ChangeLine(report_id, entry_id, client_id, name or "", entry_date, changes,
                             change_state(reported_at, (by, at) if at is not None else None))
                  for report_id, entry_id, client_id, name, entry_date, changes, reported_at, by, at
                  in session.execute(stmt.limit(limit)))
    return lines, _count(session, stmt)


def _celebrated_on(birthday: date, year: int) -> date:
    """The birthday in `year`; 29 February is kept on 28 February in common years."""
    try:
        return birthday.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def birthdays_this_week(session: Session, today: date) -> list[BirthdayLine]:
    """Contacts of top-tier clients whose birthday falls in today … today + 6, by day."""
    key_tiers = get_tiers(session)[:KEY_TIER_COUNT]
    last_day = today + timedelta(days=WEEK_DAYS - 1)
    days = [today + timedelta(days=n) for n in range(WEEK_DAYS)]
    month_days = {f"{day:%m-%d}" for day in days}
    if any((day.month, day.day) == (2, 28) for day in days):
        month_days.add("02-29")  # kept on 28 February in common years
    stmt = (select(Contact.id, Contact.name, Contact.position, Contact.birthday, Client.id,
                   Client.name, Client.tier)
            .join(Client, Client.id == Contact.client_id)
            .where(Contact.deleted_at.is_(None), Contact.birthday.is_not(None),
                   func.strftime("%m-%d", Contact.birthday).in_(month_days),
                   Client.tier.in_(key_tiers), *cadence.active_client_conditions()))
    lines = []
    for contact_id, name, position, birthday, client_id, client_name, tier in session.execute(stmt):
        for year in {today.year, last_day.year}:
            on = _celebrated_on(birthday, year)
            if today <= on <= last_day:
                lines.append(BirthdayLine(contact_id, name, position, client_id, client_name,
                                          tier, birthday, on, on.year - birthday.year))
    lines.sort(key=lambda line: (line.on, line.client_name, line.contact_name))
    return lines
