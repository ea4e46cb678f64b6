"""The house style every PDF of the desk reuses: A4 pages with the bank/branch and manager
header, a "第 X 页 共 Y 页" footer with the generated-at time, CJK paragraph and table
styles, bookmarks, and the masking of personal information in print.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cmdesk import clock
from cmdesk.domain.identifiers import mask_free_text, mask_id, mask_phone
from cmdesk.i18n import mark, translate
from cmdesk.reports.fonts import cjk_font_name
from cmdesk.services.settings import Profile

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm  # the header sits in this band
MARGIN_BOTTOM = 20 * mm  # the footer sits in this band
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
# section numbers: 一、二、… (numbered() shows them in the current language)
CHINESE_NUMERALS = (mark("一"), mark("二"), mark("三"), mark("四"), mark("五"), mark("六"), mark("七"), mark("八"),
                    mark("九"), mark("十"))

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#616E7C")
RULE = colors.HexColor("#9AA5B1")
ACCENT = colors.HexColor("#1D4E89")
HEADER_FILL = colors.HexColor("#E4EBF3")
STRIPE_FILL = colors.HexColor("#F5F7FA")
ALERT = colors.HexColor("#B42318")

COVER_TEMPLATE = "cover"
PAGE_TEMPLATE = "page"
_PAGE_TOTAL_FORM = "cmdeskPageTotal"
FOOTER_SIZE = 8.5
EMPTY = mark("（未填写）")
HEADING_ROOM = 30 * mm  # a heading starts a new page when less than this is left


@dataclass(frozen=True)
class Privacy:
    """How personal information is printed: masked (the default) or as written."""

    unmasked: bool = False

    def phone(self, value: str) -> str:
        return value if self.unmasked or not value else mask_phone(value)

    def id_number(self, value: str) -> str:
        return value if self.unmasked or not value else mask_id(value)

    def text(self, value: str) -> str:
        return value if self.unmasked else mask_free_text(value)


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class HouseStyles:
    """The paragraph styles of every document; all wrap Chinese by character."""

    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    note: ParagraphStyle
    alert: ParagraphStyle


@cache
def _styles_for(font: str) -> HouseStyles:
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, textColor=INK,
                          wordWrap="CJK", spaceAfter=3)

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return HouseStyles(
        font=font,
        title=derive("title", fontSize=20, leading=26, alignment=TA_CENTER, textColor=ACCENT,
                     spaceAfter=4),
        subtitle=derive("subtitle", fontSize=10.5, leading=15, alignment=TA_CENTER,
                        textColor=MUTED, spaceAfter=10),
        cover_title=derive("cover_title", fontSize=28, leading=36, alignment=TA_CENTER,
                           textColor=ACCENT, spaceAfter=18),
        heading=derive("heading", fontSize=12, leading=17, textColor=ACCENT, spaceBefore=9,
                       spaceAfter=4),
        body=base,
        label=derive("label", fontSize=9.5, leading=13.5, textColor=MUTED, spaceAfter=0),
        cell=derive("cell", fontSize=9, leading=12.5, spaceAfter=0),
        cell_head=derive("cell_head", fontSize=9, leading=12.5, textColor=ACCENT, spaceAfter=0),
        note=derive("note", fontSize=8.5, leading=12, textColor=MUTED),
        alert=derive("alert", textColor=ALERT),
    )


def house_styles() -> HouseStyles:
    """The styles, with the CJK font registered (CmdeskError if the machine has none)."""
    return _styles_for(cjk_font_name())


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (markup characters escaped, line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def heading(text: str) -> list[Flowable]:
    """A section heading that never sits alone at the foot of a page. (keepWithNext would
    push a long section whole to the next page and leave this one empty.)"""
    return [CondPageBreak(HEADING_ROOM), para(text, house_styles().heading)]


def numbered(number: int, title: str) -> str:
    """A section heading's text, number counted from 1: 一、客户资料 (1. … in English)."""
    return translate("{numeral}、{title}").format(numeral=translate(CHINESE_NUMERALS[number - 1]), title=title)


