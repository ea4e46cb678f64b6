"""The weekly plan for the supervisor as an Excel workbook (.xlsx, openpyxl).

Sheet 1 "本周计划" is the week's plan, sheet 2 "上周执行情况" the week before's plan vs
actual with the unplanned contacts below it. Each sheet starts with a title row (the
manager and the week), then a header row frozen with the title; dates are real dates,
counts and rates are numbers with number formats, columns are as wide as their text.
Each sheet prints on A4 landscape, fitted to the page width, with the header row repeated
on every page, the title and page numbers in the page header and footer, and margins a
supervisor can punch and file. Free text is masked like the PDF; every cell goes through `cell_text.cells` (no formula
runs, no control character breaks the file). The file is written atomically.
"""
from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from cmdesk.domain.cell_text import cells
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.services import plans
from cmdesk.services.plans import WeekReport, WeekView
from cmdesk.services.settings import Profile, get_profile
from cmdesk.storage.db import Database
from cmdesk.workdays import UNKNOWN_YEAR_NOTE, weekday_short_name

DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "0"
RATE_FORMAT = "0%"
FONT_NAME = "等线"
HEADER_FILL = PatternFill("solid", fgColor="E4EBF3")
ACCENT = "1D4E89"
MAX_WIDTH = 60  # characters; longer text wraps
MIN_WIDTH = 6
TITLE_ROW, HEADER_ROW = 1, 2
MARGINS_INCH = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3,
                "footer": 0.3}

PLAN_HEADERS = (mark("序号"), mark("计划日期"), mark("星期"), mark("客户/事项"), mark("目的"), mark("推介产品"), mark("预期成果"), mark("优先级"),
                mark("状态"), mark("备注"))
RESULT_HEADERS = (mark("序号"), mark("计划日期"), mark("星期"), mark("客户/事项"), mark("目的"), mark("执行情况"), mark("完成日期"),
                  mark("顺延/取消原因"))
UNPLANNED_HEADERS = (mark("日期"), mark("星期"), mark("客户"), mark("方式"), mark("内容"))


