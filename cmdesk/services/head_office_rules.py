"""The rules head office sends a desk in a `rules` package (cmdesk-hq package rules): the
manager's grade (职级) as head office records it, head office's 对等配置 (client tier ->
lowest grade) and, when head office keeps them, the assessment rules (考核规则).

They are settings rows: `head_office_rules` holds the grade, the floors, whether the
assessment rules came too, and the package's number and date; the assessment rules go
into `assessment_rules` (services.assessment reads them from there). Once head office has
sent a grade the profile's grade is head office's and cannot be changed on the desk; once
it has sent assessment rules they cannot be replaced on the desk either. Until a package
arrives the desk applies the bank's default floors and the grade of its own profile.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.profile import DEFAULT_GRADE_FLOORS, GRADES
from cmdesk.errors import CmdeskError
from cmdesk.i18n import translate
from cmdesk.models import Setting
from cmdesk.services.settings import (
    PROFILE_KEY,
    get_profile,
    get_setting,
    profile_from_setting,
    put_setting,
)

HEAD_OFFICE_RULES_KEY = "head_office_rules"  # the settings row of what the package brought
RULES_ATTACHMENT = "head-office-rules.json"  # the rules package's one member besides the manifest


@dataclass(frozen=True)
class HeadOfficeRules:
    """What the last rules package said, and when it came."""

    manager_id: str
    grade: str  # "" when head office has not recorded it
    grade_floors: tuple[tuple[str, str], ...]  # (tier, lowest grade), by tier
    has_assessment_rules: bool
    sequence: int
    issued_on: date


def rules_document(manager_id: str, grade: str, floors: dict[str, str],
                   assessment_rules: dict[str, Any] | None) -> dict[str, Any]:
    """The JSON head office writes into a rules package for one manager."""
    document: dict[str, Any] = {"manager_id": manager_id, "grade": grade,
                                "grade_floors": dict(sorted(floors.items()))}
    if assessment_rules is not None:
        document["assessment_rules"] = assessment_rules
    return document


def read_rules_document(document: Any) -> tuple[str, str, dict[str, str], dict[str, Any] | None]:
    """(manager id, grade, floors, assessment rules or None) of a rules document, checked;
    CmdeskError in words when it is not one."""
    from cmdesk.services.assessment import read_rules

    if not isinstance(document, dict) or not isinstance(document.get("manager_id"), str) \
            or not isinstance(document.get("grade", ""), str) \
            or not isinstance(document.get("grade_floors", {}), dict):
        raise CmdeskError(translate("总行规则的格式不对"))
    grade = document.get("grade", "")
    floors = document.get("grade_floors", {})
    if grade and grade not in GRADES:
        raise CmdeskError(translate("总行登记的职级“{grade}”不是本程序认识的职级").format(grade=grade))
    for tier, floor in floors.items():
        if not isinstance(tier, str) or not tier.strip() or floor not in GRADES:
            raise CmdeskError(translate("对等配置“{tier}”的最低职级“{grade}”不对").format(
                tier=tier, grade=floor))
    assessment = document.get("assessment_rules")
    if assessment is not None:
        read_rules(assessment)  # ValidationError in words when it has not the rules' shape
    return document["manager_id"], grade, dict(floors), assessment


def received_rules(session: Session) -> HeadOfficeRules | None:
    """The rules head office sent last; None when none came yet."""
    stored = get_setting(session, HEAD_OFFICE_RULES_KEY)
    if not stored:
        return None
    return HeadOfficeRules(stored["manager_id"], stored["grade"],
                           tuple(sorted(stored["grade_floors"].items())),
                           stored["has_assessment_rules"], stored["sequence"],
                           date.fromisoformat(stored["issued_on"]))


def store_rules(session: Session, document: Any, sequence: int, issued_on: date) -> HeadOfficeRules:
    """Keep a rules package's content (in the caller's transaction): the grade goes into the
    profile too, the assessment rules replace the desk's."""
    from cmdesk.services.assessment import check_rules, put_rules, read_rules

    manager_id, grade, floors, assessment = read_rules_document(document)
    previous = received_rules(session)
    if assessment is not None:
        put_rules(session, check_rules(read_rules(assessment)))
    if grade:
        put_setting(session, PROFILE_KEY, asdict(replace(get_profile(session), grade=grade)))
    put_setting(session, HEAD_OFFICE_RULES_KEY, {
        "manager_id": manager_id, "grade": grade, "grade_floors": floors,
        "has_assessment_rules": assessment is not None or (
            previous is not None and previous.has_assessment_rules),
        "sequence": sequence, "issued_on": issued_on.isoformat()})
    return received_rules(session)


