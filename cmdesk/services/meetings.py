"""Team meetings (工作例会): minutes with date, chair, attendees, what each attendee
reported, the decisions and the action items, kept on record and exported to head office.

A meeting is saved whole: every field, report and action item is validated first (each
problem names its field and row) and only then written in one transaction. An action
item becomes a follow-up (督办: the item as the request, its owner as the chaser, its
deadline as the due date): that client's when it names one, else an internal follow-up
(内部事项, no client). Editing the item updates a follow-up nobody has started on, and
removing the item withdraws such a follow-up. A follow-up already being worked keeps
its own course.
Nothing is hard-deleted: rows are tombstoned and the change log keeps every version.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain import diary_fields as df
from cmdesk.domain import meeting_fields as mf
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import (
    Client,
    FollowUp,
    Meeting,
    MeetingAction,
    MeetingReport,
    utcnow,
)
from cmdesk.services.clients import ensure_not_released


@dataclass
class MeetingDraft:
    """What the minutes editor wants a meeting to be: the meeting's fields
    (meeting_fields.MEETING) and, when not None, the reports and action items as rows
    (a row with "id" updates that row, one without is new, a missing row is removed)."""

    fields: dict[str, Any]
    reports: list[dict[str, Any]] | None = None
    actions: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meeting list."""

    id: str
    meeting_date: date
    title: str
    chair: str
    attendees: int
    reports: int
    actions: int

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "meeting_date": self.meeting_date.isoformat(), "title": self.title,
                "chair": self.chair, "attendees": self.attendees, "reports": self.reports,
                "actions": self.actions}


@dataclass(frozen=True)
class ActionView:
    """An action item as shown: its fields, the client's name and its follow-up's status."""

    id: str
    text: str
    owner: str
    client_id: str
    client_name: str
    due_date: date | None
    follow_up_id: str | None
    follow_up_status: str  # the follow-up's status label, "" when the item has none

    def as_row(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "owner": self.owner,
                "client_id": self.client_id, "due_date": self.due_date}


@dataclass(frozen=True)
class MeetingView:
    """A meeting's minutes in plain values, for the editor, `show` and the PDF."""

    id: str
    meeting_date: date
    title: str
    chair: str
    attendees: str
    decisions: str
    reports: tuple[tuple[str, str, str], ...]  # (id, speaker, text)
    actions: tuple[ActionView, ...]

    def fields(self) -> dict[str, Any]:
        return {"meeting_date": self.meeting_date, "title": self.title, "chair": self.chair,
                "attendees": self.attendees, "decisions": self.decisions}

    def attendee_names(self) -> tuple[str, ...]:
        return attendee_names(self.attendees)

    def as_json(self) -> dict[str, Any]:
        return {**self.fields(), "id": self.id, "meeting_date": self.meeting_date.isoformat(),
                "reports": [{"speaker": speaker, "text": text}
                            for _id, speaker, text in self.reports],
                "actions": [{"text": a.text, "owner": a.owner, "client": a.client_name,
                             "due_date": a.due_date.isoformat() if a.due_date else None,
                             "follow_up_status": a.follow_up_status} for a in self.actions]}


def attendee_names(text: str) -> tuple[str, ...]:
    """The names in an attendees field: one a line, or separated by 、，, or spaces."""
    for separator in ("\n", "，", ",", " ", "\u3000"):
        text = text.replace(separator, "、")
    return tuple(name for name in (part.strip() for part in text.split("、")) if name)


# --------------------------------------------------------------------------- saving

def _problem(section: cf.SectionSpec, key: str, message: str, row: int | None = None
             ) -> FieldProblem:
    return FieldProblem(key, message, section.key, row, translate(section.field(key).label))


def _parse_rows(session: Session, spec: cf.SectionSpec, rows: list[dict[str, Any]], limit: int,
                existing: dict[str, Any], problems: list[FieldProblem]) -> list[dict[str, Any]]:
    if len(rows) > limit:
        problems.append(FieldProblem(spec.key, translate("最多 {limit} 行").format(limit=limit),
                                     spec.key, None, translate(spec.label)))
        return []
    parsed = []
    for i, row in enumerate(rows):
        values = cf.parse_section(spec, row, problems, row=i)
        row_id = row.get("id")
        if row_id and row_id not in existing:
            problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), spec.key, i,
                                         translate(spec.label)))
        client_id = values.get("client_id")
        if client_id:
            client = session.get(Client, client_id)
            if client is None or client.deleted_at is not None:
                problems.append(_problem(spec, "client_id", translate("找不到该客户"), i))
            else:
                ensure_not_released(session, client_id, spec.key)
        parsed.append(dict(values, id=row_id))
    return parsed


def _active(session: Session, model: Any, meeting_id: str | None) -> dict[str, Any]:
    if meeting_id is None:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(
        model.meeting_id == meeting_id, model.deleted_at.is_(None)))}


def save_meeting(session: Session, draft: MeetingDraft, meeting_id: str | None = None) -> str:
    """Create (meeting_id None) or update a meeting with its reports and action items;
    returns its id. Raises ValidationError listing every problem; then nothing is written."""
    current = get_meeting(session, meeting_id) if meeting_id else None
    problems: list[FieldProblem] = []
    values = cf.parse_section(mf.MEETING, draft.fields, problems, creating=current is None)
    if "attendees" in values and not attendee_names(values["attendees"]):
        problems.append(_problem(mf.MEETING, "attendees", translate("请填写参会人员姓名")))
    reports = actions = None
    if draft.reports is not None:
        reports = _parse_rows(session, mf.REPORT, draft.reports, mf.MAX_REPORTS,
                              _active(session, MeetingReport, meeting_id), problems)
    if draft.actions is not None:
        actions = _parse_rows(session, mf.ACTION, draft.actions, mf.MAX_ACTIONS,
                              _active(session, MeetingAction, meeting_id), problems)
    if problems:
        raise ValidationError(problems)

    meeting = current if current is not None else Meeting()
    if current is None:
        session.add(meeting)
    for key, value in values.items():
        setattr(meeting, key, value)
    session.flush()
    if reports is not None:
        _replace_reports(session, meeting, reports)
    if actions is not None:
        _replace_actions(session, meeting, actions)
    session.flush()
    return meeting.id


