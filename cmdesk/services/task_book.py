"""The yearly task book (工作任务书): indicators with targets, monthly actuals, progress.

A year has at most one book. Its indicators are the standard ones of
domain.task_book or custom ones; each has a target. Actuals the desk knows are
counted from its own data — 新增客户 (client files opened in the year), 走访次数 (visit
entries in the diary), 产品落地 (service lines that became 客户已采用 in the year,
read from the file history) — the others are typed month by month. Each indicator is
a flow (the months add up, paced against the share of the year gone by) or a level (the
latest month stands, judged against the target): a standard indicator's is fixed, a
custom one's is the manager's choice (a rate in "%" defaults to a level).
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.domain import task_book as tb
from cmdesk.domain.money import MONEY_LIMIT
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Client,
    DiaryEntry,
    FileHistory,
    ServiceStatus,
    TaskActual,
    TaskBook,
    TaskIndicator,
    new_id,
    utcnow,
)

SECTION = "task_book"
SOURCES = (("typed", mark("自行录入")), ("supervisor", mark("主管下达")), ("head_office", mark("总行下发")))
NAME_LIMIT = 100
UNIT_LIMIT = 20
NOTES_LIMIT = 2000
MONTHS = range(1, 13)
ADOPTED = "是"


@dataclass
class IndicatorProgress:
    """One indicator of a year: target, actual (month by month) and how it stands."""

    id: str
    key: str
    name: str
    unit: str
    target: Decimal
    computed: bool
    measure: str
    monthly: dict[int, Decimal]
    actual: Decimal
    done: Decimal | None  # actual / target
    elapsed: Decimal  # share of the year gone by
    on_track: bool

    @property
    def status_label(self) -> str:
        return translate(tb.status_of(self.measure, self.done, self.elapsed))


@dataclass
class BookProgress:
    """The whole task book of a year as it stands on `as_of`."""

    year: int
    as_of: date
    elapsed: Decimal
    book_id: str | None
    source: str = "typed"
    issued_by: str = ""
    notes: str = ""
    indicators: list[IndicatorProgress] = field(default_factory=list)

    def indicator(self, key: str) -> IndicatorProgress:
        for item in self.indicators:
            if item.key == key:
                return item
        raise NotFoundError(translate("{year} 年任务书中没有指标 {key}").format(year=self.year, key=key))


def _problem(key: str, message: str, label: str, row: int | None = None) -> FieldProblem:
    return FieldProblem(key, message, SECTION, row, label)


def _local_date(value: datetime) -> date:
    """A stored UTC time as the manager's local date."""
    return value.replace(tzinfo=UTC).astimezone().date()


def parse_number(raw: Any, unit: str = "") -> Decimal:
    """A target or an actual: a number of the indicator's unit, at most two decimals,
    not negative (0–100 for a %). Raises ValueError with the manager's message."""
    if isinstance(raw, (bool, float)):  # told to the manager like any other bad input
        raise ValueError(translate("应为数字（金额不以浮点数传入）"))  # noqa: TRY004
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    text = text.replace(",", "").replace(" ", "")
    if unit and text.endswith(unit):
        text = text[:-len(unit)]
    if not text:
        raise ValueError(translate("必须填写"))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(translate("“{raw}”不是数字").format(raw=raw)) from None
    if not value.is_finite():
        raise ValueError(translate("“{raw}”不是数字").format(raw=raw))
    if value < 0:
        raise ValueError(translate("不能为负数"))
    value = value.quantize(Decimal("0.01"))
    if value > MONEY_LIMIT:
        raise ValueError(translate("数值过大"))
    if unit == "%" and value > 100:
        raise ValueError(translate("应在 0 到 100 之间"))
    return value


def _check_year(raw: Any) -> int:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise ValidationError([_problem("year", translate("“{raw}”不是有效年度（1990–2100）").format(raw=raw), translate("年度"))])
    return int(text)


# --- the book ------------------------------------------------------------------------

def get_book(session: Session, year: int) -> TaskBook | None:
    return session.scalars(select(TaskBook).where(TaskBook.year == year,
                                                  TaskBook.deleted_at.is_(None))).first()


def book_years(session: Session) -> list[int]:
    """The years that have a task book, newest first."""
    return list(session.scalars(select(TaskBook.year).where(TaskBook.deleted_at.is_(None))
                                .order_by(TaskBook.year.desc())))


def _book_for_writing(session: Session, year: int, **values: Any) -> TaskBook:
    """The year's book, made when missing; `values` (source, issued_by, notes) set on it."""
    book = get_book(session, year)
    if book is None:
        book = TaskBook(year=year, **values)
        session.add(book)
    else:
        for key, value in values.items():
            setattr(book, key, value)
    session.flush()
    return book


