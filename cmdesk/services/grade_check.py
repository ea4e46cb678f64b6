"""对等配置 on the desk: the manager's grade against the tiers of the clients in service.
The rule tier -> lowest grade and the grade are head office's once a rules package brought
them (services.head_office_rules), else the bank's default (`profile.DEFAULT_GRADE_FLOORS`)
and the profile's grade.

A client below its floor is a 对等配置 exception: the save goes through, and the manager
is told (`tiering_notice` after a save that tiers or assigns a client, `import_notices`
after a sheet import) to report it to the supervisor; 今日 and the client file list them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.domain.profile import below_grade_floor
from cmdesk.i18n import translate
from cmdesk.models import Client
from cmdesk.services.head_office_rules import grade_and_floors

_CHUNK = 500


@dataclass(frozen=True)
class ClientBelowGrade:
    """A client whose tier asks for a higher grade than the manager's."""

    client_id: str
    name: str
    tier: str
    floor: str
    grade: str  # the manager's

    def describe(self) -> str:
        return translate("{client}（{tier}）应由 {floor} 以上服务").format(
            client=self.name, tier=self.tier, floor=self.floor)

    def notice(self) -> str:
        """What the manager is told when a save makes the exception."""
        return translate("对等配置例外：客户“{client}”为{tier}客户，应由{floor}以上服务，"
                         "您的职级为{grade}。已保存，请向主管报告。").format(
            client=self.name, tier=self.tier, floor=self.floor, grade=self.grade or translate("未填写"))

    def banner(self) -> str:
        """The line the client file shows while the exception lasts."""
        return translate("对等配置例外：{tier}客户应由{floor}以上服务，您的职级为{grade}，请向主管报告").format(
            tier=self.tier, floor=self.floor, grade=self.grade or translate("未填写"))


@dataclass(frozen=True)
class GradeCheck:
    grade: str
    floors: tuple[tuple[str, str], ...]  # (tier, lowest grade)
    below: tuple[ClientBelowGrade, ...]  # by client name

    def describe(self) -> list[str]:
        rules = translate("，").join(translate("{tier} 客户由 {grade} 以上服务").format(
            tier=tier, grade=grade) for tier, grade in self.floors) or translate("无要求")
        lines = [translate("我的职级：{grade}；对等配置：{rules}").format(grade=self.grade, rules=rules)]
        if not self.below:
            return [*lines, translate("没有低于对等配置的客户")]
        lines.append(translate("低于对等配置的客户 {count} 户：").format(count=len(self.below)))
        return lines + [client.describe() for client in self.below]


def _in_service() -> tuple:
    return (Client.deleted_at.is_(None), Client.archived_at.is_(None), Client.released_at.is_(None))


def _below_query(grade: str, floors: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """The clients in service whose tier's floor is above `grade`, by name (None when no
    floor is), and those floors by tier."""
    above = {tier: floor for tier, floor in floors.items() if below_grade_floor(grade, floor)}
    if not above:
        return None, above
    return (select(Client.id, Client.name, Client.tier)
            .where(*_in_service(), Client.tier.in_(sorted(above)))
            .order_by(Client.name, Client.id)), above


def _exceptions(session: Session, client_ids: Iterable[str] | None = None
                ) -> tuple[list[ClientBelowGrade], str, dict[str, str]]:
    grade, floors = grade_and_floors(session)
    query, above = _below_query(grade, floors)
    if query is None:
        return [], grade, floors
    if client_ids is None:
        rows = session.execute(query).all()
    else:
        ids = sorted(set(client_ids))
        rows = [row for start in range(0, len(ids), _CHUNK) for row in session.execute(
            query.where(Client.id.in_(ids[start:start + _CHUNK]))).all()]
    return ([ClientBelowGrade(client_id, name, tier, above[tier], grade)
             for client_id, name, tier in rows], grade, floors)


def check_grades(session: Session) -> GradeCheck:
    """The clients in service (not deleted, archived or handed over) that the manager's
    grade is too low for, under the floors in force."""
    below, grade, floors = _exceptions(session)
    return GradeCheck(grade, tuple(floors.items()), tuple(below))


def grade_exceptions(session: Session, limit: int) -> tuple[tuple[ClientBelowGrade, ...], int]:
    """The first `limit` exceptions by client name, and how many there are (今日: two
    statements, the settings and the clients with their count)."""
    grade, floors = grade_and_floors(session)
    query, above = _below_query(grade, floors)
    if query is None:
        return (), 0
    rows = session.execute(query.add_columns(func.count().over()).limit(limit)).all()
    return (tuple(ClientBelowGrade(client_id, name, tier, above[tier], grade)
                  for client_id, name, tier, _total in rows), rows[0][3] if rows else 0)


def client_exception(session: Session, client_id: str) -> ClientBelowGrade | None:
    """The client's 对等配置 exception, if it is one."""
    found, _grade, _floors = _exceptions(session, [client_id])
    return found[0] if found else None


def client_tier(session: Session, client_id: str | None) -> str | None:
    """A stored client's tier (None for a client not saved yet)."""
    return session.scalar(select(Client.tier).where(Client.id == client_id)) if client_id else None


def tiering_notice(session: Session, client_id: str, tier_before: str | None) -> str:
    """What to tell the manager after saving a client: the exception, when the save gave
    the client its tier (a new client, or a tier changed) and that tier is above the
    manager's grade; "" otherwise."""
    exception = client_exception(session, client_id)
    if exception is None or exception.tier == tier_before:
        return ""
    return exception.notice()


def import_notices(session: Session, client_ids: Iterable[str]) -> list[str]:
    """The exceptions among clients just imported, one notice each (by client name)."""
    found, _grade, _floors = _exceptions(session, client_ids)
    return [exception.notice() for exception in found]


def handover_notices(session: Session, clients: Iterable[tuple[str, str]]) -> list[str]:
    """The exceptions among clients a handover brings ((name, tier) pairs), one notice
    each, by name: the preview of a handover package tells them before they arrive."""
    grade, floors = grade_and_floors(session)
    return [translate("对等配置例外：移交来的客户“{client}”为{tier}客户，应由{floor}以上服务，"
                      "您的职级为{grade}。接收后请向主管报告。").format(
                client=name, tier=tier, floor=floors[tier], grade=grade or translate("未填写"))
            for name, tier in sorted(clients)
            if tier in floors and below_grade_floor(grade, floors[tier])]
