"""The desk's audit trail: `file_history` as an append-only, hash-chained log.

Every history line gets, in the flush that writes it, a sequence number (`seq`, 1, 2, 3 …
in the order of writing on this desk), this desk's id, the hash of the line before it
on this desk (`prev_hash`; "" for the first line) and its own hash:

    row_hash = SHA-256(prev_hash + canonical_line(line)), as lowercase hex

`canonical_line` is a JSON array (UTF-8, no ASCII escaping, no spaces) of every content
column in this fixed order:

    [id, client_id, entity, entity_id, action, field, old_value, new_value, summary,
     actor, at, seq, desk_id]

with `at` written as "YYYY-MM-DDTHH:MM:SS.ffffff" (UTC, as stored) and missing values as
null. A line rewritten afterwards no longer matches its row_hash; a line deleted leaves a
gap in seq and a prev_hash that matches nothing: `verify_chain` finds both and names the
first broken seq. Each desk has its own chain ((desk_id, seq) is unique): lines that
arrive from other desks keep theirs, and each is checked against its own hash.

Lines written before the chain existed (schema 0004; seq is NULL) are sealed into it the
first time it is extended, ordered by (at, id), ahead of the new lines.

The head of the chain is also kept outside the database (`cmdesk.storage.audit_anchor`), so a
deleted tail or a chain re-hashed from some line on is named too.

Desk events that are not record changes — exports, imports, backups, restores,
handovers, password changes, unmasked views and prints — are written with
`record_event` and chained the same way.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cmdesk.i18n import mark, translate
from cmdesk.storage import audit_anchor
from cmdesk.models import FileHistory, new_id, utcnow
from cmdesk.services.settings import desk_id, get_setting

EXPORT = "export"
IMPORT = "import"
BACKUP = "backup"
RESTORE = "restore"
HANDOVER = "handover"
PASSWORD = "password"
VIEW_UNMASKED = "view_unmasked"
PRINT_UNMASKED = "print_unmasked"
DESK_ACTIONS = frozenset({EXPORT, IMPORT, BACKUP, RESTORE, HANDOVER, PASSWORD,
                          VIEW_UNMASKED, PRINT_UNMASKED})

# The action names a manager reads (audit show, the UI).
ACTION_LABELS = {
    "create": mark("新建"), "update": mark("修改"), "delete": mark("删除"),
    EXPORT: mark("导出"), IMPORT: mark("导入"), BACKUP: mark("备份"), RESTORE: mark("恢复"), HANDOVER: mark("移交"),
    PASSWORD: mark("修改密码"), VIEW_UNMASKED: mark("查看未隐去信息"), PRINT_UNMASKED: mark("打印未隐去信息"),
}

# session.info key of the person a session writes for (every history line's actor)
ACTOR_KEY = "actor"
DESK_ID_KEY = "audit_desk_id"
HEAD_KEY = "audit_head"  # (transaction, seq, row_hash) of the newest line this session wrote
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"
# json.dumps with these options builds an encoder per call; a sealed import hashes thousands
_CANONICAL_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# The content columns of a line, in the order its hash covers them.
CONTENT_COLUMNS = ("id", "client_id", "entity", "entity_id", "action", "field", "old_value",
                   "new_value", "summary", "actor", "at", "seq", "desk_id")
# session.info key of the sealed lines the change log writes as plain rows after the flush
SEALED_ROWS_KEY = "audit_sealed_rows"

# A line is a FileHistory object or, as the change log writes them in bulk, a dict of columns.
Line = FileHistory | dict[str, Any]


def _get(line: Line, column: str) -> Any:
    return line[column] if isinstance(line, dict) else getattr(line, column)


def _set(line: Line, column: str, value: Any) -> None:
    if isinstance(line, dict):
        line[column] = value
    else:
        setattr(line, column, value)


def canonical_line(line: Line) -> str:
    """The stable text of one line that its hash covers (see the module docstring)."""
    values = [_get(line, column) for column in CONTENT_COLUMNS]
    at = values[10]
    values[10] = at.strftime(_TIME_FORMAT) if at is not None else None
    return _CANONICAL_JSON.encode(values)


def line_hash(prev_hash: str, line: Line) -> str:
    return hashlib.sha256((prev_hash + canonical_line(line)).encode("utf-8")).hexdigest()


def record_event(session: Session, action: str, summary: str, *, entity: str = "desk",
                 entity_id: str = "", client_id: str | None = None, field: str = "",
                 old: str | None = None, new: str | None = None) -> FileHistory:
    """Add one desk event to the audit trail, in the caller's transaction (it is chained
    when the session flushes). `action` is one of DESK_ACTIONS; the actor is the session's."""
    if action not in DESK_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    line = FileHistory(client_id=client_id, entity=entity, entity_id=entity_id, action=action,
                       field=field, old_value=old, new_value=new, summary=summary,
                       actor=session.info.get(ACTOR_KEY, ""), at=utcnow())
    session.add(line)
    return line


