"""Visit-report PDFs (访客报告): one visit on A4, or the month-end pack for the supervisor
(cover, table of contents, one report per visit, a bookmark each).

Personal information is masked unless `unmasked` is asked for; an unmasked print is
recorded in the client file's history. Files are written atomically.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)
from sqlalchemy.orm import Session

from cmdesk.domain import diary_fields as df
from cmdesk.errors import Cancelled, CmdeskError
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.models import Contact
from cmdesk.reports.style import (
    CONTENT_WIDTH,
    PAGE_TEMPLATE,
    Bookmark,
    HouseStyles,
    Letterhead,
    Privacy,
    build_pdf,
    data_table,
    field_grid,
    heading,
    house_styles,
    numbered,
    para,
    signature_lines,
    spacer,
    text_block,
)
from cmdesk.services import diary
from cmdesk.services.diary import EntryView
from cmdesk.services.settings import get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database
from cmdesk.workdays import weekday_name

# the fields' Chinese labels by key; translate() them where shown
REPORT_LABELS = {spec.key: spec.source_label for spec in df.VISIT_REPORT.fields}
ENTRY_LABELS = {spec.key: spec.source_label for spec in df.ENTRY.fields}
FOLLOW_UP_LABELS = {spec.key: spec.source_label for spec in df.FOLLOW_UP.fields}
PRINT_UNMASKED = audit.PRINT_UNMASKED


def _day(value: date | None) -> str:
    return translate("{day}（{weekday}）").format(day=f"{value:%Y-%m-%d}", weekday=weekday_name(value)) if value else ""


def _local_day(value: datetime) -> str:
    return f"{value.replace(tzinfo=UTC).astimezone():%Y-%m-%d}"


def _people(people: list[dict[str, str]], phones: dict[str, str] | None = None) -> str:
    described = []
    for person in people:
        extra = [person.get("position") or ""]
        if phones and phones.get(person.get("id") or ""):
            extra.append(phones[person["id"]])
        extra = [part for part in extra if part]
        described.append(translate("{name}（{details}）").format(name=person["name"], details=translate("，").join(extra))
                         if extra else person["name"])
    return translate("、").join(described)


def _bookmark_key(view: EntryView) -> str:
    return f"visit-{view.entry.id}"


def _bookmark_title(view: EntryView) -> str:
    return f"{view.entry.entry_date:%Y-%m-%d} {view.client_name}"


class _Sections:
    """Numbered section headings: 一、拜访目的, 二、洽谈内容 …"""

    def __init__(self) -> None:
        self.count = 0

    def heading(self, title: str) -> list[Flowable]:
        self.count += 1
        return heading(numbered(self.count, title))


def _report_story(session: Session, view: EntryView, privacy: Privacy) -> list[Flowable]:
    """The flowables of one visit report, starting with its bookmark."""
    styles = house_styles()
    entry, report, client = view.entry, view.report, view.entry.client
    phones = {}
    for person in view.contacts_met:
        contact = session.get(Contact, person["id"]) if person.get("id") else None
        if contact is not None and contact.phone:
            phones[contact.id] = privacy.phone(contact.phone)
    code_label, code = (translate("证件号码"), client.id_number) if client.kind == "individual" else (
        translate("统一社会信用代码"), client.credit_code)
    when = translate("，").join(part for part in (
        entry.start_time.strftime("%H:%M") if entry.start_time else "",
        translate("{duration_minutes} 分钟").format(duration_minutes=entry.duration_minutes) if entry.duration_minutes else "") if part)

    def report_text(key: str) -> str:
        return privacy.text(getattr(report, key) or "") if report else ""

    story: list[Flowable] = [
        Bookmark(_bookmark_key(view), _bookmark_title(view)),
        para(translate("访客报告"), styles.title),
        para(translate("{client_name}　{entry_date:%Y-%m-%d}").format(client_name=view.client_name, entry_date=entry.entry_date), styles.subtitle),
        field_grid([
            [(translate("客户名称"), view.client_name)],
            [(translate("客户等级"), translate(client.tier)), (code_label, privacy.id_number(code or ""))],
            [(translate("拜访日期"), _day(entry.entry_date)), (translate("时间"), when)],
            [(translate(REPORT_LABELS["place"]), report_text("place")),
             (translate(REPORT_LABELS["next_visit_date"]), _day(report.next_visit_date) if report else "")],
            [(translate(REPORT_LABELS["our_participants"]), report_text("our_participants"))],
            [(translate("客户方人员"), _people(view.client_participants))],
            [(translate("见到的联系人"), _people(view.contacts_met, phones))],
        ]),
    ]
    sections = _Sections()
    for key in ("purpose", "discussion", "needs_found"):
        story += [*sections.heading(translate(REPORT_LABELS[key])), *text_block(report_text(key), styles.body)]
    story += sections.heading(translate("推荐产品"))
    products = [translate("{name}（{category}）").format(name=p.name, category=p.category) if p.category else p.name
                for p in view.products_recommended]
    story += text_block("\n".join(f"{i}. {name}" for i, name in enumerate(products, 1)),
                        styles.body, empty=translate("（无）"))
    story += [*sections.heading(translate(REPORT_LABELS["client_reaction"])),
              *text_block(report_text("client_reaction"), styles.body),
              *sections.heading(translate(REPORT_LABELS["important_changes"])),
              *text_block(report_text("important_changes"), styles.body, empty=translate("（无）")),
              _report_upward_line(view, styles),
              *sections.heading(translate(REPORT_LABELS["service_view"])),
              *text_block(report_text("service_view"), styles.body)]
    story += sections.heading(translate("工作日志"))
    for key in ("content", "outcome", "next_step"):
        story += [para(translate(ENTRY_LABELS[key]), styles.label),
                  *text_block(privacy.text(getattr(entry, key) or ""), styles.body)]
    story += sections.heading(df.FOLLOW_UP.label)
    story.append(_follow_up_table(view, privacy, styles))
    story.append(KeepTogether([spacer(6), signature_lines([translate("客户经理"), translate("主管")])]))
    return story


def _report_upward_line(view: EntryView, styles: HouseStyles) -> Paragraph:
    label = translate(REPORT_LABELS["important_change_flag"])
    report = view.report
    if report is None or not report.important_change_flag:
        return para(translate("{label}：否").format(label=label), styles.note)
    state = translate("已于 {reported_at} 报告").format(reported_at=_local_day(report.reported_at)) if report.reported_at else translate("尚未报告")
    return para(translate("■ {label}：是（{state}）").format(label=label, state=state), styles.alert)


def _follow_up_table(view: EntryView, privacy: Privacy, styles: HouseStyles) -> Flowable:
    if not view.follow_ups:
        return para(translate("本次走访没有督办事项。"), styles.note)
    rows = []
    for i, item in enumerate(view.follow_ups, 1):
        result = privacy.text(item.result or "")
        if item.told_client_on:
            result = translate("{result}\n（{told_client_on:%Y-%m-%d} 已回复客户）").format(result=result, told_client_on=item.told_client_on).strip()
        rows.append([str(i), privacy.text(item.request), item.department, item.chaser,
                     f"{item.due_date:%Y-%m-%d}" if item.due_date else "",
                     df.FollowUpStatus.label_of(item.status), result])
    labels = FOLLOW_UP_LABELS
    header = [translate("序号"), translate(labels["request"]), translate(labels["department"]), translate(labels["chaser"]),
              translate(labels["due_date"]), translate(labels["status"]), translate(labels["result"])]
    widths = [10 * mm, 48 * mm, 24 * mm, 18 * mm, 21 * mm, 19 * mm]
    return data_table(header, rows, [*widths, CONTENT_WIDTH - sum(widths)])


# --------------------------------------------------------------------------- one report

def render_visit_report(session: Session, entry_id: str, *, unmasked: bool = False,
                        generated_at: datetime | None = None) -> bytes:
    """The PDF of one visit's report (reads only; recording an unmasked print is the
    caller's job, see visit_report_pdf)."""
    view = diary.get_entry(session, entry_id)
    if view.entry.kind != "visit":
        kind = df.entry_kind_label(view.entry.kind)
        raise CmdeskError(translate("这条日志是“{kind}”，只有走访才有访客报告").format(kind=kind))
    privacy = Privacy(unmasked)
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(_report_story(session, view, privacy), letterhead,
                           translate("访客报告 {view}").format(view=_bookmark_title(view)))
    return data


