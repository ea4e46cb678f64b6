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
week_plans, plan_items
                周计划 and its items (client or internal work, planned day, status, the
                diary entry that fulfilled it); month_plans: 月计划 goals
development_plans, development_milestones
                客户发展计划 of a client to win or grow, with dated milestones
strategy_plans, strategy_plan_rows, strategy_challenges
                客户关系战略计划书: one per key client per year (sections 8 and 9 are
                its own rows; sections 1-7 are read from the client file)
task_books, task_indicators, task_actuals
                工作任务书: the year's indicators, targets and monthly actuals
assessments, assessment_lines
                考核表: a quarter's or a year's assessment (department and internal-
                management scores, the manager's 述职, the result as last saved) and its
                qualitative items and 加分/扣分 lines; the quantitative part is read
                from the task book
proposals, proposal_versions, proposal_lines, proposal_events
                服务方案: a proposal, its numbered versions (frozen once submitted), the
                product lines of each version, and every status change
projects, project_members, project_milestones, project_logs
                大型客户立项: the project proposal, its team, milestones and log; an
                approval names its approver, position, day and 批复文号
meetings, meeting_reports, meeting_actions
                工作例会: the minutes, what each attendee reported, and the action items
                (each chased as a follow-up: its client's, or an internal one)
credit_lines    授信: a client's credit line, its amount and expiry
loans           贷款台账: one loan contract of a client (amount, balance, maturity, 五级分类,
                how often it is checked), optionally drawn on a credit line
loan_checks     贷后检查报告: one post-loan check of a client, done by two people, linked to
                the diary entry that logged it
warning_signals 预警信号: a risk signal found at a client, its cause, measures and status;
                reported_at is set when the export first carried it upward (flagged urgent)
diary_reviews, diary_remarks
                主管审阅: the supervisor's opinion on a month of the diary and remarks on
                single entries, received from head office (never edited on the desk)
acknowledgements
                总行确认: head office's acknowledgement of an important change reported
                upward (a warning signal, a visit report's 重要情况变动), received from it
shared_clients, shared_visits
                共同服务: the clients this manager serves together with others, as head
                office last told: the lead (主办), the co-servers, a read-only copy of the
                lead's file and the lead's visit summaries; received in a shared-clients
                package, replaced by the next, never edited here and never exported
exchange_exports, exchange_imports
                the desk's ledger of packages sent to and received from head office
                (local only)

file_history is also the desk's audit trail: each line carries a sequence number and
the hash of the line before it (seq, prev_hash, row_hash), so a rewritten line breaks
the chain; besides record changes it records unmasked views and prints, exports,
imports, backups, restores, handovers and password changes (entity "desk").

Every travelling record (everything but settings, outbox and the exchange ledgers) carries a UUID
primary key, created_at, updated_at, a revision counter and a tombstone
(deleted_at); rows are never deleted, only tombstoned. Times are stored in UTC.
Money is Decimal (Numeric(18, 2)), in 元.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, time
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

from cmdesk.clock import utcnow

MONEY = Numeric(18, 2)
PERCENT = Numeric(5, 2)
RATE = Numeric(9, 4)  # an interest rate or fee rate in % a year, e.g. 3.4500


def new_id() -> str:
    """A fresh record id (UUID4, text form)."""
    return str(uuid.uuid4())


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
    selling_points: Mapped[str] = mapped_column(Text, default="")
    pricing_note: Mapped[str] = mapped_column(String(500), default="")  # 参考价格, in words
    rate_min: Mapped[Decimal | None] = mapped_column(RATE)  # indicative rate or fee range, % a year
    rate_max: Mapped[Decimal | None] = mapped_column(RATE)
    # how a proposal line's expected annual income is computed: margin | fee | none
    income_basis: Mapped[str] = mapped_column(String(20), default="none")
    margin_rate: Mapped[Decimal | None] = mapped_column(RATE)  # indicative net margin, %
    term_options: Mapped[str] = mapped_column(String(200), default="")
    min_amount: Mapped[Decimal | None]
    risk_level: Mapped[str | None] = mapped_column(String(4))  # R1..R5, wealth products
    documents: Mapped[str] = mapped_column(Text, default="")  # required documents, one per line

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
    # an individual's risk appetite C1..C5 (matched against wealth products' R1..R5)
    risk_appetite: Mapped[str | None] = mapped_column(String(4))
    # 移交: set on the releasing desk when head office hands the client to another
    # manager; the file stays readable but is no longer edited here
    released_at: Mapped[datetime | None]
    released_to: Mapped[str] = mapped_column(String(100), default="")
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
    # create | update | delete | view_unmasked | print_unmasked | export | import | backup |
    # restore | handover | password
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(50), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # the audit chain: order of writing on this desk, and the hashes linking each line
    # to the one before (set by the change log; empty on lines written before 0004)
    seq: Mapped[int | None]
    desk_id: Mapped[str] = mapped_column(String(36), default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")

    client: Mapped[Client | None] = relationship(Client)

    __table_args__ = (
        Index("ix_file_history_entity", "entity", "entity_id"),
        # per desk: head office (and a desk after a handover) holds other desks' lines
        Index("ux_file_history_seq", "desk_id", "seq", unique=True),
        # lines not yet in the chain (written before 0004): found at once, even when none
        Index("ix_file_history_unsealed", "at", "id", sqlite_where=text("seq IS NULL"),
              postgresql_where=text("seq IS NULL")),
    )


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

    # None: an internal item (内部事项), e.g. a meeting's action item that names no client
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
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

    client: Mapped[Client | None] = relationship(Client)
    entry: Mapped[DiaryEntry | None] = relationship(DiaryEntry)


class WeekPlan(Travelling, Base):
    """周计划: the plan of one ISO week (Monday to Sunday)."""

    __tablename__ = "week_plans"

    week: Mapped[str] = mapped_column(String(8))  # ISO week, "2026-W48"
    notes: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]  # when it was sent to the supervisor

    items: Mapped[list["PlanItem"]] = relationship(
        order_by="PlanItem.sort_order",
        primaryjoin="and_(PlanItem.plan_id == WeekPlan.id, PlanItem.deleted_at.is_(None))",
        viewonly=True)

    __table_args__ = (
        Index("ux_week_plans_week", "week", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class PlanItem(Travelling, Base):
    """One line of a week plan: a client to see (or internal work) and what for."""

    __tablename__ = "plan_items"

    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("week_plans.id"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")  # internal work, or a note
    purpose: Mapped[str] = mapped_column(String(20))  # see domain.plan_fields
    planned_date: Mapped[date | None]
    products: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of product ids
    expected_outcome: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(10), default="normal")  # high | normal | low
    status: Mapped[str] = mapped_column(String(10), default="planned")  # planned|done|moved|dropped
    reason: Mapped[str] = mapped_column(Text, default="")  # why moved or dropped
    entry_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("diary_entries.id"))
    carried_from_id: Mapped[str | None] = mapped_column(String(36))  # the item it continues
    sort_order: Mapped[int] = mapped_column(default=0)

    plan: Mapped[WeekPlan] = relationship(WeekPlan, foreign_keys=[plan_id])
    client: Mapped[Client | None] = relationship(Client)


class MonthPlan(Travelling, Base):
    """月计划: the month's own goals; its weeks are the week plans that fall in it."""

    __tablename__ = "month_plans"

    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    goal_new_clients: Mapped[int] = mapped_column(default=0)
    goal_visits: Mapped[int] = mapped_column(default=0)
    goal_products: Mapped[int] = mapped_column(default=0)  # products to land
    goals_text: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ux_month_plans_month", "month", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class DevelopmentPlan(ClientChild, Base):
    """客户发展计划: what we want to win from a prospect or client, and how."""

    __tablename__ = "development_plans"

    target: Mapped[str] = mapped_column(Text)
    strategy: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    resource_departments: Mapped[str] = mapped_column(String(500), default="")
    resource_people: Mapped[str] = mapped_column(String(500), default="")
    pricing_approval: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | won | dropped
    target_date: Mapped[date | None]

    milestones: Mapped[list["DevelopmentMilestone"]] = relationship(
        order_by="DevelopmentMilestone.due_date",
        primaryjoin="and_(DevelopmentMilestone.plan_id == DevelopmentPlan.id, "
                    "DevelopmentMilestone.deleted_at.is_(None))",
        viewonly=True)


class DevelopmentMilestone(Travelling, Base):
    __tablename__ = "development_milestones"

    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("development_plans.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | missed
    done_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[DevelopmentPlan] = relationship(DevelopmentPlan, foreign_keys=[plan_id])


class StrategyPlan(ClientChild, Base):
    """客户关系战略计划书 of a key client for one year."""

    __tablename__ = "strategy_plans"

    year: Mapped[int]
    summary: Mapped[str] = mapped_column(Text, default="")
    # sections 1-7 as they stood when the year was closed (JSON), so last year's plan
    # reads as it was; empty while the year is open (they are read live)
    snapshot: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]

    rows: Mapped[list["StrategyPlanRow"]] = relationship(
        order_by="StrategyPlanRow.sort_order",
        primaryjoin="and_(StrategyPlanRow.plan_id == StrategyPlan.id, "
                    "StrategyPlanRow.deleted_at.is_(None))",
        viewonly=True)
    challenges: Mapped[list["StrategyChallenge"]] = relationship(
        order_by="StrategyChallenge.sort_order",
        primaryjoin="and_(StrategyChallenge.plan_id == StrategyPlan.id, "
                    "StrategyChallenge.deleted_at.is_(None))",
        viewonly=True)

    __table_args__ = (
        Index("ux_strategy_plans_year", "client_id", "year", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class StrategyPlanRow(Travelling, Base):
    """Section 8, 我行来年计划: one need and how we meet it."""

    __tablename__ = "strategy_plan_rows"

    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("strategy_plans.id"), index=True)
    need: Mapped[str] = mapped_column(Text)
    product_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("products.id"))
    department: Mapped[str] = mapped_column(String(100), default="")
    person: Mapped[str] = mapped_column(String(100), default="")
    planned_time: Mapped[str] = mapped_column(String(100), default="")  # e.g. 2027年二季度
    method: Mapped[str] = mapped_column(Text, default="")
    expected_income: Mapped[Decimal | None]
    sort_order: Mapped[int] = mapped_column(default=0)

    plan: Mapped[StrategyPlan] = relationship(StrategyPlan, foreign_keys=[plan_id])
    product: Mapped[Product | None] = relationship(viewonly=True)


class StrategyChallenge(Travelling, Base):
    """Section 9, 来年可能面对的挑战."""

    __tablename__ = "strategy_challenges"

    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("strategy_plans.id"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    prevention: Mapped[str] = mapped_column(Text, default="")
    timetable: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    plan: Mapped[StrategyPlan] = relationship(StrategyPlan, foreign_keys=[plan_id])


class TaskBook(Travelling, Base):
    """工作任务书 of one year."""

    __tablename__ = "task_books"

    year: Mapped[int]
    source: Mapped[str] = mapped_column(String(20), default="typed")  # typed|supervisor|head_office
    issued_by: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    indicators: Mapped[list["TaskIndicator"]] = relationship(
        order_by="TaskIndicator.sort_order",
        primaryjoin="and_(TaskIndicator.book_id == TaskBook.id, TaskIndicator.deleted_at.is_(None))",
        viewonly=True)

    __table_args__ = (
        Index("ux_task_books_year", "year", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class TaskIndicator(Travelling, Base):
    """One indicator of the task book: its target, whether the desk computes its actual,
    and whether it is a flow or a level."""

    __tablename__ = "task_indicators"

    book_id: Mapped[str] = mapped_column(String(36), ForeignKey("task_books.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # see domain.plan_fields, or custom_*
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20), default="")
    target: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    computed: Mapped[bool] = mapped_column(default=False)  # actual counted from the desk's data
    # flow: the months add up; level: the latest month stands (domain.task_book)
    measure: Mapped[str] = mapped_column(String(10), default="flow", server_default="flow")
    sort_order: Mapped[int] = mapped_column(default=0)

    book: Mapped[TaskBook] = relationship(TaskBook, foreign_keys=[book_id])


class TaskActual(Travelling, Base):
    """An indicator's actual for one month, as typed (for indicators the desk cannot count)."""

    __tablename__ = "task_actuals"

    indicator_id: Mapped[str] = mapped_column(String(36), ForeignKey("task_indicators.id"),
                                              index=True)
    month: Mapped[int]  # 1..12
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))

    indicator: Mapped[TaskIndicator] = relationship(TaskIndicator, foreign_keys=[indicator_id])


class Assessment(Travelling, Base):
    """考核表 of one period: quarter 1–4, or 0 for the year (domain.assessment)."""

    __tablename__ = "assessments"

    year: Mapped[int]
    quarter: Mapped[int] = mapped_column(default=0)
    department_score: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    internal_score: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    self_report: Mapped[str] = mapped_column(Text, default="")  # 述职
    # the sheet's result when last saved (what head office ranks by)
    work_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    total_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    grade: Mapped[str] = mapped_column(String(20), default="")
    stars: Mapped[int] = mapped_column(default=0)
    # head office's 复评 ("reviewed") or 审定 ("approved"), sent back in an "assessment"
    # package; an approved 考核表 is no longer edited on the desk
    review_status: Mapped[str] = mapped_column(String(20), default="")
    review_total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    review_grade: Mapped[str] = mapped_column(String(20), default="")
    review_stars: Mapped[int | None]
    review_opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(100), default="")
    reviewed_on: Mapped[date | None]

    __table_args__ = (
        Index("ux_assessments_period", "year", "quarter", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class AssessmentLine(Travelling, Base):
    """A qualitative item with its score (of max_score), or a 加分/扣分 with its reason."""

    __tablename__ = "assessment_lines"

    assessment_id: Mapped[str] = mapped_column(String(36), ForeignKey("assessments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # qualitative | bonus | deduction
    name: Mapped[str] = mapped_column(String(100), default="")
    max_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    reason: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)


class Project(ClientChild, Base):
    """大型客户立项: the project proposal (立项建议书) for a large prospect, and its work."""

    __tablename__ = "projects"

    title: Mapped[str] = mapped_column(String(200))
    opportunity: Mapped[str] = mapped_column(Text, default="")
    expected_scale: Mapped[Decimal | None]
    expected_income: Mapped[Decimal | None]
    competitors: Mapped[str] = mapped_column(Text, default="")
    strategy: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    # draft | submitted | approved | rejected | closed (see domain.proposal_fields)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime | None]
    # the approval (批复) that decided it: the approver's position, the day and the document
    approver_position: Mapped[str] = mapped_column(String(100), default="")
    decided_on: Mapped[date | None]
    approval_no: Mapped[str] = mapped_column(String(60), default="")
    development_plan_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("development_plans.id"))

    members: Mapped[list["ProjectMember"]] = relationship(
        order_by="ProjectMember.sort_order",
        primaryjoin="and_(ProjectMember.project_id == Project.id, "
                    "ProjectMember.deleted_at.is_(None))",
        viewonly=True)
    milestones: Mapped[list["ProjectMilestone"]] = relationship(
        order_by="ProjectMilestone.due_date",
        primaryjoin="and_(ProjectMilestone.project_id == Project.id, "
                    "ProjectMilestone.deleted_at.is_(None))",
        viewonly=True)
    logs: Mapped[list["ProjectLog"]] = relationship(
        order_by="ProjectLog.log_date",
        primaryjoin="and_(ProjectLog.project_id == Project.id, ProjectLog.deleted_at.is_(None))",
        viewonly=True)


class ProjectMember(Travelling, Base):
    __tablename__ = "project_members"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # leader | relationship | product | support
    department: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(Project, foreign_keys=[project_id])


class ProjectMilestone(Travelling, Base):
    __tablename__ = "project_milestones"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | missed
    done_on: Mapped[date | None]

    project: Mapped[Project] = relationship(Project, foreign_keys=[project_id])


class ProjectLog(Travelling, Base):
    __tablename__ = "project_logs"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("projects.id"), index=True)
    log_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100), default="")

    project: Mapped[Project] = relationship(Project, foreign_keys=[project_id])


class Meeting(Travelling, Base):
    """工作例会: the minutes (会议纪要) of one team meeting, kept on record (备案)."""

    __tablename__ = "meetings"

    meeting_date: Mapped[date] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str] = mapped_column(String(100))
    attendees: Mapped[str] = mapped_column(Text)  # names, one a line or separated by 、
    decisions: Mapped[str] = mapped_column(Text, default="")

    reports: Mapped[list["MeetingReport"]] = relationship(
        order_by="MeetingReport.sort_order",
        primaryjoin="and_(MeetingReport.meeting_id == Meeting.id, "
                    "MeetingReport.deleted_at.is_(None))",
        viewonly=True)
    actions: Mapped[list["MeetingAction"]] = relationship(
        order_by="MeetingAction.sort_order",
        primaryjoin="and_(MeetingAction.meeting_id == Meeting.id, "
                    "MeetingAction.deleted_at.is_(None))",
        viewonly=True)


class MeetingReport(Travelling, Base):
    """What one attendee reported at a meeting."""

    __tablename__ = "meeting_reports"

    meeting_id: Mapped[str] = mapped_column(String(36), ForeignKey("meetings.id"), index=True)
    speaker: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0)


class MeetingAction(Travelling, Base):
    """An action item (工作安排) of a meeting: who does what by when, chased as a
    follow-up (督办), linked here: the named client's, or an internal one (内部事项)."""

    __tablename__ = "meeting_actions"

    meeting_id: Mapped[str] = mapped_column(String(36), ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    due_date: Mapped[date | None]
    follow_up_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("follow_ups.id"))
    sort_order: Mapped[int] = mapped_column(default=0)

    client: Mapped[Client | None] = relationship(Client)
    follow_up: Mapped[FollowUp | None] = relationship(FollowUp)


class Proposal(ClientChild, Base):
    """服务方案 / 业务合作方案 for a client: the thread that holds its versions."""

    __tablename__ = "proposals"

    title: Mapped[str] = mapped_column(String(200))
    # draft | submitted | approved | rejected | presented | accepted | declined
    status: Mapped[str] = mapped_column(String(20), default="draft")
    current_version: Mapped[int] = mapped_column(default=1)
    formal: Mapped[bool] = mapped_column(default=False)  # prints the total in 大写
    project_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("projects.id"))

    versions: Mapped[list["ProposalVersion"]] = relationship(
        order_by="ProposalVersion.number",
        primaryjoin="and_(ProposalVersion.proposal_id == Proposal.id, "
                    "ProposalVersion.deleted_at.is_(None))",
        viewonly=True)
    events: Mapped[list["ProposalEvent"]] = relationship(
        order_by="ProposalEvent.at",
        primaryjoin="and_(ProposalEvent.proposal_id == Proposal.id, "
                    "ProposalEvent.deleted_at.is_(None))",
        viewonly=True)


