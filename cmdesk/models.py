"""The desk's data model: SQLAlchemy 2.0 typed tables.

Tables
------
settings        key/value pairs of the desk: the manager's profile, desk id, options (local only)
outbox          the change log: one row per change of a travelling record, written in the
                same transaction as the change; the head-office export reads it
products        the product catalogue (服务现况 and proposals refer to it)
clients         客户档案: basic data, classification, how the client sees us (定位)
contacts        决策人/联系人 of a client
business_lines  主要业务分析: the client's lines of business
other_banks     他行关系: the client's other financial institutions
services        服务现况: per client and product, needed / elsewhere / recommended / adopted / stopped
value_items     客户关系价值: income lines (direct, related, other) per year
client_links    关联客户: group / subsidiary / affiliate / referral links between client files
file_history    the continuous history of every travelling record (who, when, field, old -> new);
                client_id names the client file a line belongs to, when there is one
diary_entries   日志: one piece of the manager's work on one day (visit, call, meeting, …)
diary_search, diary_fts, diary_search_state
                the diary's full-text index: derived data kept by services.diary_search
                (plain SQL in migration 0003, not mapped here)
visit_reports   访客报告: the full report of a visit entry (at most one per entry)
follow_ups      督办: an issue a client raised, chased to its result

Every travelling record (everything but settings and outbox) carries a UUID
primary key, created_at, updated_at, a revision counter and a tombstone
(deleted_at); rows are never deleted, only tombstoned. Times are stored in UTC.
Money is Decimal (Numeric(18, 2)), in 元.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

MONEY = Numeric(18, 2)
PERCENT = Numeric(5, 2)


def new_id() -> str:
    """A fresh record id (UUID4, text form)."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (how every time is stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {
        Decimal: MONEY,
        datetime: DateTime(),
        date: Date(),
        time: Time(),
        str: String(200),
        bool: Boolean(),
        int: Integer(),
    }


class Travelling:
    """Columns every record that travels to head office carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxEntry(Base):
    """One change of one travelling record, in commit order (seq)."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int]
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_outbox_entity", "entity", "entity_id"),)


class Product(Travelling, Base):
    __tablename__ = "products"

    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str]
    category: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(20), default="both")  # company | individual | both
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        Index("ux_products_code", "code", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class Client(Travelling, Base):
    __tablename__ = "clients"

    kind: Mapped[str] = mapped_column(String(20))  # company | individual
    name: Mapped[str]
    name_pinyin: Mapped[str] = mapped_column(String(1000), default="")
    name_initials: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str | None] = mapped_column(String(18))  # 统一社会信用代码
    id_number: Mapped[str | None] = mapped_column(String(18))  # 身份证号
    industry: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    scale: Mapped[str] = mapped_column(String(100), default="")
    annual_revenue: Mapped[Decimal | None]
    tier: Mapped[str] = mapped_column(String(20), default="一般")
    source: Mapped[str] = mapped_column(String(100), default="")
    manager_name: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default="prospect")
    tags: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # 我行在客户眼中的定位
    our_importance: Mapped[str] = mapped_column(Text, default="")
    our_image: Mapped[str] = mapped_column(Text, default="")
    our_strengths: Mapped[str] = mapped_column(Text, default="")
    our_weaknesses: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None]
    # Everything the search box matches, lower-cased: name, pinyin, initials,
    # codes, contact names and phone digits. Kept up to date by services.clients.
    search_text: Mapped[str] = mapped_column(Text, default="")

    contacts: Mapped[list["Contact"]] = relationship(
        order_by="Contact.created_at",
        primaryjoin="and_(Contact.client_id == Client.id, Contact.deleted_at.is_(None))",
        viewonly=True)
    business_lines: Mapped[list["BusinessLine"]] = relationship(
        order_by="BusinessLine.created_at",
        primaryjoin="and_(BusinessLine.client_id == Client.id, BusinessLine.deleted_at.is_(None))",
        viewonly=True)
    other_banks: Mapped[list["OtherBank"]] = relationship(
        order_by="OtherBank.created_at",
        primaryjoin="and_(OtherBank.client_id == Client.id, OtherBank.deleted_at.is_(None))",
        viewonly=True)
    services: Mapped[list["ServiceStatus"]] = relationship(
        order_by="ServiceStatus.created_at",
        primaryjoin="and_(ServiceStatus.client_id == Client.id, ServiceStatus.deleted_at.is_(None))",
        viewonly=True)
    value_items: Mapped[list["ValueItem"]] = relationship(
        order_by="ValueItem.created_at",
        primaryjoin="and_(ValueItem.client_id == Client.id, ValueItem.deleted_at.is_(None))",
        foreign_keys="ValueItem.client_id", viewonly=True)
    links: Mapped[list["ClientLink"]] = relationship(
        order_by="ClientLink.created_at",
        primaryjoin="and_(ClientLink.client_id == Client.id, ClientLink.deleted_at.is_(None))",
        foreign_keys="ClientLink.client_id", viewonly=True)

    __table_args__ = (
        Index("ux_clients_credit_code", "credit_code", unique=True,
              sqlite_where=text("deleted_at IS NULL AND credit_code IS NOT NULL"),
              postgresql_where=text("deleted_at IS NULL AND credit_code IS NOT NULL")),
        Index("ux_clients_id_number", "id_number", unique=True,
              sqlite_where=text("deleted_at IS NULL AND id_number IS NOT NULL"),
              postgresql_where=text("deleted_at IS NULL AND id_number IS NOT NULL")),
        Index("ix_clients_name", "name"),
    )


