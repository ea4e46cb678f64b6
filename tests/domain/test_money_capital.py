"""大写金额: the PBOC examples, the zero and 整 rules, limits, and a round trip over random
amounts through an independent reader of capital numerals."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmdesk.domain.money import MONEY_LIMIT, MoneyError, chinese_capital

DIGITS = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def _read_section(text: str) -> int:
    """Below 万: digits with 拾/佰/仟 places; 零 only separates."""
    total = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            assert digit, f"place {ch} without a digit in {text}"
            total += digit * PLACES[ch]
            digit = 0
    return total + digit


def _read_integer(text: str) -> int:
    if "亿" in text:
        high, low = text.rsplit("亿", 1)
        return _read_integer(high) * 10 ** 8 + _read_integer(low.removeprefix("零"))
    if "万" in text:
        high, low = text.rsplit("万", 1)
        return _read_section(high) * 10 ** 4 + _read_section(low)
    return _read_section(text)


def read_capital(text: str) -> Decimal:
    """An independent reader of what chinese_capital writes (test oracle)."""
    body = text.removesuffix("整")
    yuan_text, _, rest = body.rpartition("元") if "元" in body else ("", "", body)
    rest = rest.removeprefix("零")
    jiao = fen = 0
    if "角" in rest:
        jiao_text, _, rest = rest.partition("角")
        jiao = DIGITS[jiao_text]
    if rest:
        assert rest.endswith("分")
        fen = DIGITS[rest.removesuffix("分")]
    yuan = _read_integer(yuan_text) if yuan_text not in ("", "零") else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


@pytest.mark.parametrize(("amount", "words"), [
    # the examples of the PBOC rules for writing bills (支付结算办法 附件)
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("107000.53", "壹拾万柒仟元零伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    # the brief's
    ("1000000", "壹佰万元整"),
    ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
    # 整 after 元 and after 角, never after 分
    ("1234", "壹仟贰佰叁拾肆元整"),
    ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
    ("1000.30", "壹仟元零叁角整"),
    ("1.05", "壹元零伍分"),
    # below one 元, and nothing at all
    ("0.56", "伍角陆分"),
    ("0.50", "伍角整"),
    ("0.05", "伍分"),
    ("0", "零元整"),
    # 壹拾 for 10–19, inner zero runs, section joins
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("100010", "壹拾万零壹拾元整"),
    ("100700", "壹拾万零柒佰元整"),
    ("100000001", "壹亿零壹元整"),
    ("101000000", "壹亿零壹佰万元整"),
    ("1070000000", "壹拾亿柒仟万元整"),
    ("1000000000000", "壹万亿元整"),
    ("9999999999999999.99",
     "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_writes_amounts_by_the_pboc_rules(amount, words):
    assert chinese_capital(Decimal(amount)) == words


def test_takes_what_parse_money_takes_and_rounds_to_the_fen():
    assert chinese_capital(1_000_000) == "壹佰万元整"
    assert chinese_capital("1.5万") == "壹万伍仟元整"
    assert chinese_capital(Decimal("0.005")) == "壹分"


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("-0.01"), MONEY_LIMIT + 1, None, 1.5, "abc"])
def test_refuses_what_has_no_capital_form(bad):
    with pytest.raises(MoneyError):
        chinese_capital(bad)


@given(st.integers(min_value=0, max_value=int(MONEY_LIMIT * 100)))
def test_every_amount_reads_back_to_itself(cents):
    amount = Decimal(cents) / 100
    words = chinese_capital(amount)
    assert read_capital(words) == amount
    assert "零零" not in words
    assert not words.startswith("零") or words == "零元整"
    assert words.endswith(("整", "分"))
    assert words.endswith("分") == (cents % 10 != 0)
