"""Test helpers: valid identifiers computed independently of the code under test."""
from __future__ import annotations

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def make_uscc(body17: str) -> str:
    """GB 32100-2015: check = 31 - (sum of value x weight mod 31), 31 -> 0."""
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_CHARSET[(31 - total % 31) % 31]


def make_id_number(body17: str) -> str:
    """GB 11643-1999, ISO 7064 MOD 11-2."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(body17, weights))
    return body17 + "10X98765432"[total % 11]


def stored_text(raw: str, long: bool = False) -> str:
    """What the shared field parsing stores for typed text (client_fields.parse_value):
    blank is "", control characters dropped (line breaks and tabs kept in long text), NFC,
    a cell's formula escape taken off, short text trimmed."""
    import unicodedata

    from cmdesk.domain.cell_text import from_cell, strip_control

    if not raw.strip():
        return ""
    text = from_cell(unicodedata.normalize("NFC", strip_control(raw, "\n\t" if long else "")))
    return text if long else text.strip()
