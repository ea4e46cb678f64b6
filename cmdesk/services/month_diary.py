"""The month's 《客户经理日志》 as the supervisor checks it (cmdesk.reports.month_diary
prints it): every entry of the month, whatever its kind, with the supervisor's remark
where there is one; the month's figures — entries by kind, contacts (visits, calls,
meetings, post-loan checks) by client tier; the clients overdue for contact (services.
cadence) and the open follow-ups as of the month's last day (or today, for the running
month); and the supervisor's review once it has come back from head office.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.domain import diary_fields as df
from cmdesk.models import Client, DiaryEntry
from cmdesk.services import cadence, diary
from cmdesk.services.cadence import ContactDue
from cmdesk.services.diary import EntryRow, FollowUpRow
from cmdesk.services.diary_review import MonthReview, entry_remarks, month_review
from cmdesk.services.plans import month_bounds, parse_month
from cmdesk.services.settings import get_tiers

# the contact kinds the figures count per tier, in the order the table shows them
TIER_KINDS = (df.EntryKind.VISIT, df.EntryKind.CALL, df.EntryKind.MEETING, df.EntryKind.POST_LOAN)


@dataclass(frozen=True)
class TierFigures:
    """The month's contacts with the clients of one tier, by kind (TIER_KINDS order)."""

    tier: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class MonthEntry:
    """One entry of the month, with the supervisor's remark (empty: none)."""

    row: EntryRow
    remark: str


@dataclass(frozen=True)
class MonthDiary:
    """Everything the month's diary printout shows."""

    month: str
    first: date
    last: date
    as_of: date  # the day overdue contacts and open follow-ups are counted at
    entries: tuple[MonthEntry, ...]
    by_kind: tuple[tuple[str, int], ...]  # (kind, entries) for every kind, in EntryKind order
    by_tier: tuple[TierFigures, ...]  # configured tiers, then any other tier found
    overdue: tuple[ContactDue, ...]
    open_follow_ups: tuple[FollowUpRow, ...]
    review: MonthReview | None

    @property
    def tier_totals(self) -> tuple[int, ...]:
        return tuple(sum(line.counts[i] for line in self.by_tier) for i in range(len(TIER_KINDS)))


def _by_tier(session: Session, first: date, last: date) -> tuple[TierFigures, ...]:
    counted = session.execute(
        select(Client.tier, DiaryEntry.kind, func.count())
        .join(Client, Client.id == DiaryEntry.client_id)
        .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.entry_date >= first,
               DiaryEntry.entry_date <= last, DiaryEntry.kind.in_(TIER_KINDS))
        .group_by(Client.tier, DiaryEntry.kind)).all()
    found = {(tier or "", kind): count for tier, kind, count in counted}
    tiers = list(get_tiers(session))
    tiers += sorted({tier for tier, _kind in found} - set(tiers))
    return tuple(TierFigures(tier, tuple(found.get((tier, kind), 0) for kind in TIER_KINDS))
                 for tier in tiers)


def month_diary(session: Session, month: str, today: date) -> MonthDiary:
    """The month ("2026-11") of the diary, its figures and review (today: the running
    month's overdue contacts and follow-ups are counted at today, not at its end)."""
    month = parse_month(month)
    first, last = month_bounds(month)
    as_of = min(last, max(today, first))
    rows = diary.entry_rows_between(session, first, last)
    remarks = entry_remarks(session, [row.id for row in rows])
    kinds = Counter(row.kind for row in rows)
    overdue = tuple(line for line in cadence.contact_status(session, as_of, horizon_days=0)
                    if line.days_overdue > 0)
    return MonthDiary(
        month=month, first=first, last=last, as_of=as_of,
        entries=tuple(MonthEntry(row, remarks[row.id].remark if row.id in remarks else "")
                      for row in rows),
        by_kind=tuple((kind, kinds.get(kind, 0)) for kind in df.EntryKind),
        by_tier=_by_tier(session, first, last),
        overdue=overdue,
        open_follow_ups=tuple(diary.follow_up_rows(session, open_only=True, today=as_of)),
        review=month_review(session, month))