class ClientChild(Travelling):
    """A record that belongs to one client file."""

    client_id: Mapped[str] = mapped_column(String(36), ForeignKey("clients.id"), index=True)

    @declared_attr
    def client(cls) -> Mapped[Client]:
        # Many-to-one, so the unit of work always inserts the client before its rows.
        return relationship(Client, foreign_keys=f"{cls.__name__}.client_id")


class Contact(ClientChild, Base):
    __tablename__ = "contacts"

    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[str] = mapped_column(String(100), default="")
    authority: Mapped[str] = mapped_column(String(500), default="")  # 职权
    relation_method: Mapped[str] = mapped_column(String(500), default="")  # 关系方法
    phone: Mapped[str] = mapped_column(String(40), default="")
    birthday: Mapped[date | None]
    other_business: Mapped[str] = mapped_column(String(500), default="")
    our_contacts: Mapped[str] = mapped_column(String(500), default="")  # 在我行的其他联系点
    is_primary: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class BusinessLine(ClientChild, Base):
    __tablename__ = "business_lines"

    nature: Mapped[str] = mapped_column(String(200))  # 业务性质
    revenue_share: Mapped[Decimal | None] = mapped_column(PERCENT)
    profit_share: Mapped[Decimal | None] = mapped_column(PERCENT)
    current_state: Mapped[str] = mapped_column(Text, default="")
    next_year_plan: Mapped[str] = mapped_column(Text, default="")
    financing_needs: Mapped[str] = mapped_column(Text, default="")


class OtherBank(ClientChild, Base):
    __tablename__ = "other_banks"

    institution: Mapped[str] = mapped_column(String(200))
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    products_terms: Mapped[str] = mapped_column(Text, default="")
    why_chosen: Mapped[str] = mapped_column(Text, default="")
    estimated_spend: Mapped[Decimal | None]


class ServiceStatus(ClientChild, Base):
    __tablename__ = "services"

    product_id: Mapped[str] = mapped_column(String(36), ForeignKey("products.id"))
    needed: Mapped[bool] = mapped_column(default=False)
    other_bank: Mapped[bool] = mapped_column(default=False)
    recommended: Mapped[bool] = mapped_column(default=False)
    adopted: Mapped[bool] = mapped_column(default=False)
    stopped: Mapped[bool] = mapped_column(default=False)
    our_share: Mapped[Decimal | None] = mapped_column(PERCENT)
    notes: Mapped[str] = mapped_column(Text, default="")

    product: Mapped[Product] = relationship(viewonly=True, lazy="joined")


