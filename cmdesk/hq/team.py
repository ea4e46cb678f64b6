"""The team at head office: clients served by several managers (信息共享, 市场开发协调:
one lead manager, 主办) and 对等配置 (each manager's grade against the tier of the
clients they serve).

One client arriving from two desks is two client files with the same 统一社会信用代码 or
身份证号 (compact form, `compact_identifier`) owned by two managers: every applied
package records its clients' codes (hq_client_codes), and the import, `cmdesk-hq status`
and `cmdesk-hq clients lead` read the clients served together from there. Codes are
shown masked. Grade floors (tier -> lowest grade) are head office's rule
(`cmdesk-hq rules grade-floor`); with no floor stored nothing is checked. Head office
also keeps the assessment rules (`cmdesk-hq rules assessment`); a rules package
(cmdesk.hq.packages) carries a manager's grade, the floors and those rules to the desk.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cmdesk.domain.identifiers import compact_identifier, mask_id
from cmdesk.domain.profile import GRADES, below_grade_floor
from cmdesk.errors import CmdeskError
from cmdesk.hq.models import (
    ClientCode,
    ClientLead,
    ClientOwner,
    GradeFloor,
    HqRule,
    Manager,
    ManagerGrade,
)
from cmdesk.i18n import translate
from cmdesk.models import Client, utcnow

CHUNK = 1000  # ids per IN (...) list


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def _manager_label(name: str, manager_id: str) -> str:
    return translate("{name}（{manager_id}）").format(name=name or manager_id, manager_id=manager_id)


# ---- managers ----------------------------------------------------------------------------
def find_manager(session: Session, manager: str) -> Manager:
    """A manager by id (工号) or name; CmdeskError when unknown or ambiguous."""
    found = session.get(Manager, manager)
    if found is not None:
        return found
    by_name = list(session.scalars(select(Manager).where(Manager.name == manager)))
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise CmdeskError(translate("有不止一位名为“{manager}”的客户经理，请用工号").format(manager=manager))
    raise CmdeskError(translate("总行没有客户经理“{manager}”（还没有收到过他的数据包）").format(manager=manager))


# ---- clients served together -------------------------------------------------------------
@dataclass(frozen=True)
class SharedClient:
    """One client (one code) whose files several managers own."""

    code: str
    client_name: str
    managers: tuple[tuple[str, str], ...]  # (manager id, name), by id
    lead_id: str = ""

    def describe(self) -> str:
        managers = translate("、").join(_manager_label(name, manager_id)
                                        for manager_id, name in self.managers)
        if self.lead_id:
            return translate("客户“{client}”（证件号 {code}）由 {managers} 共同服务，主办：{lead}").format(
                client=self.client_name, code=mask_id(self.code), managers=managers,
                lead=_manager_label(dict(self.managers)[self.lead_id], self.lead_id))
        return translate("客户“{client}”（证件号 {code}）由 {managers} 共同服务，尚未确定主办"
                         "（cmdesk-hq clients lead 证件号 客户经理）").format(
            client=self.client_name, code=mask_id(self.code), managers=managers)


def record_client_codes(session: Session, client_ids: Iterable[str]) -> set[str]:
    """Remember the codes of these client files as head office now holds them (a file
    deleted, archived or without a code is forgotten); returns the codes recorded."""
    codes: set[str] = set()
    for chunk in _chunks(client_ids):
        rows = session.execute(select(Client.id, Client.credit_code, Client.id_number)
                               .where(Client.id.in_(chunk), Client.deleted_at.is_(None),
                                      Client.archived_at.is_(None))).all()
        session.execute(delete(ClientCode).where(ClientCode.client_id.in_(chunk)))
        for client_id, credit_code, id_number in rows:
            code = compact_identifier(credit_code or id_number or "")
            if code:
                session.add(ClientCode(client_id=client_id, code=code))
                codes.add(code)
    session.flush()
    return codes


def shared_clients(session: Session, codes: Iterable[str] | None = None) -> list[SharedClient]:
    """Clients whose code is on files of more than one manager (only `codes` if given),
    by code."""
    served_by_several = (select(ClientCode.code).join(
        ClientOwner, ClientOwner.client_id == ClientCode.client_id).group_by(ClientCode.code)
        .having(func.count(func.distinct(ClientOwner.manager_id)) > 1))
    query = (select(ClientCode.code, Client.name, ClientOwner.manager_id, Manager.name)
             .join(Client, Client.id == ClientCode.client_id)
             .join(ClientOwner, ClientOwner.client_id == ClientCode.client_id)
             .join(Manager, Manager.id == ClientOwner.manager_id)
             .order_by(ClientCode.code, ClientOwner.manager_id))
    if codes is None:
        rows = session.execute(query.where(ClientCode.code.in_(served_by_several))).all()
    else:
        rows = [row for chunk in _chunks(codes) for row in session.execute(query.where(
            ClientCode.code.in_(served_by_several.where(ClientCode.code.in_(chunk))))).all()]
    leads = dict(session.execute(select(ClientLead.code, ClientLead.manager_id)).all())
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for code, client_name, manager_id, manager_name in rows:
        found.setdefault(code, (client_name, {}))[1][manager_id] = manager_name
    return [SharedClient(code, client_name, tuple(managers.items()),
                         leads[code] if leads.get(code) in managers else "")
            for code, (client_name, managers) in found.items()]


def set_lead(session: Session, code: str, manager: str) -> SharedClient:
    """Make `manager` (id or name) the lead (主办) of the client served together under
    `code`; the manager must be one of those serving it."""
    compact = compact_identifier(code)
    found = shared_clients(session, [compact])
    if not found:
        raise CmdeskError(translate("没有由两位以上客户经理共同服务、证件号为 {code} 的客户").format(
            code=mask_id(compact)))
    shared = found[0]
    lead = find_manager(session, manager)
    serving = dict(shared.managers)
    if lead.id not in serving:
        raise CmdeskError(translate("{lead} 不服务该客户；主办应为 {managers} 之一").format(
            lead=_manager_label(lead.name, lead.id),
            managers=translate("、").join(_manager_label(name, manager_id)
                                          for manager_id, name in shared.managers)))
    row = session.get(ClientLead, compact)
    if row is None:
        session.add(ClientLead(code=compact, manager_id=lead.id))
    else:
        row.manager_id, row.set_at = lead.id, utcnow()
    session.flush()
    return SharedClient(shared.code, shared.client_name, shared.managers, lead.id)


# ---- grades and 对等配置 --------------------------------------------------------------------
def _check_grade(grade: str) -> str:
    if grade not in GRADES:
        raise CmdeskError(translate("职级“{grade}”不对：应为 {grades} 之一").format(
            grade=grade, grades=translate("、").join(GRADES)))
    return grade


def set_grade(session: Session, manager: str, grade: str) -> Manager:
    """Record a manager's grade (职级)."""
    found = find_manager(session, manager)
    row = session.get(ManagerGrade, found.id)
    if row is None:
        session.add(ManagerGrade(manager_id=found.id, grade=_check_grade(grade)))
    else:
        row.grade, row.set_at = _check_grade(grade), utcnow()
    session.flush()
    return found


