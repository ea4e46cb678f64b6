"""Proposals (服务方案 / 业务合作方案): a client's product combination with its expected
income, through approval to the client's answer.

A proposal holds versions v1, v2 …; only the newest version of a proposal in draft can
be edited, and it is saved whole (header and lines, validated first: nothing is
half-saved). A version is frozen once it left draft; a new version copies the last.
Every status change writes a ProposalEvent (who, when, note); illegal moves are
refused with a message naming both statuses. Checks: an individual client's wealth
product above their risk appetite is refused; an amount below the product's minimum
warns; a total above the approval threshold (setting) must be approved before it goes
to the client. An accepted proposal marks the client's 服务现况 rows adopted in the
same transaction, so the client's file history records it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import proposal_fields as pf
from cmdesk.domain.money import format_money, parse_money
from cmdesk.domain.proposal_income import version_total
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import (
    Client,
    Product,
    Proposal,
    ProposalEvent,
    ProposalLine,
    ProposalVersion,
    ServiceStatus,
    utcnow,
)
from cmdesk.services.clients import ensure_not_released
from cmdesk.services.gaps import client_gaps, gap_products, gaps_text
from cmdesk.services.settings import get_setting, put_setting
from cmdesk.storage.audit import ACTOR_KEY

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


@dataclass
class ProposalDraft:
    """What the editor wants the current version to be.

    `fields` holds the proposal's title and formal flag and the version's header
    (proposal_date, valid_until, our_people, background, benefits); `lines` the
    recommended combination in order, each a dict of the LINE fields (raw text or values).
    """

    fields: dict[str, Any]
    lines: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SaveResult:
    proposal_id: str
    version: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProposalSummary:
    """One row of a proposals list."""

    id: str
    client_id: str
    client_name: str
    title: str
    status: str
    version: int
    proposal_date: date | None
    total_amount: Decimal
    total_income: Decimal
    updated_at: datetime

    @property
    def status_label(self) -> str:
        return pf.status_label(self.status)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "client": self.client_name, "client_id": self.client_id,
                "title": self.title, "status": self.status, "status_label": self.status_label,
                "version": self.version,
                "date": self.proposal_date.isoformat() if self.proposal_date else None,
                "total_amount": str(self.total_amount), "expected_income": str(self.total_income)}


# --- settings --------------------------------------------------------------------------
def approval_threshold(session: Session) -> Decimal:
    """Proposals whose total amount is above this (元) need approval before the client."""
    return Decimal(str(get_setting(session, pf.APPROVAL_THRESHOLD_KEY, pf.DEFAULT_APPROVAL_THRESHOLD)))


def set_approval_threshold(session: Session, value: Any) -> Decimal:
    try:
        amount = parse_money(value)
    except ValueError as exc:
        raise ValidationError([FieldProblem("approval_threshold", str(exc), "settings",
                                            label=translate("方案审批金额"))]) from None
    if amount is None or amount < 0:
        raise ValidationError([FieldProblem("approval_threshold", translate("应为不小于 0 的金额"), "settings",
                                            label=translate("方案审批金额"))])
    put_setting(session, pf.APPROVAL_THRESHOLD_KEY, str(amount))
    return amount


# --- reading ---------------------------------------------------------------------------
def get_proposal(session: Session, proposal_id: str) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.deleted_at is not None:
        raise NotFoundError(translate("找不到该服务方案"))
    return proposal


def get_version(session: Session, proposal_id: str, number: int | None = None) -> ProposalVersion:
    """A version of the proposal (the current one when number is None)."""
    proposal = get_proposal(session, proposal_id)
    wanted = proposal.current_version if number is None else number
    version = session.scalar(select(ProposalVersion).where(
        ProposalVersion.proposal_id == proposal_id, ProposalVersion.number == wanted,
        ProposalVersion.deleted_at.is_(None)))
    if version is None:
        raise NotFoundError(translate("找不到该方案的第 {wanted} 版").format(wanted=wanted))
    return version


def is_editable(proposal: Proposal, version: ProposalVersion) -> bool:
    """Only the newest version of a proposal still in draft can change."""
    return pf.ProposalStatus(proposal.status).editable and version.number == proposal.current_version


def total_amount(lines: list[Any]) -> Decimal:
    return sum((line.amount or Decimal(0) for line in lines), Decimal("0.00"))


def list_proposals(session: Session, client_id: str | None = None, status: str | None = None,
                   search: str = "") -> list[ProposalSummary]:
    """Proposals, newest first, with their current version's totals."""
    query = (select(Proposal, Client.name).join(Client, Client.id == Proposal.client_id)
             .where(Proposal.deleted_at.is_(None))
             .order_by(Proposal.updated_at.desc(), Proposal.created_at.desc(), Proposal.title))
    if client_id:
        query = query.where(Proposal.client_id == client_id)
    if status:
        query = query.where(Proposal.status == status)
    needle = search.strip().lower()
    if needle:
        query = query.where(Proposal.title.ilike(f"%{needle}%") | Client.search_text.contains(needle))
    rows = session.execute(query).all()
    ids = [proposal.id for proposal, _ in rows]
    versions = {(v.proposal_id, v.number): v for v in session.scalars(
        select(ProposalVersion).where(ProposalVersion.proposal_id.in_(ids),
                                      ProposalVersion.deleted_at.is_(None))
        .options(selectinload(ProposalVersion.lines)))} if ids else {}
    summaries = []
    for proposal, client_name in rows:
        version = versions.get((proposal.id, proposal.current_version))
        lines = version.lines if version is not None else []
        summaries.append(ProposalSummary(
            proposal.id, proposal.client_id, client_name, proposal.title, proposal.status,
            proposal.current_version, version.proposal_date if version else None,
            total_amount(lines), version_total(lines), proposal.updated_at))
    return summaries


