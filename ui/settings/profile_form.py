"""The manager's profile (姓名, 员工号, 职级, 所属机构, 主管, and the business phone and
e-mail printed on the client's proposal pack) as a form, used by the first-run dialog and
the settings view; saving goes through services.settings on the desk's database thread
(ui.ops) and problems are shown at the fields."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import QWidget

from cmdesk.domain.client_fields import FieldSpec
from cmdesk.errors import ValidationError
from cmdesk.services.settings import GRADES, PROFILE_LABELS, Profile, save_profile
from ui import ops
from ui.ops import Changes, Kind
from ui.widgets.spec_form import SpecForm

PROFILE_SPECS = (
    FieldSpec("name", PROFILE_LABELS["name"], required=True, max_length=100),
    FieldSpec("employee_id", PROFILE_LABELS["employee_id"], required=True, max_length=100),
    FieldSpec("grade", PROFILE_LABELS["grade"], "choice", required=True,
              choices=tuple((grade, grade) for grade in GRADES)),
    FieldSpec("branch", PROFILE_LABELS["branch"], max_length=100),
    FieldSpec("supervisor", PROFILE_LABELS["supervisor"], max_length=100),
    FieldSpec("phone", PROFILE_LABELS["phone"], "phone", max_length=40),
    FieldSpec("email", PROFILE_LABELS["email"], max_length=100),
)


class ProfileForm(SpecForm):
    """The profile fields; `save(desk)` validates and stores them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(PROFILE_SPECS, columns=1, parent=parent)
        self.editors["name"].input.setPlaceholderText(self.tr("例如 张明"))
        self.editors["branch"].input.setPlaceholderText(self.tr("例如 厦门分行思明支行"))
        self.editors["phone"].input.setPlaceholderText(self.tr("例如 0592-1234567，印在交客户的方案上"))
        self.editors["email"].input.setPlaceholderText(self.tr("例如 zhangming@bank.com"))

    def set_profile(self, profile: Profile) -> None:
        self.set_values(asdict(profile))
        self.clear_errors()

    def profile(self) -> Profile:
        values = self.values()
        return Profile(**{key: values.get(key) or "" for key in PROFILE_LABELS})

    def save(self, desk: Any, saved: Callable[[Profile], None],
             refused: Callable[[], None] | None = None) -> None:
        """Store the profile in the background: `saved(profile)` once stored, or the
        problems shown at the fields (and `refused()`) when invalid."""
        profile = self.profile()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ValidationError):
                ops.show_error(self, exc)
                return
            self.set_errors({p.field: p.message for p in exc.problems})
            first = self.first_error()
            if first is not None:
                first.setFocus()
            if refused is not None:
                refused()

        def done(stored: Profile) -> None:
            self.clear_errors()
            saved(stored)

        ops.write(desk, lambda session: save_profile(session, profile), Changes.of(Kind.PROFILE),
                  done=done, failed=failed, parent=self)
