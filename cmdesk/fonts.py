"""Finding a CJK TrueType font the desk can use for the UI and embed in PDFs.

reportlab embeds only TrueType-outline fonts (.ttf/.ttc with glyf tables), so
CFF-based .otf files are not candidates. Order: the user's setting, fonts shipped
in resources/fonts, then well-known system locations (Windows, Debian/Ubuntu).
"""
from __future__ import annotations

import os
from pathlib import Path

from cmdesk.paths import RESOURCES_DIR

SYSTEM_CANDIDATES = (
    # Windows
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "msyh.ttc",
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "simhei.ttf",
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "simsun.ttc",
    # Debian / Ubuntu packages
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
    # macOS
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
)


def _is_truetype(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError:
        return False
    return magic in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def find_cjk_font(user_choice: str | os.PathLike[str] | None = None) -> Path | None:
    """The first usable CJK TrueType font, or None when the machine has none."""
    candidates: list[Path] = []
    if user_choice:
        candidates.append(Path(user_choice))
    if (RESOURCES_DIR / "fonts").is_dir():
        candidates.extend(sorted((RESOURCES_DIR / "fonts").glob("*.tt[fc]")))
    candidates.extend(SYSTEM_CANDIDATES)
    for path in candidates:
        if path.is_file() and _is_truetype(path):
            return path
    return None
