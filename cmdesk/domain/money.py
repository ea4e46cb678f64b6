"""Money in 元 as Decimal: parsing what a manager types and formatting for display.

Never float. Input may carry full-width digits, thousands separators, a 元 sign,
or the trade's units 万 / 亿 ("1.5万" is 15,000.00 元).
"""
from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cmdesk.i18n import translate

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
        raise MoneyError(translate("金额不能以浮点数传入"))
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
            raise MoneyError(translate("“{value}”不是金额").format(value=value)) from None
    if not amount.is_finite():
        raise MoneyError(translate("“{value}”不是金额").format(value=value))
    if abs(amount) > MONEY_LIMIT:  # checked before rounding: quantize fails on huge numbers
        raise MoneyError(translate("金额过大"))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None) -> str:
    """1234567.5 -> '1,234,567.50'; None -> ''."""
    if amount is None:
        return ""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def format_wan(amount: Decimal | None) -> str:
    """An amount in 万元 with two decimals, as the trade reads large sums."""
    if amount is None:
        return ""
    wan = (amount / _UNITS["万"]).quantize(CENT, rounding=ROUND_HALF_UP)
    return translate("{amount}万").format(amount=f"{wan:,}")


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_PLACES = ("", "拾", "佰", "仟")


def _capital_below_10k(number: int) -> str:
    """1..9999 in capital numerals, one 零 for each run of inner zeros (1001 -> 壹仟零壹)."""
    words = []
    pending_zero = False
    for place in range(3, -1, -1):
        digit = number // 10 ** place % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words.append("零")
            pending_zero = False
        words.append(_CAPITAL_DIGITS[digit] + _CAPITAL_PLACES[place])
    return "".join(words)


def _capital_integer(number: int) -> str:
    """A positive whole number of 元 in capital numerals, with 万 and 亿 sections. A 零 joins
    a section to a lower one that does not start at its top place (壹拾万零柒佰), none when
    it does (壹拾万柒仟), as the PBOC examples write them."""
    for size, unit in ((10 ** 8, "亿"), (10 ** 4, "万")):
        if number >= size:
            high, low = divmod(number, size)
            words = _capital_integer(high) + unit
            if low:
                words += ("零" if low < size // 10 else "") + _capital_integer(low)
            return words
    return _capital_below_10k(number)


def chinese_capital(amount: Decimal | int | str) -> str:
    """An amount in 元 written in capital numerals (大写金额) by the PBOC rules for bills:
    1000000 -> 壹佰万元整, 1234.56 -> 壹仟贰佰叁拾肆元伍角陆分, 1680.32 -> 壹仟陆佰捌拾元零叁角贰分.

    Inner zeros are one 零 per run; a 零 stands after 元 when the 元 place is 0 and 角 or 分
    follow, and between 元 and 分 when 角 is 0; 整 closes an amount that ends at 元 or 角,
    none follows 分; 10–19 are written 壹拾…. The amount is rounded to the fen like any
    amount (parse_money); a negative amount has no capital form and is refused (MoneyError).
    """
    value = parse_money(amount)
    if value is None:
        raise MoneyError(translate("没有金额，无法写成大写"))
    if value < 0:
        raise MoneyError(translate("负数金额不能写成大写金额"))
    cents = int(value * 100)
    yuan, fen_total = divmod(cents, 100)
    jiao, fen = divmod(fen_total, 10)
    words = _capital_integer(yuan) + "元" if yuan else ""
    if not fen_total:
        return (words or "零元") + "整"
    if yuan and (yuan % 10 == 0 or not jiao):
        words += "零"
    if jiao:
        words += _CAPITAL_DIGITS[jiao] + "角"
    if fen:
        return words + _CAPITAL_DIGITS[fen] + "分"
    return words + "整"