class ProposalVersion(Travelling, Base):
    """One version (v1, v2 …) of a proposal; frozen once it left draft."""

    __tablename__ = "proposal_versions"

    proposal_id: Mapped[str] = mapped_column(String(36), ForeignKey("proposals.id"), index=True)
    number: Mapped[int]
    proposal_date: Mapped[date]
    background: Mapped[str] = mapped_column(Text, default="")  # background and needs
    benefits: Mapped[str] = mapped_column(Text, default="")  # the client's benefit, in words
    valid_until: Mapped[date | None]
    our_people: Mapped[str] = mapped_column(String(500), default="")
    printed_at: Mapped[datetime | None]

    proposal: Mapped[Proposal] = relationship(Proposal, foreign_keys=[proposal_id])
    lines: Mapped[list["ProposalLine"]] = relationship(
        order_by="ProposalLine.sort_order",
        primaryjoin="and_(ProposalLine.version_id == ProposalVersion.id, "
                    "ProposalLine.deleted_at.is_(None))",
        viewonly=True)

    __table_args__ = (
        Index("ux_proposal_versions_number", "proposal_id", "number", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class ProposalLine(Travelling, Base):
    """One product of a version's recommended combination."""

    __tablename__ = "proposal_lines"

    version_id: Mapped[str] = mapped_column(String(36), ForeignKey("proposal_versions.id"),
                                            index=True)
    product_id: Mapped[str] = mapped_column(String(36), ForeignKey("products.id"))
    amount: Mapped[Decimal | None]
    term: Mapped[str] = mapped_column(String(50), default="")
    rate: Mapped[Decimal | None] = mapped_column(RATE)  # rate or fee rate, % a year
    fee: Mapped[Decimal | None]  # a fixed fee per unit, 元
    quantity: Mapped[int] = mapped_column(default=1)
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    version: Mapped[ProposalVersion] = relationship(ProposalVersion, foreign_keys=[version_id])
    product: Mapped[Product] = relationship(viewonly=True, lazy="joined")


class ProposalEvent(Travelling, Base):
    """A status change of a proposal: from, to, when, who, why."""

    __tablename__ = "proposal_events"

    proposal_id: Mapped[str] = mapped_column(String(36), ForeignKey("proposals.id"), index=True)
    version: Mapped[int]
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(Proposal, foreign_keys=[proposal_id])


class CreditLine(ClientChild, Base):
    """授信: a credit line granted to a client."""

    __tablename__ = "credit_lines"

    line_no: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    start_date: Mapped[date | None]
    expiry_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="active")  # domain.risk_fields
    notes: Mapped[str] = mapped_column(Text, default="")


class Loan(ClientChild, Base):
    """贷款台账: one loan contract of a client."""

    __tablename__ = "loans"

    contract_no: Mapped[str] = mapped_column(String(60))
    product: Mapped[str] = mapped_column(String(100))
    amount: Mapped[Decimal]
    balance: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    start_date: Mapped[date]
    maturity_date: Mapped[date] = mapped_column(index=True)
    rate: Mapped[Decimal | None] = mapped_column(RATE)  # % a year
    guarantee_kind: Mapped[str] = mapped_column(String(20), default="credit")
    collateral: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(4), default="正常")  # domain LoanClass
    check_frequency: Mapped[str] = mapped_column(String(20), default="quarterly")
    credit_line_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("credit_lines.id"))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | settled
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ux_loans_contract_no", "contract_no", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


