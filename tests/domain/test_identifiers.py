"""Tests of cmdesk.domain.identifiers.

Valid codes are computed here with independent implementations of GB 32100-2015 and
GB 11643-1999 (weights written out from the standards), not with stdnum.
"""
from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmdesk.domain.identifiers import (
    IdentifierError,
    id_number_birth_date,
    mask_account,
    mask_id,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
    normalize_text,
    phone_digits,
)

# ------------------------------------------------------------ reference implementations

# GB 32100-2015, 4.2 / appendix: charset (31 characters, value = index) and weights 3^(i-1) mod 31.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(body17: str) -> str:
    """C18 = 31 - MOD(sum(Ci * Wi), 31); a result of 31 is written as 0."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    value = 31 - total % 31
    return USCC_CHARSET[0 if value == 31 else value]


def make_uscc(body17: str) -> str:
    return body17 + uscc_check_char(body17)


# GB 11643-1999, ISO 7064 MOD 11-2: weights 2^(18-i) mod 11, check table indexed by sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_char(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def make_id(region: str, birth: str, seq: str) -> str:
    body = region + birth + seq
    assert len(body) == 17
    return body + id_check_char(body)


def wrong_char(correct: str, charset: str) -> str:
    return next(c for c in charset if c != correct)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TODAY = date(2025, 6, 30)


def test_reference_tables_follow_the_standards():
    assert USCC_WEIGHTS == tuple(3**i % 31 for i in range(17))
    assert ID_WEIGHTS == tuple(2 ** (17 - i) % 11 for i in range(17))
    assert len(USCC_CHARSET) == 31 and not set("IOZSV") & set(USCC_CHARSET)
    # The example printed in GB 11643-1999 itself.
    assert id_check_char("11010519491231002") == "X"


# ------------------------------------------------------------------------ normalize_text

def test_normalize_text_full_width_spaces_and_dashes():
    assert normalize_text("  ９１３５　０２１１－ＡＢ c\u200b-d ") == "91350211ABcd"
    assert normalize_text("") == ""
    assert normalize_text("\u2014a\u2013b\u2212c") == "abc"


# ------------------------------------------------------------------ 统一社会信用代码

def _random_uscc_bodies(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        head = rng.choice(["91", "92", "93", "11", "12", "51", "52", "53", "Y1", "N2", "A1", "31"])
        region = "".join(rng.choice("0123456789") for _ in range(6))
        org = "".join(rng.choice(USCC_CHARSET) for _ in range(9))
        bodies.append(head + region + org)
    return bodies


def test_credit_code_accepts_independently_computed_codes_with_every_check_char():
    seen = set()
    for body in _random_uscc_bodies(2000, seed=32100):
        code = make_uscc(body)
        assert normalize_credit_code(code) == code
        seen.add(code[-1])
    assert seen == set(USCC_CHARSET)  # includes the 31 -> '0' case and 'Y'


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # stdnum's documented example; the check is recomputed below
        make_uscc("N2110000MA0U2E1K1"),  # 农村集体经济组织 (authority N): letter in position 1
        make_uscc("Y1350211MA2YJ9N1X"),  # authority Y (其他)
        make_uscc("91350211MA2YJ9N1X"),
    ],
)
def test_credit_code_known_shapes(code):
    assert code[-1] == uscc_check_char(code[:17])
    assert normalize_credit_code(code) == code


def test_credit_code_lower_case_full_width_and_separators():
    code = make_uscc("91350211MA2YJ9N1X")
    assert normalize_credit_code(code.lower()) == code
    assert normalize_credit_code(fullwidth(code)) == code
    assert normalize_credit_code(fullwidth(code.lower())) == code
    spaced = f" {code[:2]} {code[2:8]}-{code[8:17]}　{code[17]} "
    assert normalize_credit_code(spaced) == code


def test_credit_code_wrong_check_names_the_right_one():
    code = make_uscc("91350211MA2YJ9N1X")
    bad = code[:17] + wrong_char(code[17], USCC_CHARSET)
    with pytest.raises(IdentifierError) as info:
        normalize_credit_code(bad)
    assert str(info.value) == f"校验位错误，应为 “{code[17]}”"


def test_credit_code_single_changed_character_is_detected():
    code = make_uscc("91350211MA2YJ9N1X")
    for position in range(17):
        for c in USCC_CHARSET:
            if c == code[position]:
                continue
            changed = code[:position] + c + code[position + 1 :]
            with pytest.raises(IdentifierError, match="校验位错误"):
                normalize_credit_code(changed)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91350211MA2YJ9N1", "应为 18 位，实际 16 位"),
        ("91350211MA2YJ9N1X", "应为 18 位，实际 17 位"),
        ("91350211MA2YJ9N1X00", "应为 18 位，实际 19 位"),
        ("", "不能为空"),
        ("  - ", "不能为空"),
        ("😀", "应为 18 位，实际 1 位"),
        ("9" * 10_000, "应为 18 位，实际 10000 位"),
    ],
)
def test_credit_code_length_messages(value, message):
    with pytest.raises(IdentifierError) as info:
        normalize_credit_code(value)
    assert str(info.value) == message


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_forbidden_letters(letter):
    value = "9135" + letter + "211MA2YJ9N1X0"
    with pytest.raises(IdentifierError) as info:
        normalize_credit_code(value)
    assert str(info.value) == f"第 5 位字符“{letter}”不允许（不使用 I、O、Z、S、V）"
    # lower case is upper-cased first, so it is reported the same way
    with pytest.raises(IdentifierError) as info:
        normalize_credit_code(value.lower())
    assert str(info.value) == f"第 5 位字符“{letter}”不允许（不使用 I、O、Z、S、V）"


@pytest.mark.parametrize(
    ("char", "shown"), [("#", "#"), ("中", "中"), ("😀", "😀"), ("\x00", "U+0000")]
)
def test_credit_code_other_characters(char, shown):
    value = "91350211MA2YJ9N1X" + char
    with pytest.raises(IdentifierError) as info:
        normalize_credit_code(value)
    assert str(info.value).startswith(f"第 18 位字符“{shown}”不允许")


# ---------------------------------------------------------------------- 居民身份证号

def test_id_number_standard_example():
    assert normalize_id_number("11010519491231002X", today=TODAY) == "11010519491231002X"
    assert normalize_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert id_number_birth_date("11010519491231002x") == date(1949, 12, 31)


def test_id_numbers_computed_independently_with_every_check_char():
    rng = random.Random(11643)
    seen = set()
    for _ in range(1000):
        birth = date.fromordinal(rng.randint(date(1900, 1, 1).toordinal(), TODAY.toordinal()))
        number = make_id(
            "".join(rng.choice("0123456789") for _ in range(6)),
            birth.strftime("%Y%m%d"),
            f"{rng.randint(0, 999):03d}",
        )
        assert normalize_id_number(number, today=TODAY) == number
        assert id_number_birth_date(number) == birth
        seen.add(number[-1])
    assert seen == set("0123456789X")


def test_id_number_unknown_region_code_is_accepted():
    # stdnum's validate() rejects region codes missing from its table; we must not.
    number = make_id("999999", "19900101", "123")
    assert normalize_id_number(number, today=TODAY) == number


def test_id_number_full_width_and_spaces():
    number = make_id("350203", "19851007", "321")
    assert normalize_id_number(fullwidth(number.lower()), today=TODAY) == number
    assert normalize_id_number(f" {number[:6]} {number[6:14]} {number[14:]} ", today=TODAY) == number


def test_id_number_impossible_date():
    number = make_id("350203", "19990231", "321")
    with pytest.raises(IdentifierError) as info:
        normalize_id_number(number, today=TODAY)
    assert str(info.value) == "出生日期 19990231 不是真实日期"
    with pytest.raises(IdentifierError, match="19990231 不是真实日期"):
        id_number_birth_date(number)


def test_id_number_future_and_too_old_dates():
    future = make_id("350203", "20250701", "321")
    with pytest.raises(IdentifierError) as info:
        normalize_id_number(future, today=TODAY)
    assert str(info.value) == "出生日期 20250701 晚于今天"
    assert normalize_id_number(future, today=date(2025, 7, 1)) == future  # born today is fine
    old = make_id("350203", "18991231", "321")
    with pytest.raises(IdentifierError) as info:
        normalize_id_number(old, today=TODAY)
    assert str(info.value) == "出生日期 18991231 早于 1900 年"
    assert normalize_id_number(make_id("350203", "19000101", "321"), today=TODAY)


def test_id_number_default_today_rejects_far_future():
    with pytest.raises(IdentifierError, match="晚于今天"):
        normalize_id_number(make_id("350203", "29991231", "321"))


def test_id_number_wrong_check():
    number = make_id("350203", "19851007", "321")
    bad = number[:17] + wrong_char(number[17], "0123456789X")
    with pytest.raises(IdentifierError) as info:
        normalize_id_number(bad, today=TODAY)
    assert str(info.value) == f"校验位错误，应为 “{number[17]}”"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "不能为空"),
        ("35020319851007321", "应为 18 位，实际 17 位"),
        ("350203851007321", "应为 18 位，实际 15 位（15 位旧号码请换成 18 位新号码）"),
        ("3502031985100732_1", "第 17 位字符“_”应为数字"),
        ("3502031985100732101", "应为 18 位，实际 19 位"),
        ("1" * 10_000, "应为 18 位，实际 10000 位"),
        ("😀" * 18, "第 1 位字符“😀”应为数字"),
        ("350203198510073A1X", "第 16 位字符“A”应为数字"),
        ("35020319851007321Y", "第 18 位字符“Y”应为数字或 X"),
        ("35020319851007321_", "第 18 位字符“_”应为数字或 X"),
        ("٣٥٠٢٠٣١٩٨٥١٠٠٧٣٢١٦", "第 1 位字符“٣”应为数字"),  # Arabic-Indic digits are not digits here
    ],
)
def test_id_number_format_messages(value, message):
    with pytest.raises(IdentifierError) as info:
        normalize_id_number(value, today=TODAY)
    assert str(info.value) == message


def test_non_str_is_a_programming_error():
    with pytest.raises(TypeError):
        normalize_id_number(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        normalize_phone(13812345678)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- phones

@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("86-13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１９９１２３４５６７８", "19912345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("0592 1234567", "0592-1234567"),
        ("05921234567", "0592-1234567"),
        ("0755-87654321", "0755-87654321"),
        ("(021)12345678-801", "021-12345678-801"),
        ("（０２１）１２３４５６７８转８０１", "021-12345678-801"),
        ("021-12345678 ext 801", "021-12345678-801"),
        ("021 1234 5678", "021-12345678"),
        ("+86 21 12345678", "021-12345678"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
    ],
)
def test_phone_good(value, canonical):
    assert normalize_phone(value) == canonical
    assert normalize_phone(canonical) == canonical
    assert phone_digits(value) == "".join(c for c in canonical if c.isdigit())


@pytest.mark.parametrize(
    "value",
    [
        "12812345678",  # 12x is not a mobile prefix
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12345678",  # landline without area code
        "010-123456",  # local number too short
        "010-123456789",  # local number too long
        "021-12345678-1234567",  # extension too long
        "0112345678",  # 011 is not an area code
        "400-123-456",
        "138 1234 567a",
        "电话13812345678",
        "😀",
        "1" * 10_000,
        "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    ],
)
def test_phone_bad(value):
    with pytest.raises(IdentifierError) as info:
        normalize_phone(value)
    assert str(info.value) == "不是有效的手机或固定电话号码"


def test_phone_empty():
    with pytest.raises(IdentifierError, match="不能为空"):
        normalize_phone("   ")


def test_phone_digits_of_invalid_text_keeps_ascii_digits():
    assert phone_digits("电话：５６７８") == "5678"
    assert phone_digits("") == ""


# -------------------------------------------------------------------------- masking

@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("0592 1234567", "0592-***4567"),
        ("(021)12345678-801", "021-****5678-801"),
        ("400-123-4567", "400-123-4567"),
        ("not a phone 5678", "*********5678"),
        ("567", "***"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "1****************X"),
        ("11010519491231002x", "1****************X"),
        ("E12345678", "E*******8"),
        ("ab", "**"),
        ("", ""),
    ],
)
def test_mask_id(value, masked):
    assert mask_id(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("6222021234567890123", "622202*********0123"),
        ("6222 0212 3456 7890", "622202******7890"),
        ("12345678901", "123456*8901"),
        ("1234567890", "******7890"),
        ("12345678", "****5678"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_mask_account(value, masked):
    assert mask_account(value) == masked


# ------------------------------------------------------------------- property tests

def _noisy(code: str) -> st.SearchStrategy[str]:
    """A valid code typed sloppily: lower/full-width characters, spaces and dashes."""
    char = lambda c: st.sampled_from([c, c.lower(), fullwidth(c), fullwidth(c.lower())])  # noqa: E731
    sep = st.sampled_from(["", "", "", " ", "-", "　", "\u200b"])
    return st.tuples(*[st.tuples(char(c), sep) for c in code]).map(
        lambda parts: "".join(a + b for a, b in parts)
    )


uscc_like = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17).map(make_uscc).flatmap(_noisy)
id_like = st.builds(
    make_id,
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(date(1890, 1, 1), date(2030, 12, 31)).map(lambda d: d.strftime("%Y%m%d")),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
).flatmap(_noisy)
phone_like = st.text(alphabet="0123456789０１２３+-() 转ext#86", max_size=25)
any_text = st.text(max_size=60)


def _fixed_point_or_identifier_error(func, value):
    try:
        result = func(value)
    except IdentifierError:
        return None
    assert func(result) == result
    return result


@settings(max_examples=300)
@given(st.one_of(any_text, uscc_like, st.text(alphabet=USCC_CHARSET + "iozsv -", max_size=20)))
def test_property_credit_code(value):
    result = _fixed_point_or_identifier_error(normalize_credit_code, value)
    if result is not None:
        assert len(result) == 18 and set(result) <= set(USCC_CHARSET)
        assert result[-1] == uscc_check_char(result[:17])


@settings(max_examples=300)
@given(st.one_of(any_text, id_like, st.text(alphabet="0123456789xX ", max_size=20)))
def test_property_id_number(value):
    func = lambda v: normalize_id_number(v, today=TODAY)  # noqa: E731
    result = _fixed_point_or_identifier_error(func, value)
    if result is not None:
        assert result[-1] == id_check_char(result[:17])
        assert date(1900, 1, 1) <= id_number_birth_date(result) <= TODAY


@settings(max_examples=300)
@given(st.one_of(any_text, phone_like))
def test_property_phone(value):
    result = _fixed_point_or_identifier_error(normalize_phone, value)
    if result is not None:
        assert set(result) <= set("0123456789-")
        assert phone_digits(value) == result.replace("-", "")
        assert len(mask_phone(value)) == len(result) or result.startswith(("400", "800"))


@settings(max_examples=300)
@given(any_text)
def test_property_text_and_masks_never_raise(value):
    text = normalize_text(value)
    assert normalize_text(text) == text
    assert " " not in text and "-" not in text
    assert len(mask_id(value)) == len(text)
    assert len(mask_account(value)) == len(text)
    mask_phone(value)
    assert phone_digits(value).isascii()
