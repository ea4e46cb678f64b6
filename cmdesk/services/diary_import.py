"""Onboarding of diaries managers kept in Excel (.xlsx or .csv): one row per entry, saved by
the diary service itself; good rows are imported, bad ones reported by row and column.
The sheet is read as the client import reads it (cmdesk.services.client_import).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import Client, Contact, DiaryEntry
from cmdesk.domain.diary_fields import EntryKind
from cmdesk.services.client_import import (
    ImportReport,
    RowRejection,
    import_savepoint,
    read_rows,
    write_sheet_template,
)
from cmdesk.services.diary import EntryDraft, save_entry

DATE, TIME, KIND, CLIENT, CONTACTS = "日期", "时间", "类型", "客户名称", "联系人"
CONTENT, OUTCOME, NEXT_STEP = "内容", "结果", "下一步"
HEADERS: tuple[str, ...] = (DATE, TIME, KIND, CLIENT, CONTACTS, CONTENT, OUTCOME, NEXT_STEP)
REQUIRED_HEADERS: tuple[str, ...] = (DATE, KIND, CONTENT)

# header -> field key of cmdesk.domain.diary_fields.ENTRY
_ENTRY_COLUMNS = {DATE: "entry_date", TIME: "start_time", KIND: "kind", CONTENT: "content",
                  OUTCOME: "outcome", NEXT_STEP: "next_step"}
_PROBLEM_COLUMN = {key: header for header, key in _ENTRY_COLUMNS.items()}
# the people met are checked as "name" / "见到的联系人" by the diary service
_PROBLEM_COLUMN.update({"client_id": CLIENT, "contacts_met": CONTACTS, "name": CONTACTS,
                        "见到的联系人": CONTACTS})
_EXPLANATIONS = {
    DATE: ("必填", "例如 2026-11-20、2026/11/20 或 2026年11月20日；也可带时间（2026-11-20 09:30）。"),
    TIME: ("选填", "开始时间，例如 09:30。"),
    KIND: ("必填", "走访、电话、会议、内部事务、贷后检查、培训、其他。"),
    CLIENT: ("走访、电话、会议、贷后检查必填", "客户全称，须与工作台中的客户档案一致。"),
    CONTACTS: ("选填", "见到的联系人姓名，多人用顿号或逗号分开；与客户档案中的联系人同名时自动对应。"),
    CONTENT: ("必填", "做了什么、谈了什么。"),
    OUTCOME: ("选填", "结果或客户的答复。"),
    NEXT_STEP: ("选填", "下一步打算。"),
}
_WIDTHS = {DATE: 14, KIND: 12, CLIENT: 30, CONTACTS: 20, CONTENT: 50, OUTCOME: 30, NEXT_STEP: 30}
_NAME_SEPARATORS = re.compile(r"[,，、;；/\s]+")
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's (1900) date system
_CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
_SERIAL = re.compile(r"^\d+(\.\d+)?$")


@dataclass
class DiaryImportReport(ImportReport):
    """What a diary import did; `entry_ids` are the entries written (empty for a dry run)."""

    entry_ids: list[str] = field(default_factory=list)


# --- cells -----------------------------------------------------------------------------

def _date_text(text: str) -> tuple[str, str]:
    """(date text, time text found in the same cell) of a 日期 cell: Excel serial numbers,
    date-times and 2026年11月20日 become ISO text; anything else is left for the service."""
    text = unicodedata.normalize("NFKC", text).strip()
    if _SERIAL.match(text) and 1 <= float(text) < 2_958_466:
        serial = float(text)
        day = _EXCEL_EPOCH + timedelta(days=int(serial))
        return day.isoformat(), _time_text(str(serial - int(serial))) if serial % 1 else ""
    match = _CHINESE_DATE.match(text)
    if match:
        return "-".join(f"{int(part):02d}" for part in match.groups()), ""
    day, _, clock = text.partition(" ")
    return day, _time_text(clock) if clock else ""


def _time_text(text: str) -> str:
    """An HH:MM text of a 时间 cell: "09:30:00", a day fraction (0.395833…) or a date-time."""
    text = unicodedata.normalize("NFKC", text).strip()
    if " " in text:
        text = text.rsplit(" ", 1)[1]
    if _SERIAL.match(text) and float(text) < 1:
        minutes = round(float(text) * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    parts = text.split(":")
    if len(parts) == 3:
        return ":".join(parts[:2])
    return text.replace("：", ":")


def _contact_names(text: str) -> list[str]:
    return [name for name in _NAME_SEPARATORS.split(text) if name]


# --- the desk's clients, loaded once -----------------------------------------------------

class _Clients:
    """Client names -> ids, and each client's contacts by name, looked up as rows need them."""

    def __init__(self, session: Session):
        self.session = session
        self.ids_by_name: dict[str, list[str]] = {}
        for client_id, name in session.execute(select(Client.id, Client.name).where(
                Client.deleted_at.is_(None))):
            self.ids_by_name.setdefault(name, []).append(client_id)
        self._contacts: dict[str, dict[str, Contact]] = {}

    def contacts_met(self, client_id: str | None, names: list[str]) -> list[dict[str, Any]]:
        """The people met, matched by name to the client's contacts (others kept as names)."""
        if client_id and client_id not in self._contacts:
            self._contacts[client_id] = {c.name: c for c in self.session.scalars(select(Contact).where(
                Contact.client_id == client_id, Contact.deleted_at.is_(None)))}
        known = self._contacts.get(client_id or "", {})
        met = []
        for name in names:
            contact = known.get(name)
            met.append({"id": contact.id if contact else None, "name": name,
                        "position": contact.position if contact else ""})
        return met


