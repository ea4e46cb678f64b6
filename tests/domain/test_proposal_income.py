"""Expected annual income: the documented formula per income basis, Decimal, half-up to the fen."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cmdesk.domain.proposal_income import (
    FORMULAS,
    formula_for,
    line_income,
    version_total,
)


@dataclass
class Product:
    income_basis: str
    margin_rate: Decimal | None = None


@dataclass
class Line:
    product: Product | None
    amount: Decimal | None = None
    rate: Decimal | None = None
    fee: Decimal | None = None
    quantity: int | None = 1


def test_margin_is_amount_times_net_margin_not_the_quoted_rate():
    loan = Product("margin", Decimal("1.2000"))
    line = Line(loan, amount=Decimal("5000000.00"), rate=Decimal("3.4500"))
    assert line_income(line) == Decimal("60000.00")
    assert line_income(Line(Product("margin", None), amount=Decimal(1000000))) == Decimal("0.00")
    assert line_income(Line(loan, amount=None)) == Decimal("0.00")


def test_fee_is_fixed_fees_plus_fee_rate_on_amount():
    payroll = Product("fee")
    assert line_income(Line(payroll, fee=Decimal("2.50"), quantity=3600)) == Decimal("9000.00")
    pos = Line(payroll, amount=Decimal("2000000.00"), rate=Decimal("0.3800"), fee=Decimal(100),
               quantity=2)
    assert line_income(pos) == Decimal("7800.00")  # 100 × 2 + 2,000,000 × 0.38%


def test_none_and_missing_product_earn_nothing():
    assert line_income(Line(Product("none"), amount=Decimal("1e9"), fee=Decimal(5))) == Decimal("0.00")
    assert line_income(Line(None, amount=Decimal(100))) == Decimal("0.00")


def test_rounding_is_half_up_per_line_and_total_is_sum_of_rounded_lines():
    fee = Product("fee")
    half = Line(fee, amount=Decimal("100.00"), rate=Decimal("0.0050"), fee=Decimal("2.50"), quantity=3)
    assert line_income(half) == Decimal("7.51")  # 7.50 + 0.005 → 7.51, not banker's 7.50
    tiny = Line(Product("margin", Decimal("0.0050")), amount=Decimal("100.00"))  # 0.005
    assert line_income(tiny) == Decimal("0.01")
    assert version_total([half, tiny, tiny]) == Decimal("7.53")
    assert version_total([]) == Decimal("0.00")
    assert isinstance(version_total([half]), Decimal)
    assert str(line_income(half)) == "7.51" and line_income(half).as_tuple().exponent == -2


def test_formulas_are_documented_for_every_basis():
    assert set(FORMULAS) == {"margin", "fee", "none"}
    assert "净息差" in FORMULAS["margin"] and "费率" in FORMULAS["fee"]
    assert formula_for(None) == FORMULAS["none"] and formula_for("fee") == FORMULAS["fee"]