class LoanCheck(ClientChild, Base):
    """贷后检查报告: a post-loan check of a client by two people."""

    __tablename__ = "loan_checks"

    entry_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("diary_entries.id"),
                                                 index=True)
    check_date: Mapped[date]
    mode: Mapped[str] = mapped_column(String(10), default="on_site")  # on_site | off_site
    checker: Mapped[str] = mapped_column(String(100))
    second_checker: Mapped[str] = mapped_column(String(100))
    use_of_funds: Mapped[str] = mapped_column(Text, default="")
    operations: Mapped[str] = mapped_column(Text, default="")
    finances: Mapped[str] = mapped_column(Text, default="")
    collateral_state: Mapped[str] = mapped_column(Text, default="")
    court_findings: Mapped[str] = mapped_column(Text, default="")
    tax_findings: Mapped[str] = mapped_column(Text, default="")
    registry_findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    proposed_class: Mapped[str] = mapped_column(String(4), default="正常")

    entry: Mapped[DiaryEntry | None] = relationship(DiaryEntry)


class WarningSignal(ClientChild, Base):
    """预警信号: a risk signal at a client and what is done about it."""

    __tablename__ = "warning_signals"

    signal_type: Mapped[str] = mapped_column(String(20))
    found_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(20))
    cause: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")  # domain.risk_fields
    closed_on: Mapped[date | None]
    # when an export first carried the signal upward (in the manifest's urgent list)
    reported_at: Mapped[datetime | None]


