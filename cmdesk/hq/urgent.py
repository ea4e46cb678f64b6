"""`cmdesk-hq urgent`: the important changes (重要情况变动) desks reported upward at once —
the new warning signals (预警信号) a package flagged urgent, which the import marked
reported — newest first, with the manager whose client it is. The cause is masked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.risk_fields import OPEN_SIGNAL_STATUSES, SIGNAL_STATUSES, SIGNAL_TYPES
from cmdesk.hq.models import ClientOwner, Manager
from cmdesk.i18n import translate
from cmdesk.models import Client, WarningSignal

_TYPE_LABELS = dict(SIGNAL_TYPES)
_STATUS_LABELS = dict(SIGNAL_STATUSES)


@dataclass(frozen=True)
class UrgentLine:
    """One warning signal a desk reported upward."""

    signal_id: str
    manager: str
    client_name: str
    signal_type: str
    found_on: date
    reported_at: datetime  # UTC, the manifest's created_at of the package that carried it
    status: str
    cause: str  # masked

    def describe(self) -> str:
        return translate("{reported} {manager} · {client} · {kind}（{found} 发现，{status}）：{cause} [{id}]").format(
            reported=f"{self.reported_at:%Y-%m-%d %H:%M}", manager=self.manager,
            client=self.client_name, kind=translate(_TYPE_LABELS.get(self.signal_type, self.signal_type)),
            found=self.found_on.isoformat(),
            status=translate(_STATUS_LABELS.get(self.status, self.status)), cause=self.cause,
            id=self.signal_id)


def urgent_signals(session: Session, include_closed: bool = False) -> list[UrgentLine]:
    """The signals reported upward, newest report first; only those still being dealt
    with (处置中, 已上报升级) unless `include_closed`."""
    stmt = (select(WarningSignal.id, Manager.name, ClientOwner.manager_id, Client.name,
                   WarningSignal.signal_type, WarningSignal.found_on, WarningSignal.reported_at,
                   WarningSignal.status, WarningSignal.cause)
            .join(Client, Client.id == WarningSignal.client_id)
            .outerjoin(ClientOwner, ClientOwner.client_id == WarningSignal.client_id)
            .outerjoin(Manager, Manager.id == ClientOwner.manager_id)
            .where(WarningSignal.reported_at.is_not(None), WarningSignal.deleted_at.is_(None))
            .order_by(WarningSignal.reported_at.desc(), Client.name))
    if not include_closed:
        stmt = stmt.where(WarningSignal.status.in_(OPEN_SIGNAL_STATUSES))
    return [UrgentLine(signal_id, manager_name or manager_id or "", client_name, signal_type,
                       found_on, reported_at, status, mask_free_text(cause))
            for signal_id, manager_name, manager_id, client_name, signal_type, found_on,
            reported_at, status, cause in session.execute(stmt)]
