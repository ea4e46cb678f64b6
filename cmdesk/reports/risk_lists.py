"""The supervisor's risk printouts, as PDF (house style, A4) and Excel (.xlsx):

- 贷后检查清单 of a month: the clients whose post-loan check falls due by the month's end
  (the overdue ones first) and the checks done in the month, with both checkers;
- 预警客户清单: the clients with an open warning signal or a loan worse than 正常, worst
  classification first, with the newest signal's cause, measures, responsible and deadline.

Free text is masked (mask_free_text) in both forms; files are written atomically.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.money import format_money
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.reports.style import (
    CONTENT_WIDTH,
    Letterhead,
    build_pdf,
    data_table,
    heading,
    house_styles,
    para,
    signature_lines,
    spacer,
)
from cmdesk.reports.week_plan_xlsx import COUNT_FORMAT, DATE_FORMAT, _Sheet
from cmdesk.services import plans, risk
from cmdesk.services.risk import MonthChecks, WatchLine
from cmdesk.services.settings import Profile, get_profile
from cmdesk.storage.db import Database

MONEY_FORMAT = "#,##0.00"
DUE_HEADERS = (mark("序号"), mark("客户"), mark("应检查日"), mark("逾期天数"), mark("上次检查"), mark("存续贷款（笔）"), mark("贷款余额（元）"))
DONE_HEADERS = (mark("序号"), mark("检查日期"), mark("客户"), mark("方式"), mark("检查人"), mark("第二检查人"), mark("建议分类"), mark("检查结论"))
WATCH_PDF_HEADERS = (mark("序号"), mark("客户"), mark("五级分类"), mark("贷款余额（元）"), mark("预警信号"), mark("风险成因及防范措施"),
                     mark("责任人"), mark("处置期限"))
WATCH_HEADERS = (mark("序号"), mark("客户"), mark("五级分类"), mark("贷款余额（元）"), mark("未解除信号"), mark("最新信号"), mark("风险成因"),
                 mark("防范措施"), mark("责任人"), mark("处置期限"))


def _day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _overdue(days: int) -> str:
    return translate("逾期 {days} 天").format(days=days) if days > 0 else (translate("今日") if days == 0 else translate("{value} 天后").format(value=-days))


def _title(profile: Profile, what: str) -> str:
    return translate("{branch} {name}（{grade}） {what}").format(branch=profile.branch, name=profile.name, grade=translate(profile.grade), what=what).strip()


def _month_title(checks: MonthChecks) -> str:
    return translate("{year}年{month}月贷后检查清单").format(year=checks.first.year, month=checks.first.month)


# --------------------------------------------------------------------------- PDF

def _widths(*fixed_mm: float) -> list[float]:
    """Column widths: the one given as 0 takes what the others leave."""
    widths = [w * mm for w in fixed_mm]
    widths[widths.index(0)] = CONTENT_WIDTH - sum(widths)
    return widths


def _month_story(checks: MonthChecks) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [para(_month_title(checks), styles.title),
                             para(f"{_day(checks.first)} — {_day(checks.last)}", styles.subtitle)]
    story += heading(translate("一、本月应检查客户（{count} 户）").format(count=len(checks.due)))
    if checks.due:
        rows = [[str(i), line.client_name, _day(line.due), _overdue(line.days_overdue),
                 _day(line.last_check), str(line.loans), format_money(line.balance)]
                for i, line in enumerate(checks.due, 1)]
        story.append(data_table([translate(h) for h in DUE_HEADERS], rows, _widths(10, 0, 22, 22, 22, 20, 30)))
    else:
        story.append(para(translate("本月没有到期的贷后检查。"), styles.note))
    story += heading(translate("二、本月已完成检查（{count} 次）").format(count=len(checks.done)))
    if checks.done:
        rows = [[str(i), _day(c.check_date), c.client_name, c.mode_label, c.checker,
                 c.second_checker, translate(c.proposed_class), mask_free_text(c.conclusion)]
                for i, c in enumerate(checks.done, 1)]
        story.append(data_table([translate(h) for h in DONE_HEADERS], rows, _widths(10, 20, 32, 18, 16, 18, 14, 0)))
    else:
        story.append(para(translate("本月尚无贷后检查记录。"), styles.note))
    story += [spacer(8), signature_lines([translate("客户经理"), translate("主管")])]
    return story


def _watch_story(lines: list[WatchLine], today: date) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [para(translate("预警客户清单"), styles.title),
                             para(translate("截至 {today}，共 {count} 户").format(today=_day(today), count=len(lines)), styles.subtitle)]
    if lines:
        rows = [[str(i), line.client_name, translate(line.worst_class), format_money(line.balance),
                 translate("{latest_signal}\n共 {open_signals} 条未解除").format(latest_signal=line.latest_signal, open_signals=line.open_signals) if line.open_signals
                 else "—",
                 translate("成因：{cause}\n措施：{measures}").format(cause=mask_free_text(line.cause), measures=mask_free_text(line.measures))
                 if line.open_signals else "", line.responsible, _day(line.deadline)]
                for i, line in enumerate(lines, 1)]
        story.append(data_table([translate(h) for h in WATCH_PDF_HEADERS], rows, _widths(10, 28, 16, 24, 30, 0, 14, 20)))
    else:
        story.append(para(translate("目前没有预警客户。"), styles.note))
    story += [spacer(8), signature_lines([translate("客户经理"), translate("主管")])]
    return story


def render_month_checks(session: Session, month: str, today: date,
                        generated_at: datetime | None = None) -> bytes:
    checks = risk.month_checks(session, *plans.month_bounds(month), today)
    letterhead = Letterhead.for_profile(get_profile(session), generated_at=generated_at)
    data, _doc = build_pdf(_month_story(checks), letterhead, _month_title(checks))
    return data


def render_watch_list(session: Session, today: date,
                      generated_at: datetime | None = None) -> bytes:
    letterhead = Letterhead.for_profile(get_profile(session), generated_at=generated_at)
    data, _doc = build_pdf(_watch_story(risk.watch_list(session), today), letterhead,
                           translate("预警客户清单 {today}").format(today=_day(today)))
    return data


# --------------------------------------------------------------------------- Excel

def _workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_month_checks_xlsx(session: Session, month: str, today: date) -> bytes:
    checks = risk.month_checks(session, *plans.month_bounds(month), today)
    profile = get_profile(session)
    book = Workbook()
    due_sheet = book.active
    due_sheet.title = translate("应检查客户")
    out = _Sheet(due_sheet, _title(profile, _month_title(checks)), [translate(h) for h in DUE_HEADERS])
    for i, line in enumerate(checks.due, 1):
        out.row([i, line.client_name, line.due, line.days_overdue, line.last_check, line.loans,
                 line.balance], {1: COUNT_FORMAT, 3: DATE_FORMAT, 4: COUNT_FORMAT,
                                 5: DATE_FORMAT, 6: COUNT_FORMAT, 7: MONEY_FORMAT})
    out.finish()
    out = _Sheet(book.create_sheet(translate("已完成检查")), _title(profile, _month_title(checks)),
                 [translate(h) for h in DONE_HEADERS])
    for i, check in enumerate(checks.done, 1):
        out.row([i, check.check_date, check.client_name, check.mode_label, check.checker,
                 check.second_checker, translate(check.proposed_class), mask_free_text(check.conclusion)],
                {1: COUNT_FORMAT, 2: DATE_FORMAT})
    out.finish()
    book.properties.creator = profile.name or "cmdesk"
    book.properties.title = _month_title(checks)
    return _workbook_bytes(book)


def render_watch_list_xlsx(session: Session, today: date) -> bytes:
    profile = get_profile(session)
    book = Workbook()
    sheet = book.active
    sheet.title = translate("预警客户清单")
    out = _Sheet(sheet, _title(profile, translate("预警客户清单（截至 {today}）").format(today=_day(today))), [translate(h) for h in WATCH_HEADERS])
    for i, line in enumerate(risk.watch_list(session), 1):
        out.row([i, line.client_name, translate(line.worst_class), line.balance, line.open_signals,
                 line.latest_signal, mask_free_text(line.cause), mask_free_text(line.measures),
                 line.responsible, line.deadline],
                {1: COUNT_FORMAT, 4: MONEY_FORMAT, 5: COUNT_FORMAT, 10: DATE_FORMAT})
    out.finish()
    book.properties.creator = profile.name or "cmdesk"
    book.properties.title = translate("预警客户清单")
    return _workbook_bytes(book)


# --------------------------------------------------------------------------- files

def _write(db: Database, render: Callable[[Session], bytes], path: str | os.PathLike[str]) -> Path:
    with db.session() as session:
        data = render(session)
    return atomic_write(path, lambda handle: handle.write(data))


def write_month_checks(db: Database, month: str, path: str | os.PathLike[str],
                       today: date) -> Path:
    """The month's check list to `path`: Excel when it ends in .xlsx, else PDF."""
    if str(path).lower().endswith(".xlsx"):
        return _write(db, lambda s: render_month_checks_xlsx(s, month, today), path)
    return _write(db, lambda s: render_month_checks(s, month, today), path)


def write_watch_list(db: Database, path: str | os.PathLike[str], today: date) -> Path:
    """The 预警客户清单 to `path`: Excel when it ends in .xlsx, else PDF."""
    if str(path).lower().endswith(".xlsx"):
        return _write(db, lambda s: render_watch_list_xlsx(s, today), path)
    return _write(db, lambda s: render_watch_list(s, today), path)