# --- checking --------------------------------------------------------------------------
def _client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError(translate("找不到该客户"))
    return client


def _parse_section(spec: cf.SectionSpec, raw: dict[str, Any], problems: list[FieldProblem],
                   row: int | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in spec.fields:
        try:
            values[item.key] = pf.parse_field(item, raw.get(item.key))
        except cf.FieldValueError as exc:
            problems.append(FieldProblem(item.key, str(exc), spec.key, row, item.label))
    return values


def _check_dates(values: dict[str, Any], problems: list[FieldProblem]) -> None:
    for key in ("proposal_date", "valid_until"):
        day = values.get(key)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            problems.append(FieldProblem(key, translate("应在 {year} 至 {year2} 年之间").format(year=EARLIEST_DATE.year, year2=LATEST_DATE.year),
                                         "proposal_version", None, pf.VERSION.field(key).label))
    start, end = values.get("proposal_date"), values.get("valid_until")
    if start and end and end < start and not problems:
        problems.append(FieldProblem("valid_until", translate("不能早于方案日期"), "proposal_version", None,
                                     translate("有效期至")))


def risk_refusal(client: Client, product: Product) -> str | None:
    """Why this wealth product cannot be offered to this individual client, or None."""
    level = pf.risk_number(product.risk_level)
    if client.kind != cf.ClientKind.INDIVIDUAL or level is None:
        return None
    appetite = pf.risk_number(client.risk_appetite)
    if appetite is None:
        if level > 1:
            return (translate("客户尚未评估风险承受能力，不能推荐 {risk_level} 级理财产品“{name}”（请先在客户档案中填写风险承受能力）").format(risk_level=product.risk_level, name=product.name))
        return None
    if level > appetite:
        label = cf.choice_label(cf.BASIC.field("risk_appetite"), client.risk_appetite or "")
        return (translate("“{name}”风险等级 {risk_level} 高于客户风险承受能力 {label}（{risk_appetite} 只能购买 R{appetite} 及以下产品）").format(name=product.name, risk_level=product.risk_level, label=label, risk_appetite=client.risk_appetite, appetite=appetite))
    return None


def line_warnings(client: Client, product: Product, amount: Decimal | None) -> list[str]:
    """What the manager should know about a line, that does not stop the save."""
    warnings = []
    if product.min_amount is not None and amount is not None and amount < product.min_amount:
        warnings.append(translate("“{name}”金额 {amount} 元低于起点金额 {minimum} 元").format(name=product.name, amount=format_money(amount), minimum=format_money(product.min_amount)))
    if product.audience not in ("both", client.kind):
        whom = translate("公司客户") if product.audience == "company" else translate("个人客户")
        warnings.append(translate("“{name}”适用于{whom}").format(name=product.name, whom=whom))
    return warnings


def _check_lines(session: Session, client: Client, raw_lines: list[dict[str, Any]],
                 problems: list[FieldProblem], warnings: list[str],
                 keep_product_ids: set[str]) -> list[dict[str, Any]]:
    if len(raw_lines) > pf.MAX_LINES:
        problems.append(FieldProblem("lines", translate("最多 {MAX_LINES} 行").format(MAX_LINES=pf.MAX_LINES), "proposal_lines", None,
                                     translate("推荐产品组合")))
        return []
    lines = []
    for row, raw in enumerate(raw_lines):
        values = _parse_section(pf.LINE, raw, problems, row)
        product_id = values.get("product_id")
        product = session.get(Product, product_id) if product_id else None
        if product_id and (product is None or product.deleted_at is not None):
            problems.append(FieldProblem("product_id", translate("产品不在产品目录中"), "proposal_lines", row, translate("产品")))
            product = None
        elif product is not None and not product.active and product.id not in keep_product_ids:
            problems.append(FieldProblem("product_id", translate("“{name}”已停用，不能加入方案").format(name=product.name),
                                         "proposal_lines", row, translate("产品")))
        if product is not None:
            refusal = risk_refusal(client, product)
            if refusal:
                problems.append(FieldProblem("product_id", refusal, "proposal_lines", row, translate("产品")))
            warnings.extend(translate("第 {row} 行：{text}").format(row=row + 1, text=text)
                            for text in line_warnings(client, product, values.get("amount")))
        lines.append(values)
    return lines


# --- writing ---------------------------------------------------------------------------
def _actor(session: Session) -> str:
    return session.info.get(ACTOR_KEY, "")


def create_proposal(session: Session, client_id: str, draft: ProposalDraft,
                    project_id: str | None = None) -> SaveResult:
    """A new proposal in draft with its v1; ValidationError (nothing written) on bad input."""
    client = _client(session, client_id)
    ensure_not_released(session, client_id, "proposal")
    values, lines, warnings = _validate(session, client, draft, set())
    proposal = Proposal(client_id=client.id, title=values["title"], formal=values["formal"],
                        status=pf.ProposalStatus.DRAFT, current_version=1, project_id=project_id)
    session.add(proposal)
    version = ProposalVersion(proposal=proposal, number=1, **_version_values(values))
    session.add(version)
    _write_lines(session, version, [], lines)
    session.flush()
    return SaveResult(proposal.id, 1, warnings)


def create_from_gaps(session: Session, client_id: str, title: str = "",
                     proposal_date: date | None = None) -> SaveResult:
    """A draft whose lines are the products of the client's gaps and whose background
    lists the gaps; products the client may not be offered are left out."""
    client = _client(session, client_id)
    gaps = client_gaps(session, client_id)
    lines = []
    for product_id in gap_products(gaps):
        product = session.get(Product, product_id)
        if product is not None and product.active and risk_refusal(client, product) is None:
            lines.append({"product_id": product_id, "quantity": 1,
                          "rate": product.rate_min, "term": _first_term(product)})
    fields = {"title": title or translate("{name}综合金融服务方案").format(name=client.name),
              "proposal_date": proposal_date or clock.today(),
              "background": gaps_text(gaps)}
    return create_proposal(session, client_id, ProposalDraft(fields, lines))


def _first_term(product: Product) -> str:
    return product.term_options.replace("；", ";").split(";")[0].strip()[:50]


def _validate(session: Session, client: Client, draft: ProposalDraft, keep_product_ids: set[str]
              ) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    values = _parse_section(pf.PROPOSAL, draft.fields, problems)
    values.update(_parse_section(pf.VERSION, draft.fields, problems))
    _check_dates(values, problems)
    lines = _check_lines(session, client, list(draft.lines), problems, warnings, keep_product_ids)
    if problems:
        raise ValidationError(problems)
    return values, lines, warnings


def _version_values(values: dict[str, Any]) -> dict[str, Any]:
    return {spec.key: values[spec.key] for spec in pf.VERSION.fields}


def _write_lines(session: Session, version: ProposalVersion, current: list[ProposalLine],
                 lines: list[dict[str, Any]]) -> None:
    """Make the version's lines these values: rows updated in place by position, extra
    rows added, left-over rows tombstoned."""
    for order, values in enumerate(lines):
        if order < len(current):
            record = current[order]
            for key, value in values.items():
                if getattr(record, key) != value:
                    setattr(record, key, value)
            if record.sort_order != order:
                record.sort_order = order
        else:
            session.add(ProposalLine(version=version, sort_order=order, **values))
    for record in current[len(lines):]:
        record.deleted_at = utcnow()


def save_draft(session: Session, proposal_id: str, draft: ProposalDraft) -> SaveResult:
    """Save the current version whole; refused when the proposal is not in draft."""
    proposal = get_proposal(session, proposal_id)
    version = get_version(session, proposal_id)
    if not is_editable(proposal, version):
        raise ValidationError([FieldProblem(
            "status", translate("方案状态为“{status}”，第 {number} 版已冻结；请新建版本后修改").format(status=pf.status_label(proposal.status), number=version.number), "proposal", None, translate("状态"))])
    client = _client(session, proposal.client_id)
    ensure_not_released(session, client.id, "proposal")
    kept = {line.product_id for line in version.lines}
    values, lines, warnings = _validate(session, client, draft, kept)
    for key in ("title", "formal"):
        if getattr(proposal, key) != values[key]:
            setattr(proposal, key, values[key])
    for key, value in _version_values(values).items():
        if getattr(version, key) != value:
            setattr(version, key, value)
    _write_lines(session, version, list(version.lines), lines)
    session.flush()
    session.expire(version, ["lines"])
    return SaveResult(proposal.id, version.number, warnings)


def new_version(session: Session, proposal_id: str, note: str = "") -> int:
    """Copy the current version into the next number, as a draft; returns its number.

    Allowed while the client has not answered and the proposal is not waiting for approval.
    """
    proposal = get_proposal(session, proposal_id)
    ensure_not_released(session, proposal.client_id, "proposal")
    if not pf.ProposalStatus(proposal.status).new_version_allowed:
        raise ValidationError([FieldProblem(
            "status", translate("方案状态为“{status}”，不能新建版本").format(status=pf.status_label(proposal.status)), "proposal", None,
            translate("状态"))])
    last = get_version(session, proposal_id)
    number = proposal.current_version + 1
    copy = ProposalVersion(proposal_id=proposal.id, number=number, proposal_date=clock.today(),
                           **{key: getattr(last, key) for key in ("background", "benefits",
                                                                  "valid_until", "our_people")})
    if copy.valid_until is not None and copy.valid_until < copy.proposal_date:
        copy.valid_until = None
    session.add(copy)
    for line in last.lines:
        session.add(ProposalLine(version=copy, **{key: getattr(line, key) for key in (
            "product_id", "amount", "term", "rate", "fee", "quantity", "notes", "sort_order")}))
    if proposal.status != pf.ProposalStatus.DRAFT:
        _record_event(session, proposal, number, proposal.status, pf.ProposalStatus.DRAFT,
                      note or translate("新建第 {number} 版").format(number=number))
        proposal.status = pf.ProposalStatus.DRAFT
    proposal.current_version = number
    session.flush()
    return number


def _record_event(session: Session, proposal: Proposal, version: int, from_status: str,
                  to_status: str, note: str) -> ProposalEvent:
    event = ProposalEvent(proposal_id=proposal.id, version=version, from_status=from_status,
                          to_status=to_status, actor=_actor(session), note=note)
    session.add(event)
    return event


def allowed_moves(session: Session, proposal: Proposal) -> list[str]:
    """The statuses the proposal may move to now (draft → presented only when no
    approval is needed)."""
    moves = list(pf.ProposalStatus(proposal.status).next_statuses)
    if proposal.status == pf.ProposalStatus.DRAFT and pf.ProposalStatus.PRESENTED in moves \
            and total_amount(get_version(session, proposal.id).lines) > approval_threshold(session):
        moves.remove(pf.ProposalStatus.PRESENTED)
    return moves


def change_status(session: Session, proposal_id: str, to_status: str, note: str = "") -> ProposalEvent:
    """Move the proposal to a new status and record who, when and why.

    rejected → draft starts a new version (the rejected one stays as it was). Leaving
    draft checks the version again (lines, risk appetite, approval threshold). Accepted
    marks the products adopted in the client's 服务现况; presented marks them recommended.
    """
    proposal = get_proposal(session, proposal_id)
    from_status = proposal.status
    note = note.strip()
    if len(note) > cf.LONG_TEXT_LIMIT:
        raise ValidationError([FieldProblem("note", translate("不能超过 {LONG_TEXT_LIMIT} 个字").format(LONG_TEXT_LIMIT=cf.LONG_TEXT_LIMIT), "proposal",
                                            None, translate("说明"))])
    if not pf.ProposalStatus(from_status).can_move_to(to_status):
        raise ValidationError([FieldProblem(
            "status", translate("不能从“{before}”改为“{after}”").format(before=pf.status_label(from_status), after=pf.status_label(to_status)),
            "proposal", None, translate("状态"))])
    if from_status == pf.ProposalStatus.REJECTED:
        number = new_version(session, proposal_id, note or translate("退回后重新起草"))
        return session.scalars(select(ProposalEvent).where(
            ProposalEvent.proposal_id == proposal.id, ProposalEvent.version == number)).one()
    version = get_version(session, proposal_id)
    lines = list(version.lines)
    if from_status == pf.ProposalStatus.DRAFT:
        _check_leaving_draft(session, proposal, lines, to_status)
    if to_status == pf.ProposalStatus.REJECTED and not note:
        raise ValidationError([FieldProblem("note", translate("退回时请写明原因"), "proposal", None, translate("说明"))])
    event = _record_event(session, proposal, version.number, from_status, to_status, note)
    proposal.status = to_status
    if to_status == pf.ProposalStatus.PRESENTED:
        _mark_services(session, proposal, lines, adopted=False)
    elif to_status == pf.ProposalStatus.ACCEPTED:
        _mark_services(session, proposal, lines, adopted=True)
    session.flush()
    return event


def _check_leaving_draft(session: Session, proposal: Proposal, lines: list[ProposalLine],
                         to_status: str) -> None:
    problems: list[FieldProblem] = []
    if not lines:
        problems.append(FieldProblem("lines", translate("方案至少需要一个推荐产品"), "proposal_lines", None,
                                     translate("推荐产品组合")))
    client = _client(session, proposal.client_id)
    for row, line in enumerate(lines):
        refusal = risk_refusal(client, line.product)
        if refusal:
            problems.append(FieldProblem("product_id", refusal, "proposal_lines", row, translate("产品")))
    threshold = approval_threshold(session)
    amount = total_amount(lines)
    if to_status == pf.ProposalStatus.PRESENTED and amount > threshold:
        problems.append(FieldProblem(
            "status", translate("方案金额合计 {amount} 元超过审批额度 {limit} 元，须先提交审批").format(amount=format_money(amount), limit=format_money(threshold)), "proposal", None, translate("状态")))
    if problems:
        raise ValidationError(problems)


def _mark_services(session: Session, proposal: Proposal, lines: list[ProposalLine],
                   adopted: bool) -> None:
    """The client's 服务现况 rows for the proposal's products: recommended (and adopted),
    created when missing; the change log writes them into the client's history."""
    rows = {row.product_id: row for row in session.scalars(select(ServiceStatus).where(
        ServiceStatus.client_id == proposal.client_id, ServiceStatus.deleted_at.is_(None)))}
    for line in lines:
        row = rows.get(line.product_id)
        if row is None:
            row = ServiceStatus(client_id=proposal.client_id, product_id=line.product_id,
                                needed=True, notes=translate("服务方案《{title}》").format(title=proposal.title)[:500])
            session.add(row)
            rows[line.product_id] = row
        if not row.recommended:
            row.recommended = True
        if adopted:
            if not row.adopted:
                row.adopted = True
            if row.stopped:
                row.stopped = False


@dataclass(frozen=True)
class ProposalEventLine:
    """One status change of a proposal, as the editor lists it."""

    at: datetime
    actor: str
    from_status: str
    to_status: str
    version: int
    note: str


@dataclass(frozen=True)
class ProposalEditorView:
    """One version of a proposal as the editor shows it, in plain values, with what the
    rules allow now: whether it can be edited, which moves are open, whether a new
    version can be made."""

    proposal_id: str
    client_id: str
    title: str
    status: str
    current_version: int
    shown_version: int
    versions: tuple[int, ...]
    fields: dict[str, Any]
    lines: tuple[dict[str, Any], ...]
    events: tuple[ProposalEventLine, ...]
    editable: bool
    moves: frozenset[str]
    can_new_version: bool


def proposal_editor_view(session: Session, proposal_id: str,
                         version: int | None = None) -> ProposalEditorView:
    proposal = get_proposal(session, proposal_id)
    shown = get_version(session, proposal_id, version)
    latest = shown.number == proposal.current_version
    return ProposalEditorView(
        proposal.id, proposal.client_id, proposal.title, proposal.status,
        proposal.current_version, shown.number, tuple(v.number for v in proposal.versions),
        {"title": proposal.title, "formal": proposal.formal,
         **{spec.key: getattr(shown, spec.key) for spec in pf.VERSION.fields}},
        tuple({"product_id": line.product_id,
               **{spec.key: getattr(line, spec.key) for spec in pf.LINE.fields
                  if spec.key != "product_id"}} for line in shown.lines),
        tuple(ProposalEventLine(e.at, e.actor, e.from_status, e.to_status, e.version, e.note)
              for e in proposal.events),
        is_editable(proposal, shown),
        frozenset(allowed_moves(session, proposal)) if latest else frozenset(),
        pf.ProposalStatus(proposal.status).new_version_allowed)

