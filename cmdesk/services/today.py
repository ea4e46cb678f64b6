"""Today (the desk's home view), as data: today's diary, clients due for contact, follow-ups
due, important changes not yet reported upward, key contacts' birthdays this week, and
risk watch: loans maturing within 90 days and post-loan checks due or overdue (each list
at most RISK_LINES long).
Every line carries the id of what it names, so the view can open it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import diary_fields as df
from cmdesk.errors import NotFoundError
from cmdesk.models import Client, Contact, DiaryEntry, FollowUp, VisitReport, utcnow
from cmdesk.services import cadence, risk
from cmdesk.services.settings import get_tiers

WEEK_DAYS = 7  # "this week" is today and the six days after it
KEY_TIER_COUNT = 2  # birthdays are shown for contacts of the top two tiers
RISK_LINES = 50  # maturities and checks shown on 今日 (the rest are in the risk lists)


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
    """An open follow-up that is overdue or due this week."""

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
    """An important change at a client (重要情况变动) not yet reported to the supervisor."""

    report_id: str
    entry_id: str
    client_id: str | None
    client_name: str
    entry_date: date
    important_changes: str


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


@dataclass
class TodayView:
    """Everything the home view shows for one day."""

    today: date
    entries: list[DiaryLine] = field(default_factory=list)
    contacts_due: list[cadence.ContactDue] = field(default_factory=list)
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    important_changes: list[ChangeLine] = field(default_factory=list)
    birthdays: list[BirthdayLine] = field(default_factory=list)
    plan_items: list[Any] = field(default_factory=list)
    """Today's plan items: always empty here; the plans issue fills this slot."""
    maturities: list[risk.MaturityLine] = field(default_factory=list)
    loan_checks: list[risk.CheckDueLine] = field(default_factory=list)


def today_view(session: Session, today: date) -> TodayView:
    """Build the home view of `today` (read only)."""
    return TodayView(today=today, entries=todays_entries(session, today),
                     contacts_due=cadence.contact_status(session, today),
                     follow_ups=follow_ups_due(session, today),
                     important_changes=unreported_changes(session),
                     birthdays=birthdays_this_week(session, today),
                     maturities=risk.maturities_due(session, today, limit=RISK_LINES),
                     loan_checks=risk.checks_due(session, today, limit=RISK_LINES))


def todays_entries(session: Session, today: date) -> list[DiaryLine]:
    """Today's entries in time order, as list lines (one query; the entry form reads the
    whole entry with cmdesk.services.diary.get_entry when a line is opened)."""
    stmt = (select(DiaryEntry.id, DiaryEntry.start_time, DiaryEntry.kind, DiaryEntry.client_id,
                   Client.name, DiaryEntry.content)
            .outerjoin(Client, Client.id == DiaryEntry.client_id)
            .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.entry_date == today)
            .order_by(DiaryEntry.start_time, DiaryEntry.created_at))
    return [DiaryLine(entry_id, start_time, kind, df.entry_kind_label(kind), client_id,
                      client_name or "", content)
            for entry_id, start_time, kind, client_id, client_name, content in session.execute(stmt)]


def follow_ups_due(session: Session, today: date) -> list[FollowUpLine]:
    """Open follow-ups overdue or due by the end of this week, overdue first (that is, by
    due date, as every one listed has one)."""
    last_day = today + timedelta(days=WEEK_DAYS - 1)
    stmt = (select(FollowUp.id, FollowUp.entry_id, FollowUp.client_id, Client.name,
                   FollowUp.request, FollowUp.department, FollowUp.chaser, FollowUp.due_date,
                   FollowUp.status)
            .join(Client, Client.id == FollowUp.client_id)
            .where(FollowUp.deleted_at.is_(None), FollowUp.status.not_in(df.CLOSED_STATUSES),
                   FollowUp.due_date <= last_day)
            .order_by(FollowUp.due_date, FollowUp.created_at))
    return [FollowUpLine(*row, df.FollowUpStatus.label_of(row.status), (today - row.due_date).days)
            for row in session.execute(stmt)]


def unreported_changes(session: Session) -> list[ChangeLine]:
    """Flagged important changes whose report upward is not recorded, oldest first."""
    stmt = (select(VisitReport.id, DiaryEntry.id, DiaryEntry.client_id, Client.name,
                   DiaryEntry.entry_date, VisitReport.important_changes)
            .join(DiaryEntry, DiaryEntry.id == VisitReport.entry_id)
            .outerjoin(Client, Client.id == DiaryEntry.client_id)
            .where(VisitReport.important_change_flag.is_(True), VisitReport.reported_at.is_(None),
                   VisitReport.deleted_at.is_(None), DiaryEntry.deleted_at.is_(None))
            .order_by(DiaryEntry.entry_date, DiaryEntry.start_time))
    return [ChangeLine(report_id, entry_id, client_id, name or "", entry_date, changes)
            for report_id, entry_id, client_id, name, entry_date, changes in session.execute(stmt)]


def mark_change_reported(session: Session, report_id: str) -> datetime:
    """Record that a visit report's important change was reported upward (now); returns
    when. Marking one already reported keeps the first time."""
    report = session.get(VisitReport, report_id)
    if report is None or report.deleted_at is not None:
        raise NotFoundError(f"找不到访客报告 {report_id}")
    if report.reported_at is None:
        report.reported_at = utcnow()
        session.flush()
    return report.reported_at


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
    stmt = (select(Contact.id, Contact.name, Contact.position, Contact.birthday, Client.id,
                   Client.name, Client.tier)
            .join(Client, Client.id == Contact.client_id)
            .where(Contact.deleted_at.is_(None), Contact.birthday.is_not(None),
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