def _display_width(value: Any) -> int:
    if isinstance(value, date):
        return 10
    text = str(value) if value is not None else ""
    longest = max((line for line in text.splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _weekday(day: date | None) -> str:
    return weekday_short_name(day) if day else ""


def _day_note(view: WeekView, day: date | None) -> str:
    info = next((d for d in view.days if d.day == day), None)
    return info.label if info is not None else ""


class _Sheet:
    """Writes one sheet: the title row, a frozen header row, data rows; widths at the end."""

    def __init__(self, sheet: Worksheet, title: str, headers: Sequence[str]):
        self.sheet = sheet
        self.widths = [_display_width(h) for h in headers]
        sheet.append(cells([title]))
        title_cell = sheet.cell(TITLE_ROW, 1)
        title_cell.font = Font(name=FONT_NAME, size=14, bold=True, color=ACCENT)
        sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW,
                          end_column=len(headers))
        sheet.row_dimensions[TITLE_ROW].height = 24
        self.header(headers)
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        _print_setup(sheet, title)

    def header(self, headers: Sequence[str]) -> None:
        self.sheet.append(cells(headers))
        row = self.sheet.max_row
        edge = Side(style="thin", color=ACCENT)
        for column in range(1, len(headers) + 1):
            cell = self.sheet.cell(row, column)
            cell.font = Font(name=FONT_NAME, bold=True, color=ACCENT)
            cell.fill = HEADER_FILL
            cell.border = Border(top=edge, bottom=edge)
            cell.alignment = Alignment(horizontal="center", vertical="center")

    def row(self, values: Sequence[Any], formats: dict[int, str]) -> None:
        values = cells(values)
        self.sheet.append(values)
        row = self.sheet.max_row
        for column, value in enumerate(values, 1):
            cell = self.sheet.cell(row, column)
            cell.font = Font(name=FONT_NAME)
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
            if column in formats:
                cell.number_format = formats[column]
            if column <= len(self.widths):
                self.widths[column - 1] = max(self.widths[column - 1], _display_width(value))

    def note(self, text: str) -> None:
        self.sheet.append(cells([text]))
        self.sheet.cell(self.sheet.max_row, 1).font = Font(name=FONT_NAME, italic=True,
                                                           color="616E7C")

    def finish(self) -> None:
        for column, width in enumerate(self.widths, 1):
            self.sheet.column_dimensions[get_column_letter(column)].width = (
                min(max(width, MIN_WIDTH), MAX_WIDTH) + 2)


def _print_setup(sheet: Worksheet, title: str) -> None:
    """A4 landscape, one page wide (as many pages long as needed), the header row repeated,
    the title at the top of every page and "第 n 页，共 m 页" at the bottom."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    for side, inches in MARGINS_INCH.items():
        setattr(sheet.page_margins, side, inches)
    # "&" starts a header/footer code in Excel: a title holding one must not become a code
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = translate("第 &P 页，共 &N 页")  # &P page, &N pages: Excel's codes


def _title(profile: Profile, view: WeekView, what: str) -> str:
    return translate("{branch} {name}（{grade}） {title} {what}").format(branch=profile.branch, name=profile.name, grade=translate(profile.grade), title=view.title, what=what).strip()


def _plan_sheet(sheet: Worksheet, profile: Profile, view: WeekView) -> None:
    out = _Sheet(sheet, _title(profile, view, translate("周工作计划")), [translate(h) for h in PLAN_HEADERS])
    formats = {1: COUNT_FORMAT, 2: DATE_FORMAT}
    for i, item in enumerate(view.items, 1):
        out.row([i, item.planned_date, _weekday(item.planned_date), item.subject,
                 item.purpose_label, translate("、").join(item.product_names),
                 mask_free_text(item.expected_outcome), item.priority_label, item.status_label,
                 _day_note(view, item.planned_date)], formats)
    if not view.calendar_known:
        out.note(translate(UNKNOWN_YEAR_NOTE))
    if view.notes:
        out.note(translate("本周重点：{notes}").format(notes=mask_free_text(view.notes)))
    out.finish()


def _result_sheet(sheet: Worksheet, profile: Profile, view: WeekView) -> None:
    out = _Sheet(sheet, _title(profile, view, translate("计划执行情况")), [translate(h) for h in RESULT_HEADERS])
    formats = {1: COUNT_FORMAT, 2: DATE_FORMAT, 7: DATE_FORMAT}
    for i, item in enumerate(view.items, 1):
        out.row([i, item.planned_date, _weekday(item.planned_date), item.subject,
                 item.purpose_label, item.status_label, item.entry_date,
                 mask_free_text(item.reason)], formats)
    counts = view.counts
    out.sheet.append([])
    for label, value, number_format in (
            (translate("计划事项"), len(view.items), COUNT_FORMAT), (translate("已完成"), counts["done"], COUNT_FORMAT),
            (translate("已顺延"), counts["moved"], COUNT_FORMAT), (translate("已取消"), counts["dropped"], COUNT_FORMAT),
            (translate("未完成"), counts["planned"], COUNT_FORMAT),
            (translate("计划外联系"), len(view.unplanned), COUNT_FORMAT),
            (translate("完成率"), view.done_rate, RATE_FORMAT)):
        out.row([label, value], {2: number_format})
        out.sheet.cell(out.sheet.max_row, 1).font = Font(name=FONT_NAME, bold=True)
    out.sheet.append([])
    out.sheet.append(cells([translate("计划外联系明细")]))
    out.sheet.cell(out.sheet.max_row, 1).font = Font(name=FONT_NAME, bold=True, color=ACCENT)
    out.header([translate(h) for h in UNPLANNED_HEADERS])
    for contact in view.unplanned:
        out.row([contact.entry_date, _weekday(contact.entry_date), contact.client_name,
                 contact.kind_label, mask_free_text(contact.content)], {1: DATE_FORMAT})
    out.finish()


def build_week_workbook(report: WeekReport, profile: Profile) -> Workbook:
    book = Workbook()
    plan_sheet = book.active
    plan_sheet.title = translate("本周计划")
    _plan_sheet(plan_sheet, profile, report.plan)
    _result_sheet(book.create_sheet(translate("上周执行情况")), profile, report.previous)
    book.properties.creator = profile.name or "cmdesk"
    book.properties.title = translate("周工作计划 {week}").format(week=report.plan.week)
    return book


def render_week_workbook(session: Session, week: str) -> bytes:
    """The workbook's bytes for a week's plan and the week before's results."""
    book = build_week_workbook(plans.week_report(session, week), get_profile(session))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_week_workbook(db: Database, week: str, path: str | os.PathLike[str]) -> Path:
    """Write the week plan workbook to `path` atomically; returns the path."""
    with db.session() as session:
        data = render_week_workbook(session, week)
    return atomic_write(path, lambda handle: handle.write(data))
