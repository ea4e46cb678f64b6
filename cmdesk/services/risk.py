"""Risk watch (客户监测, 贷后管理): the loan ledger (贷款台账) and credit lines (授信) of each
client, post-loan check reports (贷后检查报告), the warning-signal register (预警信号) and
the calendar they make: maturities 90/60/30 days ahead and checks due or overdue.

Every record is validated whole against domain.risk_fields (every problem named with
its Chinese label; nothing is written when one is found) and is a travelling client
record: never deleted, only tombstoned, each change in the file's history and the outbox.

- A check report is linked to the diary entry that logged it: saving a check without an
  entry writes a 贷后检查 entry on the check's day with a summary of the check (so the
  check counts as contact and fulfils a planned item); an entry, once written, is the
  diary's and is not rewritten by later edits of the check.
- A new warning signal marks the client 关注 (the tag `risk_fields.WATCH_TAG` on its file)
  and waits to be reported upward: the next export lists it as urgent in its manifest
  (`unreported_signal_ids`, then `mark_signals_reported` with the manifest's time).
- The week plan is offered the clients whose check falls due or whose loan matures
  (`risk_suggestions`, one click makes a 贷后检查 item: `add_risk_suggestion`).
- A loan's next check falls `CHECK_MONTHS[frequency]` months after the client's last
  check on or after the loan's start, else after the start itself.

Reads return frozen view dataclasses (plain values), so the UI can take them across
threads and the printouts and exports read the same thing.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain import risk_fields as rf
from cmdesk.domain.risk_fields import LoanClass
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import (
    Client,
    CreditLine,
    DiaryEntry,
    Loan,
    LoanCheck,
    PlanItem,
    WarningSignal,
    utcnow,
)
from cmdesk import clock, workdays
from cmdesk.services import cadence, plans
from cmdesk.services.clients import ensure_not_released
from cmdesk.services.diary import EntryDraft, save_entry

ENTRY_SUMMARY_LIMIT = 500  # how much of a check's conclusion the diary entry repeats
RISK_PURPOSES = ("post_loan", "collection")  # plan items that already see to a client's risk


# --------------------------------------------------------------------------- views

@dataclass(frozen=True)
class LoanLine:
    """One loan of the ledger."""

    id: str
    client_id: str
    client_name: str
    contract_no: str
    product: str
    amount: Decimal
    balance: Decimal
    currency: str
    start_date: date
    maturity_date: date
    rate: Decimal | None
    guarantee_kind: str
    guarantee_label: str
    collateral: str
    classification: str
    check_frequency: str
    check_frequency_label: str
    credit_line_id: str | None
    status: str
    status_label: str
    notes: str

    def as_json(self) -> dict[str, Any]:
        return {key: (str(value) if isinstance(value, (Decimal, date)) else value)
                for key, value in self.__dict__.items()}


@dataclass(frozen=True)
class CreditLineLine:
    """One credit line (授信) of a client."""

    id: str
    client_id: str
    line_no: str
    kind: str
    amount: Decimal
    currency: str
    start_date: date | None
    expiry_date: date
    status: str
    status_label: str
    used: Decimal  # the balance of the active loans drawn on it
    notes: str


@dataclass(frozen=True)
class CheckLine:
    """One post-loan check report (every field, for the form, a list and the PDF)."""

    id: str
    client_id: str
    client_name: str
    entry_id: str | None
    check_date: date
    mode: str
    mode_label: str
    checker: str
    second_checker: str
    use_of_funds: str
    operations: str
    finances: str
    collateral_state: str
    court_findings: str
    tax_findings: str
    registry_findings: str
    conclusion: str
    proposed_class: str


@dataclass(frozen=True)
class SignalLine:
    """One warning signal of the register."""

    id: str
    client_id: str
    client_name: str
    signal_type: str
    type_label: str
    found_on: date
    source: str
    source_label: str
    cause: str
    measures: str
    responsible: str
    deadline: date | None
    status: str
    status_label: str
    closed_on: date | None
    reported_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in rf.OPEN_SIGNAL_STATUSES


@dataclass(frozen=True)
class MaturityLine:
    """An active loan maturing within the horizon (or already past its maturity)."""

    loan_id: str
    client_id: str
    client_name: str
    contract_no: str
    product: str
    balance: Decimal
    currency: str
    maturity_date: date
    days_left: int  # < 0: past maturity and not settled
    mark: int  # the 90/60/30 mark it has reached (0 when past due)


@dataclass(frozen=True)
class CheckDueLine:
    """A client whose post-loan check is due (within CHECK_DUE_AHEAD_DAYS) or overdue."""

    client_id: str
    client_name: str
    due: date
    days_overdue: int  # > 0 overdue, 0 due today, < 0 due in that many days
    last_check: date | None
    loans: int
    balance: Decimal


@dataclass(frozen=True)
class WatchLine:
    """A client on the 预警客户清单: an open warning signal, or a loan worse than 正常."""

    client_id: str
    client_name: str
    worst_class: str
    balance: Decimal
    open_signals: int
    latest_signal: str  # type label and found date of the newest open signal
    cause: str
    measures: str
    responsible: str
    deadline: date | None


@dataclass(frozen=True)
class ClientRisk:
    """What the client file's 贷款与风险 tab shows."""

    client_id: str
    client_name: str
    watched: bool  # tagged 关注 or an open signal
    worst_class: str
    balance: Decimal
    loans: tuple[LoanLine, ...]
    credit_lines: tuple[CreditLineLine, ...]
    checks: tuple[CheckLine, ...]
    signals: tuple[SignalLine, ...]
    next_check: CheckDueLine | None
    maturities: tuple[MaturityLine, ...]


