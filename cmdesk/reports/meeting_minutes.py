"""The minutes of a team meeting (工作例会 会议纪要) as a PDF on A4 in the house style, to
be filed (备案): date, topic, chair and attendees, what each attendee reported, the
decisions, the action items with owner, client and deadline, and lines to sign.

Free text is printed with personal information masked (phones, ID numbers), as every
printout of the desk is by default.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import meeting_fields as mf
from cmdesk.domain.client_fields import SectionSpec
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.reports.style import (
    CONTENT_WIDTH,
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
from cmdesk.services import meetings
from cmdesk.services.meetings import MeetingView
from cmdesk.services.settings import get_profile
from cmdesk.storage.db import Database


def _label(spec: SectionSpec, key: str) -> str:
    return translate(spec.field(key).label)


def _story(view: MeetingView, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [
        para(translate("客户经理工作例会纪要"), styles.title),
        para(translate("{day}　{title}").format(day=f"{view.meeting_date:%Y-%m-%d}", title=view.title), styles.subtitle),
        field_grid([
            [(_label(mf.MEETING, "meeting_date"), f"{view.meeting_date:%Y-%m-%d}"),
             (_label(mf.MEETING, "chair"), view.chair)],
            [(_label(mf.MEETING, "title"), view.title)],
            [(_label(mf.MEETING, "attendees"), translate("、").join(view.attendee_names()))],
        ], label_width=26 * mm),
    ]
    sections = [translate("个人汇报"), translate("会议决定"), translate("工作安排")]
    titles = [numbered(i + 1, title) for i, title in enumerate(sections)]

    story += heading(titles[0])
    if view.reports:
        widths = [26 * mm, CONTENT_WIDTH - 26 * mm]
        story.append(data_table([_label(mf.REPORT, "speaker"), _label(mf.REPORT, "text")],
                                [[speaker, privacy.text(text)] for _id, speaker, text in view.reports],
                                widths))
    else:
        story.append(para(translate("（无）"), styles.note))

    story += heading(titles[1])
    story += text_block(privacy.text(view.decisions), styles.body)

    story += heading(titles[2])
    if view.actions:
        widths = [0, 22 * mm, 40 * mm, 22 * mm, 18 * mm]
        widths[0] = CONTENT_WIDTH - sum(widths)
        rows = [[privacy.text(a.text), a.owner, a.client_name,
                 f"{a.due_date:%Y-%m-%d}" if a.due_date else "", a.follow_up_status]
                for a in view.actions]
        story.append(data_table([_label(mf.ACTION, "text"), _label(mf.ACTION, "owner"),
                                 _label(mf.ACTION, "client_id"), _label(mf.ACTION, "due_date"),
                                 translate("督办状态")], rows, widths))
    else:
        story.append(para(translate("（无）"), styles.note))
    story.append(KeepTogether([spacer(8), signature_lines(
        [translate("主持人"), translate("记录人")])]))
    return story


def render_minutes(session: Session, meeting_id: str, *,
                   generated_at: datetime | None = None) -> bytes:
    """The PDF of one meeting's minutes."""
    view = meetings.meeting_view(session, meeting_id)
    privacy = Privacy()
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(_story(view, privacy), letterhead,
                           translate("例会纪要 {day} {title}").format(
                               day=f"{view.meeting_date:%Y-%m-%d}", title=view.title))
    return data


def minutes_file_name(view: MeetingView) -> str:
    """The file name a printed minutes is offered under."""
    return translate("例会纪要 {day}.pdf").format(day=f"{view.meeting_date:%Y-%m-%d}")


def write_minutes(db: Database, meeting_id: str, path: str | os.PathLike[str]) -> Path:
    """Write one meeting's minutes to `path` (atomically); returns the path."""
    with db.session() as session:
        data = render_minutes(session, meeting_id)
    return atomic_write(path, lambda handle: handle.write(data))