def _replace_reports(session: Session, meeting: Meeting, rows: list[dict[str, Any]]) -> None:
    existing = _active(session, MeetingReport, meeting.id)
    kept = set()
    for position, row in enumerate(rows):
        values = dict(row, sort_order=position)
        record = existing.get(values.pop("id"))
        if record is None:
            session.add(MeetingReport(meeting_id=meeting.id, **values))
            continue
        kept.add(record.id)
        for key, value in values.items():
            setattr(record, key, value)
    now = utcnow()
    for row_id, record in existing.items():
        if row_id not in kept:
            record.deleted_at = now


def _replace_actions(session: Session, meeting: Meeting, rows: list[dict[str, Any]]) -> None:
    existing = _active(session, MeetingAction, meeting.id)
    kept = set()
    for position, row in enumerate(rows):
        values = dict(row, sort_order=position, client_id=row.get("client_id") or None)
        record = existing.get(values.pop("id"))
        if record is None:
            record = MeetingAction(meeting_id=meeting.id, **values)
            session.add(record)
        else:
            kept.add(record.id)
            for key, value in values.items():
                setattr(record, key, value)
        _chase(session, record)
    now = utcnow()
    for row_id, record in existing.items():
        if row_id not in kept:
            record.deleted_at = now
            _withdraw_follow_up(record)


def _untouched(follow_up: FollowUp | None) -> bool:
    """A follow-up nobody has started on: still 待办 and not deleted."""
    return follow_up is not None and follow_up.deleted_at is None \
        and follow_up.status == df.FollowUpStatus.OPEN


def _chase(session: Session, action: MeetingAction) -> None:
    """Make the action item's follow-up say what the item says (see the module docstring)."""
    follow_up = session.get(FollowUp, action.follow_up_id) if action.follow_up_id else None
    chased = {"client_id": action.client_id or None, "request": action.text,
              "chaser": action.owner, "due_date": action.due_date}
    if follow_up is None or follow_up.deleted_at is not None:
        follow_up = FollowUp(status=df.FollowUpStatus.OPEN, **chased)
        session.add(follow_up)
        session.flush()
        action.follow_up_id = follow_up.id
    elif _untouched(follow_up):
        for key, value in chased.items():
            setattr(follow_up, key, value)


def _withdraw_follow_up(action: MeetingAction) -> None:
    if _untouched(action.follow_up):
        action.follow_up.deleted_at = utcnow()
        action.follow_up_id = None


def delete_meeting(session: Session, meeting_id: str) -> None:
    """Tombstone a meeting with its reports and action items; their untouched follow-ups
    are withdrawn."""
    meeting = get_meeting(session, meeting_id)
    now = utcnow()
    for record in _active(session, MeetingReport, meeting.id).values():
        record.deleted_at = now
    for action in _active(session, MeetingAction, meeting.id).values():
        action.deleted_at = now
        _withdraw_follow_up(action)
    meeting.deleted_at = now
    session.flush()


# --------------------------------------------------------------------------- reading

def get_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFoundError(translate("找不到会议纪要 {id}").format(id=meeting_id))
    return meeting


def meeting_view(session: Session, meeting_id: str) -> MeetingView:
    meeting = get_meeting(session, meeting_id)
    actions = []
    for action in meeting.actions:
        follow_up = action.follow_up
        live = follow_up is not None and follow_up.deleted_at is None
        actions.append(ActionView(
            action.id, action.text, action.owner, action.client_id or "",
            action.client.name if action.client is not None else "", action.due_date,
            follow_up.id if live else None,
            translate(df.FollowUpStatus(follow_up.status).label) if live else ""))
    return MeetingView(meeting.id, meeting.meeting_date, meeting.title, meeting.chair,
                       meeting.attendees, meeting.decisions,
                       tuple((r.id, r.speaker, r.text) for r in meeting.reports), tuple(actions))


def list_meetings(session: Session, since: date | None = None,
                  until: date | None = None) -> list[MeetingRow]:
    """The meetings (between `since` and `until` when given), newest first."""
    reports = (select(MeetingReport.meeting_id, func.count().label("n"))
               .where(MeetingReport.deleted_at.is_(None)).group_by(MeetingReport.meeting_id)
               .subquery())
    actions = (select(MeetingAction.meeting_id, func.count().label("n"))
               .where(MeetingAction.deleted_at.is_(None)).group_by(MeetingAction.meeting_id)
               .subquery())
    query = (select(Meeting, reports.c.n, actions.c.n)
             .outerjoin(reports, reports.c.meeting_id == Meeting.id)
             .outerjoin(actions, actions.c.meeting_id == Meeting.id)
             .where(Meeting.deleted_at.is_(None))
             .order_by(Meeting.meeting_date.desc(), Meeting.created_at.desc()))
    if since is not None:
        query = query.where(Meeting.meeting_date >= since)
    if until is not None:
        query = query.where(Meeting.meeting_date <= until)
    return [MeetingRow(m.id, m.meeting_date, m.title, m.chair, len(attendee_names(m.attendees)),
                       n_reports or 0, n_actions or 0)
            for m, n_reports, n_actions in session.execute(query)]