class DiaryReview(Travelling, Base):
    """The supervisor's review of one month of the diary (主管审阅意见), written at head
    office and received in a review package; the desk never edits it."""

    __tablename__ = "diary_reviews"

    manager_id: Mapped[str] = mapped_column(String(100))  # the reviewed manager's 工号
    month: Mapped[str] = mapped_column(String(7), index=True)  # "2026-11"
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime]


class DiaryRemark(Travelling, Base):
    """The supervisor's remark on one diary entry, part of a month's review."""

    __tablename__ = "diary_remarks"

    entry_id: Mapped[str] = mapped_column(String(36), ForeignKey("diary_entries.id"), index=True)
    review_id: Mapped[str] = mapped_column(String(36), ForeignKey("diary_reviews.id"), index=True)
    remark: Mapped[str] = mapped_column(Text)


class Acknowledgement(Travelling, Base):
    """Head office's acknowledgement (总行确认) of an important change this desk reported
    upward at once: a warning signal or a visit report's 重要情况变动. Received from head
    office; the desk never edits it."""

    __tablename__ = "acknowledgements"

    manager_id: Mapped[str] = mapped_column(String(100))  # the reporting manager's 工号
    entity: Mapped[str] = mapped_column(String(50))  # warning_signals | visit_reports
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    acknowledged_by: Mapped[str] = mapped_column(String(100), default="")
    acknowledged_at: Mapped[datetime]