def save_book_header(session: Session, year: Any, *, source: str = "typed", issued_by: str = "",
                     notes: str = "") -> str:
    """Create or update the year's book: who set it (自行录入/主管下达/总行下发) and notes."""
    year = _check_year(year)
    problems = []
    if source not in dict(SOURCES):
        problems.append(_problem("source", translate("不在可选项中（自行录入、主管下达、总行下发）"), translate("来源")))
    if len(issued_by.strip()) > NAME_LIMIT:
        problems.append(_problem("issued_by", translate("不能超过 {NAME_LIMIT} 个字").format(NAME_LIMIT=NAME_LIMIT), translate("下达人")))
    if len(notes) > NOTES_LIMIT:
        problems.append(_problem("notes", translate("不能超过 {NOTES_LIMIT} 个字").format(NOTES_LIMIT=NOTES_LIMIT), translate("备注")))
    if problems:
        raise ValidationError(problems)
    return _book_for_writing(session, year, source=source, issued_by=issued_by.strip(), notes=notes).id


def _indicator_of(session: Session, book: TaskBook | None, key: str) -> TaskIndicator | None:
    if book is None:
        return None
    return session.scalars(select(TaskIndicator).where(
        TaskIndicator.book_id == book.id, TaskIndicator.key == key,
        TaskIndicator.deleted_at.is_(None))).first()


def resolve_key(session: Session, year: int, key_or_name: str) -> str | None:
    """The indicator key meant by a key or a Chinese name (standard or in the book)."""
    wanted = key_or_name.strip()
    if tb.standard_indicator(wanted) or tb.is_custom(wanted):
        return wanted
    for item in tb.STANDARD_INDICATORS:
        if item.name == wanted:
            return item.key
    book = get_book(session, year)
    if book is not None:
        for indicator in book.indicators:
            if indicator.name == wanted:
                return indicator.key
    return None


def _check_measure(measure: str | None, standard: tb.IndicatorDef | None,
                   label: str) -> list[FieldProblem]:
    """Problems with a flow/level choice: only custom indicators take one."""
    if measure is None:
        return []
    if measure not in tb.MEASURES:
        return [_problem("measure", translate("应为累计值或时点值"), label)]
    if standard is not None and measure != standard.measure:
        return [_problem("measure", translate("标准指标的口径是固定的，不能更改"), label)]
    return []


def set_target(session: Session, year: Any, key_or_name: str, target: Any, *,
               name: str | None = None, unit: str | None = None,
               measure: str | None = None) -> str:
    """Set one indicator's target for the year (the book and a standard indicator are made
    when missing; an unknown name makes a custom indicator, with its unit and its measure
    — flow or level, by default a level for a rate in "%", else a flow)."""
    year = _check_year(year)
    key = resolve_key(session, year, key_or_name)
    standard = tb.standard_indicator(key) if key else None
    shown_name = (name or "").strip() or (standard.name if standard else key_or_name.strip())
    shown_unit = (unit if unit is not None else (standard.unit if standard else "")).strip()
    problems = []
    if not shown_name:
        problems.append(_problem("name", translate("必须填写"), translate("指标名称")))
    elif len(shown_name) > NAME_LIMIT or any(unicodedata.category(c) == "Cc" for c in shown_name):
        problems.append(_problem("name", translate("不能超过 {NAME_LIMIT} 个字，也不能含控制字符").format(NAME_LIMIT=NAME_LIMIT), translate("指标名称")))
    if len(shown_unit) > UNIT_LIMIT or any(unicodedata.category(c) == "Cc" for c in shown_unit):
        problems.append(_problem("unit", translate("不能超过 {UNIT_LIMIT} 个字，也不能含控制字符").format(UNIT_LIMIT=UNIT_LIMIT), translate("单位")))
    try:
        value = parse_number(target, shown_unit)
    except ValueError as exc:
        problems.append(_problem("target", str(exc), translate("{indicator}·目标").format(indicator=shown_name or translate("指标"))))
    problems += _check_measure(measure, standard, translate("{name}·口径").format(name=shown_name))
    if problems:
        raise ValidationError(problems)
    book = _book_for_writing(session, year)
    indicator = _indicator_of(session, book, key) if key else None
    if indicator is None:
        count = session.scalar(select(func.count()).select_from(TaskIndicator).where(
            TaskIndicator.book_id == book.id, TaskIndicator.deleted_at.is_(None))) or 0
        new_key = key or f"{tb.CUSTOM_PREFIX}{new_id()[:8]}"
        indicator = TaskIndicator(book_id=book.id, key=new_key, name=shown_name, unit=shown_unit,
                                  target=value, computed=bool(standard and standard.computed),
                                  measure=measure or tb.default_measure(new_key, shown_unit),
                                  sort_order=count)
        if standard is not None:
            indicator.sort_order = tb.STANDARD_INDICATORS.index(standard)
        session.add(indicator)
    else:
        indicator.target = value
        if name:
            indicator.name = shown_name
        if unit is not None:
            indicator.unit = shown_unit
        if measure is not None:
            indicator.measure = measure
    session.flush()
    return indicator.key