@dataclass(frozen=True)
class MonthChecks:
    """The month's check list for the supervisor: checks falling due and checks done."""

    month: str  # "2026-12"
    first: date
    last: date
    due: tuple[CheckDueLine, ...]
    done: tuple[CheckLine, ...]


# --------------------------------------------------------------------------- helpers

def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _problem(section: str, key: str, message: str, label: str) -> FieldProblem:
    return FieldProblem(key, message, section, None, label)


def _live(session: Session, model: Any, record_id: str, what: str) -> Any:
    record = session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise NotFoundError(translate("找不到该{what}（{record_id}）").format(what=what, record_id=record_id))
    return record


def _client_problem(session: Session, spec: cf.SectionSpec, client_id: str | None,
                    current: Any, problems: list[FieldProblem]) -> None:
    if current is not None and client_id != current.client_id:
        problems.append(_problem(spec.key, "client_id", translate("建立后不能更换客户"), translate("客户")))
        return
    if client_id:
        client = session.get(Client, client_id)
        if client is None or client.deleted_at is not None:
            problems.append(_problem(spec.key, "client_id", translate("找不到该客户"), translate("客户")))


def _parse(session: Session, spec: cf.SectionSpec, fields: dict[str, Any], current: Any,
           defaults: dict[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Parse a form; problems collected, the client checked (and refused when released)."""
    problems: list[FieldProblem] = []
    raw = {**defaults, **fields} if current is None else dict(fields)
    values = cf.parse_section(spec, raw, problems, creating=current is None)
    client_id = values.get("client_id", current.client_id if current else None)
    ensure_not_released(session, client_id, spec.key)
    _client_problem(session, spec, client_id, current, problems)
    return values, problems


def _store(session: Session, model: Any, current: Any, values: dict[str, Any]) -> Any:
    if current is None:
        record = model(**values)
        session.add(record)
    else:
        record = current
        for key, value in values.items():
            setattr(record, key, value)
    session.flush()
    return record


def _tombstone(session: Session, record: Any) -> None:
    ensure_not_released(session, record.client_id, record.__tablename__)
    record.deleted_at = utcnow()
    session.flush()


def _client_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Client.id, Client.name).where(Client.id.in_(ids))).all())


# --------------------------------------------------------------------------- credit lines

def save_credit_line(session: Session, fields: dict[str, Any],
                     line_id: str | None = None) -> str:
    """Create (line_id None) or update a credit line; ValidationError names every problem."""
    current = _live(session, CreditLine, line_id, translate("授信")) if line_id else None
    values, problems = _parse(session, rf.CREDIT_LINE, fields, current,
                              {"currency": "CNY", "status": "active"})
    start = values.get("start_date", current.start_date if current else None)
    expiry = values.get("expiry_date", current.expiry_date if current else None)
    if start and expiry and expiry < start:
        problems.append(_problem("credit_lines", "expiry_date", translate("到期日不能早于起始日"), translate("到期日")))
    if problems:
        raise ValidationError(problems)
    return _store(session, CreditLine, current, values).id


def delete_credit_line(session: Session, line_id: str) -> None:
    """Tombstone a credit line; refused while an active loan is drawn on it."""
    line = _live(session, CreditLine, line_id, translate("授信"))
    in_use = session.scalar(select(func.count()).select_from(Loan).where(
        Loan.credit_line_id == line_id, Loan.deleted_at.is_(None), Loan.status == "active"))
    if in_use:
        raise ValidationError([_problem("credit_lines", "line_no",
                                        translate("还有 {in_use} 笔存续贷款使用该授信，不能删除").format(in_use=in_use), translate("授信编号"))])
    _tombstone(session, line)


# --------------------------------------------------------------------------- loans

def _loan_problems(session: Session, values: dict[str, Any], current: Loan | None,
                   problems: list[FieldProblem]) -> None:
    def value(key: str) -> Any:
        return values.get(key, getattr(current, key) if current else None)

    start, maturity = value("start_date"), value("maturity_date")
    if start and maturity and maturity < start:
        problems.append(_problem("loans", "maturity_date", translate("到期日不能早于起始日"), translate("到期日")))
    amount, balance = value("amount"), value("balance")
    if amount is not None and balance is not None and balance > amount:
        problems.append(_problem("loans", "balance", translate("贷款余额不能大于合同金额"), translate("贷款余额（元）")))
    contract_no = values.get("contract_no")
    if contract_no:
        clash = session.scalar(select(Loan.id).where(
            Loan.contract_no == contract_no, Loan.deleted_at.is_(None),
            Loan.id != (current.id if current else "")))
        if clash:
            problems.append(_problem("loans", "contract_no", translate("合同编号 {contract_no} 已在台账中").format(contract_no=contract_no),
                                     translate("合同编号")))
    line_id = values.get("credit_line_id") or None
    if "credit_line_id" in values:
        values["credit_line_id"] = line_id
    if line_id:
        line = session.get(CreditLine, line_id)
        if line is None or line.deleted_at is not None or line.client_id != value("client_id"):
            problems.append(_problem("loans", "credit_line_id", translate("不是该客户的授信"), translate("所用授信")))


def save_loan(session: Session, fields: dict[str, Any], loan_id: str | None = None) -> str:
    """Create (loan_id None) or update a loan of the ledger; returns its id.

    Raises ValidationError listing every problem; then nothing has been written.
    """
    current = _live(session, Loan, loan_id, translate("贷款")) if loan_id else None
    values, problems = _parse(session, rf.LOAN, fields, current, {
        "currency": "CNY", "classification": LoanClass.NORMAL.value,
        "check_frequency": "quarterly", "status": "active", "guarantee_kind": "credit"})
    _loan_problems(session, values, current, problems)
    if problems:
        raise ValidationError(problems)
    return _store(session, Loan, current, values).id


def delete_loan(session: Session, loan_id: str) -> None:
    _tombstone(session, _live(session, Loan, loan_id, translate("贷款")))


def _loan_line(loan: Loan, client_name: str) -> LoanLine:
    return LoanLine(
        id=loan.id, client_id=loan.client_id, client_name=client_name,
        contract_no=loan.contract_no, product=loan.product, amount=loan.amount,
        balance=loan.balance, currency=loan.currency, start_date=loan.start_date,
        maturity_date=loan.maturity_date, rate=loan.rate, guarantee_kind=loan.guarantee_kind,
        guarantee_label=rf.label_of(rf.GUARANTEE_KINDS, loan.guarantee_kind),
        collateral=loan.collateral, classification=loan.classification,
        check_frequency=loan.check_frequency,
        check_frequency_label=rf.label_of(rf.CHECK_FREQUENCIES, loan.check_frequency),
        credit_line_id=loan.credit_line_id, status=loan.status,
        status_label=rf.label_of(rf.LOAN_STATUSES, loan.status), notes=loan.notes)


def list_loans(session: Session, client_id: str | None = None,
               active_only: bool = False) -> list[LoanLine]:
    """The ledger (of one client, or every client), by client then maturity."""
    stmt = (select(Loan, Client.name).join(Client, Client.id == Loan.client_id)
            .where(Loan.deleted_at.is_(None))
            .order_by(Client.name, Loan.maturity_date, Loan.contract_no))
    if client_id:
        stmt = stmt.where(Loan.client_id == client_id)
    if active_only:
        stmt = stmt.where(Loan.status == "active")
    return [_loan_line(loan, name) for loan, name in session.execute(stmt)]


def get_loan(session: Session, loan_id: str) -> LoanLine:
    loan = _live(session, Loan, loan_id, translate("贷款"))
    return _loan_line(loan, session.get(Client, loan.client_id).name)


def find_loan(session: Session, contract_no: str) -> str:
    """The id of the loan with this contract number (NotFoundError when there is none)."""
    loan_id = session.scalar(select(Loan.id).where(Loan.contract_no == contract_no.strip(),
                                                   Loan.deleted_at.is_(None)))
    if loan_id is None:
        raise NotFoundError(translate("台账中没有合同编号为 {contract_no} 的贷款").format(contract_no=contract_no))
    return loan_id


def list_credit_lines(session: Session, client_id: str) -> list[CreditLineLine]:
    used = dict(session.execute(
        select(Loan.credit_line_id, func.sum(Loan.balance))
        .where(Loan.client_id == client_id, Loan.deleted_at.is_(None), Loan.status == "active",
               Loan.credit_line_id.is_not(None))
        .group_by(Loan.credit_line_id)).all())
    lines = session.scalars(select(CreditLine).where(
        CreditLine.client_id == client_id, CreditLine.deleted_at.is_(None))
        .order_by(CreditLine.expiry_date))
    return [CreditLineLine(line.id, line.client_id, line.line_no, line.kind, line.amount,
                           line.currency, line.start_date, line.expiry_date, line.status,
                           rf.label_of(rf.CREDIT_STATUSES, line.status),
                           Decimal(used.get(line.id) or 0), line.notes) for line in lines]


# --------------------------------------------------------------------------- checks

def _entry_text(values: dict[str, Any], current: LoanCheck | None) -> str:
    def value(key: str) -> Any:
        return values.get(key, getattr(current, key) if current else "")

    mode = rf.label_of(rf.CHECK_MODES, value("mode"))
    conclusion = (value("conclusion") or "")[:ENTRY_SUMMARY_LIMIT]
    return (translate("{mode}（{value}、{value2}）；建议分类：{value3}。{conclusion}").format(mode=mode, value=value('checker'), value2=value('second_checker'), value3=value('proposed_class'), conclusion=conclusion))


def save_check(session: Session, fields: dict[str, Any], check_id: str | None = None) -> str:
    """Create (check_id None) or update a post-loan check report; returns its id.

    Two different people must sign it (双人贷后检查). Without an `entry_id` a 贷后检查
    diary entry is written on the check's day and linked; a linked entry must be a
    贷后检查 of the same client, and is left as the manager wrote it. Raises
    ValidationError listing every problem.
    """
    current = _live(session, LoanCheck, check_id, translate("贷后检查报告")) if check_id else None
    values, problems = _parse(session, rf.CHECK, fields, current, {"mode": "on_site"})
    checker = values.get("checker", current.checker if current else "")
    second = values.get("second_checker", current.second_checker if current else "")
    if checker and second and checker == second:
        problems.append(_problem("loan_checks", "second_checker", translate("双人检查：第二检查人不能与检查人相同"),
                                 translate("第二检查人（双人检查）")))
    client_id = values.get("client_id", current.client_id if current else None)
    entry_id = values.get("entry_id", current.entry_id if current else None) or None
    if current is not None and entry_id == current.entry_id and entry_id is not None:
        linked = session.get(DiaryEntry, entry_id)
        if linked is None or linked.deleted_at is not None:
            entry_id = None  # its diary entry was deleted from the diary: write a new one
    values["entry_id"] = entry_id
    if entry_id:
        entry = session.get(DiaryEntry, entry_id)
        if entry is None or entry.deleted_at is not None or entry.client_id != client_id \
                or entry.kind != "post_loan":
            problems.append(_problem("loan_checks", "entry_id", translate("不是该客户的贷后检查日志"), translate("关联日志")))
    if problems:
        raise ValidationError(problems)
    if not entry_id:
        check_date = values.get("check_date", current.check_date if current else None)
        values["entry_id"] = save_entry(session, EntryDraft(fields={
            "entry_date": check_date, "kind": "post_loan", "client_id": client_id,
            "content": _entry_text(values, current)}))
    return _store(session, LoanCheck, current, values).id


def delete_check(session: Session, check_id: str) -> None:
    """Tombstone a check report; its diary entry stays (it is the diary's record)."""
    _tombstone(session, _live(session, LoanCheck, check_id, translate("贷后检查报告")))


def _check_line(check: LoanCheck, client_name: str) -> CheckLine:
    return CheckLine(
        id=check.id, client_id=check.client_id, client_name=client_name,
        entry_id=check.entry_id, check_date=check.check_date, mode=check.mode,
        mode_label=rf.label_of(rf.CHECK_MODES, check.mode), checker=check.checker,
        second_checker=check.second_checker, use_of_funds=check.use_of_funds,
        operations=check.operations, finances=check.finances,
        collateral_state=check.collateral_state, court_findings=check.court_findings,
        tax_findings=check.tax_findings, registry_findings=check.registry_findings,
        conclusion=check.conclusion, proposed_class=check.proposed_class)


def list_checks(session: Session, client_id: str | None = None, first: date | None = None,
                last: date | None = None) -> list[CheckLine]:
    """Check reports, newest first (of one client and/or between two days)."""
    stmt = (select(LoanCheck, Client.name).join(Client, Client.id == LoanCheck.client_id)
            .where(LoanCheck.deleted_at.is_(None))
            .order_by(LoanCheck.check_date.desc(), LoanCheck.created_at.desc()))
    if client_id:
        stmt = stmt.where(LoanCheck.client_id == client_id)
    if first:
        stmt = stmt.where(LoanCheck.check_date >= first)
    if last:
        stmt = stmt.where(LoanCheck.check_date <= last)
    return [_check_line(check, name) for check, name in session.execute(stmt)]


def get_check(session: Session, check_id: str) -> CheckLine:
    check = _live(session, LoanCheck, check_id, translate("贷后检查报告"))
    return _check_line(check, session.get(Client, check.client_id).name)


def check_for_entry(session: Session, entry_id: str) -> str | None:
    """The id of the check report a diary entry logged, if any."""
    return session.scalar(select(LoanCheck.id).where(LoanCheck.entry_id == entry_id,
                                                     LoanCheck.deleted_at.is_(None)))


# --------------------------------------------------------------------------- signals

def _add_watch_tag(client: Client) -> None:
    tags = [tag for tag in client.tags.replace("，", ",").split(",") if tag.strip()]
    if rf.WATCH_TAG not in (tag.strip() for tag in tags):
        client.tags = ",".join([*tags, rf.WATCH_TAG])[:500]


def save_signal(session: Session, fields: dict[str, Any], signal_id: str | None = None) -> str:
    """Register (signal_id None) or update a warning signal; returns its id.

    A new signal tags the client file 关注; closing one (resolved) records today.
    Raises ValidationError listing every problem.
    """
    current = _live(session, WarningSignal, signal_id, translate("预警信号")) if signal_id else None
    values, problems = _parse(session, rf.SIGNAL, fields, current, {"status": "open"})
    found = values.get("found_on", current.found_on if current else None)
    deadline = values.get("deadline", current.deadline if current else None)
    if found and deadline and deadline < found:
        problems.append(_problem("warning_signals", "deadline", translate("处置期限不能早于发现日期"), translate("处置期限")))
    if problems:
        raise ValidationError(problems)
    status = values.get("status", current.status if current else "open")
    if status in rf.OPEN_SIGNAL_STATUSES:
        values["closed_on"] = None
    elif current is None or current.closed_on is None:
        values["closed_on"] = clock.today()
    record = _store(session, WarningSignal, current, values)
    if current is None:
        _add_watch_tag(session.get(Client, record.client_id))
        session.flush()
    return record.id


def delete_signal(session: Session, signal_id: str) -> None:
    _tombstone(session, _live(session, WarningSignal, signal_id, translate("预警信号")))


def _signal_line(signal: WarningSignal, client_name: str) -> SignalLine:
    return SignalLine(
        id=signal.id, client_id=signal.client_id, client_name=client_name,
        signal_type=signal.signal_type, type_label=rf.label_of(rf.SIGNAL_TYPES, signal.signal_type),
        found_on=signal.found_on, source=signal.source,
        source_label=rf.label_of(rf.SIGNAL_SOURCES, signal.source), cause=signal.cause,
        measures=signal.measures, responsible=signal.responsible, deadline=signal.deadline,
        status=signal.status, status_label=rf.label_of(rf.SIGNAL_STATUSES, signal.status),
        closed_on=signal.closed_on, reported_at=signal.reported_at)


def list_signals(session: Session, client_id: str | None = None,
                 open_only: bool = False) -> list[SignalLine]:
    """The register, newest found first (of one client, and/or only those still open)."""
    stmt = (select(WarningSignal, Client.name).join(Client, Client.id == WarningSignal.client_id)
            .where(WarningSignal.deleted_at.is_(None))
            .order_by(WarningSignal.found_on.desc(), WarningSignal.created_at.desc()))
    if client_id:
        stmt = stmt.where(WarningSignal.client_id == client_id)
    if open_only:
        stmt = stmt.where(WarningSignal.status.in_(rf.OPEN_SIGNAL_STATUSES))
    return [_signal_line(signal, name) for signal, name in session.execute(stmt)]


def get_signal(session: Session, signal_id: str) -> SignalLine:
    signal = _live(session, WarningSignal, signal_id, translate("预警信号"))
    return _signal_line(signal, session.get(Client, signal.client_id).name)


def unreported_signal_ids(session: Session) -> list[str]:
    """Signals not yet reported upward (the next export flags them urgent)."""
    return list(session.scalars(select(WarningSignal.id).where(
        WarningSignal.reported_at.is_(None), WarningSignal.deleted_at.is_(None))
        .order_by(WarningSignal.found_on)))


def mark_signals_reported(session: Session, signal_ids: list[str], when: datetime) -> None:
    """Record that a package carried these signals upward at `when` (its manifest's
    created_at); a signal keeps its first time. Written below the change log, like the
    exchange ledger: head office sets the same time from the same manifest, so the record
    stays equal on both sides without travelling again."""
    table = WarningSignal.__table__
    for chunk in (signal_ids[i:i + 500] for i in range(0, len(signal_ids), 500)):
        session.execute(update(table).where(table.c.id.in_(chunk), table.c.reported_at.is_(None))
                        .values(reported_at=when))


# --------------------------------------------------------------------------- calendar

def _maturities_stmt(today: date, horizon_days: int) -> Any:
    return (select(Loan.id, Loan.client_id, Client.name, Loan.contract_no, Loan.product,
                   Loan.balance, Loan.currency, Loan.maturity_date)
            .join(Client, Client.id == Loan.client_id)
            .where(Loan.deleted_at.is_(None), Loan.status == "active",
                   Loan.maturity_date <= today + timedelta(days=horizon_days),
                   *cadence.active_client_conditions())
            .order_by(Loan.maturity_date, Client.name))


def maturities_due(session: Session, today: date, horizon_days: int = rf.MATURITY_HORIZON_DAYS,
                   limit: int | None = None) -> list[MaturityLine]:
    """Active loans of clients still looked after maturing by today + horizon (those past
    maturity and not settled first), soonest first; at most `limit` lines."""
    stmt = _maturities_stmt(today, horizon_days)
    if limit is not None:
        stmt = stmt.limit(limit)
    lines = []
    for loan_id, client_id, name, contract_no, product, balance, currency, maturity \
            in session.execute(stmt):
        days_left = (maturity - today).days
        mark = min((m for m in rf.MATURITY_MARKS if days_left <= m), default=0) \
            if days_left >= 0 else 0
        lines.append(MaturityLine(loan_id, client_id, name, contract_no, product, balance,
                                  currency, maturity, days_left, mark))
    return lines


def count_maturities_due(session: Session, today: date,
                         horizon_days: int = rf.MATURITY_HORIZON_DAYS) -> int:
    """How many lines `maturities_due` has in all (counted in SQL)."""
    stmt = _maturities_stmt(today, horizon_days).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(stmt)) or 0


def _check_schedule(session: Session, client_ids: set[str] | None = None
                    ) -> dict[str, tuple[date, date | None, int, Decimal]]:
    """Per client with active loans: (next check due, last check, loans, balance)."""
    loans_stmt = (select(Loan.client_id, Loan.start_date, Loan.check_frequency, Loan.balance)
                  .join(Client, Client.id == Loan.client_id)
                  .where(Loan.deleted_at.is_(None), Loan.status == "active",
                         *cadence.active_client_conditions()))
    checks_stmt = (select(LoanCheck.client_id, LoanCheck.check_date)
                   .where(LoanCheck.deleted_at.is_(None)))
    if client_ids is not None:
        loans_stmt = loans_stmt.where(Loan.client_id.in_(client_ids))
        checks_stmt = checks_stmt.where(LoanCheck.client_id.in_(client_ids))
    checks: dict[str, list[date]] = defaultdict(list)
    for client_id, check_date in session.execute(checks_stmt):
        checks[client_id].append(check_date)
    schedule: dict[str, tuple[date, date | None, int, Decimal]] = {}
    for client_id, start, frequency, balance in session.execute(loans_stmt):
        since_start = [day for day in checks.get(client_id, ()) if day >= start]
        base = max(since_start) if since_start else start
        due = add_months(base, rf.CHECK_MONTHS.get(frequency, 3))
        last = max(checks[client_id]) if checks.get(client_id) else None
        before = schedule.get(client_id)
        if before is None:
            schedule[client_id] = (due, last, 1, balance)
        else:
            schedule[client_id] = (min(before[0], due), last, before[2] + 1, before[3] + balance)
    return schedule


def checks_due(session: Session, today: date, ahead_days: int = rf.CHECK_DUE_AHEAD_DAYS,
               limit: int | None = None, until: date | None = None) -> list[CheckDueLine]:
    """Clients whose next post-loan check is overdue or due by today + ahead_days (or by
    `until`), most overdue first; at most `limit` lines."""
    last_day = until or today + timedelta(days=ahead_days)
    schedule = _check_schedule(session)
    names = _client_names(session, set(schedule))
    lines = [CheckDueLine(client_id, names.get(client_id, ""), due, (today - due).days, last,
                          loans, balance)
             for client_id, (due, last, loans, balance) in schedule.items() if due <= last_day]
    lines.sort(key=lambda line: (line.due, line.client_name))
    return lines[:limit] if limit is not None else lines


# --------------------------------------------------------------------------- views

def _worst(classes: list[str]) -> str:
    known = [LoanClass(c) for c in classes if c in LoanClass._value2member_map_]
    return max(known, key=lambda c: c.rank).value if known else LoanClass.NORMAL.value


def client_risk(session: Session, client_id: str, today: date) -> ClientRisk:
    """Everything the client file shows about the client's loans and risk."""
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError(translate("找不到客户 {client_id}").format(client_id=client_id))
    loans = tuple(list_loans(session, client_id))
    signals = tuple(list_signals(session, client_id))
    schedule = _check_schedule(session, {client_id}).get(client_id)
    next_check = None
    if schedule is not None:
        due, last, count, balance = schedule
        next_check = CheckDueLine(client_id, client.name, due, (today - due).days, last, count,
                                  balance)
    active = [loan for loan in loans if loan.status == "active"]
    maturities = tuple(MaturityLine(
        loan.id, client_id, client.name, loan.contract_no, loan.product, loan.balance,
        loan.currency, loan.maturity_date, (loan.maturity_date - today).days,
        min((m for m in rf.MATURITY_MARKS if 0 <= (loan.maturity_date - today).days <= m),
            default=0))
        for loan in active if (loan.maturity_date - today).days <= rf.MATURITY_HORIZON_DAYS)
    tags = {tag.strip() for tag in client.tags.replace("，", ",").split(",")}
    return ClientRisk(
        client_id=client_id, client_name=client.name,
        watched=rf.WATCH_TAG in tags or any(s.is_open for s in signals),
        worst_class=_worst([loan.classification for loan in active]),
        balance=sum((loan.balance for loan in active), Decimal(0)),
        loans=loans, credit_lines=tuple(list_credit_lines(session, client_id)),
        checks=tuple(list_checks(session, client_id)), signals=signals,
        next_check=next_check, maturities=maturities)


def watch_list(session: Session) -> list[WatchLine]:
    """预警客户清单: clients with an open warning signal or an active loan classified worse
    than 正常; worst classification first, then the largest balance."""
    open_signals = list_signals(session, open_only=True)
    by_client: dict[str, list[SignalLine]] = defaultdict(list)
    for signal in open_signals:
        by_client[signal.client_id].append(signal)
    classes: dict[str, list[str]] = defaultdict(list)
    balances: dict[str, Decimal] = defaultdict(Decimal)
    for client_id, classification, balance in session.execute(
            select(Loan.client_id, Loan.classification, Loan.balance)
            .where(Loan.deleted_at.is_(None), Loan.status == "active")):
        classes[client_id].append(classification)
        balances[client_id] += balance
    watched = set(by_client) | {cid for cid, found in classes.items()
                                if _worst(found) != LoanClass.NORMAL.value}
    names = _client_names(session, watched)
    lines = []
    for client_id in watched:
        signals = by_client.get(client_id, [])
        newest = signals[0] if signals else None
        lines.append(WatchLine(
            client_id=client_id, client_name=names.get(client_id, ""),
            worst_class=_worst(classes.get(client_id, [])), balance=balances.get(client_id, Decimal(0)),
            open_signals=len(signals),
            latest_signal=translate("{type_label}（{found_on:%Y-%m-%d}）").format(type_label=newest.type_label, found_on=newest.found_on) if newest else "",
            cause=newest.cause if newest else "", measures=newest.measures if newest else "",
            responsible=newest.responsible if newest else "",
            deadline=newest.deadline if newest else None))
    lines.sort(key=lambda line: (-LoanClass(line.worst_class).rank, -line.balance,
                                 line.client_name))
    return lines


def month_checks(session: Session, first: date, last: date, today: date) -> MonthChecks:
    """The check list of the month first..last (services.plans.month_bounds): clients
    whose check falls due by the month's end (the overdue ones included), and the checks
    done in the month, in date order."""
    due = tuple(checks_due(session, today, until=last))
    done = tuple(reversed(list_checks(session, first=first, last=last)))
    return MonthChecks(month=f"{first:%Y-%m}", first=first, last=last, due=due, done=done)


# --------------------------------------------------------------------------- week plan

@dataclass(frozen=True)
class RiskSuggestion:
    """A client to see for risk watch this week: a post-loan check due, a loan maturing."""

    client_id: str
    client_name: str
    reason: str  # e.g. 贷后检查逾期 12 天；XM2026-01 于 2026-12-20 到期
    overdue: bool  # a check overdue or a loan past maturity


def risk_suggestions(session: Session, week: str) -> list[RiskSuggestion]:
    """Clients with a post-loan check due by the week's Sunday, or a loan maturing within
    30 days of it, that have no post-loan item in the week's plan yet; overdue first.
    Counted at the week's Monday."""
    monday, sunday = plans.week_bounds(week)
    plan = plans.get_week_plan(session, week)
    planned = set(session.scalars(select(PlanItem.client_id).where(
        PlanItem.plan_id == plan.id, PlanItem.deleted_at.is_(None),
        PlanItem.purpose.in_(RISK_PURPOSES)))) if plan else set()
    reasons: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    overdue: set[str] = set()
    for due in checks_due(session, monday, until=sunday):
        names[due.client_id] = due.client_name
        if due.days_overdue > 0:
            overdue.add(due.client_id)
            text = translate("贷后检查逾期 {days_overdue} 天").format(days_overdue=due.days_overdue)
        else:
            text = translate("贷后检查 {due:%m-%d} 到期").format(due=due.due)
        reasons.setdefault(due.client_id, []).append(text)
    horizon = (sunday - monday).days + min(rf.MATURITY_MARKS)
    for line in maturities_due(session, monday, horizon_days=horizon):
        names[line.client_id] = line.client_name
        if line.days_left < 0:
            overdue.add(line.client_id)
        reasons.setdefault(line.client_id, []).append(
            translate("{contract_no} 于 {maturity_date:%Y-%m-%d} 到期").format(contract_no=line.contract_no, maturity_date=line.maturity_date))
    suggestions = [RiskSuggestion(client_id, names[client_id], translate("；").join(texts),
                                  client_id in overdue)
                   for client_id, texts in reasons.items() if client_id not in planned]
    suggestions.sort(key=lambda s: (not s.overdue, s.client_name))
    return suggestions


def add_risk_suggestion(session: Session, week: str, suggestion: RiskSuggestion,
                        today: date) -> str:
    """One click on a risk suggestion: a 贷后检查 item for the client on the week's first
    working day that is not past, high priority."""
    monday, sunday = plans.week_bounds(week)
    start = max(monday, today)
    day = workdays.next_workday(start) if start <= sunday else None
    return plans.save_item(session, week, {
        "client_id": suggestion.client_id, "purpose": "post_loan",
        "planned_date": day if day is not None and day <= sunday else None,
        "priority": "high", "expected_outcome": suggestion.reason})
