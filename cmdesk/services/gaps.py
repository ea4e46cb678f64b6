"""A client's gaps (需求缺口): what the client needs that we do not serve yet.

Read from the client file's 服务现况 (per product: needed, held at another bank,
adopted, stopped) and its business analysis (主要业务分析's 财务需求, 他行关系). A
proposal starts from these gaps: the products become its lines and the texts its
background.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.i18n import mark, translate
from cmdesk.models import BusinessLine, OtherBank, ServiceStatus

GAP_KINDS = (
    ("need", mark("需要未覆盖")),
    ("other_bank", mark("他行提供")),
    ("stopped", mark("已停用")),
    ("financing", mark("财务需求")),
)
GAP_LABELS = dict(GAP_KINDS)
NO_NEED = frozenset({"无", "暂无", "没有", "不需要", "-", "—"})  # 财务需求 that say there is none


@dataclass(frozen=True)
class Gap:
    """One gap: a product the client needs / holds elsewhere / stopped, or a need in words."""

    kind: str
    detail: str
    product_id: str | None = None
    product_name: str = ""

    @property
    def kind_label(self) -> str:
        return translate(GAP_LABELS[self.kind])


def _service_gap(row: ServiceStatus) -> Gap | None:
    """The gap a 服务现况 row shows, the strongest reason first; None when served."""
    product = row.product
    name = product.name if product is not None else ""
    if row.stopped:
        return Gap("stopped", translate("客户已停用我行{name}").format(name=name), row.product_id, name)
    if row.adopted:
        return None
    if row.other_bank:
        return Gap("other_bank", translate("{name}目前由他行提供").format(name=name), row.product_id, name)
    if row.needed:
        note = translate("，已推荐") if row.recommended else ""
        return Gap("need", translate("客户需要{name}，我行尚未提供{note}").format(name=name, note=note), row.product_id, name)
    return None


def client_gaps(session: Session, client_id: str) -> list[Gap]:
    """The client's gaps: product gaps from 服务现况 (by product code), then the financing
    needs of the business analysis, then what other banks provide in words."""
    gaps: list[Gap] = []
    services = session.scalars(select(ServiceStatus).where(
        ServiceStatus.client_id == client_id, ServiceStatus.deleted_at.is_(None)))
    rows = sorted(services, key=lambda r: r.product.code if r.product is not None else "")
    for row in rows:
        gap = _service_gap(row)
        if gap is not None:
            gaps.append(gap)
    lines = session.scalars(select(BusinessLine).where(
        BusinessLine.client_id == client_id, BusinessLine.deleted_at.is_(None),
        BusinessLine.financing_needs != "").order_by(BusinessLine.created_at))
    for line in lines:
        if line.financing_needs.strip() not in NO_NEED:
            gaps.append(Gap("financing", translate("{nature}：{financing_needs}").format(nature=line.nature, financing_needs=line.financing_needs.strip())))
    banks = session.scalars(select(OtherBank).where(
        OtherBank.client_id == client_id, OtherBank.deleted_at.is_(None),
        OtherBank.products_terms != "").order_by(OtherBank.created_at))
    for bank in banks:
        gaps.append(Gap("other_bank", translate("{institution}提供：{products_terms}").format(institution=bank.institution, products_terms=bank.products_terms.strip())))
    return gaps


def gap_products(gaps: list[Gap]) -> list[str]:
    """The distinct product ids of the gaps, in order."""
    seen: list[str] = []
    for gap in gaps:
        if gap.product_id and gap.product_id not in seen:
            seen.append(gap.product_id)
    return seen


def gaps_text(gaps: list[Gap]) -> str:
    """The gaps as a proposal's background, one per line."""
    return "\n".join(translate("{i}. 【{kind_label}】{detail}").format(i=i, kind_label=gap.kind_label, detail=gap.detail) for i, gap in enumerate(gaps, 1))
