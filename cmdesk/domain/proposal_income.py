"""Expected annual income to the bank from a proposal's lines (预计年收益).

One formula per product income basis (``Product.income_basis``):

- ``margin`` — deposits and loans (负债/资产业务): the bank earns the net interest
  margin on the balance it keeps for a year::

      年收益 = 金额 × 净息差%        (净息差 = the product's margin_rate)

  The line's own rate is the price quoted to the client (存款/贷款利率), not the
  bank's margin, so it does not enter the income. No margin in the catalogue →
  0. The amount is read as the average balance over the year (日均), so the
  term does not scale the income.
- ``fee`` — fee business (中间业务: 代发、代收、结算、代理): fixed fees per unit
  plus a fee rate on the amount::

      年收益 = 单笔费用 × 数量 + 金额 × 费率%      (费率 = the line's rate)

- ``none`` — products with no direct income (电子银行 …): 0.

Missing amounts, rates and fees count as 0. Everything is Decimal; each line
is rounded half-up to 0.01 元 and the total is the sum of the rounded lines, so
a printed table always adds up.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from cmdesk.i18n import mark, translate

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

INCOME_BASES = ("margin", "fee", "none")
INCOME_BASIS_LABELS = {"margin": mark("利差收入"), "fee": mark("手续费收入"), "none": mark("无直接收入")}
FORMULAS = {
    "margin": mark("预计年收益 = 金额 × 净息差%（按全年日均余额计）"),
    "fee": mark("预计年收益 = 单笔费用 × 数量 + 金额 × 费率%"),
    "none": mark("该产品无直接收入，预计年收益计为 0"),
}


class IncomeProduct(Protocol):
    income_basis: str
    margin_rate: Decimal | None


class IncomeLine(Protocol):
    """What a line needs to be priced: a saved ProposalLine or an editor row."""

    product: IncomeProduct | None
    amount: Decimal | None
    rate: Decimal | None
    fee: Decimal | None
    quantity: int | None


def _dec(value: Decimal | int | None) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


def round_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_income(line: IncomeLine) -> Decimal:
    """The expected annual income of one line, in 元, rounded to the fen."""
    product = line.product
    basis = product.income_basis if product is not None else "none"
    if basis == "margin":
        raw = _dec(line.amount) * _dec(product.margin_rate) / HUNDRED
    elif basis == "fee":
        raw = _dec(line.fee) * _dec(line.quantity) + _dec(line.amount) * _dec(line.rate) / HUNDRED
    else:
        raw = Decimal(0)
    return round_cent(raw)


def version_total(lines: Iterable[IncomeLine]) -> Decimal:
    """The sum of the lines' rounded incomes."""
    return sum((line_income(line) for line in lines), ZERO)


def formula_for(basis: str | None) -> str:
    return translate(FORMULAS.get(basis or "none", FORMULAS["none"]))
