"""The CJK font of every PDF: the TrueType font cmdesk.fonts finds, registered with
reportlab as an embedded, subset TTFont (never reportlab's non-embedded CID fonts, which
print as empty boxes on a machine without the font).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from cmdesk.errors import CmdeskError
from cmdesk.fonts import find_cjk_font
from cmdesk.i18n import mark, translate

NO_FONT_MESSAGE = (mark("找不到可以嵌入 PDF 的中文 TrueType 字体（.ttf / .ttc）。"
                   "请安装文泉驿微米黑（Debian/Ubuntu：fonts-wqy-microhei），"
                   "或把字体文件放到 resources/fonts 文件夹。"))


@cache
def _register(path: Path) -> str:
    name = f"CJK-{path.stem}"
    try:
        # A .ttc holds several faces: the first is the regular one of every font we look for.
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except (TTFError, OSError) as exc:
        raise CmdeskError(translate("中文字体 {path} 无法用于 PDF：{exc}").format(path=path, exc=exc)) from exc
    return name


def cjk_font_name() -> str:
    """The reportlab name of the registered CJK font (registered once per process).

    Raises CmdeskError when the machine has no usable CJK TrueType font.
    """
    path = find_cjk_font()
    if path is None:
        raise CmdeskError(translate(NO_FONT_MESSAGE))
    return _register(path)
