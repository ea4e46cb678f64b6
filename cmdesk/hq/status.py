"""`cmdesk-hq status`: per manager, the last package applied, its sequence, the
packages held and the sequence numbers still missing, packages kept for a reused number,
open conflicts and the pinned key."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.hq.importer import APPLIED, current_pin, last_sequence
from cmdesk.hq.models import (
    ClientOwner,
    Conflict,
    HeldPackage,
    ImportRecord,
    KeptPackage,
    Manager,
)
from cmdesk.i18n import translate


@dataclass
class ManagerStatus:
    manager_id: str
    name: str
    last_sequence: int | None
    last_imported_at: datetime | None
    held: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    conflicts: int = 0
    kept: list[int] = field(default_factory=list)  # packages whose number was used before
    clients: int = 0
    fingerprint: str = ""

    def describe(self) -> str:
        last = (translate("最近第 {last_sequence} 号（{last_imported_at:%Y-%m-%d %H:%M}）").format(last_sequence=self.last_sequence, last_imported_at=self.last_imported_at)
                if self.last_sequence is not None and self.last_imported_at else translate("尚无已导入的数据包"))
        parts = [translate("{value}（{manager_id}）").format(value=self.name or self.manager_id, manager_id=self.manager_id), last, translate("客户 {clients} 户").format(clients=self.clients)]
        if self.held:
            parts.append(translate("等待中 第 {numbers} 号").format(numbers=translate("、").join(map(str, self.held))))
        if self.missing:
            parts.append(translate("缺第 {numbers} 号").format(numbers=translate("、").join(map(str, self.missing))))
        if self.kept:
            parts.append(translate("编号重复的第 {numbers} 号待核对").format(
                numbers=translate("、").join(map(str, self.kept))))
        parts.append(translate("冲突 {conflicts} 条").format(conflicts=self.conflicts) if self.conflicts else translate("无冲突"))
        if self.fingerprint:
            parts.append(translate("密钥 {fingerprint}").format(fingerprint=self.fingerprint))
        return translate("：").join(parts[:1]) + translate("：") + translate("，").join(parts[1:])


def managers_status(session: Session) -> list[ManagerStatus]:
    found = []
    for manager in session.scalars(select(Manager).order_by(Manager.id)):
        last = last_sequence(session, manager.id)
        last_at = session.scalar(select(func.max(ImportRecord.imported_at)).where(
            ImportRecord.manager_id == manager.id, ImportRecord.result == APPLIED))
        held = sorted(session.scalars(select(HeldPackage.sequence).where(
            HeldPackage.manager_id == manager.id)))
        highest_follows = session.scalar(select(func.max(HeldPackage.follows)).where(
            HeldPackage.manager_id == manager.id)) or 0
        missing = [n for n in range((last or 0) + 1, highest_follows + 1) if n not in held]
        pin = current_pin(session, manager.id)
        found.append(ManagerStatus(
            manager.id, manager.name, last, last_at, held, missing,
            conflicts=session.scalar(select(func.count()).select_from(Conflict).where(
                Conflict.manager_id == manager.id, Conflict.resolved_at.is_(None))),
            kept=sorted(session.scalars(select(KeptPackage.sequence).where(
                KeptPackage.manager_id == manager.id))),
            clients=session.scalar(select(func.count()).select_from(ClientOwner).where(
                ClientOwner.manager_id == manager.id)),
            fingerprint=pin.fingerprint if pin else ""))
    return found
