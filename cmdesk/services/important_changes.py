"""Important changes (重要情况变动) reported upward: a visit report's change flagged for the
supervisor travels to head office flagged urgent in the next export (like a new warning
signal, services.risk), which marks it reported; head office's acknowledgement (总行确认)
comes back in an acknowledgement package. A change is 待上报 until exported,
已报告（待总行确认） until acknowledged, then 总行已确认 with who and when.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cmdesk.i18n import mark, translate
from cmdesk.models import Acknowledgement, DiaryEntry, VisitReport

TO_REPORT, REPORTED, ACKNOWLEDGED = "to_report", "reported", "acknowledged"
STATE_LABELS = {TO_REPORT: mark("待上报（下次导出时报总行）"), REPORTED: mark("已报告（待总行确认）"),
                ACKNOWLEDGED: mark("总行已确认")}


@dataclass(frozen=True)
class ChangeState:
    """Where an important change stands on its way up and back."""

    state: str  # TO_REPORT | REPORTED | ACKNOWLEDGED
    reported_at: datetime | None  # UTC
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None  # UTC

    def describe(self) -> str:
        """The state in the manager's words (the acknowledgement's time in local time)."""
        if self.state == ACKNOWLEDGED and self.acknowledged_at is not None:
            local = self.acknowledged_at.replace(tzinfo=UTC).astimezone()
            return translate("总行已确认（{by}，{at}）").format(
                by=self.acknowledged_by or translate("总行"), at=f"{local:%Y-%m-%d %H:%M}")
        return translate(STATE_LABELS[self.state])


def unreported_change_ids(session: Session) -> list[str]:
    """Visit reports whose flagged important change was not yet reported upward (the
    next export flags them urgent)."""
    return list(session.scalars(
        select(VisitReport.id).join(DiaryEntry, DiaryEntry.id == VisitReport.entry_id)
        .where(VisitReport.important_change_flag.is_(True), VisitReport.reported_at.is_(None),
               VisitReport.deleted_at.is_(None), DiaryEntry.deleted_at.is_(None))
        .order_by(DiaryEntry.entry_date)))


def mark_changes_reported(session: Session, report_ids: list[str], when: datetime) -> None:
    """Record that a package carried these changes upward at `when` (its manifest's
    created_at); written below the change log, as head office sets the same time."""
    table = VisitReport.__table__
    for chunk in (report_ids[i:i + 500] for i in range(0, len(report_ids), 500)):
        session.execute(update(table).where(table.c.id.in_(chunk), table.c.reported_at.is_(None))
                        .values(reported_at=when))


def acknowledgements(session: Session, entity: str,
                     ids: Collection[str]) -> dict[str, tuple[str, datetime]]:
    """Head office's acknowledgements of these records: id -> (by whom, when, UTC)."""
    rows = session.execute(select(Acknowledgement.entity_id, Acknowledgement.acknowledged_by,
                                  Acknowledgement.acknowledged_at)
                           .where(Acknowledgement.entity == entity,
                                  Acknowledgement.entity_id.in_(ids),
                                  Acknowledgement.deleted_at.is_(None)))
    return {entity_id: (by, at) for entity_id, by, at in rows}


def change_state(reported_at: datetime | None,
                 acknowledgement: tuple[str, datetime] | None) -> ChangeState:
    if acknowledgement is not None:
        return ChangeState(ACKNOWLEDGED, reported_at, *acknowledgement)
    return ChangeState(REPORTED if reported_at is not None else TO_REPORT, reported_at)