def _draft(number: int, record: dict[str, str], clients: _Clients) -> EntryDraft | RowRejection:
    """The entry a row asks for, or why it names no (single) client of the desk."""
    client_name = unicodedata.normalize("NFC", record.get(CLIENT, "")).strip()
    client_id = None
    if client_name:
        ids = clients.ids_by_name.get(client_name, [])
        if not ids:
            return RowRejection(number, CLIENT, translate("找不到客户“{client_name}”").format(client_name=client_name))
        if len(ids) > 1:
            return RowRejection(number, CLIENT,
                                translate("有 {count} 个客户都叫“{client_name}”，请在工作台中录入这一条").format(count=len(ids), client_name=client_name))
        client_id = ids[0]
    fields: dict[str, Any] = {key: record.get(header, "") for header, key in _ENTRY_COLUMNS.items()}
    fields["entry_date"], time_in_date = _date_text(fields["entry_date"])
    fields["start_time"] = _time_text(fields["start_time"]) if fields["start_time"] else time_in_date
    fields["client_id"] = client_id
    contacts = clients.contacts_met(client_id, _contact_names(record.get(CONTACTS, "")))
    return EntryDraft(fields=fields, contacts_met=contacts)


def _rejections(number: int, problems: list[FieldProblem]) -> list[RowRejection]:
    return [RowRejection(number, _PROBLEM_COLUMN.get(p.field, p.label), p.message)
            for p in problems]


def _entry_key(entry: DiaryEntry) -> tuple[Any, ...]:
    return entry.entry_date, entry.start_time, entry.kind, entry.client_id, entry.content


def _already_in_desk(session: Session, entry: DiaryEntry) -> bool:
    """Whether another live entry has the same date, time, kind, client and content."""
    stmt = select(DiaryEntry.id).where(
        DiaryEntry.deleted_at.is_(None), DiaryEntry.id != entry.id,
        DiaryEntry.entry_date == entry.entry_date, DiaryEntry.start_time == entry.start_time,
        DiaryEntry.kind == entry.kind, DiaryEntry.client_id == entry.client_id,
        DiaryEntry.content == entry.content).limit(1)
    return session.scalar(stmt) is not None


def _check_not_repeated(session: Session, number: int, entry: DiaryEntry,
                        seen: dict[tuple[Any, ...], int]) -> None:
    earlier = seen.setdefault(_entry_key(entry), number)
    if earlier != number:
        raise ValidationError([FieldProblem("", translate("与第 {earlier} 行重复").format(earlier=earlier), "diary")])
    if _already_in_desk(session, entry):
        del seen[_entry_key(entry)]
        raise ValidationError([FieldProblem("", translate("日志已存在（同日期、时间、类型、客户和内容）"), "diary")])


def import_diary(session: Session, path: Path, dry_run: bool = False) -> DiaryImportReport:
    """Import the diary entries of a sheet into the caller's transaction.

    Each row is saved by the diary service inside its own SAVEPOINT, so a bad row leaves
    nothing behind; the rows before and after it still go in. A row repeating an entry
    already in the desk (same date, time, kind, client and content) or an earlier row is
    rejected, so importing a file twice adds nothing. With dry_run the whole import runs
    inside an outer SAVEPOINT that is rolled back: the report is what a real run would
    give, and nothing is written.
    """
    rows = read_rows(path, HEADERS, REQUIRED_HEADERS)
    report = DiaryImportReport(total_rows=len(rows))
    with import_savepoint(session, dry_run):
        clients = _Clients(session)
        seen: dict[tuple[Any, ...], int] = {}
        for number, record in rows:
            draft = _draft(number, record, clients)
            if isinstance(draft, RowRejection):
                report.rejected.append(draft)
                continue
            try:
                with session.begin_nested():
                    entry_id = save_entry(session, draft)
                    _check_not_repeated(session, number, session.get(DiaryEntry, entry_id), seen)
            except ValidationError as exc:
                report.rejected.extend(_rejections(number, exc.problems))
                continue
            report.imported += 1
            report.entry_ids.append(entry_id)
    if dry_run:
        report.entry_ids = []
    return report


def write_template(path: Path) -> None:
    """Write an empty diary import template (.xlsx) with its 说明 sheet."""
    write_sheet_template(
        path, "工作日志", HEADERS, _EXPLANATIONS, widths=_WIDTHS, text_columns=(TIME,),
        choices={KIND: tuple(kind.label for kind in EntryKind)},
        notes=("每行一条日志，第一行是列名（列的顺序不限，其他列会被忽略），空行会被跳过。",
               "有问题的行不导入，导入结果会列出行号、列名和原因；其他行照常导入。",
               "同一条日志（日期、时间、类型、客户和内容都相同）只导入一次，重复导入不会重复记录。",
               "也可以另存为 CSV（UTF-8 或 GBK 编码）后导入。"))
