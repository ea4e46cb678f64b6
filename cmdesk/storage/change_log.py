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


def _client_id_of(session: Session, record: Travelling) -> str | None:
    if isinstance(record, Client):
        return record.id
    if isinstance(record, VisitReport):
        entry = session.get(DiaryEntry, record.entry_id) if record.entry_id else None
        return entry.client_id if entry else None
    return getattr(record, "client_id", None)


def _label_of(session: Session, record: Travelling) -> str:
    """A short human name of a record for history summaries (name, institution, the
    product of a service line, the other client of a link), as it is at this change."""
    if isinstance(record, ServiceStatus):
        product = session.get(Product, record.product_id) if record.product_id else None
        return product.name if product else ""
    if isinstance(record, ClientLink):
        other = session.get(Client, record.related_client_id) if record.related_client_id else None
        return other.name if other else ""
    if isinstance(record, DiaryEntry):
        return f"{record.entry_date} {_KIND_SOURCE_LABELS.get(record.kind, record.kind)}"
    if isinstance(record, VisitReport):
        entry = session.get(DiaryEntry, record.entry_id) if record.entry_id else None
        return f"{entry.entry_date} 访客报告" if entry else "访客报告"
    if isinstance(record, FollowUp):
        return record.request[:40]
    for attr in ("name", "institution", "nature", "description"):
        value = getattr(record, attr, None)
        if value:
            return str(value)
    return ""


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
        outbox.append({"entity": record.__tablename__, "entity_id": record.id,
                       "revision": 1, "op": "upsert", "changed_at": now})
        if isinstance(record, Product):
            continue
        history.append(audit.new_row(
            client_id=_client_id_of(session, record), entity=record.__tablename__,
            entity_id=record.id, action="create", summary=_label_of(session, record),
            actor=actor, at=now))
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
        client_id = _client_id_of(session, record)
        if tombstoned:
            history.append(audit.new_row(
                client_id=client_id, entity=record.__tablename__, entity_id=record.id,
                action="delete", summary=_label_of(session, record), actor=actor, at=now))
            continue
        for key, old, new in changes:
            history.append(audit.new_row(
                client_id=client_id, entity=record.__tablename__, entity_id=record.id,
                action="update", field=key, old_value=_as_text(old), new_value=_as_text(new),
                summary=_label_of(session, record), actor=actor, at=now))
    for record in list(session.deleted):
        if isinstance(record, Travelling):
            raise RuntimeError(
                f"{type(record).__name__} rows are tombstoned (deleted_at), never deleted")
    if outbox:
        # one executemany in this flush's transaction: thousands of ORM objects cost
        # far more than the rows (nothing reads an outbox row back as an object)
        session.execute(insert(OutboxEntry.__table__), outbox)
    audit.chain_new_lines(session, history)


def install(factory: sessionmaker[Session]) -> None:
    """Attach the change log to every session the factory makes."""
    event.listen(factory, "before_flush", _record_change)
    event.listen(factory, "after_flush", audit.write_sealed_rows)
    event.listen(factory, "after_soft_rollback", audit.forget_head)
    event.listen(factory, "after_soft_rollback", audit_anchor.forget)
    event.listen(factory, "after_commit", audit_anchor.after_commit)
