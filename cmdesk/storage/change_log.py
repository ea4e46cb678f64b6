"""Every change is recorded in the same transaction as the change itself.

A `before_flush` hook on the desk's session factory, so no code path can forget it:
- travelling records get their timestamps and revision bumped;
- one outbox row per changed record (what the head-office export reads);
- history lines (who, when, field, old -> new) for every record but the product
  catalogue, tied to the client file they belong to when there is one: client files
  stay continuous and the diary provably unrewritten.
Every history line, whoever added it, is chained into the audit trail in the same
flush (cmdesk.storage.audit: seq, desk id, prev_hash, row_hash). The change log's own lines
are plain rows, inserted in one executemany by an after_flush hook once the records they
refer to are written.

`insert_created` writes many new records as plain rows (a bulk import): one executemany
per table, with the same timestamps, revision, outbox rows and history lines the hook
gives new ORM objects.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from cmdesk.domain.diary_fields import EntryKind
from cmdesk.models import (
    Client,
    ClientLink,
    DiaryEntry,
    FollowUp,
    OutboxEntry,
    Product,
    ServiceStatus,
    Travelling,
    VisitReport,
    new_id,
    utcnow,
)
from cmdesk.storage import audit, audit_anchor
from cmdesk.storage.audit import ACTOR_KEY

# A diary entry's kind as the history stores it: in Chinese, whatever language the desk
# shows (cmdesk.services.file_history translates it when it shows the line).
_KIND_SOURCE_LABELS = {kind.value: kind.source_label for kind in EntryKind}

# Columns that are bookkeeping or derived, not part of what the manager wrote.
UNTRACKED_FIELDS = frozenset({
    "id", "created_at", "updated_at", "revision", "search_text", "name_pinyin", "name_initials",
})


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _RowView:
    """A plain row's columns read as attributes, as the labels below read a record's."""

    def __init__(self, row: dict[str, Any]):
        self._row = row

    def __getattr__(self, column: str) -> Any:
        return self._row.get(column)


def _client_id_of(session: Session, model: type[Travelling], record: Any) -> str | None:
    if issubclass(model, Client):
        return record.id
    if issubclass(model, VisitReport):
        entry = session.get(DiaryEntry, record.entry_id) if record.entry_id else None
        return entry.client_id if entry else None
    return getattr(record, "client_id", None)


def _label_of(session: Session, model: type[Travelling], record: Any) -> str:
    """A short human name of a record for history summaries (name, institution, the
    product of a service line, the other client of a link), as it is at this change."""
    if issubclass(model, ServiceStatus):
        product = session.get(Product, record.product_id) if record.product_id else None
        return product.name if product else ""
    if issubclass(model, ClientLink):
        other = session.get(Client, record.related_client_id) if record.related_client_id else None
        return other.name if other else ""
    if issubclass(model, DiaryEntry):
        return f"{record.entry_date} {_KIND_SOURCE_LABELS.get(record.kind, record.kind)}"
    if issubclass(model, VisitReport):
        entry = session.get(DiaryEntry, record.entry_id) if record.entry_id else None
        return f"{entry.entry_date} 访客报告" if entry else "访客报告"
    if issubclass(model, FollowUp):
        return record.request[:40]
    for attr in ("name", "institution", "nature", "description"):
        value = getattr(record, attr, None)
        if value:
            return str(value)
    return ""


def _creation_lines(session: Session, model: type[Travelling], record: Any, actor: str,
                    now: datetime, outbox: list[dict[str, Any]],
                    history: list[dict[str, Any]]) -> None:
    """The outbox row and (but for the product catalogue) the history line of a new record."""
    outbox.append({"entity": model.__tablename__, "entity_id": record.id,
                   "revision": 1, "op": "upsert", "changed_at": now})
    if issubclass(model, Product):
        return
    history.append(audit.new_row(
        client_id=_client_id_of(session, model, record), entity=model.__tablename__,
        entity_id=record.id, action="create", summary=_label_of(session, model, record),
        actor=actor, at=now))


def _changed_fields(record: Travelling) -> list[tuple[str, Any, Any]]:
    state = inspect(record)
    changes = []
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in UNTRACKED_FIELDS:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if _as_text(old) == _as_text(new):
            continue
        changes.append((key, old, new))
    return changes


def _record_change(session: Session, _flush_context: Any, _instances: Any) -> None:
    actor = session.info.get(ACTOR_KEY, "")
    now = utcnow()
    outbox: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for record in list(session.new):
        if not isinstance(record, Travelling):
            continue
        if record.id is None:
            record.id = new_id()
        record.created_at = record.created_at or now
        record.updated_at = now
        record.revision = 1
        _creation_lines(session, type(record), record, actor, now, outbox, history)
    for record in list(session.dirty):
        if not isinstance(record, Travelling) or record in session.new:
            continue
        changes = _changed_fields(record)
        if not changes:
            continue
        tombstoned = any(key == "deleted_at" and new is not None for key, _old, new in changes)
        record.revision = (record.revision or 0) + 1
        record.updated_at = now
        outbox.append({"entity": record.__tablename__, "entity_id": record.id,
                       "revision": record.revision, "op": "delete" if tombstoned else "upsert",
                       "changed_at": now})
        if isinstance(record, Product):
            continue
        client_id = _client_id_of(session, type(record), record)
        if tombstoned:
            history.append(audit.new_row(
                client_id=client_id, entity=record.__tablename__, entity_id=record.id,
                action="delete", summary=_label_of(session, type(record), record),
                actor=actor, at=now))
            continue
        for key, old, new in changes:
            history.append(audit.new_row(
                client_id=client_id, entity=record.__tablename__, entity_id=record.id,
                action="update", field=key, old_value=_as_text(old), new_value=_as_text(new),
                summary=_label_of(session, type(record), record), actor=actor, at=now))
    for record in list(session.deleted):
        if isinstance(record, Travelling):
            raise RuntimeError(
                f"{type(record).__name__} rows are tombstoned (deleted_at), never deleted")
    if outbox:
        # one executemany in this flush's transaction: thousands of ORM objects cost
        # far more than the rows (nothing reads an outbox row back as an object)
        session.execute(insert(OutboxEntry.__table__), outbox)
    audit.chain_new_lines(session, history)


def insert_created(session: Session, model: type[Travelling], rows: list[dict[str, Any]]
                   ) -> list[str]:
    """Insert new records of `model` given as plain rows, one executemany per set of
    columns, with what the before_flush hook gives new ORM objects: an id when the row has
    none, created_at, updated_at and revision 1, one outbox row each, and a 'create'
    history line each sealed into the audit chain. Columns a row does not name or gives
    as None get their defaults, as the unit of work gives an object's (it writes no None).
    Anything pending is flushed first, so the chain's order is the order of writing.
    Returns the rows' ids, in order. For bulk imports: thousands of ORM objects cost far
    more than their rows."""
    session.flush()
    actor = session.info.get(ACTOR_KEY, "")
    now = utcnow()
    outbox: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for given in rows:
        row = {column: value for column, value in given.items() if value is not None}
        row["id"] = row.get("id") or new_id()
        row["created_at"] = row.get("created_at") or now
        row["updated_at"] = now
        row["revision"] = 1
        _creation_lines(session, model, _RowView(row), actor, now, outbox, history)
        # one executemany names one set of columns
        by_columns.setdefault(tuple(row), []).append(row)
    for same_columns in by_columns.values():
        session.execute(insert(model.__table__), same_columns)
    if outbox:
        session.execute(insert(OutboxEntry.__table__), outbox)
    audit.chain_new_lines(session, history)
    audit.write_sealed_rows(session)
    return [row["entity_id"] for row in outbox]


def install(factory: sessionmaker[Session]) -> None:
    """Attach the change log to every session the factory makes."""
    event.listen(factory, "before_flush", _record_change)
    event.listen(factory, "after_flush", audit.write_sealed_rows)
    event.listen(factory, "after_soft_rollback", audit.forget_head)
    event.listen(factory, "after_soft_rollback", audit_anchor.forget)
    event.listen(factory, "after_commit", audit_anchor.after_commit)
