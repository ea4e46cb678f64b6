"""The visit diary (日志填报): entries, their visit reports (访客报告) and follow-ups (督办).

An entry is saved whole, like a client file: its own fields, the contacts met, the
visit report (visits only) and the follow-ups raised, validated first and written in
one transaction. Edits and deletions go through the change log, so every version of
an entry stays in the history; a deleted entry is a tombstone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import diary_fields as df
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import (
    Client,
    Contact,
    DiaryEntry,
    DiaryRemark,
    FileHistory,
    FollowUp,
    Product,
    VisitReport,
    utcnow,
)
from cmdesk.services import plans
from cmdesk.services.clients import (
    ContactChoice,
    client_names,
    contact_choices,
    ensure_not_released,
)
from cmdesk.services.diary_review import EntryRemark, entry_remark
from cmdesk.storage.audit import ACTOR_KEY


@dataclass
class EntryDraft:
    """What the entry form wants an entry to be.

    `fields` are the entry's own fields. `contacts_met` is a list of {"id": contact id or
    None, "name": …, "position": …}. `visit_report` None leaves the report as it is, {}
    removes it, a dict of fields writes it (visits only); its "client_participants" is a
    list of {"name", "position"} and "products_recommended" a list of product ids.
    `follow_ups` None leaves them, a list replaces this entry's follow-ups like a client
    file's sections (rows with "id" update, without are new, missing are tombstoned).
    """

    fields: dict[str, Any]
    contacts_met: list[dict[str, Any]] | None = None
    visit_report: dict[str, Any] | None = None
    follow_ups: list[dict[str, Any]] | None = None


@dataclass
class EntryView:
    """An entry with everything that belongs to it, read for a form, a list or a PDF."""

    entry: DiaryEntry
    client_name: str
    contacts_met: list[dict[str, Any]]
    report: VisitReport | None
    client_participants: list[dict[str, str]] = field(default_factory=list)
    products_recommended: list[Product] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


def _problem(section: str, key: str, message: str, label: str, row: int | None = None) -> FieldProblem:
    return FieldProblem(key, message, section, row, label)


def _clean_people(raw: list[dict[str, Any]], section: str, label: str,
                  problems: list[FieldProblem]) -> list[dict[str, Any]]:
    people = []
    if len(raw) > df.MAX_CONTACTS_MET:
        problems.append(_problem(section, label, translate("最多 {MAX_CONTACTS_MET} 人").format(MAX_CONTACTS_MET=df.MAX_CONTACTS_MET), label))
        return []
    name_spec = cf.FieldSpec("name", translate("姓名"), max_length=100)
    position_spec = cf.FieldSpec("position", translate("职务"), max_length=100)
    for i, person in enumerate(raw):
        try:
            name = cf.parse_value(name_spec, person.get("name"))
            position = cf.parse_value(position_spec, person.get("position"))
        except cf.FieldValueError as exc:
            problems.append(_problem(section, "name", str(exc), label, i))
            continue
        if not name:
            continue
        people.append({"id": person.get("id"), "name": name, "position": position})
    return people


def save_entry(session: Session, draft: EntryDraft, entry_id: str | None = None) -> str:
    """Create (entry_id None) or update a diary entry with its report and follow-ups.

    Raises ValidationError listing every problem; then nothing has been written.
    """
    current = get_entry_record(session, entry_id) if entry_id else None
    problems: list[FieldProblem] = []
    values = cf.parse_section(df.ENTRY, draft.fields, problems, creating=current is None)
    client_id = values.get("client_id", current.client_id if current else None) or None
    kind = values.get("kind", current.kind if current else None)
    for touched in (current.client_id if current else None, client_id):
        ensure_not_released(session, touched, "diary")
    if client_id and session.get(Client, client_id) is None:
        problems.append(_problem("diary", "client_id", translate("找不到该客户"), translate("客户")))
    if kind and df.EntryKind(kind).is_contact and not client_id and "kind" in values:
        label = df.entry_kind_label(kind)
        problems.append(_problem("diary", "client_id", translate("{label}需要选择客户").format(label=label), translate("客户")))
    contacts = None
    if draft.contacts_met is not None:
        contacts = _clean_people(draft.contacts_met, "diary", translate("见到的联系人"), problems)
        for i, person in enumerate(contacts):
            if person["id"]:
                contact = session.get(Contact, person["id"])
                if contact is None or contact.client_id != client_id:
                    problems.append(_problem("diary", "contacts_met", translate("联系人不属于该客户"),
                                             translate("见到的联系人"), i))
    report_values: dict[str, Any] | None = None
    participants: list[dict[str, Any]] = []
    products: list[str] = []
    if draft.visit_report:
        if not (kind and df.EntryKind(kind).has_visit_report):
            problems.append(_problem("visit_report", "kind", translate("只有走访才有访客报告"), translate("类型")))
        report_values = cf.parse_section(df.VISIT_REPORT, draft.visit_report, problems, creating=False)
        participants = _clean_people(draft.visit_report.get("client_participants") or [],
                                     "visit_report", translate("客户方人员"), problems)
        products = [p for p in draft.visit_report.get("products_recommended") or [] if p]
        for i, product_id in enumerate(products):
            if session.get(Product, product_id) is None:
                problems.append(_problem("visit_report", "products_recommended",
                                         translate("产品不在产品目录中"), translate("推荐产品"), i))
    follow_rows: list[dict[str, Any]] | None = None
    if draft.follow_ups is not None:
        follow_rows = []
        if draft.follow_ups and not client_id:
            problems.append(_problem("follow_ups", "client_id", translate("督办事项需要先选择客户"), translate("客户")))
        for i, row in enumerate(draft.follow_ups):
            parsed = cf.parse_section(df.FOLLOW_UP, {"status": df.FollowUpStatus.OPEN, **row}, problems, row=i)
            if row.get("id"):
                existing = session.get(FollowUp, row["id"])
                if existing is None or existing.entry_id != entry_id or existing.deleted_at:
                    problems.append(_problem("follow_ups", "id", translate("该行已不存在，请刷新后重试"),
                                             translate("督办事项"), i))
            follow_rows.append(dict(parsed, id=row.get("id")))
    if problems:
        raise ValidationError(problems)

    if current is None:
        entry = DiaryEntry(**values)
        session.add(entry)
    else:
        entry = current
        for key, value in values.items():
            setattr(entry, key, value)
    entry.client_id = client_id
    if contacts is not None:
        entry.contacts_met = json.dumps(contacts, ensure_ascii=False)
    session.flush()
    if draft.visit_report is not None:
        _apply_report(session, entry, report_values, participants, products)
    if follow_rows is not None:
        _apply_follow_ups(session, entry, follow_rows)
    session.flush()
    plans.link_diary_entry(session, entry)
    return entry.id


def _apply_report(session: Session, entry: DiaryEntry, values: dict[str, Any] | None,
                  participants: list[dict[str, Any]], products: list[str]) -> None:
    report = _report_of(session, entry.id)
    if not values and not participants and not products:
        if report is not None:
            report.deleted_at = utcnow()
        return
    if report is None:
        report = VisitReport(entry_id=entry.id)
        session.add(report)
    for key, value in (values or {}).items():
        setattr(report, key, value)
    report.client_participants = json.dumps(
        [{"name": p["name"], "position": p["position"]} for p in participants], ensure_ascii=False)
    report.products_recommended = json.dumps(products)


def _apply_follow_ups(session: Session, entry: DiaryEntry, rows: list[dict[str, Any]]) -> None:
    existing = {f.id: f for f in session.scalars(select(FollowUp).where(
        FollowUp.entry_id == entry.id, FollowUp.deleted_at.is_(None)))}
    kept = set()
    for row in rows:
        row = dict(row)
        row_id = row.pop("id", None)
        follow_up = existing.get(row_id) if row_id else None
        if follow_up is None:
            follow_up = FollowUp(entry_id=entry.id, client_id=entry.client_id, **row)
            session.add(follow_up)
        else:
            kept.add(row_id)
            for key, value in row.items():
                setattr(follow_up, key, value)
            follow_up.client_id = entry.client_id
        _stamp_closing(session, follow_up)
    now = utcnow()
    for row_id, follow_up in existing.items():
        if row_id not in kept:
            follow_up.deleted_at = now


def _stamp_closing(session: Session, follow_up: FollowUp) -> None:
    """Closing a follow-up records who and when; reopening clears it."""
    if df.FollowUpStatus(follow_up.status).closed:
        if follow_up.closed_at is None:
            follow_up.closed_at = utcnow()
            follow_up.closed_by = session.info.get(ACTOR_KEY, "")
    else:
        follow_up.closed_at = None
        follow_up.closed_by = ""


def update_follow_up(session: Session, follow_up_id: str, changes: dict[str, Any]) -> None:
    """Change a follow-up on its own (status, result, told-client date …) from any list."""
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.deleted_at is not None:
        raise NotFoundError(translate("找不到督办事项 {follow_up_id}").format(follow_up_id=follow_up_id))
    problems: list[FieldProblem] = []
    values = cf.parse_section(df.FOLLOW_UP, changes, problems, creating=False)
    if problems:
        raise ValidationError(problems)
    for key, value in values.items():
        setattr(follow_up, key, value)
    _stamp_closing(session, follow_up)
    session.flush()


def delete_entry(session: Session, entry_id: str) -> None:
    """Tombstone an entry with its visit report and follow-ups (an entry logged by mistake
    takes what it raised with it); the history keeps what they said."""
    entry = get_entry_record(session, entry_id)
    now = utcnow()
    entry.deleted_at = now
    report = _report_of(session, entry_id)
    if report is not None:
        report.deleted_at = now
    for follow_up in session.scalars(select(FollowUp).where(
            FollowUp.entry_id == entry_id, FollowUp.deleted_at.is_(None))):
        follow_up.deleted_at = now
    plans.unlink_diary_entry(session, entry_id)
    session.flush()


# --- reading ---------------------------------------------------------------------------

def get_entry_record(session: Session, entry_id: str) -> DiaryEntry:
    entry = session.get(DiaryEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise NotFoundError(translate("找不到日志 {entry_id}").format(entry_id=entry_id))
    return entry


def _report_of(session: Session, entry_id: str) -> VisitReport | None:
    return session.scalars(select(VisitReport).where(
        VisitReport.entry_id == entry_id, VisitReport.deleted_at.is_(None))).first()


def _view(session: Session, entry: DiaryEntry) -> EntryView:
    report = _report_of(session, entry.id)
    view = EntryView(entry=entry, client_name=entry.client.name if entry.client else "",
                     contacts_met=json.loads(entry.contacts_met or "[]"), report=report)
    if report is not None:
        view.client_participants = json.loads(report.client_participants or "[]")
        ids = json.loads(report.products_recommended or "[]")
        found = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}
        view.products_recommended = [found[i] for i in ids if i in found]
    view.follow_ups = list(session.scalars(select(FollowUp).where(
        FollowUp.entry_id == entry.id, FollowUp.deleted_at.is_(None)).order_by(FollowUp.created_at)))
    return view


def get_entry(session: Session, entry_id: str) -> EntryView:
    """One entry with its report and follow-ups."""
    return _view(session, get_entry_record(session, entry_id))


def entries_between(session: Session, start: date, end: date,
                    client_id: str | None = None) -> list[EntryView]:
    """Entries from start to end (inclusive), in date and time order: a day or a week."""
    stmt = (select(DiaryEntry).where(DiaryEntry.deleted_at.is_(None),
                                     DiaryEntry.entry_date >= start, DiaryEntry.entry_date <= end)
            .order_by(DiaryEntry.entry_date, DiaryEntry.start_time, DiaryEntry.created_at))
    if client_id:
        stmt = stmt.where(DiaryEntry.client_id == client_id)
    return [_view(session, entry) for entry in session.scalars(stmt)]


@dataclass(frozen=True)
class EntryRow:
    """One diary entry as the lists show it (the week, the day, a client's timeline)."""

    id: str
    entry_date: date
    start_time: time | None
    kind: str
    client_id: str | None
    client_name: str
    contacts: str  # the names of the contacts met, joined with 、
    content: str
    outcome: str
    next_step: str
    has_report: bool
    follow_up_count: int
    remark: str = ""  # the supervisor's remark (主管批注), when the month was reviewed

    @property
    def time_text(self) -> str:
        return self.start_time.strftime("%H:%M") if self.start_time else ""


def _entry_rows(session: Session, entries: Select[tuple[str]], order: tuple[Any, ...]) -> list[EntryRow]:
    """The rows of the entries whose ids `entries` selects, in three statements however
    many there are: the entries with their clients and the supervisor's remarks, which
    have a report, how many follow-ups each raised."""
    ids = entries.scalar_subquery()
    reported = set(session.scalars(select(VisitReport.entry_id).where(
        VisitReport.deleted_at.is_(None), VisitReport.entry_id.in_(ids))))
    follow_up_counts: dict[str, int] = dict(session.execute(
        select(FollowUp.entry_id, func.count()).where(
            FollowUp.deleted_at.is_(None), FollowUp.entry_id.in_(ids))
        .group_by(FollowUp.entry_id)).all())
    stmt = (select(DiaryEntry.id, DiaryEntry.entry_date, DiaryEntry.start_time, DiaryEntry.kind,
                   DiaryEntry.client_id, Client.name, DiaryEntry.contacts_met, DiaryEntry.content,
                   DiaryEntry.outcome, DiaryEntry.next_step, DiaryRemark.remark)
            .outerjoin(Client, Client.id == DiaryEntry.client_id)
            .outerjoin(DiaryRemark, (DiaryRemark.entry_id == DiaryEntry.id)
                       & DiaryRemark.deleted_at.is_(None))
            .where(DiaryEntry.id.in_(ids)).order_by(*order))
    return [EntryRow(entry_id, day, start, kind, client_id, client_name or "",
                     translate("、").join(p.get("name", "") for p in json.loads(contacts or "[]")),
                     content or "", outcome or "", next_step or "", entry_id in reported,
                     follow_up_counts.get(entry_id, 0), remark or "")
            for entry_id, day, start, kind, client_id, client_name, contacts, content, outcome,
            next_step, remark in session.execute(stmt)]


def entry_rows_between(session: Session, start: date, end: date) -> list[EntryRow]:
    """The list rows of the entries from start to end (inclusive) in date and time order:
    the diary's week and day (a constant number of statements, however many entries)."""
    entries = select(DiaryEntry.id).where(DiaryEntry.deleted_at.is_(None),
                                          DiaryEntry.entry_date >= start,
                                          DiaryEntry.entry_date <= end)
    return _entry_rows(session, entries, (DiaryEntry.entry_date, DiaryEntry.start_time,
                                          DiaryEntry.created_at))


def client_timeline(session: Session, client_id: str) -> list[EntryRow]:
    """The list rows of every entry about one client, newest first (the client file's
    工作日志 tab)."""
    entries = select(DiaryEntry.id).where(DiaryEntry.deleted_at.is_(None),
                                          DiaryEntry.client_id == client_id)
    return _entry_rows(session, entries, (DiaryEntry.entry_date.desc(),
                                          DiaryEntry.start_time.desc()))


def last_entry_kind(session: Session) -> str | None:
    """The kind of the most recently written entry (the form offers it again)."""
    return session.scalar(select(DiaryEntry.kind).where(DiaryEntry.deleted_at.is_(None))
                          .order_by(DiaryEntry.created_at.desc()).limit(1))


@dataclass
class EntryHistoryLine:
    at: datetime
    actor: str
    action: str
    entity: str  # diary_entries, visit_reports or follow_ups
    summary: str  # what the line is about (the follow-up's request, …)
    field: str
    old_value: str | None
    new_value: str | None


def entry_history(session: Session, entry_id: str) -> list[EntryHistoryLine]:
    """Every change of an entry and of its report and follow-ups, oldest first."""
    report_ids = list(session.scalars(select(VisitReport.id).where(VisitReport.entry_id == entry_id)))
    follow_ids = list(session.scalars(select(FollowUp.id).where(FollowUp.entry_id == entry_id)))
    stmt = (select(FileHistory).where(FileHistory.entity_id.in_([entry_id, *report_ids, *follow_ids]))
            .order_by(FileHistory.at, FileHistory.field))
    return [EntryHistoryLine(h.at, h.actor, h.action, h.entity, h.summary, h.field, h.old_value,
                             h.new_value)
            for h in session.scalars(stmt)]


@dataclass(frozen=True)
class EntryFormView:
    """A stored entry as the entry form shows it, in plain values: the entry's fields
    (date and time as text), the visit report's fields (None: no report), the people and
    products of the report, the follow-ups as rows, the client's contacts to tick, and the
    history with the names of the clients it mentions."""

    entry_id: str
    fields: dict[str, Any]
    client_name: str
    contacts_met: tuple[dict[str, Any], ...]
    report: dict[str, Any] | None
    client_participants: tuple[dict[str, str], ...]
    products_recommended: tuple[str, ...]
    follow_ups: tuple[dict[str, Any], ...]
    client_contacts: tuple[ContactChoice, ...]
    history: tuple[EntryHistoryLine, ...]
    history_names: dict[str, str]
    remark: EntryRemark | None = None  # the supervisor's remark, once the month was reviewed


def entry_form_view(session: Session, entry_id: str) -> EntryFormView:
    view = get_entry(session, entry_id)
    entry = view.entry
    fields = {"entry_date": entry.entry_date.isoformat(),
              "start_time": entry.start_time.strftime("%H:%M") if entry.start_time else "",
              "kind": entry.kind, "client_id": entry.client_id, "content": entry.content,
              "outcome": entry.outcome, "next_step": entry.next_step,
              "duration_minutes": entry.duration_minutes}
    report = {spec.key: getattr(view.report, spec.key) for spec in df.VISIT_REPORT.fields} \
        if view.report is not None else None
    history = tuple(entry_history(session, entry_id))
    mentioned = {v for line in history if line.field == "client_id"
                 for v in (line.old_value, line.new_value) if v}
    return EntryFormView(
        entry_id, fields, view.client_name, tuple(view.contacts_met), report,
        tuple(view.client_participants), tuple(p.id for p in view.products_recommended),
        tuple({"id": f.id, **{spec.key: getattr(f, spec.key) for spec in df.FOLLOW_UP.fields}}
              for f in view.follow_ups),
        contact_choices(session, entry.client_id), history, client_names(session, mentioned),
        entry_remark(session, entry_id))


def follow_ups(session: Session, *, status: str | None = None, client_id: str | None = None,
               open_only: bool = False, today: date | None = None) -> list[FollowUp]:
    """Follow-ups, overdue first (then by due date, undated last)."""
    today = today or clock.today()
    stmt = select(FollowUp).where(FollowUp.deleted_at.is_(None))
    if status:
        stmt = stmt.where(FollowUp.status == status)
    if open_only:
        stmt = stmt.where(FollowUp.status.not_in(df.CLOSED_STATUSES))
    if client_id:
        stmt = stmt.where(FollowUp.client_id == client_id)
    rows = list(session.scalars(stmt))

    def order(item: FollowUp) -> tuple[int, date, datetime]:
        overdue = df.days_overdue(item.status, item.due_date, today) > 0
        return (0 if overdue else 1, item.due_date or date.max, item.created_at)

    return sorted(rows, key=order)


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up as the lists and the progress form show it (client_id "" and
    client_name 内部事项 for an internal item)."""

    id: str
    client_id: str
    client_name: str
    entry_id: str | None
    request: str
    department: str
    chaser: str
    due_date: date | None
    status: str
    result: str
    told_client_on: date | None
    closed_by: str
    closed_at: datetime | None
    days_overdue: int  # > 0 only for an open follow-up past its due date

    @property
    def is_closed(self) -> bool:
        return df.FollowUpStatus(self.status).closed


def follow_up_rows(session: Session, *, status: str | None = None, client_id: str | None = None,
                   open_only: bool = False, today: date | None = None) -> list[FollowUpRow]:
    """follow_ups() as list rows with their clients' names (two statements in all)."""
    today = today or clock.today()
    items = follow_ups(session, status=status, client_id=client_id, open_only=open_only, today=today)
    client_ids = {item.client_id for item in items if item.client_id}
    names: dict[str, str] = dict(session.execute(select(Client.id, Client.name).where(
        Client.id.in_(client_ids))).all()) if client_ids else {}
    rows = []
    for item in items:
        overdue = df.days_overdue(item.status, item.due_date, today)
        rows.append(FollowUpRow(item.id, item.client_id or "",
                                df.follow_up_client_label(names.get(item.client_id or ""),
                                                          item.client_id), item.entry_id,
                                item.request, item.department, item.chaser, item.due_date,
                                item.status, item.result, item.told_client_on, item.closed_by,
                                item.closed_at, overdue))
    return rows
