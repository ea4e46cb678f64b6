"""Statuses and kinds as StrEnums that carry their Chinese label, shown translated.

A member is its stored string (`ProposalStatus.DRAFT == "draft"`), so the database,
packages and queries keep the values they always had; each enum module adds the rules
of its statuses (allowed moves, closed, editable …) as members' properties, beside them.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Self

from cmdesk.i18n import translate


class LabelledStrEnum(StrEnum):
    """A StrEnum whose members are declared as `NAME = "stored value", mark("中文标签")`;
    `label` is that text in the current language, `source_label` the Chinese itself."""

    source_label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.source_label = label
        return member

    @property
    def label(self) -> str:
        return translate(self.source_label)

    @classmethod
    def choices(cls) -> tuple[tuple[str, str], ...]:
        """(stored value, label) pairs in declaration order, for a FieldSpec or a combo box."""
        return tuple((member.value, member.label) for member in cls)

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value; a value the enum does not know shows as itself."""
        try:
            return cls(value).label
        except ValueError:
            return value
