"""Contact cadence by tier (定期联系制度): how often each tier must be contacted, and which
clients are overdue or due for contact. Any contact entry (visit, call, meeting,
post-loan check) in the diary restarts a client's clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import ClientStatus
from cmdesk.domain.diary_fields import CONTACT_KINDS, DEFAULT_CADENCE_DAYS
from cmdesk.errors import FieldProblem, ValidationError
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
            message = f"请填写“{tier}”客户的联系间隔天数"
        elif not text.isdigit():
            message = f"“{tier}”客户的联系间隔“{text}”不是整数天数"
        elif not MIN_CADENCE_DAYS <= int(text) <= MAX_CADENCE_DAYS:
            message = f"“{tier}”客户的联系间隔应在 {MIN_CADENCE_DAYS} 到 {MAX_CADENCE_DAYS} 天之间"
        if message:
            problems.append(FieldProblem(tier, message, "cadence", label=f"{tier}客户联系间隔"))
        else:
            cleaned[tier] = int(text)
    if problems:
        raise ValidationError(problems)
    put_setting(session, CADENCE_KEY, cleaned)


def last_contacts(session: Session) -> dict[str, date]:
    """client id -> date of the client's latest contact entry (one grouped query)."""
    stmt = (select(DiaryEntry.client_id, func.max(DiaryEntry.entry_date))
            .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.client_id.is_not(None),
                   DiaryEntry.kind.in_(CONTACT_KINDS))
            .group_by(DiaryEntry.client_id))
    return dict(session.execute(stmt).all())


def contact_status(session: Session, today: date,
                   horizon_days: int = DUE_HORIZON_DAYS) -> list[ContactDue]:
    """Clients overdue for contact or due within `horizon_days`, by tier (top tier first)
    then most overdue first."""
    cadence = get_cadence(session)
    tier_rank = {tier: rank for rank, tier in enumerate(cadence)}
    last = last_contacts(session)
    latest_due = today + timedelta(days=horizon_days)
    stmt = select(Client.id, Client.name, Client.tier, Client.created_at).where(
        *active_client_conditions())
    due_list = []
    for client_id, name, tier, created_at in session.execute(stmt):
        last_contact = last.get(client_id)
        start = last_contact or created_at.date()
        due = start + timedelta(days=cadence.get(tier, FALLBACK_CADENCE_DAYS))
        if due <= latest_due:
            due_list.append(ContactDue(client_id, name, tier, last_contact, due, (today - due).days))
    due_list.sort(key=lambda item: (tier_rank.get(item.tier, len(tier_rank)), -item.days_overdue,
                                    item.client_name))
    return due_list
