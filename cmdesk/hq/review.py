"""主管审阅 at head office: the supervisor's review of a manager's 《客户经理日志》 of one
month — an opinion on the month and remarks on single entries — recorded with
`cmdesk-hq review` and carried back to the manager's desk in a review package
(`cmdesk-hq package review`).

A remark may only name an entry the manager's own desk sent (hq_origins) dated in the
reviewed month. Recording a month again replaces its opinion, replaces the remarks on the
entries it names and keeps the other remarks; each recording raises the review's
revision, so the desk's copy is updated by the next package. The records the package
carries have ids derived from manager and month (the review) and from the entry (a
remark): every issue updates the same records on the desk.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.errors import CmdeskError
from cmdesk.exchange.keys import KeyPair
from cmdesk.hq.models import Manager, Origin, Review, ReviewRemark
from cmdesk.hq.packages import (
    WrittenPackage,
    _full_row,
    derived_id,
    find_manager,
    write_package,
)
from cmdesk.i18n import translate
from cmdesk.models import DiaryEntry, utcnow
from cmdesk.services.plans import month_bounds, parse_month

REVIEW_KIND = "review"


@dataclass(frozen=True)
class RecordedReview:
    """What `record_review` stored: whose month, how many remarks it now holds."""

    manager_name: str
    month: str
    remarks: int
    revision: int

    def describe(self) -> str:
        return translate("已记录对 {manager} {month} 日志的审阅意见（批注 {remarks} 条，第 {revision} 版）。"
                         "用 cmdesk-hq package review 发回其工作台。").format(
            manager=self.manager_name, month=self.month, remarks=self.remarks,
            revision=self.revision)


def _check_remarked_entries(session: Session, manager: Manager, month: str,
                            entry_ids: list[str]) -> None:
    first, last = month_bounds(month)
    found = dict(session.execute(
        select(DiaryEntry.id, DiaryEntry.entry_date)
        .join(Origin, (Origin.entity == "diary_entries") & (Origin.entity_id == DiaryEntry.id))
        .where(DiaryEntry.id.in_(entry_ids), Origin.manager_id == manager.id)).all())
    for entry_id in entry_ids:
        day = found.get(entry_id)
        if day is None:
            raise CmdeskError(translate("日志 {entry} 不是 {manager} 的工作台发来的日志，无法批注").format(
                entry=entry_id, manager=manager.name or manager.id))
        if not first <= day <= last:
            raise CmdeskError(translate("日志 {entry} 记于 {day}，不在审阅的 {month} 月内").format(
                entry=entry_id, day=day.isoformat(), month=month))


def record_review(session: Session, manager: str, month: str, opinion: str,
                  remarks: list[tuple[str, str]], reviewer: str) -> RecordedReview:
    """Store the supervisor's opinion on `manager`'s month and the remarks (entry id,
    text) in the caller's transaction; CmdeskError names what is wrong, nothing stored."""
    who = find_manager(session, manager)
    month = parse_month(month)
    opinion = opinion.strip()
    if not opinion:
        raise CmdeskError(translate("请填写审阅意见（--opinion）"))
    cleaned = {entry_id.strip(): text.strip() for entry_id, text in remarks}
    empty = [entry_id for entry_id, text in cleaned.items() if not text]
    if empty:
        raise CmdeskError(translate("日志 {entry} 的批注是空的").format(entry=empty[0]))
    _check_remarked_entries(session, who, month, list(cleaned))
    review = session.scalar(select(Review).where(Review.manager_id == who.id,
                                                 Review.month == month))
    if review is None:
        review = Review(manager_id=who.id, month=month, revision=0)
        session.add(review)
    review.opinion, review.reviewer = opinion, reviewer.strip()
    review.reviewed_at, review.revision = utcnow(), review.revision + 1
    session.flush()
    for entry_id, text in cleaned.items():
        remark = session.get(ReviewRemark, (review.id, entry_id))
        if remark is None:
            session.add(ReviewRemark(review_id=review.id, entry_id=entry_id, remark=text))
        else:
            remark.remark = text
    session.flush()
    count = len(session.scalars(select(ReviewRemark.entry_id).where(
        ReviewRemark.review_id == review.id)).all())
    return RecordedReview(who.name or who.id, month, count, review.revision)


def review_package(session: Session, keys: KeyPair, manager: str, month: str,
                   target: Path) -> WrittenPackage:
    """The recorded review of `manager`'s month, for the manager's desk."""
    who = find_manager(session, manager)
    month = parse_month(month)
    review = session.scalar(select(Review).where(Review.manager_id == who.id,
                                                 Review.month == month))
    if review is None:
        raise CmdeskError(translate("总行还没有审阅 {manager} {month} 的日志（先用 cmdesk-hq review 记录）")
                          .format(manager=who.name or who.id, month=month))
    review_id = derived_id("diary_review", who.id, month)
    record = _full_row("diary_reviews", {
        "id": review_id, "manager_id": who.id, "month": month, "reviewer": review.reviewer,
        "opinion": review.opinion, "reviewed_at": review.reviewed_at,
        "revision": review.revision})
    remarks = [_full_row("diary_remarks", {
        "id": derived_id("diary_remark", remark.entry_id), "entry_id": remark.entry_id,
        "review_id": review_id, "remark": remark.remark, "revision": review.revision})
        for remark in session.scalars(select(ReviewRemark).where(
            ReviewRemark.review_id == review.id).order_by(ReviewRemark.entry_id))]
    return write_package(session, keys, who, REVIEW_KIND,
                         {"diary_reviews": [record], "diary_remarks": remarks}, target)
