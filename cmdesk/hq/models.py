"""Head office's own tables, and the head-office copy of the desks' travelling tables.

The travelling tables at head office are the desk's tables (`cmdesk.models`) created
from a copy of their metadata without the per-desk unique indexes: one desk has one
week plan per week and one product per code, head office holds every desk's. Rows are
read and written through the same ORM models (the columns are the same).

Head office's own tables live on their own metadata (`HqBase`):
hq_managers        every manager a package came from (id = the desk's employee id)
hq_desks           the public keys pinned for a manager (one current pin; re-enrolment
                   retires it so the next package pins a new one)
hq_imports         the import ledger: every package read, with its result
hq_held            packages waiting for their predecessor (kept as received, encrypted)
hq_kept            packages whose number another package of that desk already used with
                   other content: kept as received, unapplied, for review
hq_audit_heads     the last audit chain head each manager's desk sent (continuity check)
hq_conflicts       records not applied because their sender no longer owns the client
hq_client_owners   which manager each client file belongs to
hq_origins         which manager's desk first sent each client, diary entry, week
                   plan and 考核表 (the weekly report counts them per manager; the
                   ranking sheet ranks the 考核表)
hq_events          what must stay on the record (a team workbook written unmasked)
hq_sent            the packages head office wrote for desks (sequence per recipient)
hq_client_codes    each client file's 统一社会信用代码 / 身份证号: one code on two managers'
                   files is a client they serve together
hq_client_leads    the lead manager (主办) of such a client
hq_manager_grades  each manager's grade (职级)
hq_grade_floors    对等配置: the lowest grade that may serve a client tier
hq_rules           rules head office sends desks with the grade and floors (考核规则)
hq_reviews         the supervisor's review of a manager's month of diary (opinion), sent
                   back to the desk in a review package
hq_review_remarks  the supervisor's remark on one diary entry of a reviewed month
hq_acknowledgements head office's acknowledgement of an important change a desk reported
                   upward, sent back in an acknowledgement package

Schema changes at head office are made by `create_all` of new tables and by adding the
new columns of existing travelling tables (`cmdesk.hq.db.create_schema`); head office
has no Alembic history of its own yet.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cmdesk.models import Base, utcnow

# Desk tables that never travel: they have no place at head office.
DESK_LOCAL_TABLES = frozenset({"settings", "outbox", "exchange_exports", "exchange_imports"})


def travelling_metadata() -> MetaData:
    """The desks' travelling tables as head office creates them: every column, key and
    foreign key, but without unique indexes (they hold per desk, not across desks)."""
    copy = MetaData()
    for table in Base.metadata.sorted_tables:
        if table.name in DESK_LOCAL_TABLES:
            continue
        copied = table.to_metadata(copy)
        for index in list(copied.indexes):
            if index.unique:
                copied.indexes.discard(index)
    return copy


class HqBase(DeclarativeBase):
    """Head office's own tables (their own metadata: desks never have them)."""


class Manager(HqBase):
    __tablename__ = "hq_managers"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)