def text_block(text: str, style: ParagraphStyle, empty: str = EMPTY) -> list[Flowable]:
    """Free text as one paragraph per line, so long text flows across pages."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [para(translate(empty), style)]
    return [para(line, style) for line in lines]


def data_table(header: Sequence[str], rows: Iterable[Sequence[str | Flowable]],
               col_widths: Sequence[float]) -> Table:
    """A list table in the house style: header row repeated on every page, rows that
    split cleanly (a row taller than a page splits inside the row)."""
    styles = house_styles()
    data: list[list[Any]] = [[para(h, styles.cell_head) for h in header]]
    for row in rows:
        data.append([cell if isinstance(cell, Flowable) else para(cell, styles.cell)
                     for cell in row])
    table = Table(data, colWidths=list(col_widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE_FILL]),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def field_grid(rows: Sequence[Sequence[tuple[str, str]]], label_width: float = 32 * mm) -> Table:
    """Label/value pairs in a boxed grid; each row holds one or two pairs (one pair spans
    the full width)."""
    styles = house_styles()
    value_width = CONTENT_WIDTH / 2 - label_width
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), STRIPE_FILL)]
    for r, pairs in enumerate(rows):
        cells: list[Any] = []
        for label, value in pairs:
            cells += [para(label, styles.label), para(value or "—", styles.cell)]
        if len(pairs) == 1:
            cells += ["", ""]
            commands.append(("SPAN", (1, r), (3, r)))
        else:
            commands.append(("BACKGROUND", (2, r), (2, r), STRIPE_FILL))
        data.append(cells)
    table = Table(data, colWidths=[label_width, value_width] * 2, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *commands,
    ]))
    return table


def signature_lines(roles: Sequence[str]) -> Table:
    """Blank lines to sign and date, one row per role (客户经理, 主管 …)."""
    styles = house_styles()
    data = [[translate("{role}签字：").format(role=role), "", translate("日期："), translate("年　　　月　　　日")] for role in roles]
    table = Table(data, colWidths=[34 * mm, 64 * mm, 16 * mm, 48 * mm], hAlign="LEFT",
                  rowHeights=[13 * mm] * len(roles))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("ALIGN", (0, 0), (0, -1), "RIGHT"),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, INK),
        ("LINEBELOW", (3, 0), (3, -1), 0.6, INK),
    ]))
    return table


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


# --------------------------------------------------------------------------- pages

@dataclass(frozen=True)
class Letterhead:
    """What the header and footer of every page say."""

    branch: str
    manager: str
    grade: str
    generated_at: datetime
    privacy: Privacy = Privacy()
    # said at the foot of every page instead of the privacy note (documents the client keeps)
    footer_note: str = ""

    @classmethod
    def for_profile(cls, profile: Profile, privacy: Privacy = Privacy(),
                    generated_at: datetime | None = None) -> Letterhead:
        return cls(branch=profile.branch, manager=profile.name, grade=translate(profile.grade),
                   generated_at=generated_at or clock.now(), privacy=privacy)


class Bookmark(Flowable):
    """An invisible mark where a part of a document starts: an outline entry (PDF
    bookmark) and a named destination; the document records its page."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key = key
        self.title = title
        self.level = level

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key, fit="XYZ", top=PAGE_HEIGHT)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class _HouseCanvas(Canvas):
    """Defines the page-total form every footer refers to once the last page is done."""

    def save(self) -> None:
        total = self.getPageNumber() - 1  # the number the next page would have had, minus one
        self.beginForm(_PAGE_TOTAL_FORM, lowerx=0, lowery=-4, upperx=40 * mm, uppery=12)
        self.setFont(cjk_font_name(), FOOTER_SIZE)
        self.setFillColor(INK)
        self.drawString(0, 0, translate("{total} 页").format(total=total))
        self.endForm()
        super().save()


class HouseDocument(BaseDocTemplate):
    """A4 document in the house style: pages with header and footer, or (`cover`) a first
    page with the footer only. `bookmark_pages` maps each Bookmark's key to the page it
    landed on; `on_bookmark(key)` is called as each one is laid out."""

    def __init__(self, handle: io.BytesIO, letterhead: Letterhead, title: str,
                 on_bookmark: Callable[[str], None] | None = None, cover: bool = False):
        super().__init__(handle, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author=letterhead.manager, creator="cmdesk", subject=title,
                         # pages start in the CJK font: no unembedded Helvetica is even named
                         initialFontName=house_styles().font)
        self.letterhead = letterhead
        self.styles = house_styles()
        self.bookmark_pages: dict[str, int] = {}
        self._on_bookmark = on_bookmark
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH,
                      PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate(PAGE_TEMPLATE, [frame], onPage=self._draw_page),
                     PageTemplate(COVER_TEMPLATE, [frame], onPage=self._draw_footer)]
        self.addPageTemplates(templates[::-1] if cover else templates)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Bookmark):
            self.bookmark_pages[flowable.key] = self.page
            if self._on_bookmark is not None:
                self._on_bookmark(flowable.key)

    def _draw_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_header(canvas)
        self._draw_footer(canvas, doc)

    def _draw_header(self, canvas: Canvas) -> None:
        head = self.letterhead
        y = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
        canvas.saveState()
        canvas.setFont(self.styles.font, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, y, head.branch)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, translate("{grade}：{manager}").format(grade=head.grade, manager=head.manager))
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        head = self.letterhead
        font = self.styles.font
        y = MARGIN_BOTTOM - 10 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, y + 4.5 * mm, PAGE_WIDTH - MARGIN_X, y + 4.5 * mm)
        canvas.setFont(font, FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, y, translate("生成时间：{generated_at:%Y-%m-%d %H:%M}").format(generated_at=head.generated_at))
        if head.footer_note:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, head.footer_note)
        elif head.privacy.unmasked:
            canvas.setFillColor(ALERT)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, translate("未隐去个人信息 · 仅限内部使用"))
        else:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, translate("个人信息已隐去 · 注意保密"))
        # "第 X 页 共 " now, the total through a form drawn once every page is known.
        canvas.setFillColor(INK)
        lead = translate("第 {page} 页 共 ").format(page=doc.page)
        guess = canvas.stringWidth(translate("{lead}{page} 页").format(lead=lead, page=doc.page), font, FOOTER_SIZE)
        x = PAGE_WIDTH / 2 - guess / 2
        canvas.drawString(x, y, lead)
        canvas.translate(x + canvas.stringWidth(lead, font, FOOTER_SIZE), y)
        canvas.doForm(_PAGE_TOTAL_FORM)
        canvas.restoreState()

def build_pdf(story: list[Flowable], letterhead: Letterhead, title: str, *,
              on_bookmark: Callable[[str], None] | None = None,
              cover: bool = False, layout_only: bool = False) -> tuple[bytes, HouseDocument]:
    """Lay out a story in the house style; the PDF bytes and the document (its pages).
    With `cover` the first page is a cover page; the story switches to the normal pages
    with NextPageTemplate(PAGE_TEMPLATE) and a PageBreak. `layout_only` lays the pages
    out without making the PDF (a first pass that only wants the pages; no bytes)."""
    buffer = io.BytesIO()
    doc = HouseDocument(buffer, letterhead, title, on_bookmark, cover)
    doc._doSave = not layout_only  # reportlab's own switch, as its multiBuild uses it
    doc.build(list(story), canvasmaker=_HouseCanvas)
    return buffer.getvalue(), doc
