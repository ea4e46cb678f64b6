"""Demo proposals (服务方案): one or more for a share of the demo clients, in every status,
some with several versions, made through the proposal service so every status change
has its event and accepted proposals mark the client's 服务现况 adopted.

Individuals get a risk appetite first (C1..C5), and their wealth products stay within
it. Deterministic for a seed: the same clients, products, amounts and paths.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from cmdesk.models import Client, Product, Proposal
from cmdesk.services import proposals
from cmdesk.services.gaps import client_gaps, gap_products
from cmdesk.storage.db import Database

MAX_PROPOSALS = 28
# how each demo proposal travels: the status moves after v1, with "rework" starting v2
PATHS = (
    (),
    ("submitted",),
    ("submitted", "approved"),
    ("submitted", "rejected"),
    ("submitted", "approved", "presented"),
    ("submitted", "approved", "presented", "accepted"),
    ("submitted", "approved", "presented", "declined"),
    ("submitted", "rejected", "rework", "submitted", "approved", "presented", "accepted"),
    ("submitted", "approved", "presented", "rework"),
    ("submitted", "rejected", "rework", "submitted", "approved", "presented", "rework",
     "submitted", "approved"),
)
NOTES = {
    "submitted": "提交支行审批", "approved": "支行审批通过", "rejected": "定价低于授权，请调整后再报",
    "presented": "已向客户当面介绍方案", "accepted": "客户同意，进入签约", "declined": "客户选择他行报价",
}
TITLES = {"company": ["综合金融服务方案", "业务合作方案", "资金结算与融资方案", "代发与现金管理方案"],
          "individual": ["财富管理方案", "家庭资产配置方案", "个人综合服务方案"]}
BACKGROUND = {"company": ["客户业务扩张，流动资金需求增加，结算量上升。", "客户拟扩建厂房，并希望统一员工代发。",
                          "客户现有结算分散在多家银行，希望集中管理资金。"],
              "individual": ["客户希望在保本基础上适度提高收益。", "客户子女留学在即，需要规划资金。",
                             "客户经营所得资金闲置，希望稳健增值。"]}
BENEFITS = {"company": "降低综合融资成本，提升资金使用效率，员工享受专属金融服务。",
            "individual": "资产配置与风险承受能力相匹配，兼顾流动性与收益。"}


def _amount(rng: random.Random, product: Product, kind: str) -> Decimal | None:
    if product.income_basis == "none":
        return None
    if kind == "company":
        amount = Decimal(rng.randrange(5, 300)) * Decimal(100_000)
    else:
        amount = Decimal(rng.randrange(5, 200)) * Decimal(10_000)
    if product.min_amount is not None and rng.random() < 0.85:
        amount = max(amount, product.min_amount)
    return amount


def _line(rng: random.Random, product: Product, kind: str) -> dict:
    line = {"product_id": product.id, "amount": _amount(rng, product, kind),
            "term": product.term_options.split(";")[0] if product.term_options else ""}
    if product.rate_min is not None and product.rate_max is not None:
        step = (product.rate_max - product.rate_min) * Decimal(rng.randrange(0, 5)) / 4
        line["rate"] = (product.rate_min + step).quantize(Decimal("0.01"))
    if product.income_basis == "fee" and product.rate_min is None:
        if rng.random() < 0.3:  # a yearly fee per account or service
            line["fee"], line["quantity"] = Decimal("1200.00"), rng.choice([1, 2, 5])
        else:  # a fee per item (代发、代收 per payment)
            line["fee"] = Decimal(rng.choice(["1.00", "2.00", "2.50", "5.00"]))
            line["quantity"] = rng.choice([1200, 3600, 12000, 24000])
        line["amount"] = None
    return line


def _lines(session, rng: random.Random, client: Client, products: list[Product]) -> list[dict]:
    suitable = [p for p in products if p.audience in ("both", client.kind)
                and proposals.risk_refusal(client, p) is None]
    by_id = {p.id: p for p in suitable}
    chosen = [by_id[i] for i in gap_products(client_gaps(session, client.id)) if i in by_id][:3]
    extra = [p for p in suitable if p not in chosen]
    chosen += rng.sample(extra, min(len(extra), rng.randint(1, 3)))
    return [_line(rng, product, client.kind) for product in chosen]


def generate_proposals(db: Database, seed: int, today: date, actor: str) -> int:
    """Add demo proposals for demo clients that have none; returns how many were made."""
    rng = random.Random(seed * 104729 + 5)
    with db.transaction(actor) as session:
        clients = list(session.scalars(
            select(Client).where(Client.deleted_at.is_(None), Client.archived_at.is_(None),
                                 Client.status != "lost",
                                 ~Client.id.in_(select(Proposal.client_id)))
            .order_by(Client.tier, Client.name, Client.id)))
        for client in clients:
            if client.kind == "individual" and not client.risk_appetite:
                client.risk_appetite = rng.choice(["C1", "C2", "C3", "C3", "C4", "C5"])
        products = list(session.scalars(select(Product).where(
            Product.deleted_at.is_(None), Product.active.is_(True)).order_by(Product.code)))
        chosen = rng.sample(clients, min(len(clients), MAX_PROPOSALS))
        chosen.sort(key=lambda c: (c.tier, c.name, c.id))
    made = 0
    with db.transaction(actor) as session:
        for index, client_id in enumerate([c.id for c in chosen]):
            path = PATHS[index % len(PATHS)]
            client = session.get(Client, client_id)
            title = f"{client.name}{rng.choice(TITLES[client.kind])}"
            proposal_date = today - timedelta(days=rng.randint(3, 120))
            draft = proposals.ProposalDraft(
                {"title": title, "proposal_date": proposal_date,
                 "valid_until": proposal_date + timedelta(days=90),
                 "background": rng.choice(BACKGROUND[client.kind]), "benefits": BENEFITS[client.kind],
                 "our_people": f"{actor}（客户经理）", "formal": client.kind == "company"},
                _lines(session, rng, client, products))
            proposal_id = proposals.create_proposal(session, client.id, draft).proposal_id
            for move in path:
                if move == "rework":
                    proposals.new_version(session, proposal_id, "根据客户意见调整方案")
                    proposal_date = min(today, proposal_date + timedelta(days=rng.randint(3, 20)))
                    _rework(session, rng, proposal_id, draft, proposal_date)
                else:
                    proposals.change_status(session, proposal_id, move, NOTES[move])
            made += 1
    return made


def _rework(session, rng: random.Random, proposal_id: str, draft: proposals.ProposalDraft,
            proposal_date: date) -> None:
    """The new version's changes: amounts adjusted, one line dropped when there are several."""
    version = proposals.get_version(session, proposal_id)
    lines = []
    for line in version.lines:
        values = {key: getattr(line, key) for key in ("product_id", "amount", "term", "rate", "fee",
                                                      "quantity", "notes")}
        if values["amount"] is not None:
            values["amount"] = (values["amount"] * Decimal(rng.choice(["0.8", "0.9", "1.2"]))
                                ).quantize(Decimal("0.01"))
        lines.append(values)
    if len(lines) > 2:
        lines.pop()
    fields = {**draft.fields, "proposal_date": proposal_date,
              "valid_until": proposal_date + timedelta(days=90),
              "title": proposals.get_proposal(session, proposal_id).title}
    proposals.save_draft(session, proposal_id, proposals.ProposalDraft(fields, lines))

