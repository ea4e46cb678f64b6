"""The manager's profile: the grades a customer manager can hold, the field labels, and
the rules for the business contact details printed on what the client receives."""
from __future__ import annotations

import re

from cmdesk.domain.identifiers import IdentifierError, normalize_phone
from cmdesk.i18n import mark, translate

GRADES = (mark("助理客户经理"), mark("客户经理"), mark("高级客户经理"))
PROFILE_LABELS = {"name": mark("姓名"), "employee_id": mark("员工号"), "grade": mark("职级"),
                  "branch": mark("所属机构"), "supervisor": mark("主管"), "phone": mark("业务电话"),
                  "email": mark("电子邮箱")}
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
EMAIL_ERROR = mark("应为电子邮箱地址，例如 zhangming@bank.com")


def clean_business_phone(value: str) -> str:
    """The business phone in its canonical form ('' stays ''); IdentifierError in words."""
    return normalize_phone(value) if value else ""


def clean_email(value: str) -> str:
    """The e-mail address, lower-case domain ('' stays ''); IdentifierError in words."""
    if not value:
        return ""
    if not EMAIL_PATTERN.fullmatch(value):
        raise IdentifierError(translate(EMAIL_ERROR))
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
