"""The desk's own settings: the manager's profile, the desk id, the client tiers and the
idle time after which the desk locks itself.

Stored as JSON values in the `settings` table. The profile is asked at first run,
is editable in settings, and printouts and exports carry it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import DEFAULT_TIERS
from cmdesk.domain.identifiers import IdentifierError
from cmdesk.domain.profile import GRADES, PROFILE_LABELS, clean_business_phone, clean_email
from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import Setting, new_id



PROFILE_KEY = "profile"


@dataclass
class Profile:
    """The manager who owns this desk."""

    name: str = ""
    employee_id: str = ""
    grade: str = mark("客户经理")
    branch: str = ""
    supervisor: str = ""
    phone: str = ""  # business phone printed for the client (a setting, not personal data)
    email: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.name and self.employee_id)


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def put_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def get_profile(session: Session) -> Profile:
    return profile_from_setting(get_setting(session, PROFILE_KEY))


def profile_from_setting(data: dict[str, Any] | None) -> Profile:
    """The profile its settings row holds (the defaults when there is none)."""
    known = {f.name for f in fields(Profile)}
    return Profile(**{k: v for k, v in (data or {}).items() if k in known})


def read_profile(db: Any) -> Profile:
    """The stored profile read in a session of its own: the one read the interface's desk
    makes as it opens (its owner decides the first-run dialog and names every change)."""
    with db.session() as session:
        return get_profile(session)


def save_profile(session: Session, profile: Profile) -> Profile:
    """Validate and store the profile (in the caller's transaction)."""
    cleaned = Profile(**{k: str(v or "").strip() for k, v in asdict(profile).items()})
    problems = []
    for key in ("name", "employee_id"):
        if not getattr(cleaned, key):
            problems.append(FieldProblem(key, translate("必须填写"), "profile", label=translate(PROFILE_LABELS[key])))
    for key, value in asdict(cleaned).items():
        if len(value) > 100:
            problems.append(FieldProblem(key, translate("不能超过 100 个字"), "profile",
                                         label=translate(PROFILE_LABELS[key])))
    for key, clean in (("phone", clean_business_phone), ("email", clean_email)):
        try:
            setattr(cleaned, key, clean(getattr(cleaned, key)))
        except IdentifierError as exc:
            problems.append(FieldProblem(key, str(exc), "profile",
                                         label=translate(PROFILE_LABELS[key])))
    # head office's rules build on this module: imported where used
    from cmdesk.services.head_office_rules import grade_set_by_head_office

    set_by_head_office = grade_set_by_head_office(session)
    if set_by_head_office and cleaned.grade != set_by_head_office:
        problems.append(FieldProblem("grade", translate(
            "职级由总行登记为 {grade}，不能在本机修改").format(grade=set_by_head_office), "profile",
            label=translate(PROFILE_LABELS["grade"])))
    elif cleaned.grade not in GRADES:
        problems.append(FieldProblem("grade", translate("应为 {grades} 之一").format(
            grades=translate("、").join(translate(grade) for grade in GRADES)), "profile",
            label=translate(PROFILE_LABELS["grade"])))
    if problems:
        raise ValidationError(problems)
    put_setting(session, PROFILE_KEY, asdict(cleaned))
    return cleaned


def desk_id(session: Session) -> str:
    """This desk's id, made once on first use."""
    value = get_setting(session, "desk_id")
    if value is None:
        value = new_id()
        put_setting(session, "desk_id", value)
    return value


def get_tiers(session: Session) -> tuple[str, ...]:
    return tuple(get_setting(session, "tiers", list(DEFAULT_TIERS)))


def save_tiers(session: Session, tiers: list[str]) -> None:
    cleaned = [t.strip() for t in tiers if t.strip()]
    if not cleaned or len(set(cleaned)) != len(cleaned):
        raise ValidationError([FieldProblem("tiers", translate("客户等级不能为空且不能重复"), "settings",
                                            label=translate("客户等级"))])
    put_setting(session, "tiers", cleaned)


LOCK_IDLE_KEY = "lock_idle_minutes"
DEFAULT_LOCK_IDLE_MINUTES = 10
MAX_LOCK_IDLE_MINUTES = 240


def lock_idle_minutes(session: Session) -> int:
    """Minutes without input before the desk locks itself (0: never)."""
    return int(get_setting(session, LOCK_IDLE_KEY, DEFAULT_LOCK_IDLE_MINUTES))


def save_lock_idle_minutes(session: Session, minutes: int) -> None:
    """Store the idle time, refused in words outside 0–240 minutes."""
    if not isinstance(minutes, int) or not 0 <= minutes <= MAX_LOCK_IDLE_MINUTES:
        raise ValidationError([FieldProblem(
            LOCK_IDLE_KEY, translate("应为 0 到 {MAX_LOCK_IDLE_MINUTES} 之间的整数（0 表示不自动锁定）").format(MAX_LOCK_IDLE_MINUTES=MAX_LOCK_IDLE_MINUTES),
            "lock", label=translate("自动锁定时间"))])
    put_setting(session, LOCK_IDLE_KEY, minutes)