class DeskKey(HqBase):
    """A desk's public keys pinned for a manager; retired_at set by re-enrolment."""

    __tablename__ = "hq_desks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    desk_id: Mapped[str] = mapped_column(String(36), default="")
    public_key_file: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(100))
    pinned_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportRecord(HqBase):
    """One package read at head office: applied, held, duplicate or refused."""

    __tablename__ = "hq_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    manager_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    kind: Mapped[str] = mapped_column(String(20), default="")
    sequence: Mapped[int | None] = mapped_column(default=None)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    result: Mapped[str] = mapped_column(String(20))  # applied | held | duplicate | refused
    message: Mapped[str] = mapped_column(Text, default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {entity: rows applied}


class HeldPackage(HqBase):
    """A desk package whose predecessor has not arrived yet (the file as received)."""

    __tablename__ = "hq_held"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    manager_name: Mapped[str] = mapped_column(String(100), default="")
    sequence: Mapped[int]
    follows: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeptPackage(HqBase):
    """A desk package kept unapplied for review: its number was already used by another
    package of that desk with other content (a desk restored from a backup by an older
    cmdesk). Nothing of it is dropped; `cmdesk-hq status` reports it."""

    __tablename__ = "hq_kept"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    manager_name: Mapped[str] = mapped_column(String(100), default="")
    sequence: Mapped[int]
    clashes_with: Mapped[str] = mapped_column(String(36), default="")  # the package applied
    file_name: Mapped[str] = mapped_column(String(500), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditHead(HqBase):
    """The last audit chain head a manager's desk sent (manifest `audit`): each package's
    lines must continue it."""

    __tablename__ = "hq_audit_heads"

    manager_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int]
    row_hash: Mapped[str] = mapped_column(String(64))
    package_id: Mapped[str] = mapped_column(String(36), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Conflict(HqBase):
    """A change not applied: its sender no longer owns the client (after a handover)."""

    __tablename__ = "hq_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(String(36))
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    owner_id: Mapped[str] = mapped_column(String(100), default="")
    client_id: Mapped[str] = mapped_column(String(36), default="")
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(default=0)
    record: Mapped[str] = mapped_column(Text)  # the record as received (JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class ClientOwner(HqBase):
    """The manager a client file belongs to; a handover moves it."""

    __tablename__ = "hq_client_owners"

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    since: Mapped[datetime] = mapped_column(default=utcnow)
    previous_manager_id: Mapped[str] = mapped_column(String(100), default="")


class Origin(HqBase):
    """The manager whose desk first sent a record (importer.ORIGIN_ENTITIES)."""

    __tablename__ = "hq_origins"

    entity: Mapped[str] = mapped_column(String(50), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100))

    __table_args__ = (Index("ix_hq_origins_manager", "manager_id", "entity"),)


class HqEvent(HqBase):
    """Something done at head office that must stay on the record: an unmasked report."""

    __tablename__ = "hq_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(50))  # report_unmasked
    actor: Mapped[str] = mapped_column(String(100), default="")  # the operating system user
    detail: Mapped[str] = mapped_column(Text, default="")


class SentPackage(HqBase):
    """A package head office wrote for a desk: catalogue, targets, handover or release."""

    __tablename__ = "hq_sent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {entity: records}


class ClientCode(HqBase):
    """A client file's 统一社会信用代码 or 身份证号 (compact form): the same code on the
    files of two managers is one client served by both (共同服务)."""

    __tablename__ = "hq_client_codes"

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)


class ClientLead(HqBase):
    """The lead manager (主办) head office set for a client served by several managers."""

    __tablename__ = "hq_client_leads"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class ManagerGrade(HqBase):
    """A manager's grade (职级) as head office records it (one of profile.GRADES)."""

    __tablename__ = "hq_manager_grades"

    manager_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    grade: Mapped[str] = mapped_column(String(20))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class GradeFloor(HqBase):
    """对等配置: a client tier is served by a manager of at least this grade."""

    __tablename__ = "hq_grade_floors"

    tier: Mapped[str] = mapped_column(String(20), primary_key=True)
    grade: Mapped[str] = mapped_column(String(20))


class HqRule(HqBase):
    """A rule head office keeps as JSON and sends to desks in a rules package: the
    assessment rules (考核规则, name "assessment_rules", the shape of docs/assessment.md)."""

    __tablename__ = "hq_rules"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class Review(HqBase):
    """主管审阅: the supervisor's opinion on one manager's diary of one month. Recording
    it again replaces the opinion and raises the revision the desk's copy carries."""

    __tablename__ = "hq_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    manager_id: Mapped[str] = mapped_column(String(100))
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=1)

    __table_args__ = (Index("ux_hq_reviews_month", "manager_id", "month", unique=True),)


class ReviewRemark(HqBase):
    """The supervisor's remark on one diary entry of a reviewed month."""

    __tablename__ = "hq_review_remarks"

    review_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    remark: Mapped[str] = mapped_column(Text)


class HqAcknowledgement(HqBase):
    """总行确认: head office acknowledged an important change a desk reported upward (a
    warning signal or a visit report's 重要情况变动); sent back in an acknowledgement package."""

    __tablename__ = "hq_acknowledgements"

    entity: Mapped[str] = mapped_column(String(50), primary_key=True)  # warning_signals | visit_reports
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    manager_id: Mapped[str] = mapped_column(String(100), index=True)
    acknowledged_by: Mapped[str] = mapped_column(String(100), default="")
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)