def set_grade_floor(session: Session, tier: str, grade: str) -> None:
    """对等配置: clients of `tier` are served by managers of `grade` or above."""
    tier = tier.strip()
    if not tier:
        raise CmdeskError(translate("客户等级不能为空"))
    row = session.get(GradeFloor, tier)
    if row is None:
        session.add(GradeFloor(tier=tier, grade=_check_grade(grade)))
    else:
        row.grade = _check_grade(grade)
    session.flush()


ASSESSMENT_RULES = "assessment_rules"


def set_assessment_rules(session: Session, data: Any) -> dict[str, Any]:
    """Keep the assessment rules (考核规则, JSON as docs/assessment.md gives them) that rules
    packages carry to desks; checked as a desk checks them. Returns them as stored."""
    from cmdesk.services.assessment import check_rules, read_rules, rules_to_json

    stored = rules_to_json(check_rules(read_rules(data)))
    row = session.get(HqRule, ASSESSMENT_RULES)
    text = json.dumps(stored, ensure_ascii=False)
    if row is None:
        session.add(HqRule(name=ASSESSMENT_RULES, value=text))
    else:
        row.value, row.set_at = text, utcnow()
    session.flush()
    return stored


def assessment_rules(session: Session) -> dict[str, Any] | None:
    """The assessment rules head office keeps (None when it keeps none)."""
    row = session.get(HqRule, ASSESSMENT_RULES)
    return json.loads(row.value) if row is not None else None


def manager_grade(session: Session, manager: Manager) -> str:
    """The manager's grade as head office records it ("" when not recorded)."""
    row = session.get(ManagerGrade, manager.id)
    return row.grade if row is not None else ""


def grade_floors(session: Session) -> dict[str, str]:
    return dict(session.execute(select(GradeFloor.tier, GradeFloor.grade)
                                .order_by(GradeFloor.tier)).all())


@dataclass(frozen=True)
class GradeException:
    """A client served by a manager below the grade its tier asks for."""

    client_id: str
    client_name: str
    tier: str
    floor: str
    manager_id: str
    manager_name: str
    grade: str  # "" when head office has not recorded it

    def describe(self) -> str:
        return translate("客户“{client}”（{tier}）应由 {floor} 以上服务，{manager} 的职级为 {grade}").format(
            client=self.client_name, tier=self.tier, floor=self.floor,
            manager=_manager_label(self.manager_name, self.manager_id),
            grade=self.grade or translate("（总行未登记）"))


def grade_exceptions(session: Session, client_ids: Iterable[str] | None = None,
                     serving: Manager | None = None) -> list[GradeException]:
    """Clients in service (all, or `client_ids`) whose manager — their owner, or `serving` when
    given (a handover's receiver) — is below their tier's grade floor, by client name."""
    floors = grade_floors(session)
    if not floors:
        return []
    grades = dict(session.execute(select(ManagerGrade.manager_id, ManagerGrade.grade)).all())
    query = (select(Client.id, Client.name, Client.tier, ClientOwner.manager_id, Manager.name)
             .join(ClientOwner, ClientOwner.client_id == Client.id)
             .join(Manager, Manager.id == ClientOwner.manager_id)
             .where(Client.deleted_at.is_(None), Client.archived_at.is_(None),
                    Client.tier.in_(sorted(floors))))
    if client_ids is None:
        rows = session.execute(query).all()
    else:
        rows = [row for chunk in _chunks(client_ids)
                for row in session.execute(query.where(Client.id.in_(chunk))).all()]
    found = []
    for client_id, client_name, tier, owner_id, owner_name in rows:
        manager_id, manager_name = (serving.id, serving.name) if serving else (owner_id, owner_name)
        grade = grades.get(manager_id, "")
        if below_grade_floor(grade, floors[tier]):
            found.append(GradeException(client_id, client_name, tier, floors[tier],
                                        manager_id, manager_name, grade))
    return sorted(found, key=lambda exception: (exception.client_name, exception.client_id))
