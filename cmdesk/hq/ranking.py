"""The 考核排名 workbook: `cmdesk-hq ranking --year 2026 --quarter 1 -o FILE.xlsx`.

One row per manager whose desk sent the period's 考核表 (its sender from hq_origins),
ranked by 综合考评分 as the manager last saved it — equal scores share a rank — with the
工作实际考评得分, the department and internal-management scores, the grade and the star
level. The same sheet style as the weekly team workbook (cmdesk.hq.report); cells typed,
written atomically.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import assessment as am
from cmdesk.domain.cell_text import cells
from cmdesk.files import atomic_write
from cmdesk.hq.models import Manager, Origin
from cmdesk.hq.report import _sheet
from cmdesk.i18n import mark, translate
from cmdesk.models import Assessment

SCORE_FORMAT = "0.00"
HEADERS = ((mark("名次"), 8), (mark("客户经理"), 12), (mark("工号"), 12), (mark("工作实际考评得分"), 16),
           (mark("所在部门评价得分"), 16), (mark("内部业务管理得分"), 16), (mark("综合考评分"), 12),
           (mark("考核等次"), 10), (mark("星级"), 8))


@dataclass(frozen=True)
class RankingRow:
    """One manager's place in the period's ranking."""

    rank: int
    manager: str
    manager_id: str
    work: Decimal
    department: Decimal
    internal: Decimal
    total: Decimal
    grade: str
    stars: int


def ranking(session: Session, year: int, quarter: int) -> list[RankingRow]:
    """The period's 考核表 of every manager, best first (equal totals share a rank)."""
    rows = session.execute(
        select(Assessment, Manager.name, Manager.id)
        .join(Origin, (Origin.entity == Assessment.__tablename__) & (Origin.entity_id == Assessment.id))
        .join(Manager, Manager.id == Origin.manager_id)
        .where(Assessment.year == year, Assessment.quarter == quarter, Assessment.deleted_at.is_(None))
        .order_by(Assessment.total_score.desc(), Manager.name)).all()
    ranked: list[RankingRow] = []
    for position, (sheet, name, manager_id) in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].total == sheet.total_score else position
        ranked.append(RankingRow(rank=rank, manager=name, manager_id=manager_id, work=sheet.work_score,
                                 department=sheet.department_score, internal=sheet.internal_score,
                                 total=sheet.total_score, grade=sheet.grade, stars=sheet.stars))
    return ranked


def ranking_workbook(rows: list[RankingRow], year: int, quarter: int) -> bytes:
    """The workbook's bytes: one sheet titled with the period."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    title = translate("考核排名 {year} {period}").format(
        year=year, period=am.period_label(quarter))
    sheet = _sheet(book, title, [(translate(header), width) for header, width in HEADERS])
    for row in rows:
        sheet.append(cells([row.rank, row.manager, row.manager_id, row.work, row.department,
                            row.internal, row.total, translate(row.grade) if row.grade else "",
                            translate(am.STAR_LABELS.get(row.stars, am.STAR_LABELS[0]))]))
        for column in (4, 5, 6, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = SCORE_FORMAT
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_ranking(session: Session, year: int, quarter: int, target: Path) -> int:
    """Write the period's ranking workbook; returns how many managers it ranks."""
    rows = ranking(session, year, quarter)
    data = ranking_workbook(rows, year, quarter)
    atomic_write(target, lambda handle: handle.write(data))
    return len(rows)
