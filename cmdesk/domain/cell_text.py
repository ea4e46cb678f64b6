"""Text on its way into and out of a spreadsheet cell: the one rule every xlsx writer of the
desk and of head office applies, and its inverse in the shared field parsing.

- `to_cell(value)`: text that a spreadsheet would run as a formula — starting with
  = + - @, a tab or a carriage return — is written with a leading apostrophe ('=SUM(…)
  shows as typed, nothing runs); control characters, which the xlsx format cannot hold,
  are dropped. Other values (numbers, dates, None) pass as they are.
- `from_cell(text)`: the apostrophe `to_cell` added is taken off again, so a sheet the
  desk wrote reads back as it was (the catalogue template).
- `strip_control(text, keep)`: control characters and lone surrogates dropped, except
  those in `keep` (line breaks and tabs in long text).
"""
from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# what the xlsx format cannot hold (openpyxl refuses these characters)
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def strip_control(text: str, keep: str = "") -> str:
    """`text` without control characters (C0, DEL, C1) and lone surrogates, except `keep`."""
    if not _CONTROL.search(text):
        return text
    return "".join(ch for ch in text if ch in keep or not _CONTROL.match(ch))


def to_cell(value: Any) -> Any:
    """A value as it may be written to a cell (see the module docstring)."""
    if not isinstance(value, str):
        return value
    text = _NOT_IN_XLSX.sub("", value)
    return ESCAPE + text if text.startswith(FORMULA_STARTS) else text


def cells(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    """A row of values as they may be written (`sheet.append(cells(row))`)."""
    return [to_cell(value) for value in values]


def from_cell(text: str) -> str:
    """Text read from a cell without the apostrophe `to_cell` put before a formula start."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