class SharedClient(Travelling, Base):
    """共同服务: a client this manager serves together with other managers (one 统一社会
    信用代码 / 身份证号 on several desks), as head office last told: who leads it (主办),
    who serves it (the lead included), and, where another manager leads, a read-only copy
    of the lead's file as head office holds it. Not this desk's client file (that is the
    `clients` row matched by the code, `client_id`); received in a shared-clients
    package, replaced by the next one, never edited here and never exported."""

    __tablename__ = "shared_clients"

    manager_id: Mapped[str] = mapped_column(String(100))  # the recipient's 工号
    code: Mapped[str] = mapped_column(String(40), index=True)  # compact_identifier form
    # this desk's own file of the client, matched by the code when the package is applied
    client_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("clients.id"), index=True)
    lead_id: Mapped[str] = mapped_column(String(100), default="")  # "" until head office sets one
    lead_name: Mapped[str] = mapped_column(String(100), default="")
    # every manager serving the client, lead included: JSON [{"id": 工号, "name": …}]
    servers: Mapped[str] = mapped_column(Text, default="[]")
    # the lead's file as head office holds it (empty where this manager leads)
    client_name: Mapped[str] = mapped_column(String(200), default="")
    client_kind: Mapped[str] = mapped_column(String(20), default="")
    tier: Mapped[str] = mapped_column(String(20), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    # the lead's contacts: JSON [{"name", "position", "phone"}], the primary one first
    contacts: Mapped[str] = mapped_column(Text, default="[]")
    # the lead's 主要业务分析: JSON [{"nature", "revenue_share", "current_state", "financing_needs"}]
    business_lines: Mapped[str] = mapped_column(Text, default="[]")
    as_of: Mapped[datetime]  # when head office wrote the copy (UTC)


class SharedVisit(Travelling, Base):
    """A summary of one of the lead's contacts with a shared client (visit, call, meeting,
    post-loan check), from the lead's diary as head office holds it."""

    __tablename__ = "shared_visits"

    shared_client_id: Mapped[str] = mapped_column(String(36), ForeignKey("shared_clients.id"),
                                                  index=True)
    entry_date: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))  # domain.diary_fields.ENTRY_KINDS
    # whom the lead met, as the diary keeps it: JSON [{"id", "name", "position"}]
    contacts_met: Mapped[str] = mapped_column(Text, default="[]")
    content: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")


class ExchangeExport(Base):
    """A package this desk wrote for head office (local ledger, never travels)."""

    __tablename__ = "exchange_exports"

    sequence: Mapped[int] = mapped_column(primary_key=True)  # this desk's package number
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # desk_export
    full: Mapped[bool] = mapped_column(default=False)
    outbox_from: Mapped[int] = mapped_column(default=0)  # outbox seq range it carries
    outbox_to: Mapped[int] = mapped_column(default=0)
    history_from: Mapped[int] = mapped_column(default=0)  # file_history seq range it carries
    history_to: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {entity: records}


class ExchangeImport(Base):
    """A head-office package this desk read: applied, refused or already applied."""

    __tablename__ = "exchange_imports"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(String(36), default="")  # empty if unreadable
    kind: Mapped[str] = mapped_column(String(20), default="")  # catalogue|targets|handover|release
    sequence: Mapped[int | None]
    file_name: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    result: Mapped[str] = mapped_column(String(20))  # applied | refused | duplicate
    message: Mapped[str] = mapped_column(Text, default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_exchange_imports_package", "package_id"),)


CLIENT_CHILDREN: tuple[type[ClientChild], ...] = (
    Contact, BusinessLine, OtherBank, ServiceStatus, ValueItem, ClientLink)
