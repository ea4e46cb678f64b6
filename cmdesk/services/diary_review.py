"""The supervisor's review (主管审阅) of the diary as the desk shows it: a month is 已审阅
once head office's review package arrived (cmdesk.exchange.desk), with the supervisor's
opinion, and a reviewed entry carries the supervisor's remark. Read only: the desk never
writes these records itself.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from cmdesk.models import DiaryRemark, DiaryReview


@dataclass(frozen=True)
class MonthReview:
    """A month of the diary the supervisor reviewed."""

    month: str  # "2026-11"
    reviewer: str
    opinion: str
    reviewed_at: datetime  # UTC
    remarks: int


@dataclass(frozen=True)
class EntryRemark:
    """The supervisor's remark on one entry."""

    entry_id: str
    remark: str
    reviewer: str
    month: str


def month_review(session: Session, month: str) -> MonthReview | None:
    """The review of `month` ("2026-11"), None while the month is not reviewed."""
    remarks = (select(func.count()).where(DiaryRemark.review_id == DiaryReview.id,
                                          DiaryRemark.deleted_at.is_(None))
               .correlate(DiaryReview).scalar_subquery())
    found = session.execute(
        select(DiaryReview.month, DiaryReview.reviewer, DiaryReview.opinion,
               DiaryReview.reviewed_at, remarks)
        .where(DiaryReview.month == month, DiaryReview.deleted_at.is_(None))
        .order_by(DiaryReview.reviewed_at.desc()).limit(1)).first()
    return MonthReview(*found) if found is not None else None


def entry_remarks(session: Session, entry_ids: Collection[str] | ScalarSelect[str]
                  ) -> dict[str, EntryRemark]:
    """The remarks on these entries — ids, or a select of them (one statement however
    many) — as entry id -> remark; entries without one are absent."""
    rows = session.execute(
        select(DiaryRemark.entry_id, DiaryRemark.remark, DiaryReview.reviewer, DiaryReview.month)
        .join(DiaryReview, DiaryReview.id == DiaryRemark.review_id)
        .where(DiaryRemark.entry_id.in_(entry_ids), DiaryRemark.deleted_at.is_(None),
               DiaryReview.deleted_at.is_(None)))
    return {entry_id: EntryRemark(entry_id, remark, reviewer, month)
            for entry_id, remark, reviewer, month in rows}


def entry_remark(session: Session, entry_id: str) -> EntryRemark | None:
    """The supervisor's remark on one entry, if any."""
    return entry_remarks(session, [entry_id]).get(entry_id)
