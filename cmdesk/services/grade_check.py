"""对等配置 on the desk: the manager's own grade (the profile) against the tiers of the
clients in service. The rule tier -> lowest grade is the bank's default
(`profile.DEFAULT_GRADE_FLOORS`); head office keeps its own (`cmdesk-hq rules grade-floor`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.profile import DEFAULT_GRADE_FLOORS, below_grade_floor
from cmdesk.i18n import translate
from cmdesk.models import Client
from cmdesk.services.settings import get_profile


@dataclass(frozen=True)
class ClientBelowGrade:
    """A client whose tier asks for a higher grade than the manager's."""

    client_id: str
    name: str
    tier: str
    floor: str

    def describe(self) -> str:
        return translate("{client}（{tier}）应由 {floor} 以上服务").format(
            client=self.name, tier=self.tier, floor=self.floor)


@dataclass(frozen=True)
class GradeCheck:
    grade: str
    floors: tuple[tuple[str, str], ...]  # (tier, lowest grade)
    below: tuple[ClientBelowGrade, ...]  # by client name

    def describe(self) -> list[str]:
        rules = translate("，").join(translate("{tier} 客户由 {grade} 以上服务").format(
            tier=tier, grade=grade) for tier, grade in self.floors)
        lines = [translate("我的职级：{grade}；对等配置：{rules}").format(grade=self.grade, rules=rules)]
        if not self.below:
            return [*lines, translate("没有低于对等配置的客户")]
        lines.append(translate("低于对等配置的客户 {count} 户：").format(count=len(self.below)))
        return lines + [client.describe() for client in self.below]


def check_grades(session: Session) -> GradeCheck:
    """The clients in service (not deleted, archived or handed over) that the manager's
    grade is too low for."""
    grade = get_profile(session).grade
    floors = {tier: floor for tier, floor in DEFAULT_GRADE_FLOORS.items()
              if below_grade_floor(grade, floor)}
    rows = session.execute(select(Client.id, Client.name, Client.tier).where(
        Client.deleted_at.is_(None), Client.archived_at.is_(None), Client.released_at.is_(None),
        Client.tier.in_(sorted(floors))).order_by(Client.name, Client.id)).all() if floors else []
    return GradeCheck(grade, tuple(DEFAULT_GRADE_FLOORS.items()),
                      tuple(ClientBelowGrade(client_id, name, tier, floors[tier])
                            for client_id, name, tier in rows))
