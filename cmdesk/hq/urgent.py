"""Important changes (重要情况变动) reported upward, at head office:

- `cmdesk-hq urgent [--all]`: what desks flagged urgent — new warning signals (预警信号)
  and visit reports' flagged important changes, which the import marked reported —
  newest report first, with the manager whose client it is and whether head office has
  acknowledged it. Free text is masked. Without `--all`: those not yet acknowledged.
- `cmdesk-hq acknowledge ID… [--by NAME]`: head office's acknowledgement (总行确认), kept
  in hq_acknowledgements (acknowledging again keeps the first).
- `cmdesk-hq package acknowledgements --manager M -o FILE`: every acknowledgement of that
  manager's reports for the desk (ids derived from the record acknowledged, so issuing
  them again changes nothing there); the desk shows 总行已确认 with who and when.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.risk_fields import SIGNAL_TYPES
from cmdesk.errors import CmdeskError
from cmdesk.exchange.keys import KeyPair
from cmdesk.hq.models import ClientOwner, HqAcknowledgement, Manager
from cmdesk.hq.packages import (
    WrittenPackage,
    _full_row,
    derived_id,
    find_manager,
    write_package,
)
from cmdesk.i18n import mark, translate
from cmdesk.models import Client, DiaryEntry, VisitReport, WarningSignal, utcnow

ACKNOWLEDGEMENT_KIND = "acknowledgement"
SIGNALS, CHANGES = WarningSignal.__tablename__, VisitReport.__tablename__
_TYPE_LABELS = dict(SIGNAL_TYPES)
_IMPORTANT_CHANGE = mark("重要情况变动")


@dataclass(frozen=True)
class UrgentLine:
    """One important change a desk reported upward."""

    entity: str  # warning_signals | visit_reports
    record_id: str
    manager_id: str
    manager: str
    client_name: str
    what: str  # the signal's type, or 重要情况变动
    found_on: date
    reported_at: datetime  # UTC, the created_at of the package that carried it
    detail: str  # masked
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None

    def describe(self) -> str:
        if self.acknowledged_at is not None:
            state = translate("总行已确认（{by}，{at}）").format(
                by=self.acknowledged_by or translate("总行"), at=f"{self.acknowledged_at:%Y-%m-%d %H:%M}")
        else:
            state = translate("待确认")
        return translate("{reported} {manager} · {client} · {what}（{found}）：{detail} — {state} [{id}]").format(
            reported=f"{self.reported_at:%Y-%m-%d %H:%M}", manager=self.manager,
            client=self.client_name, what=translate(self.what), found=self.found_on.isoformat(),
            detail=self.detail, state=state, id=self.record_id)


def _reported(session: Session, record_ids: list[str] | None = None) -> list[UrgentLine]:
    signals = (select(WarningSignal.id, ClientOwner.manager_id, Manager.name, Client.name,
                      WarningSignal.signal_type, WarningSignal.found_on, WarningSignal.reported_at,
                      WarningSignal.cause)
               .join(Client, Client.id == WarningSignal.client_id)
               .outerjoin(ClientOwner, ClientOwner.client_id == WarningSignal.client_id)
               .outerjoin(Manager, Manager.id == ClientOwner.manager_id)
               .where(WarningSignal.reported_at.is_not(None), WarningSignal.deleted_at.is_(None)))
    changes = (select(VisitReport.id, ClientOwner.manager_id, Manager.name, Client.name,
                      DiaryEntry.entry_date, VisitReport.reported_at, VisitReport.important_changes)
               .join(DiaryEntry, DiaryEntry.id == VisitReport.entry_id)
               .join(Client, Client.id == DiaryEntry.client_id)
               .outerjoin(ClientOwner, ClientOwner.client_id == DiaryEntry.client_id)
               .outerjoin(Manager, Manager.id == ClientOwner.manager_id)
               .where(VisitReport.reported_at.is_not(None), VisitReport.deleted_at.is_(None)))
    if record_ids is not None:
        signals = signals.where(WarningSignal.id.in_(record_ids))
        changes = changes.where(VisitReport.id.in_(record_ids))
    acknowledged = {(entity, entity_id): (by, at) for entity, entity_id, by, at in session.execute(
        select(HqAcknowledgement.entity, HqAcknowledgement.entity_id,
               HqAcknowledgement.acknowledged_by, HqAcknowledgement.acknowledged_at))}
    lines = [UrgentLine(SIGNALS, record_id, manager_id or "", name or manager_id or "", client,
                        _TYPE_LABELS.get(kind, kind), found, reported, mask_free_text(cause),
                        *acknowledged.get((SIGNALS, record_id), ("", None)))
             for record_id, manager_id, name, client, kind, found, reported, cause
             in session.execute(signals)]
    lines += [UrgentLine(CHANGES, record_id, manager_id or "", name or manager_id or "", client,
                         _IMPORTANT_CHANGE, found, reported, mask_free_text(text),
                         *acknowledged.get((CHANGES, record_id), ("", None)))
              for record_id, manager_id, name, client, found, reported, text
              in session.execute(changes)]
    return sorted(lines, key=lambda line: (line.reported_at, line.client_name), reverse=True)


def urgent_changes(session: Session, include_acknowledged: bool = False) -> list[UrgentLine]:
    """The important changes desks reported upward, newest report first; only those not
    yet acknowledged unless `include_acknowledged`."""
    return [line for line in _reported(session)
            if include_acknowledged or line.acknowledged_at is None]


def acknowledge(session: Session, record_ids: list[str], by: str) -> list[UrgentLine]:
    """Acknowledge these reported changes (ids of warning signals or visit reports) in the
    caller's transaction; CmdeskError naming an id head office never received as urgent."""
    found = {line.record_id: line for line in _reported(session, record_ids)}
    unknown = [record_id for record_id in record_ids if record_id not in found]
    if unknown:
        raise CmdeskError(translate("总行没有收到紧急上报的 {id}（先导入其数据包，用 cmdesk-hq urgent 查看）")
                          .format(id=unknown[0]))
    now = utcnow()
    for line in found.values():
        if session.get(HqAcknowledgement, (line.entity, line.record_id)) is None:
            session.add(HqAcknowledgement(entity=line.entity, entity_id=line.record_id,
                                          manager_id=line.manager_id, acknowledged_by=by,
                                          acknowledged_at=now))
    session.flush()
    return _reported(session, record_ids)


def acknowledgements_package(session: Session, keys: KeyPair, manager: str,
                             target: Path) -> WrittenPackage:
    """Every acknowledgement of `manager`'s reported changes, for the manager's desk."""
    who = find_manager(session, manager)
    rows = [_full_row("acknowledgements", {
        "id": derived_id("acknowledgement", ack.entity, ack.entity_id), "manager_id": who.id,
        "entity": ack.entity, "entity_id": ack.entity_id, "acknowledged_by": ack.acknowledged_by,
        "acknowledged_at": ack.acknowledged_at})
        for ack in session.scalars(select(HqAcknowledgement).where(
            HqAcknowledgement.manager_id == who.id).order_by(HqAcknowledgement.acknowledged_at))]
    if not rows:
        raise CmdeskError(translate("总行还没有确认过 {manager} 上报的重要情况变动（先用 cmdesk-hq acknowledge）")
                          .format(manager=who.name or who.id))
    return write_package(session, keys, who, ACKNOWLEDGEMENT_KIND, {"acknowledgements": rows}, target)