def grade_and_floors(session: Session) -> tuple[str, dict[str, str]]:
    """manager_grade and grade_floors in one read of the settings (今日 reads them on every
    refresh)."""
    stored = {key: json.loads(value) for key, value in session.execute(
        select(Setting.key, Setting.value).where(
            Setting.key.in_((HEAD_OFFICE_RULES_KEY, PROFILE_KEY)))).all()}
    received = stored.get(HEAD_OFFICE_RULES_KEY)
    profile_grade = profile_from_setting(stored.get(PROFILE_KEY)).grade
    if not received:
        return profile_grade, dict(DEFAULT_GRADE_FLOORS)
    return received["grade"] or profile_grade, dict(received["grade_floors"])


def grade_floors(session: Session) -> dict[str, str]:
    """对等配置 in force: head office's when it sent one, else the bank's default."""
    received = received_rules(session)
    return dict(received.grade_floors) if received is not None else dict(DEFAULT_GRADE_FLOORS)


def manager_grade(session: Session) -> str:
    """The manager's grade: head office's when it sent one, else the profile's."""
    received = received_rules(session)
    return received.grade if received is not None and received.grade else get_profile(session).grade


def grade_set_by_head_office(session: Session) -> str:
    """Head office's grade for this manager ("" when none came): the profile's grade is
    then read-only."""
    received = received_rules(session)
    return received.grade if received is not None else ""


def assessment_rules_from_head_office(session: Session) -> bool:
    """Whether the assessment rules in force are head office's (not to be changed here)."""
    received = received_rules(session)
    return received is not None and received.has_assessment_rules


@dataclass(frozen=True)
class RulesInForce:
    """The grade, 对等配置 and assessment rules the desk applies, each with where it came
    from, in words (设置 shows them read-only)."""

    grade: str
    grade_source: str
    grade_from_head_office: bool  # the profile's grade is then read-only
    floors: tuple[tuple[str, str], ...]
    floors_source: str
    assessment_lines: tuple[str, ...]
    assessment_source: str
    assessment_from_head_office: bool


def rules_in_force(session: Session) -> RulesInForce:
    """What the desk applies now and its source: head office's rules package, the desk's
    own setting, or the bank's default."""
    from cmdesk.services.assessment import RULES_KEY, describe_rules, get_rules

    received = received_rules(session)
    sent = (translate("总行下发，第 {sequence} 号总行规则数据包，{day}").format(
        sequence=received.sequence, day=received.issued_on.isoformat()) if received else "")
    by_head_office = received is not None and bool(received.grade)
    own_rules = get_setting(session, RULES_KEY) is not None
    assessment_by_head_office = assessment_rules_from_head_office(session)
    return RulesInForce(
        grade=manager_grade(session),
        grade_source=sent if by_head_office else translate("本机资料，总行尚未登记"),
        grade_from_head_office=by_head_office,
        floors=tuple(sorted(grade_floors(session).items())),
        floors_source=sent if received is not None else translate("默认规则，总行尚未下发"),
        assessment_lines=tuple(describe_rules(get_rules(session))),
        assessment_source=sent if assessment_by_head_office else (
            translate("本机设置，用 cmdesk assess rules 修改") if own_rules else translate("默认规则，见 docs/assessment.md")),
        assessment_from_head_office=assessment_by_head_office)