def _desk_id(session: Session) -> str:
    """This desk's id, read once per session (the settings row never changes)."""
    cached = session.info.get(DESK_ID_KEY)
    if cached is None:
        cached = session.info[DESK_ID_KEY] = desk_id(session)
    return cached


def _fill_defaults(line: FileHistory, now: datetime) -> None:
    """Column defaults are applied at INSERT, after the hash is taken: set them first."""
    line.id = line.id or new_id()
    line.field = line.field or ""
    line.summary = line.summary or ""
    line.actor = line.actor or ""
    line.at = line.at or now


def new_row(**columns: Any) -> dict[str, Any]:
    """A history line as a plain row with every column the hash covers filled (the change
    log's bulk lines: thousands of ORM objects cost far more than the rows)."""
    row = {"id": new_id(), "client_id": None, "field": "", "old_value": None, "new_value": None,
           "summary": "", "actor": "", "at": utcnow(), "seq": None, "desk_id": ""}
    row.update(columns)
    return row


def _seal(lines: Iterable[Line], last_seq: int, last_hash: str, desk: str) -> None:
    seq, prev = last_seq, last_hash
    for line in lines:
        seq += 1
        _set(line, "seq", seq)
        _set(line, "desk_id", desk)
        _set(line, "prev_hash", prev)
        prev = line_hash(prev, line)
        _set(line, "row_hash", prev)


def forget_head(session: Session, _previous_transaction: object = None) -> None:
    """A rollback (of the transaction or of a savepoint) may have undone lines: read the
    head again at the next flush, and drop rows sealed for a flush that did not happen.
    Installed as an after_soft_rollback hook."""
    session.info.pop(HEAD_KEY, None)
    session.info.pop(SEALED_ROWS_KEY, None)


def chain_new_lines(session: Session, rows: list[dict[str, Any]] | None = None) -> None:
    """Give every history line pending in this flush its place in the chain: the
    FileHistory objects added to the session, then `rows` (plain rows from `new_row`), which
    `write_sealed_rows` inserts once the flush has written the records they refer to.
    Called by the change log's before_flush hook. The chain's head is read (and lines from
    before the chain sealed) once per transaction; later flushes of the same transaction go
    on from the head kept in session.info, which any rollback, savepoints included, forgets."""
    rows = rows or []
    session.info.pop(SEALED_ROWS_KEY, None)
    pending: list[Line] = [obj for obj in session.new
                           if isinstance(obj, FileHistory) and obj.seq is None]
    if not pending and not rows:
        return
    now = utcnow()
    for line in pending:
        _fill_defaults(line, now)
    transaction = session.get_transaction()
    desk = _desk_id(session)
    kept = session.info.get(HEAD_KEY)
    if kept is not None and kept[0] is transaction:
        _transaction, last_seq, last_hash = kept
        unsealed: list[FileHistory] = []
        if any(_get(line, "action") == RESTORE for line in pending + rows):
            audit_anchor.note_restore(session)
    else:
        head = session.execute(
            select(FileHistory.seq, FileHistory.row_hash)
            .where(FileHistory.desk_id == desk, FileHistory.seq.is_not(None))
            .order_by(FileHistory.seq.desc()).limit(1)).first()
        last_seq, last_hash = (head[0], head[1]) if head else (0, "")
        audit_anchor.note_chain_start(session, desk, last_seq, last_hash,
                                      any(_get(line, "action") == RESTORE
                                          for line in pending + rows))
        unsealed = list(session.scalars(
            select(FileHistory).where(FileHistory.seq.is_(None))
            .order_by(FileHistory.at, FileHistory.id)))
    lines: list[Line] = [*unsealed, *pending, *rows]
    _seal(lines, last_seq, last_hash, desk)
    head_seq, head_hash = _get(lines[-1], "seq"), _get(lines[-1], "row_hash")
    session.info[HEAD_KEY] = (transaction, head_seq, head_hash)
    audit_anchor.note_head(session, desk, head_seq, head_hash)
    if rows:
        session.info[SEALED_ROWS_KEY] = rows


