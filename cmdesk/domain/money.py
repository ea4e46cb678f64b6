"""Money in 元 as Decimal: parsing what a manager types and formatting for display.

Never float. Input may carry full-width digits, thousands separators, a 元 sign,
or the trade's units 万 / 亿 ("1.5万" is 15,000.00 元).
"""
from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("9999999999999999.99")  # Numeric(18, 2)
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


class MoneyError(ValueError):
    """Text that is not an amount; the message is for the manager."""


def parse_money(value: object) -> Decimal | None:
    """An amount in 元 rounded to the fen, or None for empty input."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, float):
        raise MoneyError("金额不能以浮点数传入")
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = text.replace(",", "").replace(" ", "").replace("¥", "").removesuffix("元")
        if not text:
            return None
        factor = Decimal(1)
        if text[-1] in _UNITS:
            factor = _UNITS[text[-1]]
            text = text[:-1]
        try:
            amount = Decimal(text) * factor
        except InvalidOperation:
            raise MoneyError(f"“{value}”不是金额") from None
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是金额")
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(amount) > MONEY_LIMIT:
        raise MoneyError("金额过大")
    return amount


def format_money(amount: Decimal | None) -> str:
    """1234567.5 -> '1,234,567.50'; None -> ''."""
    if amount is None:
        return ""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def format_wan(amount: Decimal | None) -> str:
    """An amount in 万元 with two decimals, as the trade reads large sums."""
    if amount is None:
        return ""
    return f"{(amount / _UNITS['万']).quantize(CENT, rounding=ROUND_HALF_UP):,}万"
