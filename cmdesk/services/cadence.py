"""Contact cadence by tier (定期联系制度): how often each tier must be contacted, and which
clients are overdue or due for contact. Any contact entry (visit, call, meeting,
post-loan check) in the diary restarts a client's clock.

The due date is worked out in SQL (latest contact, else the day the file was opened, plus
the tier's interval), so a page of the list (`contacts_due`) reads only that page and two
counts, however large the book.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import ClientStatus
from cmdesk.domain.diary_fields import CONTACT_KINDS, DEFAULT_CADENCE_DAYS
from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import Client, DiaryEntry
from cmdesk.services.settings import get_setting, get_tiers, put_setting

CADENCE_KEY = "cadence_days"
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 1, 365
# A tier with no interval of its own (added in settings, never given one) is contacted
# at the loosest default interval.
FALLBACK_CADENCE_DAYS = max(DEFAULT_CADENCE_DAYS.values())
DUE_HORIZON_DAYS = 7


@dataclass(frozen=True)
class ContactDue:
    """A client overdue for contact, or due within the horizon."""

    client_id: str
    client_name: str
    tier: str
    last_contact: date | None  # None: never contacted (the clock started at creation)
    due: date
    days_overdue: int  # > 0 overdue, 0 due today, < 0 due in that many days


def active_client_conditions() -> tuple[Any, ...]:
    """Clients the manager still looks after: not deleted, not archived, not lost."""
    return (Client.deleted_at.is_(None), Client.archived_at.is_(None), Client.status != ClientStatus.LOST)


def get_cadence(session: Session) -> dict[str, int]:
    """Days between contacts for every configured tier, in tier order."""
    stored = get_setting(session, CADENCE_KEY, {}) or {}
    return {tier: int(stored.get(tier, DEFAULT_CADENCE_DAYS.get(tier, FALLBACK_CADENCE_DAYS)))
            for tier in get_tiers(session)}


def save_cadence(session: Session, days: dict[str, int]) -> None:
    """Store the interval of every configured tier (1–365 days each); raises
    ValidationError naming each tier that is missing or out of range."""
    problems: list[FieldProblem] = []
    cleaned: dict[str, int] = {}
    for tier in get_tiers(session):
        text = str(days.get(tier, "")).strip()
        message = None
        if not text:
            message = translate("请填写“{tier}”客户的联系间隔天数").format(tier=tier)
        elif not text.isdigit():
            message = translate("“{tier}”客户的联系间隔“{text}”不是整数天数").format(tier=tier, text=text)
        elif not MIN_CADENCE_DAYS <= int(text) <= MAX_CADENCE_DAYS:
            message = translate("“{tier}”客户的联系间隔应在 {MIN_CADENCE_DAYS} 到 {MAX_CADENCE_DAYS} 天之间").format(tier=tier, MIN_CADENCE_DAYS=MIN_CADENCE_DAYS, MAX_CADENCE_DAYS=MAX_CADENCE_DAYS)
        if message:
            problems.append(FieldProblem(tier, message, "cadence", label=translate("{tier}客户联系间隔").format(tier=tier)))
        else:
            cleaned[tier] = int(text)
    if problems:
        raise ValidationError(problems)
    put_setting(session, CADENCE_KEY, cleaned)


@dataclass(frozen=True)
class DuePage:
    """The first clients due for contact, how many are due in all, and how many overdue."""

    lines: tuple[ContactDue, ...]
    total: int
    overdue: int


def _due_query(session: Session, today: date, horizon_days: int) -> tuple[Any, Any, Any]:
    """(select of the clients due by the horizon in list order, their due-date column,
    the list's order) — rows: id, name, tier, last contact, due date (ISO text)."""
    cadence = get_cadence(session)
    last = (select(DiaryEntry.client_id.label("client_id"),
                   func.max(DiaryEntry.entry_date).label("last_contact"))
            .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.client_id.is_not(None),
                   DiaryEntry.kind.in_(CONTACT_KINDS))
            .group_by(DiaryEntry.client_id).subquery())
    interval = case(cadence, value=Client.tier, else_=FALLBACK_CADENCE_DAYS) if cadence \
        else FALLBACK_CADENCE_DAYS
    start = func.coalesce(func.date(last.c.last_contact), func.date(Client.created_at))
    due = func.date(start, func.printf("+%d days", interval))
    tier_rank = case({tier: rank for rank, tier in enumerate(cadence)}, value=Client.tier,
                     else_=len(cadence)) if cadence else 0
    latest_due = (today + timedelta(days=horizon_days)).isoformat()
    stmt = (select(Client.id, Client.name, Client.tier, last.c.last_contact, due.label("due"))
            .outerjoin(last, last.c.client_id == Client.id)
            .where(*active_client_conditions(), due <= latest_due))
    return stmt, due, (tier_rank, due, Client.name)


def _line(today: date, row: Any) -> ContactDue:
    client_id, name, tier, last_contact, due_text = row
    due = date.fromisoformat(due_text)
    return ContactDue(client_id, name, tier, last_contact, due, (today - due).days)


def contact_status(session: Session, today: date,
                   horizon_days: int = DUE_HORIZON_DAYS) -> list[ContactDue]:
    """Clients overdue for contact or due within `horizon_days`, by tier (top tier first)
    then most overdue first."""
    stmt, _due, order = _due_query(session, today, horizon_days)
    return [_line(today, row) for row in session.execute(stmt.order_by(*order))]


def contacts_due(session: Session, today: date, limit: int,
                 horizon_days: int = DUE_HORIZON_DAYS) -> DuePage:
    """The first `limit` lines of `contact_status`, with the counts of the whole list."""
    stmt, due, order = _due_query(session, today, horizon_days)
    lines = tuple(_line(today, row) for row in session.execute(stmt.order_by(*order).limit(limit)))
    counted = stmt.with_only_columns(due.label("due")).subquery()
    total, overdue = session.execute(select(
        func.count(), func.coalesce(func.sum(case((counted.c.due < today.isoformat(), 1),
                                                  else_=0)), 0))).one()
    return DuePage(lines, total, overdue)