def write_sealed_rows(session: Session, _flush_context: object = None) -> None:
    """Insert the rows `chain_new_lines` sealed, in one executemany, after the flush wrote
    the records they refer to (file_history.client_id is a foreign key). An after_flush hook."""
    rows = session.info.pop(SEALED_ROWS_KEY, None)
    if rows:
        session.connection().execute(insert(FileHistory.__table__), rows)


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking the chain: ok, or the first seq that is broken and why."""

    ok: bool
    first_broken_seq: int | None
    reason: str
    lines_checked: int = 0


def verify_chain(session: Session) -> VerifyResult:
    """Walk this desk's chain from seq 1: each line must follow the one before without a
    gap, carry its hash as prev_hash and hash to its own row_hash; no line may be outside
    the chain. Lines that came from other desks (a handover, head office) are checked one
    by one: each must still hash to its row_hash (their chains are only partly here)."""
    desk = get_setting(session, "desk_id", "")
    expected_seq, prev = 1, ""
    checked = 0
    anchored, hash_at_anchor = audit_anchor.anchored_seq(session), None
    for line in _lines(session, FileHistory.desk_id == desk):
        if line.seq != expected_seq:
            return VerifyResult(False, expected_seq,
                                translate("第 {expected_seq} 行缺失（下一行是第 {seq} 行）").format(expected_seq=expected_seq, seq=line.seq), checked)
        if line.prev_hash != prev:
            return VerifyResult(False, line.seq,
                                translate("第 {seq} 行与上一行接不上（上一行被改动或删除）").format(seq=line.seq), checked)
        if line_hash(prev, line) != line.row_hash:
            return VerifyResult(False, line.seq, translate("第 {seq} 行的内容被改动过").format(seq=line.seq), checked)
        checked += 1
        prev = line.row_hash
        if line.seq == anchored:
            hash_at_anchor = line.row_hash
        expected_seq += 1
    problem = audit_anchor.anchor_problem(session, desk, expected_seq - 1, hash_at_anchor)
    if problem is not None:
        return VerifyResult(False, problem[0], problem[1], checked)
    for line in _lines(session, FileHistory.desk_id != desk):
        if line_hash(line.prev_hash, line) != line.row_hash:
            return VerifyResult(False, line.seq, translate("来自工作台 {desk_id} 的第 {seq} 行内容被改动过").format(desk_id=line.desk_id, seq=line.seq), checked)
        checked += 1
    outside = session.scalar(
        select(func.count()).select_from(FileHistory).where(FileHistory.seq.is_(None)))
    if outside and checked:
        return VerifyResult(False, None, translate("有 {outside} 行不在审计链中（被直接写入）").format(outside=outside), checked)
    return VerifyResult(True, None, translate("审计链完整") if not outside
                        else translate("审计链完整；{outside} 行旧记录将在下次保存时纳入").format(outside=outside), checked)


def _lines(session: Session, which: Any) -> Iterator[FileHistory]:
    """Chained lines in seq order, read in batches and let go once checked."""
    rows = session.scalars(
        select(FileHistory).where(which, FileHistory.seq.is_not(None))
        .order_by(FileHistory.desk_id, FileHistory.seq).execution_options(yield_per=2000))
    for line in rows:
        yield line
        session.expunge(line)
