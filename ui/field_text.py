"""How a field's value is shown and typed: one place for every FieldSpec kind.

Values come from the core typed (Decimal, date, bool, int, ids) or as text typed by
the manager; `display_text` is for tables, `edit_text` for line edits. Labels of the
core's specs go through the "fields" translation context.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from cmdesk.domain.client_fields import FieldSpec
from cmdesk.domain.money import format_money

LINE_KINDS = ("text", "phone", "credit_code", "id_number", "money", "percent", "year", "date")
NUMERIC_KINDS = ("money", "percent", "year")


def field_label(spec: FieldSpec) -> str:
    """The translated label of a core field."""
    return QCoreApplication.translate("fields", spec.label)


def choice_text(spec: FieldSpec, key: str) -> str:
    label = dict(spec.choices).get(key, key)
    return QCoreApplication.translate("fields", label)


def placeholder(spec: FieldSpec) -> str:
    """A hint of what to type, by kind."""
    hints = {
        "money": QCoreApplication.translate("fields", "例如 1,500,000.00 或 150万"),
        "percent": QCoreApplication.translate("fields", "0–100"),
        "year": QCoreApplication.translate("fields", "例如 2025"),
        "date": QCoreApplication.translate("fields", "例如 1980-05-17"),
        "phone": QCoreApplication.translate("fields", "手机或座机"),
        "credit_code": QCoreApplication.translate("fields", "18 位，如 91350100M000100Y43"),
        "id_number": QCoreApplication.translate("fields", "18 位居民身份证号"),
    }
    return hints.get(spec.kind, "")


def edit_text(spec: FieldSpec, value: Any) -> str:
    """The value as text in a line edit."""
    if value is None:
        return ""
    if spec.kind == "money" and isinstance(value, Decimal):
        return format_money(value)
    if spec.kind == "percent" and isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def display_text(spec: FieldSpec, value: Any, names: dict[str, str] | None = None) -> str:
    """The value as one line in a table cell (names: id -> name for references)."""
    if value is None or value == "":
        return ""
    kind = spec.kind
    if kind == "bool":
        return QCoreApplication.translate("fields", "是") if value else ""
    if kind == "choice":
        return choice_text(spec, str(value))
    if kind in ("client_ref", "product_ref"):
        return (names or {}).get(str(value), str(value))
    if kind == "percent":
        text = edit_text(spec, value)
        return text if text.endswith("%") else f"{text}%"
    text = edit_text(spec, value)
    if kind == "longtext":
        first = text.strip().splitlines()[0] if text.strip() else ""
        return first[:60] + ("…" if len(first) > 60 or "\n" in text.strip() else "")
    return text


def local_time(value: datetime) -> str:
    """A stored UTC time as local wall-clock text."""
    return value.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