def set_measure(session: Session, year: int, key: str, measure: str) -> None:
    """Mark a custom indicator of the year's book a flow (累计值) or a level (时点值)."""
    indicator = _indicator_of(session, get_book(session, year), key)
    if indicator is None:
        raise NotFoundError(translate("{year} 年任务书中没有指标 {key}").format(year=year, key=key))
    problems = _check_measure(measure, tb.standard_indicator(key),
                              translate("{name}·口径").format(name=indicator.name))
    if problems:
        raise ValidationError(problems)
    indicator.measure = measure
    session.flush()


def remove_indicator(session: Session, year: int, key: str) -> None:
    """Take an indicator out of the year's book (tombstoned with its typed actuals)."""
    indicator = _indicator_of(session, get_book(session, year), key)
    if indicator is None:
        raise NotFoundError(translate("{year} 年任务书中没有指标 {key}").format(year=year, key=key))
    now = utcnow()
    indicator.deleted_at = now
    for actual in session.scalars(select(TaskActual).where(
            TaskActual.indicator_id == indicator.id, TaskActual.deleted_at.is_(None))):
        actual.deleted_at = now
    session.flush()


def set_actual(session: Session, year: Any, key_or_name: str, month: Any, value: Any) -> None:
    """Type one month's actual of an indicator (blank value clears the month)."""
    set_actuals(session, year, key_or_name, {month: value})


def set_actuals(session: Session, year: Any, key_or_name: str, values: dict[Any, Any]) -> None:
    """Type several months' actuals of an indicator at once ({month: value}; a blank value
    clears its month). Every month is checked first; the indicators the desk counts
    itself cannot be typed."""
    year = _check_year(year)
    key = resolve_key(session, year, key_or_name)
    indicator = _indicator_of(session, get_book(session, year), key) if key else None
    if indicator is None:
        raise ValidationError([_problem("key", translate("{year} 年任务书中没有这个指标，请先设定目标").format(year=year),
                                        translate("指标“{key_or_name}”").format(key_or_name=key_or_name))])
    problems = []
    if indicator.computed:
        problems.append(_problem("value", translate("由系统根据档案和日志自动统计，不能手工录入"),
                                 indicator.name))
    amounts: dict[int, Decimal | None] = {}
    for month, value in values.items():
        month_text = unicodedata.normalize("NFKC", str(month)).strip()
        if not month_text.isdigit() or int(month_text) not in MONTHS:
            problems.append(_problem("month", translate("“{month}”不是有效月份（1–12）").format(month=month), translate("月份")))
            continue
        blank = value is None or (isinstance(value, str) and not value.strip())
        try:
            amounts[int(month_text)] = None if blank else parse_number(value, indicator.unit)
        except ValueError as exc:
            problems.append(_problem("value", str(exc), translate("{name}·{month}月实际").format(name=indicator.name, month=int(month_text))))
    if problems:
        raise ValidationError(problems)
    current = {actual.month: actual for actual in session.scalars(select(TaskActual).where(
        TaskActual.indicator_id == indicator.id, TaskActual.deleted_at.is_(None)))}
    now = utcnow()
    for month, amount in amounts.items():
        stored = current.get(month)
        if amount is None:
            if stored is not None:
                stored.deleted_at = now
        elif stored is None:
            session.add(TaskActual(indicator_id=indicator.id, month=month, value=amount))
        else:
            stored.value = amount
    session.flush()


# --- what the desk counts ------------------------------------------------------------

def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """UTC times a day either side of the year (local dates are sorted out after)."""
    return datetime(year - 1, 12, 31), datetime(year + 1, 1, 2)


def _count_by_month(dates: list[date], year: int) -> dict[int, Decimal]:
    counts: dict[int, Decimal] = defaultdict(Decimal)
    for day in dates:
        if day.year == year:
            counts[day.month] += 1
    return dict(counts)


def new_clients_by_month(session: Session, year: int) -> dict[int, Decimal]:
    """Client files opened in the year, per month."""
    start, end = _year_bounds(year)
    opened = session.scalars(select(Client.created_at).where(
        Client.deleted_at.is_(None), Client.created_at >= start, Client.created_at < end))
    return _count_by_month([_local_date(at) for at in opened], year)


