"""共同服务 packages: head office tells a manager about every client they serve together
with other managers (one 统一社会信用代码 / 身份证号 on several desks, `cmdesk.hq.team`).

For each such client the package names the lead (主办, once head office set one with
`cmdesk-hq clients lead`) and every manager serving it. Where another manager leads, it
also carries a read-only copy of the lead's file as head office holds it — name, kind,
tier, industry, address, the contacts (name, position, phone) and 主要业务分析 — and the
lead's contacts with the client from their diary (visits, calls, meetings, post-loan
checks: date, kind, whom they met, content, outcome, next step; the newest
`MAX_VISITS`). The code travels in the package (encrypted to the recipient's desk, which
holds its own file under the same code); every printed line shows it masked.

Each package is the whole picture for its manager: the desk replaces the copy it held
(`cmdesk.services.shared_clients`). Records carry ids derived from manager and code (a
client) or manager and diary entry (a visit), and the package's number as revision.
`cmdesk-hq package shared --manager M -o FILE` writes one; `--all -o DIR` (and
`cmdesk-hq clients lead … --packages DIR`) one for each manager concerned.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.domain.diary_fields import CONTACT_KINDS
from cmdesk.errors import CmdeskError
from cmdesk.exchange.keys import KeyPair
from cmdesk.exchange.package import FILE_SUFFIX, SHARED_KIND
from cmdesk.hq.models import ClientCode, ClientOwner, Manager, SentPackage
from cmdesk.hq.packages import (
    WrittenPackage,
    _full_row,
    derived_id,
    last_sent_sequence,
    write_package,
)
from cmdesk.hq.team import SharedClient, find_manager, shared_clients
from cmdesk.i18n import translate
from cmdesk.models import BusinessLine, Client, Contact, DiaryEntry, utcnow

MAX_VISITS = 200  # the lead's newest contacts with one client a package carries


def _lead_file(session: Session, code: str, lead_id: str) -> Client | None:
    """The lead's own file of the client (the one head office last had word of)."""
    return session.scalars(select(Client)
                           .join(ClientCode, ClientCode.client_id == Client.id)
                           .join(ClientOwner, ClientOwner.client_id == Client.id)
                           .where(ClientCode.code == code, ClientOwner.manager_id == lead_id,
                                  Client.deleted_at.is_(None))
                           .order_by(Client.updated_at.desc()).limit(1)).first()


def _copy_of(session: Session, client: Client) -> dict[str, Any]:
    """The columns of the lead's file a co-serving manager receives."""
    contacts = session.scalars(select(Contact).where(
        Contact.client_id == client.id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.created_at))
    lines = session.scalars(select(BusinessLine).where(
        BusinessLine.client_id == client.id, BusinessLine.deleted_at.is_(None))
        .order_by(BusinessLine.created_at))
    return {
        "client_name": client.name, "client_kind": client.kind, "tier": client.tier,
        "industry": client.industry, "address": client.address,
        "contacts": json.dumps([{"name": c.name, "position": c.position, "phone": c.phone}
                                for c in contacts], ensure_ascii=False),
        "business_lines": json.dumps([{
            "nature": line.nature,
            "revenue_share": None if line.revenue_share is None else format(line.revenue_share, "f"),
            "current_state": line.current_state, "financing_needs": line.financing_needs}
            for line in lines], ensure_ascii=False)}


def _visits(session: Session, client_id: str, manager_id: str, shared_id: str,
            issue: int) -> list[dict[str, Any]]:
    entries = session.scalars(select(DiaryEntry).where(
        DiaryEntry.client_id == client_id, DiaryEntry.deleted_at.is_(None),
        DiaryEntry.kind.in_(sorted(CONTACT_KINDS)))
        .order_by(DiaryEntry.entry_date.desc(), DiaryEntry.start_time.desc())
        .limit(MAX_VISITS))
    return [_full_row("shared_visits", {
        "id": derived_id("shared_visit", manager_id, entry.id), "shared_client_id": shared_id,
        "entry_date": entry.entry_date, "kind": entry.kind, "contacts_met": entry.contacts_met,
        "content": entry.content, "outcome": entry.outcome, "next_step": entry.next_step,
        "revision": issue}) for entry in entries]


def _records(session: Session, manager: Manager, served: list[SharedClient],
             issue: int) -> dict[str, list[dict[str, Any]]]:
    now = utcnow()
    clients, visits = [], []
    for shared in served:
        names = dict(shared.managers)
        record_id = derived_id("shared_client", manager.id, shared.code)
        values: dict[str, Any] = {
            "id": record_id, "manager_id": manager.id, "code": shared.code,
            "lead_id": shared.lead_id, "lead_name": names.get(shared.lead_id, ""),
            "servers": json.dumps([{"id": manager_id, "name": name}
                                   for manager_id, name in shared.managers], ensure_ascii=False),
            "client_name": shared.client_name, "as_of": now, "revision": issue}
        lead_file = (_lead_file(session, shared.code, shared.lead_id)
                     if shared.lead_id and shared.lead_id != manager.id else None)
        if lead_file is not None:
            values.update(_copy_of(session, lead_file))
            visits += _visits(session, lead_file.id, manager.id, record_id, issue)
        clients.append(_full_row("shared_clients", values))
    return {"shared_clients": clients, "shared_visits": visits}


def _served_by(session: Session, manager_id: str) -> list[SharedClient]:
    return [shared for shared in shared_clients(session) if manager_id in dict(shared.managers)]


def _told_before(session: Session, manager_id: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(SentPackage).where(
        SentPackage.manager_id == manager_id, SentPackage.kind == SHARED_KIND)))


def shared_package(session: Session, keys: KeyPair, manager: str, target: Path) -> WrittenPackage:
    """The clients `manager` serves together with others, for the manager's desk. A
    manager who no longer shares any client but was told before gets an empty package
    (the desk then drops its copies); one never told is refused."""
    who = find_manager(session, manager)
    served = _served_by(session, who.id)
    if not served and not _told_before(session, who.id):
        raise CmdeskError(translate("{manager} 没有与其他客户经理共同服务的客户").format(
            manager=who.name or who.id))
    issue = (last_sent_sequence(session, who.id) or 0) + 1
    return write_package(session, keys, who, SHARED_KIND,
                         _records(session, who, served, issue), target)


def shared_packages(session: Session, keys: KeyPair, folder: Path,
                    manager_ids: Iterable[str] | None = None) -> list[WrittenPackage]:
    """One shared-clients package per manager in `folder` (every manager serving a client
    together with another, or `manager_ids`), named by 工号 and package number."""
    if manager_ids is None:
        manager_ids = {manager_id for shared in shared_clients(session)
                       for manager_id, _name in shared.managers}
    folder = Path(folder)
    if not folder.is_dir():
        raise CmdeskError(translate("输出位置应为已有的文件夹：{folder}").format(folder=folder))
    written = []
    for manager_id in sorted(manager_ids):
        issue = (last_sent_sequence(session, manager_id) or 0) + 1
        target = folder / f"shared-{manager_id}-{issue:04d}{FILE_SUFFIX}"
        written.append(shared_package(session, keys, manager_id, target))
    return written
