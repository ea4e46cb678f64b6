"""共同服务 on the desk: the clients this manager serves together with other managers, as
head office last told in a shared-clients package (`cmdesk.hq.shared`).

Head office's word is kept apart from the manager's own files (shared_clients,
shared_visits): the desk holds its own file of the client under the same 统一社会信用代码
/ 身份证号 (one per code, a unique index), so the lead's copy never becomes a `clients`
row. On import each shared client is matched to this desk's own file by its code. Each
package is the whole picture: what it carries is written (past the change log: it is
head office's record, never this desk's edit), and what it no longer carries is
tombstoned. Nothing here edits the copy, and the export never carries it
(records.HEAD_OFFICE_COPIES).

`shared_notes` is the package's preview in the manager's words; `shared_client_of` and
`shared_client_views` are what the client file, the client header and `cmdesk clients
shared` read (frozen views; identifiers come masked, `code` and `phone` raw for the
command line, whose output is masked unless --unmasked); `shared_marks` is the client
list's mark (主办 / 协办 by each name), read in one query.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain import diary_fields as df
from cmdesk.domain.identifiers import compact_identifier, mask_id
from cmdesk.exchange.records import apply_records
from cmdesk.i18n import translate
from cmdesk.models import Client, SharedClient, SharedVisit, utcnow

LEAD, CO_SERVER, NO_LEAD_YET = "lead", "co", "none"


@dataclass(frozen=True)
class SharedContact:
    name: str
    position: str
    phone: str  # as the lead keeps it; shown masked


@dataclass(frozen=True)
class SharedBusinessLine:
    nature: str
    revenue_share: str  # "35.00" (%) or ""
    current_state: str
    financing_needs: str


@dataclass(frozen=True)
class SharedVisitView:
    """One of the lead's contacts with the client."""

    entry_date: date
    kind: str  # the diary's word: 走访, 电话 …
    met: str  # whom the lead met, names and positions
    content: str
    outcome: str
    next_step: str


@dataclass(frozen=True)
class SharedClientView:
    """A client served together, as head office last told: who leads, who serves it,
    and (where another manager leads) the lead's file and visit summaries."""

    code: str
    code_masked: str
    client_id: str | None  # this desk's own file of the client
    own_name: str  # the name in this desk's file ("" when the desk has none)
    role: str  # LEAD, CO_SERVER or NO_LEAD_YET
    lead_id: str
    lead_name: str
    servers: tuple[tuple[str, str], ...]  # (工号, name) of every manager serving it
    client_name: str  # the lead's (or head office's) name of the client
    kind: str
    tier: str
    industry: str
    address: str
    contacts: tuple[SharedContact, ...]
    business_lines: tuple[SharedBusinessLine, ...]
    visits: tuple[SharedVisitView, ...]  # newest first
    as_of: datetime  # when head office wrote it (UTC)

    @property
    def has_copy(self) -> bool:
        """Head office sent the lead's file (another manager leads)."""
        return self.role == CO_SERVER and bool(self.kind or self.contacts or self.visits)

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        """The managers serving the client besides the lead."""
        return tuple(server for server in self.servers if server[0] != self.lead_id)


@dataclass(frozen=True)
class SharedMark:
    """How the client list marks a client served together: a short word by its name and
    a tooltip naming the lead."""

    badge: str  # 主办 / 协办 / 共同服务
    tooltip: str


def _role(manager_id: str, lead_id: str) -> str:
    return NO_LEAD_YET if not lead_id else LEAD if lead_id == manager_id else CO_SERVER


def _role_word(role: str) -> str:
    return {LEAD: translate("主办"), CO_SERVER: translate("协办"),
            NO_LEAD_YET: translate("共同服务，未定主办")}[role]


def manager_label(manager_id: str, name: str) -> str:
    return translate("{name}（{manager_id}）").format(name=name or manager_id, manager_id=manager_id)