def visits_by_month(session: Session, year: int) -> dict[int, Decimal]:
    """Visit entries (走访) in the diary, per month of the visit."""
    rows = session.execute(
        select(extract("month", DiaryEntry.entry_date), func.count())
        .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.kind == "visit",
               DiaryEntry.entry_date >= date(year, 1, 1), DiaryEntry.entry_date <= date(year, 12, 31))
        .group_by(extract("month", DiaryEntry.entry_date)))
    return {int(month): Decimal(count) for month, count in rows}


def adoption_dates(session: Session) -> dict[str, list[date]]:
    """When each live service line became 客户已采用, from the file history: every change
    of 客户已采用 to 是, and its creation if it was created adopted."""
    changes: dict[str, list[FileHistory]] = defaultdict(list)
    for line in session.scalars(select(FileHistory).where(
            FileHistory.entity == ServiceStatus.__tablename__, FileHistory.action == "update",
            FileHistory.field == "adopted").order_by(FileHistory.at)):
        changes[line.entity_id].append(line)
    found: dict[str, list[date]] = {}
    for service_id, created_at, adopted in session.execute(
            select(ServiceStatus.id, ServiceStatus.created_at, ServiceStatus.adopted)
            .where(ServiceStatus.deleted_at.is_(None))):
        lines = changes.get(service_id, [])
        created_adopted = lines[0].old_value == ADOPTED if lines else adopted
        days = [_local_date(created_at)] if created_adopted else []
        days += [_local_date(line.at) for line in lines if line.new_value == ADOPTED]
        if days:
            found[service_id] = days
    return found


def products_landed_by_month(session: Session, year: int) -> dict[int, Decimal]:
    """Service lines that became adopted in the year, per month (a line counts once a
    year, in the month it first became adopted that year)."""
    firsts = []
    for days in adoption_dates(session).values():
        in_year = sorted(day for day in days if day.year == year)
        if in_year:
            firsts.append(in_year[0])
    return _count_by_month(firsts, year)


COMPUTERS = {
    "new_clients": new_clients_by_month,
    "visits": visits_by_month,
    "products_landed": products_landed_by_month,
}


# --- progress ------------------------------------------------------------------------

def _actual_of(measure: str, monthly: dict[int, Decimal]) -> Decimal:
    if not monthly:
        return Decimal("0.00")
    if measure == tb.LEVEL:
        return monthly[max(monthly)]
    return sum(monthly.values(), Decimal("0.00"))


def book_progress(session: Session, year: int, as_of: date | None = None) -> BookProgress:
    """Every indicator of the year's book with its actual and how it stands on `as_of`
    (default today). A year without a book gives an empty list."""
    as_of = as_of or clock.today()
    elapsed = tb.year_elapsed_share(year, as_of)
    book = get_book(session, year)
    if book is None:
        return BookProgress(year=year, as_of=as_of, elapsed=elapsed, book_id=None)
    progress = BookProgress(year=year, as_of=as_of, elapsed=elapsed, book_id=book.id,
                            source=book.source, issued_by=book.issued_by, notes=book.notes)
    indicators = list(book.indicators)
    typed: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for actual in session.scalars(select(TaskActual).where(
            TaskActual.indicator_id.in_([i.id for i in indicators]),
            TaskActual.deleted_at.is_(None))):
        typed[actual.indicator_id][actual.month] = actual.value
    for indicator in indicators:
        standard = tb.standard_indicator(indicator.key)  # fixed, whatever a package carried
        measure = standard.measure if standard else indicator.measure
        if indicator.computed and indicator.key in COMPUTERS:
            monthly = COMPUTERS[indicator.key](session, year)
        else:
            monthly = typed.get(indicator.id, {})
        actual = _actual_of(measure, monthly)
        done = tb.done_share(indicator.target, actual)
        progress.indicators.append(IndicatorProgress(
            id=indicator.id, key=indicator.key, name=indicator.name, unit=indicator.unit,
            target=indicator.target, computed=indicator.computed, measure=measure,
            monthly=dict(sorted(monthly.items())), actual=actual, done=done, elapsed=elapsed,
            on_track=tb.on_track(measure, done, elapsed)))
    return progress


def progress_dict(progress: BookProgress) -> dict[str, Any]:
    """The progress as plain data (for --json and the export)."""
    return {
        "year": progress.year, "as_of": progress.as_of.isoformat(),
        "elapsed_percent": str((progress.elapsed * 100).quantize(Decimal("0.1"))),
        "source": progress.source, "issued_by": progress.issued_by,
        "indicators": [{
            "key": item.key, "name": item.name, "unit": item.unit, "target": str(item.target),
            "actual": str(item.actual), "computed": item.computed, "measure": item.measure,
            "done_percent": None if item.done is None else str((item.done * 100).quantize(Decimal("0.1"))),
            "on_track": item.on_track, "status": item.status_label,
            "monthly": {str(month): str(value) for month, value in item.monthly.items()},
        } for item in progress.indicators],
    }
