"""The month's 《客户经理日志》 as PDF (house style, A4), for the supervisor's monthly check:
the month's figures (entries by kind, contacts by client tier), every entry of the month
with the supervisor's remark where there is one, the clients overdue for contact and the
open follow-ups, and the supervisor's review — printed when it came back from head
office, else lines to sign by hand. Free text is masked (Privacy); files are written
atomically.
"""
from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from cmdesk.domain import diary_fields as df
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.reports.style import (
    CONTENT_WIDTH,
    Letterhead,
    Privacy,
    build_pdf,
    data_table,
    heading,
    house_styles,
    para,
    signature_lines,
    spacer,
    text_block,
)
from cmdesk.services.month_diary import TIER_KINDS, MonthDiary, month_diary
from cmdesk.services.settings import get_profile
from cmdesk.storage.db import Database


def _day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _widths(*fixed_mm: float) -> list[float]:
    """Column widths: the one given as 0 takes what the others leave."""
    widths = [w * mm for w in fixed_mm]
    widths[widths.index(0)] = CONTENT_WIDTH - sum(widths)
    return widths


def month_diary_title(month: MonthDiary) -> str:
    return translate("{year}年{month}月客户经理日志").format(year=month.first.year,
                                                      month=month.first.month)


def _figures(month: MonthDiary) -> list[Flowable]:
    styles = house_styles()
    kinds = translate("、").join(
        translate("{kind} {count} 条").format(kind=translate(df.entry_kind_label(kind)), count=count)
        for kind, count in month.by_kind if count)
    story: list[Flowable] = heading(translate("一、本月概况"))
    story.append(para(translate("本月日志共 {count} 条：{kinds}。").format(
        count=len(month.entries), kinds=kinds or translate("无")) if month.entries
        else translate("本月没有日志。"), styles.body))
    header = [translate("客户分级"), *(translate(df.entry_kind_label(k)) for k in TIER_KINDS),
              translate("合计")]
    rows = [[line.tier or translate("未分级"), *map(str, line.counts), str(line.total)]
            for line in month.by_tier]
    totals = month.tier_totals
    rows.append([translate("合计"), *map(str, totals), str(sum(totals))])
    story.append(para(translate("按客户分级统计的联系次数："), styles.label))
    story.append(data_table(header, rows, _widths(0, 24, 24, 24, 24, 24)))
    return story


def _entries(month: MonthDiary, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = heading(translate("二、日志明细（{count} 条）").format(
        count=len(month.entries)))
    if not month.entries:
        return story + [para(translate("本月没有日志。"), styles.note)]
    rows = []
    for entry in month.entries:
        row = entry.row
        lines = [privacy.text(row.content)]
        if row.outcome:
            lines.append(translate("结果：{text}").format(text=privacy.text(row.outcome)))
        if row.next_step:
            lines.append(translate("下一步：{text}").format(text=privacy.text(row.next_step)))
        who = row.client_name
        if row.contacts:
            who = translate("{client}（{contacts}）").format(client=who, contacts=row.contacts)
        rows.append([f"{row.entry_date:%m-%d} {row.time_text}".strip(),
                     translate(df.entry_kind_label(row.kind)), who, "\n".join(filter(None, lines)),
                     privacy.text(entry.remark)])
    story.append(data_table([translate("日期"), translate("类别"), translate("客户（接触人）"),
                             translate("工作内容"), translate("主管批注")],
                            rows, _widths(20, 18, 34, 0, 36)))
    return story


def _overdue(month: MonthDiary) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = heading(translate("三、逾期未联系客户（截至 {day}，{count} 户）").format(
        day=_day(month.as_of), count=len(month.overdue)))
    if not month.overdue:
        return story + [para(translate("没有逾期未联系的客户。"), styles.note)]
    rows = [[str(i), line.client_name, line.tier,
             _day(line.last_contact) or translate("从未联系"), _day(line.due),
             translate("{days} 天").format(days=line.days_overdue)]
            for i, line in enumerate(month.overdue, 1)]
    story.append(data_table([translate("序号"), translate("客户"), translate("分级"),
                             translate("上次联系"), translate("应联系日"), translate("逾期")],
                            rows, _widths(12, 0, 18, 26, 26, 20)))
    return story


def _follow_ups(month: MonthDiary, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = heading(translate("四、未结督办事项（截至 {day}，{count} 项）").format(
        day=_day(month.as_of), count=len(month.open_follow_ups)))
    if not month.open_follow_ups:
        return story + [para(translate("没有未结的督办事项。"), styles.note)]
    rows = [[str(i), item.client_name, privacy.text(item.request), item.department, item.chaser,
             _day(item.due_date), translate(df.FollowUpStatus.label_of(item.status)),
             translate("逾期 {days} 天").format(days=item.days_overdue) if item.days_overdue > 0
             else ""]
            for i, item in enumerate(month.open_follow_ups, 1)]
    story.append(data_table([translate("序号"), translate("客户"), translate("事项"),
                             translate("承办部门"), translate("督办人"), translate("期限"),
                             translate("状态"), translate("逾期")],
                            rows, _widths(10, 28, 0, 22, 16, 20, 16, 18)))
    return story


def _review(month: MonthDiary, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = heading(translate("五、主管审阅意见"))
    review = month.review
    if review is None:
        story.append(para(translate("（总行尚未发回审阅意见，请主管在下方填写并签字）"), styles.note))
        return story + [spacer(24), signature_lines([translate("客户经理"), translate("主管")])]
    story.append(para(translate("已审阅：{reviewer}，{day}，批注 {remarks} 条").format(
        reviewer=review.reviewer or translate("总行"),
        day=f"{review.reviewed_at.replace(tzinfo=UTC).astimezone():%Y-%m-%d}",
        remarks=review.remarks), styles.label))
    story += text_block(privacy.text(review.opinion), styles.body)
    return story


def render_month_diary(session: Session, month: str, today: date, *, unmasked: bool = False,
                       generated_at: datetime | None = None) -> bytes:
    """The PDF of the month ("2026-11") of the diary (reads only)."""
    content = month_diary(session, month, today)
    privacy = Privacy(unmasked)
    styles = house_styles()
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    subtitle = translate("{first} — {last}").format(first=_day(content.first), last=_day(content.last))
    if content.review is not None:
        subtitle = translate("{period} · 已审阅").format(period=subtitle)
    story: list[Flowable] = [para(month_diary_title(content), styles.title),
                             para(subtitle, styles.subtitle)]
    story += _figures(content)
    story += _entries(content, privacy)
    story += _overdue(content)
    story += _follow_ups(content, privacy)
    story += _review(content, privacy)
    data, _doc = build_pdf(story, letterhead, month_diary_title(content))
    return data


def write_month_diary(db: Database, month: str, path: str | os.PathLike[str],
                      today: date) -> Path:
    """Write the month's diary PDF to `path` (atomically); returns the path."""
    with db.session() as session:
        data = render_month_diary(session, month, today)
    return atomic_write(path, lambda handle: handle.write(data))
