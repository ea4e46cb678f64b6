"""Dates as a manager types them: one parser for every date field of the desk.

Accepted (full-width digits too): 20261202, 2026-12-02, 2026/12/2, 2026.12.2,
2026年12月2日, and without the year 1202, 12-2, 12/2, 12.2, 12月2日. A date typed
without its year takes the year that puts it nearest to today (on 3 January, 12-30 is
last December; on 30 December, 1-3 is next January), so both a visit just made and a
deadline soon to come need no year. Nonsense (13月40日, 2月30日, 2026-1) is refused with
a reason a manager understands, naming the field when the caller gives its label.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from cmdesk import clock
from cmdesk.i18n import translate

FULL_DIGITS = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
SHORT_DIGITS = re.compile(r"(?P<month>\d{2})(?P<day>\d{2})")
WITH_YEAR = re.compile(r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?")
WITHOUT_YEAR = re.compile(r"(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?")
PATTERNS = (FULL_DIGITS, SHORT_DIGITS, WITH_YEAR, WITHOUT_YEAR)
LEAP_YEAR = 2000  # to tell "2月30日" (never) from "2月29日" (only in a leap year)


class DateTextError(ValueError):
    """Typed text that is not a date; `reason` says why, `str()` names the field too."""

    def __init__(self, reason: str, label: str = ""):
        self.reason = reason
        self.label = label
        super().__init__(translate("{field}：{reason}").format(field=label, reason=reason)
                         if label else reason)


def parse_date(text: str, *, label: str = "", today: date | None = None) -> date | None:
    """The date `text` means (None when blank); `today` (default: the desk's clock)
    supplies the year when none is typed. Raises DateTextError naming `label`."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    match = next((m for pattern in PATTERNS if (m := pattern.fullmatch(cleaned))), None)
    if match is None:
        raise DateTextError(translate("“{text}”不是日期，可以写 2026-12-02、20261202、12-2 或 12月2日")
                            .format(text=text.strip()), label)
    parts = match.groupdict()
    month, day = int(parts["month"]), int(parts["day"])
    if not 1 <= month <= 12:
        raise DateTextError(translate("“{text}”不是有效日期：月份应在 1 到 12 之间")
                            .format(text=text.strip()), label)
    try:
        date(LEAP_YEAR, month, day)
    except ValueError:
        raise DateTextError(translate("“{text}”不是有效日期：{month} 月没有 {day} 日")
                            .format(text=text.strip(), month=month, day=day), label) from None
    if parts.get("year"):
        year = int(parts["year"])
        try:
            return date(year, month, day)
        except ValueError:
            raise DateTextError(translate("“{text}”不是有效日期：{year} 年 {month} 月没有 {day} 日")
                                .format(text=text.strip(), year=year, month=month, day=day),
                                label) from None
    return nearest_date(month, day, today or clock.today(), text.strip(), label)


def nearest_date(month: int, day: int, today: date, text: str = "", label: str = "") -> date:
    """The day `month`-`day` of last, this or next year that is nearest to `today`."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise DateTextError(translate("“{text}”：今年前后都没有 {month} 月 {day} 日，请写上年份")
                            .format(text=text, month=month, day=day), label)
    return min(candidates, key=lambda candidate: abs((candidate - today).days))
