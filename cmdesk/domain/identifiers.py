"""Check and normalise the identifiers a customer manager types in: 统一社会信用代码,
居民身份证号 and phone numbers, and mask them for display. Pure functions, no Qt, no database.

python-stdnum (its check characters) is imported where a code is checked: it loads ssl
and sockets for its online checks, a noticeable part of the desk's start otherwise.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from cmdesk import clock
from cmdesk.i18n import mark, translate


__all__ = [
    "IdentifierError",
    "normalize_text",
    "normalize_credit_code",
    "normalize_id_number",
    "id_number_birth_date",
    "normalize_phone",
    "phone_digits",
    "mask_phone",
    "mask_id",
    "mask_account",
    "mask_free_text",
]


class IdentifierError(ValueError):
    """An identifier that cannot be accepted.

    The message is Chinese, names the problem and does not repeat the field name
    (the caller puts it in a FieldProblem with the label), e.g. '校验位错误，应为 “X”'.
    """


# --------------------------------------------------------------------------- text

# Dashes NFKC leaves alone but people paste from Word / WeChat.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES})
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _require_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    return value


def _nfkc(value: str) -> str:
    """NFKC (full-width -> half-width), unify dashes, turn any whitespace into ' ',
    drop invisible format characters (zero-width space, BOM...)."""
    text = unicodedata.normalize("NFKC", value).translate(_DASH_TABLE)
    return "".join(
        " " if c.isspace() else c
        for c in text
        if unicodedata.category(c) != "Cf"
    )


def normalize_text(value: str) -> str:
    """Normalise a typed code: NFKC (full-width digits/letters -> half-width), strip,
    and remove every space and '-' inside. Case is kept. Never raises for a str."""
    text = _require_str(value)
    # Removing characters can make a new NFKC composition (e.g. 'e-\u0301'), so repeat
    # until stable; in practice this takes one or two rounds.
    for _ in range(4):
        cleaned = _nfkc(text).replace(" ", "").replace("-", "")
        if cleaned == text:
            break
        text = cleaned
    return text


def _show(char: str) -> str:
    """A character as it can be shown in a message (an invisible one by its code point, U+200B)."""
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _length_error(expected: int, actual: int) -> IdentifierError:
    return IdentifierError(translate("应为 {expected} 位，实际 {actual} 位").format(expected=expected, actual=actual))


# ----------------------------------------------------------- 统一社会信用代码 GB 32100

# GB 32100-2015 charset: digits and upper-case letters without I, O, Z, S, V.
_USCC_CHARSET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_USCC_FORBIDDEN = frozenset("IOZSV")


def normalize_credit_code(value: str) -> str:
    """Check a 统一社会信用代码 (GB 32100-2015) and return it in canonical form.

    Full-width and lower case are accepted, spaces and '-' removed. The code must be
    18 characters from the GB 32100 charset and its 18th character must be the
    mod-31 check character. The first 17 characters are otherwise not restricted:
    registration authorities use letters too (e.g. 'N' for 农村集体经济组织, 'Y').
    """
    code = normalize_text(value).translate(_ASCII_UPPER)
    if not code:
        raise IdentifierError(translate("不能为空"))
    if len(code) != 18:
        raise _length_error(18, len(code))
    for position, char in enumerate(code, start=1):
        if char in _USCC_CHARSET:
            continue
        if char in _USCC_FORBIDDEN:
            raise IdentifierError(translate("第 {position} 位字符“{char}”不允许（不使用 I、O、Z、S、V）").format(position=position, char=char))
        raise IdentifierError(
            translate("第 {position} 位字符“{char}”不允许（只能是数字或大写字母，不使用 I、O、Z、S、V）").format(position=position, char=_show(char))
        )
    # stdnum's validate() also demands digits in positions 1-8, which rejects codes the
    # standard allows (authority codes N, Y, A...); only its check character is used.
    from stdnum.cn import uscc

    expected = uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise IdentifierError(translate("校验位错误，应为 “{expected}”").format(expected=expected))
    return code


# ------------------------------------------------------------ 居民身份证号 GB 11643

_ID_EARLIEST = date(1900, 1, 1)


def _check_id_number(number: str, today: date) -> date:
    """Validate an already normalised (upper-case, compact) number; return the birth date."""
    if not number:
        raise IdentifierError(translate("不能为空"))
    if len(number) != 18:
        hint = translate("（15 位旧号码请换成 18 位新号码）") if len(number) == 15 else ""
        raise IdentifierError(translate("应为 18 位，实际 {count} 位{hint}").format(count=len(number), hint=hint))
    for position, char in enumerate(number[:17], start=1):
        if not ("0" <= char <= "9"):
            raise IdentifierError(translate("第 {position} 位字符“{char}”应为数字").format(position=position, char=_show(char)))
    if not ("0" <= number[17] <= "9" or number[17] == "X"):
        raise IdentifierError(translate("第 18 位字符“{number}”应为数字或 X").format(number=_show(number[17])))
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdentifierError(translate("出生日期 {digits} 不是真实日期").format(digits=digits)) from None
    if birth < _ID_EARLIEST:
        raise IdentifierError(translate("出生日期 {digits} 早于 1900 年").format(digits=digits))
    if birth > today:
        raise IdentifierError(translate("出生日期 {digits} 晚于今天").format(digits=digits))
    # ISO 7064 MOD 11-2. stdnum's helper runs int(..., 13) on its input, which would
    # accept '_' or letters; it is only called once the 17 digits are known to be ASCII.
    from stdnum.cn import ric

    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise IdentifierError(translate("校验位错误，应为 “{expected}”").format(expected=expected))
    return birth


def _compact_id(value: str) -> str:
    return normalize_text(value).translate(_ASCII_UPPER)


def normalize_id_number(value: str, today: date | None = None) -> str:
    """Check an 18-digit 居民身份证号 (GB 11643-1999) and return it in canonical form.

    Full-width digits and lower-case 'x' are accepted. The birth date (positions 7-14)
    must be a real date between 1900-01-01 and `today` (default: the real today) and
    the last character must be the ISO 7064 MOD 11-2 check. Region codes are not
    checked: the region table changes over time and old codes stay valid on cards.
    """
    number = _compact_id(value)
    _check_id_number(number, clock.today() if today is None else today)
    return number


def id_number_birth_date(value: str) -> date:
    """Birth date of a valid 居民身份证号; raises IdentifierError if the number is not valid."""
    return _check_id_number(_compact_id(value), clock.today())


# --------------------------------------------------------------------------- phones

_PHONE_ERROR = mark("不是有效的手机或固定电话号码")

_MOBILE_RE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})", re.ASCII)
_CANONICAL_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
_SERVICE_RE = re.compile(r"([48]00)([0-9]{3})([0-9]{4})", re.ASCII)
# Area codes: 010 and 020-029 are 0 + 2 digits, every other one is 0 + 3 digits.
# From abroad (+86 / 0086) the leading 0 is usually dropped.
_LANDLINE_RE = re.compile(
    r"""
    (?:
        (?:\+|00)86[ -]*\(?0?(?P<intl>10|2[0-9]|[3-9][0-9]{2})\)?
      | \(?0(?P<area>10|2[0-9]|[3-9][0-9]{2})\)?
    )
    [ -]*
    (?: (?P<local>[0-9]{7,8}) | (?P<head>[0-9]{3,4})[ -](?P<tail>[0-9]{4}) )
    (?: [ ]* (?:转|分机|ext\.?|x|\#|-|,) [ ]* (?P<ext>[0-9]{1,6}) )?
    """,
    re.ASCII | re.VERBOSE,
)
_MAX_PHONE_LENGTH = 40


def _phone_parts(value: str) -> tuple[str, str, str, str]:
    """Parse a phone into (kind, area, local, extension); kind is mobile/service/landline."""
    text = _nfkc(_require_str(value)).strip().lower()
    text = re.sub(r" +", " ", text)
    if not text:
        raise IdentifierError(translate("不能为空"))
    if len(text) > _MAX_PHONE_LENGTH:
        raise IdentifierError(translate(_PHONE_ERROR))
    compact = re.sub(r"[ ()\-]", "", text)
    match = _MOBILE_RE.fullmatch(compact)
    if match:
        return "mobile", "", match.group(1), ""
    match = _SERVICE_RE.fullmatch(compact)
    if match:
        return "service", match.group(1), match.group(2) + match.group(3), ""
    match = _LANDLINE_RE.fullmatch(text)
    if match:
        area = "0" + (match.group("intl") or match.group("area"))
        local = match.group("local") or (match.group("head") + match.group("tail"))
        return "landline", area, local, match.group("ext") or ""
    raise IdentifierError(translate(_PHONE_ERROR))


def normalize_phone(value: str) -> str:
    """Check a Chinese phone number and return its canonical form.

    Mobile (optionally +86 / 86 / 0086) -> '13812345678'; landline with area code ->
    '010-12345678' or '021-12345678-801' (extension after 转 / 分机 / ext / '-');
    400/800 service numbers -> '400-123-4567'. Full-width digits, spaces, dashes and
    brackets around the area code are accepted.
    """
    kind, area, local, ext = _phone_parts(value)
    if kind == "mobile":
        return local
    if kind == "service":
        return f"{area}-{local[:3]}-{local[3:]}"
    return f"{area}-{local}" + (f"-{ext}" if ext else "")


def phone_digits(value: str) -> str:
    """Only the digits of a phone, for search. A valid number gives the digits of its
    canonical form (so '+86 138-1234-5678' -> '13812345678'); anything else gives its
    plain ASCII digits after full-width normalisation. Never raises for a str."""
    try:
        text = normalize_phone(value)
    except IdentifierError:
        text = _nfkc(value)
    return "".join(c for c in text if "0" <= c <= "9")


# -------------------------------------------------------------------------- masking

def _mask_keep(text: str, head: int, tail: int) -> str:
    """Keep `head` first and `tail` last characters, stars in between (same length)."""
    stars = len(text) - head - tail
    if stars <= 0:
        return "*" * len(text)
    return text[:head] + "*" * stars + (text[-tail:] if tail else "")


def mask_phone(value: str) -> str:
    """Mask a phone for display: mobile '138****5678', landline '010-****5678'
    (extension kept), 400/800 numbers are public and shown as they are. Text that is
    not a valid phone keeps only its last 4 characters. Never raises for a str."""
    if _CANONICAL_MOBILE_RE.fullmatch(value):  # how phones are stored: the list masks 1000 a keystroke
        return _mask_keep(value, 3, 4)
    try:
        kind, area, local, ext = _phone_parts(value)
    except IdentifierError:
        return _mask_keep(normalize_text(value), 0, 4)
    if kind == "mobile":
        return _mask_keep(local, 3, 4)
    if kind == "service":
        return normalize_phone(value)
    return f"{area}-{_mask_keep(local, 0, 4)}" + (f"-{ext}" if ext else "")


def mask_id(value: str) -> str:
    """Mask an ID document number: keep the first and last character, same length
    ('11010519491231002X' -> '1****************X'). Two characters or fewer are all
    stars. Never raises for a str."""
    text = normalize_text(value).translate(_ASCII_UPPER)
    if len(text) <= 2:
        return "*" * len(text)
    return _mask_keep(text, 1, 1)


def mask_account(value: str) -> str:
    """Mask a bank account / card number: first 6 and last 4 kept, stars in between,
    same length. Short numbers hide at least half: 8-10 characters keep only the last
    4, fewer than 8 are all stars. Never raises for a str."""
    text = normalize_text(value)
    if len(text) > 10:
        return _mask_keep(text, 6, 4)
    if len(text) >= 8:
        return _mask_keep(text, 0, 4)
    return "*" * len(text)


_SENSITIVE_RE = re.compile(
    r"""
      (?<![0-9])(?P<mobile>(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?![0-9])
    | (?<![0-9A-Za-z])(?P<id>[1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])
    | (?<![0-9A-Za-z])(?P<code>[0-9A-Z]{18})(?![0-9A-Za-z])
    | (?<![0-9])(?P<account>[0-9]{12,19}|[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,3})?)(?![0-9])
    """,
    re.VERBOSE,
)


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    if match.group("mobile"):
        return mask_phone(text)
    if match.group("id"):
        return mask_id(text)
    if match.group("code"):
        try:
            return mask_id(normalize_credit_code(text))
        except IdentifierError:
            return text  # 18 capitals and digits that are not a credit code: ordinary text
    return mask_account(text)


def mask_free_text(text: str) -> str:
    """Mask what looks like personal information inside free text: mobile numbers
    (138****5678), ID numbers and credit codes (first and last character), bank account
    and card numbers (first 6 and last 4)."""
    return _SENSITIVE_RE.sub(_mask_match, text)
