"""Working days in China: official holidays and make-up working days (调休).

Two sources, in this order:
1. a data file `resources/holidays/<year>.json` (format in resources/holidays/README.md):
   shipped with the desk and updatable by dropping in the file of a new year when the
   State Council publishes it; a file also overrides the library for its year;
2. the `chinese_calendar` library for the years it knows (2004–2026 in the version used).
A year neither knows is counted Monday to Friday; `DayInfo.known` and `year_known` say
so, and the views and printouts show it ("按周一至周五估算").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar
from chinese_calendar.constants import Holiday

from cmdesk.errors import CmdeskError
from cmdesk.i18n import mark, translate
from cmdesk.paths import RESOURCES_DIR

HOLIDAYS_DIR = RESOURCES_DIR / "holidays"
WEEKDAY_NAMES = (mark("星期一"), mark("星期二"), mark("星期三"), mark("星期四"), mark("星期五"), mark("星期六"), mark("星期日"))
WEEKDAY_SHORT_NAMES = (mark("周一"), mark("周二"), mark("周三"), mark("周四"), mark("周五"), mark("周六"), mark("周日"))
MAKE_UP_LABEL = mark("调休上班")
UNKNOWN_YEAR_NOTE = mark("未收录该年法定节假日安排，按周一至周五估算")
HOLIDAY_NAMES = {
    Holiday.new_years_day.value: mark("元旦"),
    Holiday.spring_festival.value: mark("春节"),
    Holiday.tomb_sweeping_day.value: mark("清明节"),
    Holiday.labour_day.value: mark("劳动节"),
    Holiday.dragon_boat_festival.value: mark("端午节"),
    Holiday.national_day.value: mark("国庆节"),
    Holiday.mid_autumn_festival.value: mark("中秋节"),
    Holiday.anti_fascist_70th_day.value: mark("抗战胜利70周年纪念日"),
}


def weekday_name(day: date) -> str:
    """星期一 … 星期日 in the current language."""
    return translate(WEEKDAY_NAMES[day.weekday()])


def weekday_short_name(day: date) -> str:
    """周一 … 周日 in the current language (a table's narrow column)."""
    return translate(WEEKDAY_SHORT_NAMES[day.weekday()])


@dataclass(frozen=True)
class DayInfo:
    """One day: whether it is a working day, and why it is or is not."""

    day: date
    workday: bool
    holiday: str  # the holiday's name on a day off for a holiday, else ""
    make_up: bool  # a weekend day that is a working day (调休上班)
    known: bool  # False: the year's official calendar is not known (Mon–Fri assumed)

    @property
    def weekday_name(self) -> str:
        return weekday_name(self.day)

    @property
    def label(self) -> str:
        """What a calendar cell says about the day: 元旦, 调休上班, 休息, or nothing."""
        if self.holiday:
            return translate(self.holiday)
        if self.make_up:
            return translate(MAKE_UP_LABEL)
        return "" if self.workday else translate("休息")


@dataclass(frozen=True)
class YearCalendar:
    """The official days off and make-up working days of one year, from a data file."""

    year: int
    holidays: dict[date, str]
    make_up_days: frozenset[date]
    source: str


def _read_year_file(path: Path) -> YearCalendar:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        year = int(data["year"])
        holidays = {date.fromisoformat(day): str(group["name"])
                    for group in data.get("holidays", []) for day in group["dates"]}
        make_up = frozenset(date.fromisoformat(day) for day in data.get("make_up_workdays", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CmdeskError(translate("节假日数据文件 {name} 无法读取：{exc}").format(name=path.name, exc=exc)) from exc
    if any(day.year != year for day in [*holidays, *make_up]):
        raise CmdeskError(translate("节假日数据文件 {name} 中有不属于 {year} 年的日期").format(name=path.name, year=year))
    return YearCalendar(year, holidays, make_up, str(data.get("source", "")))


@cache
def _data_files(folder: Path) -> dict[int, YearCalendar]:
    calendars = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        calendar = _read_year_file(path)
        calendars[calendar.year] = calendar
    return calendars


def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def year_known(year: int, folder: Path = HOLIDAYS_DIR) -> bool:
    """Whether the official holiday calendar of `year` is known (data file or library)."""
    return year in _data_files(folder) or _library_knows(year)


def day_info(day: date, folder: Path = HOLIDAYS_DIR) -> DayInfo:
    """Whether `day` is a working day, with the holiday's name or the 调休 mark."""
    weekend = day.weekday() >= 5
    calendar = _data_files(folder).get(day.year)
    if calendar is not None:
        name = calendar.holidays.get(day, "")
        make_up = day in calendar.make_up_days
        return DayInfo(day, make_up or (not weekend and not name), name, make_up, True)
    if not _library_knows(day.year):
        return DayInfo(day, not weekend, "", False, False)
    workday = chinese_calendar.is_workday(day)
    on_holiday, english = chinese_calendar.get_holiday_detail(day)
    name = HOLIDAY_NAMES.get(english, english or "") if on_holiday and english else ""
    return DayInfo(day, workday, name, workday and weekend, True)


def is_workday(day: date, folder: Path = HOLIDAYS_DIR) -> bool:
    return day_info(day, folder).workday


def days_between(start: date, end: date, folder: Path = HOLIDAYS_DIR) -> list[DayInfo]:
    """Every day from start to end (inclusive) with its working-day information."""
    return [day_info(start + timedelta(days=n), folder) for n in range((end - start).days + 1)]


def workdays_between(start: date, end: date, folder: Path = HOLIDAYS_DIR) -> list[date]:
    """The working days from start to end (inclusive), 调休 included, holidays left out."""
    return [info.day for info in days_between(start, end, folder) if info.workday]


def next_workday(day: date, folder: Path = HOLIDAYS_DIR) -> date:
    """`day` itself when it is a working day, else the next working day."""
    while not is_workday(day, folder):
        day += timedelta(days=1)
    return day