def visit_report_pdf_in(session: Session, entry_id: str, *, unmasked: bool = False) -> bytes:
    """One visit report as PDF bytes, read in `session`; an unmasked report is recorded
    in the client file's history in the same session (a transaction then, naming the actor)."""
    data = render_visit_report(session, entry_id, unmasked=unmasked)
    if unmasked:
        entry = diary.get_entry_record(session, entry_id)
        audit.record_event(session, PRINT_UNMASKED,
                           translate("{entry_date} 访客报告（未隐去个人信息）").format(entry_date=entry.entry_date),
                           entity="diary_entries", entity_id=entry.id, client_id=entry.client_id)
    return data


def visit_report_pdf(db: Database, entry_id: str, *, unmasked: bool = False,
                     actor: str = "") -> bytes:
    """One visit report as PDF bytes (for a preview, a printer or a file). An unmasked
    report is recorded in the client file's history before it is handed out."""
    if not unmasked:
        with db.session() as session:
            return visit_report_pdf_in(session, entry_id)
    with db.transaction(actor) as session:
        return visit_report_pdf_in(session, entry_id, unmasked=True)


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    return atomic_write(path, lambda handle: handle.write(data))


def write_visit_report(db: Database, entry_id: str, path: str | os.PathLike[str], *,
                       unmasked: bool = False, actor: str = "") -> Path:
    """Write one visit report to `path` (atomically); returns the path."""
    return _write_bytes(path, visit_report_pdf(db, entry_id, unmasked=unmasked, actor=actor))