def role_text(view: SharedClientView) -> str:
    """主办 / 协办 / 未定主办, as the client header and the list say it."""
    return _role_word(view.role)


# ---- applying a package -------------------------------------------------------------------

def _own_files(session: Session, codes: list[str]) -> dict[str, tuple[str, str]]:
    """code -> (client id, name) of this desk's own files under these codes (compact form;
    the desk stores codes checked and upper-cased, a file written otherwise still matches)."""
    found: dict[str, tuple[str, str]] = {}
    if not codes:
        return found
    rows = session.execute(select(Client.id, Client.name, Client.credit_code, Client.id_number)
                           .where(or_(func.upper(Client.credit_code).in_(codes),
                                      func.upper(Client.id_number).in_(codes)),
                                  Client.deleted_at.is_(None))).all()
    for client_id, name, credit_code, id_number in rows:
        found[compact_identifier(credit_code or id_number or "")] = (client_id, name)
    return found


def apply_shared(session: Session, entities: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Store head office's shared clients and visit summaries (typed values), each matched
    to this desk's own file by its code; tombstone what the package no longer carries."""
    incoming = entities.get("shared_clients", [])
    visits = entities.get("shared_visits", [])
    own = _own_files(session, sorted({record["code"] for record in incoming}))
    clients = [{**record, "client_id": own.get(record["code"], (None, ""))[0]} for record in incoming]
    counts = apply_records(session, {"shared_clients": clients, "shared_visits": visits})
    now = utcnow()
    for model, kept in ((SharedVisit, {record["id"] for record in visits}),
                        (SharedClient, {record["id"] for record in incoming})):
        table = model.__table__
        dropped = session.execute(update(table).where(
            table.c.deleted_at.is_(None), table.c.id.not_in(sorted(kept)))
            .values(deleted_at=now, updated_at=now)).rowcount
        if dropped:
            counts[table.name] = counts.get(table.name, 0) + dropped
    session.expire_all()
    return counts


def shared_notes(session: Session, entities: dict[str, list[dict[str, Any]]]) -> list[str]:
    """What a shared-clients package brings, in the manager's words (one line each)."""
    incoming = entities.get("shared_clients", [])
    if not incoming:
        return [translate("总行告知：您已没有与其他客户经理共同服务的客户；本机保存的共同服务信息将清除。")]
    own = _own_files(session, sorted({record["code"] for record in incoming}))
    visits: dict[str, int] = {}
    for visit in entities.get("shared_visits", []):
        visits[visit["shared_client_id"]] = visits.get(visit["shared_client_id"], 0) + 1
    lines = [translate("总行告知与其他客户经理共同服务的客户 {count} 户：").format(count=len(incoming))]
    for record in incoming:
        name = own.get(record["code"], (None, record["client_name"]))[1] or record["client_name"]
        servers = [(server["id"], server["name"]) for server in json.loads(record["servers"] or "[]")]
        others = translate("、").join(manager_label(manager_id, server_name)
                                     for manager_id, server_name in servers
                                     if manager_id not in (record["manager_id"], record["lead_id"]))
        if not record["lead_id"]:
            line = translate("“{client}”：与 {others} 共同服务，总行尚未确定主办。").format(
                client=name, others=others)
        elif record["lead_id"] == record["manager_id"]:
            line = translate("“{client}”：您是主办客户经理，协办：{others}。").format(
                client=name, others=others or translate("无"))
        else:
            line = translate("“{client}”：主办 {lead}，您是协办；带来主办的档案副本（只读）和 {visits} 条走访摘要。").format(
                client=name, lead=manager_label(record["lead_id"], record["lead_name"]),
                visits=visits.get(record["id"], 0))
        if record["code"] not in own:
            line += translate("本机没有证件号为 {code} 的客户档案，信息仍会保存。").format(
                code=mask_id(record["code"]))
        lines.append(line)
    held = session.scalar(select(SharedClient.id).where(SharedClient.deleted_at.is_(None)).limit(1))
    if held is not None:
        lines.append(translate("本机原有的共同服务信息将被这份替换。"))
    return lines


# ---- reading ------------------------------------------------------------------------------

def _contacts(text: str) -> tuple[SharedContact, ...]:
    return tuple(SharedContact(item.get("name") or "", item.get("position") or "",
                               item.get("phone") or "") for item in json.loads(text or "[]"))


def _lines(text: str) -> tuple[SharedBusinessLine, ...]:
    return tuple(SharedBusinessLine(item.get("nature") or "", item.get("revenue_share") or "",
                                    item.get("current_state") or "", item.get("financing_needs") or "")
                 for item in json.loads(text or "[]"))


def _met(text: str) -> str:
    people = json.loads(text or "[]")
    return translate("、").join(
        translate("{name}（{position}）").format(name=person["name"], position=person["position"])
        if person.get("position") else person["name"] for person in people)


def _view(session: Session, row: SharedClient, own_name: str) -> SharedClientView:
    visits = session.scalars(select(SharedVisit).where(
        SharedVisit.shared_client_id == row.id, SharedVisit.deleted_at.is_(None))
        .order_by(SharedVisit.entry_date.desc(), SharedVisit.created_at.desc()))
    role = _role(row.manager_id, row.lead_id)
    return SharedClientView(
        code=row.code, code_masked=mask_id(row.code), client_id=row.client_id, own_name=own_name,
        role=role, lead_id=row.lead_id, lead_name=row.lead_name,
        servers=tuple((server["id"], server["name"]) for server in json.loads(row.servers or "[]")),
        client_name=row.client_name,
        kind=translate(cf.ClientKind.label_of(row.client_kind)) if row.client_kind else "",
        tier=row.tier, industry=row.industry, address=row.address,
        contacts=_contacts(row.contacts), business_lines=_lines(row.business_lines),
        visits=tuple(SharedVisitView(visit.entry_date, translate(df.EntryKind.label_of(visit.kind)),
                                     _met(visit.contacts_met), visit.content, visit.outcome,
                                     visit.next_step) for visit in visits),
        as_of=row.as_of)


def shared_client_of(session: Session, client_id: str) -> SharedClientView | None:
    """What head office said of this desk's client, when it is served together."""
    row = session.scalars(select(SharedClient).where(
        SharedClient.client_id == client_id, SharedClient.deleted_at.is_(None))).first()
    if row is None:
        return None
    return _view(session, row, session.scalar(select(Client.name).where(Client.id == client_id)) or "")


def shared_client_views(session: Session, code: str | None = None) -> list[SharedClientView]:
    """Every client served together (or the one under `code`), by name."""
    query = (select(SharedClient, Client.name).outerjoin(Client, Client.id == SharedClient.client_id)
             .where(SharedClient.deleted_at.is_(None)))
    if code is not None:
        query = query.where(SharedClient.code == compact_identifier(code))
    views = [_view(session, row, own_name or "") for row, own_name in session.execute(query)]
    return sorted(views, key=lambda view: (view.own_name or view.client_name, view.code))


def shared_marks(session: Session) -> Mapping[str, SharedMark]:
    """This desk's client id -> its mark in the client list, for every client served
    together that has a file here (one query, whatever the book holds)."""
    rows = session.execute(select(SharedClient.client_id, SharedClient.manager_id,
                                  SharedClient.lead_id, SharedClient.lead_name)
                           .where(SharedClient.deleted_at.is_(None), SharedClient.client_id.is_not(None)))
    marks: dict[str, SharedMark] = {}
    for client_id, manager_id, lead_id, lead_name in rows:
        role = _role(manager_id, lead_id)
        badge = translate("共同服务") if role == NO_LEAD_YET else _role_word(role)
        tooltip = (translate("协办 · 主办：{lead}").format(lead=manager_label(lead_id, lead_name))
                   if role == CO_SERVER else _role_word(role))
        marks[client_id] = SharedMark(badge, tooltip)
    return MappingProxyType(marks)