class ValueItem(ClientChild, Base):
    __tablename__ = "value_items"

    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(20))  # see domain.client_fields.VALUE_CATEGORIES
    description: Mapped[str] = mapped_column(String(500), default="")
    amount: Mapped[Decimal]
    source_client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"))


class ClientLink(ClientChild, Base):
    __tablename__ = "client_links"

    related_client_id: Mapped[str] = mapped_column(String(36), ForeignKey("clients.id"))
    kind: Mapped[str] = mapped_column(String(20))  # parent | subsidiary | affiliate | referral
    notes: Mapped[str] = mapped_column(String(500), default="")

    related_client: Mapped[Client] = relationship(foreign_keys=[related_client_id], viewonly=True,
                                                  lazy="joined")


class FileHistory(Base):
    """One line of a client file's history; append-only, travels with the file."""

    __tablename__ = "file_history"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete
    field: Mapped[str] = mapped_column(String(50), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client | None] = relationship(Client)

    __table_args__ = (Index("ix_file_history_entity", "entity", "entity_id"),)


class DiaryEntry(Travelling, Base):
    """One piece of work in the 《客户经理日志》."""

    __tablename__ = "diary_entries"

    entry_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time | None]
    kind: Mapped[str] = mapped_column(String(20))  # see domain.diary_fields.ENTRY_KINDS
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    # contacts met, as a JSON list of {"id": contact id or null, "name": …, "position": …}
    contacts_met: Mapped[str] = mapped_column(Text, default="[]")
    content: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None]

    client: Mapped[Client | None] = relationship(Client)

    # the contact cadence asks for each client's last contact
    __table_args__ = (Index("ix_diary_entries_contact", "client_id", "kind", "entry_date",
                            "deleted_at"),)


class VisitReport(Travelling, Base):
    """访客报告表 of a visit entry."""

    __tablename__ = "visit_reports"

    entry_id: Mapped[str] = mapped_column(String(36), ForeignKey("diary_entries.id"))
    place: Mapped[str] = mapped_column(String(200), default="")
    our_participants: Mapped[str] = mapped_column(String(500), default="")
    # the client's participants, as a JSON list of {"name": …, "position": …}
    client_participants: Mapped[str] = mapped_column(Text, default="[]")
    purpose: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    needs_found: Mapped[str] = mapped_column(Text, default="")
    # products recommended, as a JSON list of product ids
    products_recommended: Mapped[str] = mapped_column(Text, default="[]")
    client_reaction: Mapped[str] = mapped_column(Text, default="")
    important_changes: Mapped[str] = mapped_column(Text, default="")  # 重要情况变动
    important_change_flag: Mapped[bool] = mapped_column(default=False)  # on the supervisor's list
    reported_at: Mapped[datetime | None]  # when the important change was reported upward
    service_view: Mapped[str] = mapped_column(Text, default="")  # the client's view of our service
    next_visit_date: Mapped[date | None]

    entry: Mapped[DiaryEntry] = relationship(DiaryEntry)

    __table_args__ = (
        Index("ux_visit_reports_entry", "entry_id", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class FollowUp(Travelling, Base):
    """督办: what the client asked, who chases it, and what the client was told."""

    __tablename__ = "follow_ups"

    client_id: Mapped[str] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    entry_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("diary_entries.id"),
                                                 index=True)
    request: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(100), default="")
    chaser: Mapped[str] = mapped_column(String(100), default="")
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")  # see domain.diary_fields
    result: Mapped[str] = mapped_column(Text, default="")
    told_client_on: Mapped[date | None]
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    closed_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship(Client)
    entry: Mapped[DiaryEntry | None] = relationship(DiaryEntry)


CLIENT_CHILDREN: tuple[type[ClientChild], ...] = (
    Contact, BusinessLine, OtherBank, ServiceStatus, ValueItem, ClientLink)