# --------------------------------------------------------------------------- the pack

def _pack_story(views: list[EntryView], session: Session, start: date, end: date,
                letterhead: Letterhead, pages: dict[str, int]) -> list[Flowable]:
    styles = house_styles()
    privacy = letterhead.privacy
    story: list[Flowable] = [
        spacer(45),
        para(translate("访客报告汇总"), styles.cover_title),
        field_grid([
            [(translate("报告期间"), translate("{start:%Y-%m-%d} 至 {end:%Y-%m-%d}").format(start=start, end=end))],
            [(translate("客户经理"), translate("{manager}（{grade}）").format(manager=letterhead.manager, grade=letterhead.grade))],
            [(translate("所属机构"), letterhead.branch)],
            [(translate("报告份数"), translate("{count} 份").format(count=len(views)))],
            [(translate("生成时间"), f"{letterhead.generated_at:%Y-%m-%d %H:%M}")],
        ], label_width=30 * mm),
        spacer(30),
        signature_lines([translate("主管审阅")]),
        NextPageTemplate(PAGE_TEMPLATE),
        PageBreak(),
        para(translate("目　录"), styles.title),
        spacer(4),
    ]
    rows = []
    for i, view in enumerate(views, 1):
        key = _bookmark_key(view)
        link = Paragraph(f'<a href="#{key}">{escape(view.client_name)}</a>', styles.cell)
        rows.append([str(i), link, _day(view.entry.entry_date),
                     str(pages[key]) if key in pages else "—"])
    widths = [14 * mm, 0, 44 * mm, 18 * mm]
    widths[1] = CONTENT_WIDTH - sum(widths)
    story.append(data_table([translate("序号"), translate("客户"), translate("拜访日期"), translate("页码")], rows, widths))
    for view in views:
        story += [PageBreak(), *_report_story(session, view, privacy)]
    return story


def render_visit_pack(session: Session, start: date, end: date, *,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None,
                      generated_at: datetime | None = None) -> tuple[bytes, int]:
    """The month-end pack of every visit from start to end (inclusive), masked: the PDF
    bytes and how many reports it holds.

    Laid out twice: a first pass, without making a PDF, finds the page each report starts
    on for the contents (page numbers do not change the contents' height, so the second
    pass is final). `progress(done, total)` counts reports laid out over both passes;
    `cancelled()` is asked before each report and a True answer raises Cancelled.
    """
    if end < start:
        raise CmdeskError(translate("结束日期 {end} 早于开始日期 {start}").format(end=end, start=start))
    views = [view for view in diary.entries_between(session, start, end)
             if view.entry.kind == "visit"]
    if not views:
        raise CmdeskError(translate("{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 没有走访记录，没有可打印的访客报告").format(start=start, end=end))
    letterhead = Letterhead.for_profile(get_profile(session), Privacy(), generated_at)
    total = 2 * len(views)
    done = 0

    def on_report(_key: str) -> None:
        nonlocal done
        if cancelled is not None and cancelled():
            raise Cancelled(translate("已取消，没有写出文件"))
        done += 1
        if progress is not None:
            progress(done, total)

    title = translate("访客报告汇总 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}").format(start=start, end=end)
    first = _pack_story(views, session, start, end, letterhead, pages={})
    _nothing, laid_out = build_pdf(first, letterhead, title, on_bookmark=on_report, cover=True,
                                   layout_only=True)
    final = _pack_story(views, session, start, end, letterhead, laid_out.bookmark_pages)
    data, _doc = build_pdf(final, letterhead, title, on_bookmark=on_report, cover=True)
    return data, len(views)


def write_visit_pack_in(session: Session, start: date, end: date, path: str | os.PathLike[str], *,
                        progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
    """Write the pack of visit reports from start to end, read in `session`, to `path`
    (atomically; nothing is written when cancelled); returns how many reports it holds."""
    data, count = render_visit_pack(session, start, end, progress=progress, cancelled=cancelled)
    _write_bytes(path, data)
    return count


def write_visit_pack(db: Database, start: date, end: date, path: str | os.PathLike[str], *,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> int:
    """write_visit_pack_in in a session of its own (the command line)."""
    with db.session() as session:
        return write_visit_pack_in(session, start, end, path, progress=progress, cancelled=cancelled)
