"""Proposal packs (服务方案资料): what a manager hands the client at the meeting, on A4.

One pack is a cover page (client, title, date, branch and manager, 内部资料 注意保密),
a table of contents with page numbers, the client profile from the file, the needs
analysis, the recommended combination with amounts and expected annual income (and
the total in 大写 when the proposal is formal), the client's benefits, one product sheet
per recommended product from the catalogue, and the manager's contact card — in the
house style of the visit report.

Personal information is masked unless `unmasked` is asked for; an unmasked print is
recorded in the audit trail. Several packs are built in one go (a day's meetings),
each its own file or one combined PDF with a bookmark per pack; nothing is written
when the batch is cancelled. Files are written atomically.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain import proposal_fields as ppf
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.money import chinese_capital, format_money
from cmdesk.domain.proposal_income import formula_for, line_income, version_total
from cmdesk.errors import Cancelled, CmdeskError
from cmdesk.files import atomic_write
from cmdesk.models import Client, Product, Proposal, ProposalLine, ProposalVersion
from cmdesk.reports.style import (
    CHINESE_NUMERALS,
    ACCENT,
    CONTENT_WIDTH,
    COVER_TEMPLATE,
    INK,
    PAGE_TEMPLATE,
    STRIPE_FILL,
    Bookmark,
    Letterhead,
    Privacy,
    build_pdf,
    data_table,
    field_grid,
    heading,
    house_styles,
    para,
    spacer,
    text_block,
)
from cmdesk.services import proposals
from cmdesk.services.gaps import client_gaps
from cmdesk.services.settings import Profile, get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database

CONFIDENTIAL = "内部资料　注意保密"
SECTIONS = (
    ("profile", "客户概况"),
    ("needs", "需求分析"),
    ("combination", "推荐产品组合及预计收益"),
    ("benefits", "客户收益"),
    ("products", "产品说明"),
    ("contact", "客户经理联系方式"),
)
AUDIENCE_LABELS = dict(ppf.AUDIENCES)
RISK_LABELS = dict(ppf.RISK_LEVELS)
KIND_LABELS = dict(cf.CLIENT_KINDS)


@dataclass(frozen=True)
class PackSource:
    """What one pack prints: the proposal, the version and the client."""

    proposal: Proposal
    version: ProposalVersion
    client: Client

    @property
    def key(self) -> str:
        return f"pack-{self.proposal.id}-v{self.version.number}"

    @property
    def bookmark_title(self) -> str:
        """The pack's name in the PDF outline and title: masked always (it is read in
        file lists and viewers' title bars, not in the document)."""
        return mask_free_text(f"{self.client.name} {self.proposal.title}（第 {self.version.number} 版）")

    def file_name(self) -> str:
        """A file name that never carries a phone or ID number typed into a name or title."""
        raw = mask_free_text(f"{self.client.name}-{self.proposal.title}-v{self.version.number}")
        return re.sub(r'[\\/:*?"<>|\s]+', "_", raw)[:120] + ".pdf"


def load_source(session: Session, proposal_id: str, version: int | None = None) -> PackSource:
    """The proposal and its version (the current one by default), or NotFoundError."""
    found = proposals.get_version(session, proposal_id, version)
    return PackSource(found.proposal, found, found.proposal.client)


@cache
def _number_style() -> ParagraphStyle:
    return ParagraphStyle("number", parent=house_styles().cell, alignment=TA_RIGHT)


@cache
def _centered_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(f"centered-{size}", parent=house_styles().body, fontSize=size,
                          leading=size * 1.5, alignment=TA_CENTER)


def _number(text: str) -> Paragraph:
    return para(text, _number_style())


def _rate(value: object) -> str:
    return "" if value is None else f"{value.normalize():f}%"


def _page_form(key: str) -> str:
    return f"cmdeskPageOf-{key}"


PAGE_REF_WIDTH = 16 * mm
PAGE_REF_SIZE = 9


class _PageMark(Bookmark):
    """A bookmark that also writes the number of its page into a named form, which the
    contents show through _PageRef: the contents are right after one pass."""

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.beginForm(_page_form(self.key), lowerx=0, lowery=-4, upperx=PAGE_REF_WIDTH,
                         uppery=12)
        canvas.setFont(house_styles().font, PAGE_REF_SIZE)
        canvas.setFillColor(INK)
        canvas.drawRightString(PAGE_REF_WIDTH, 0, str(canvas.getPageNumber()))
        canvas.endForm()


class _PageRef(Flowable):
    """The page number of a _PageMark, drawn where the contents list it (the form is
    defined when the mark is laid out, later in the document)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return PAGE_REF_WIDTH, PAGE_REF_SIZE * 1.4

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(0, PAGE_REF_SIZE * 0.35)
        self.canv.doForm(_page_form(self.key))
        self.canv.restoreState()


class _Numbered:
    """Numbered section headings (一、客户概况 …), each with its page mark."""

    def __init__(self, source: PackSource) -> None:
        self.source = source
        self.count = 0

    def heading(self, key: str, title: str) -> list[Flowable]:
        self.count += 1
        return [_PageMark(f"{self.source.key}-{key}", title, level=1),
                *heading(f"{CHINESE_NUMERALS[self.count - 1]}、{title}")]


# --------------------------------------------------------------------------- parts

def _cover(source: PackSource, letterhead: Letterhead) -> list[Flowable]:
    styles = house_styles()
    version = source.version
    text = letterhead.privacy.text
    title, client_name = text(source.proposal.title), text(source.client.name)
    return [
        Bookmark(source.key, source.bookmark_title),
        spacer(28),
        para(letterhead.branch or "客户经理工作台", _centered_style(13)),
        spacer(8),
        para(title, styles.cover_title),
        para(f"致：{client_name}", _centered_style(14)),
        spacer(14),
        field_grid([
            [("客户名称", client_name)],
            [("方案名称", title)],
            [("方案日期", f"{version.proposal_date:%Y年%m月%d日}"),
             ("方案版本", f"第 {version.number} 版")],
            [("有效期至", f"{version.valid_until:%Y年%m月%d日}" if version.valid_until else ""),
             ("方案性质", "正式方案" if source.proposal.formal else "建议方案")],
            [("所属机构", letterhead.branch)],
            [("客户经理", f"{letterhead.manager}（{letterhead.grade}）")],
        ], label_width=26 * mm),
        spacer(30),
        para(CONFIDENTIAL, ParagraphStyle("confidential", parent=house_styles().alert,
                                          fontSize=14, leading=20, alignment=TA_CENTER)),
        para("本资料仅供贵我双方洽谈使用，未经许可不得复制或向第三方披露。",
             _centered_style(9)),
        NextPageTemplate(PAGE_TEMPLATE),
        PageBreak(),
    ]


def _contents(source: PackSource, products: Sequence[Product]) -> list[Flowable]:
    styles = house_styles()
    rows = []
    entries = [(key, title) for key, title in SECTIONS]
    for i, (key, title) in enumerate(entries, 1):
        anchor = f"{source.key}-{key}"
        link = Paragraph(f'<a href="#{anchor}">{escape(title)}</a>', styles.cell)
        rows.append([CHINESE_NUMERALS[i - 1], link, _PageRef(anchor)])
        if key == "products":
            for n, product in enumerate(products, 1):
                sheet = f"{source.key}-product-{product.id}"
                link = Paragraph(f'<a href="#{sheet}">　{n}. {escape(product.name)}</a>',
                                 styles.cell)
                rows.append(["", link, _PageRef(sheet)])
    widths = [14 * mm, 0, 20 * mm]
    widths[1] = CONTENT_WIDTH - sum(widths)
    return [para("目　录", styles.title), spacer(4),
            data_table(["序号", "内容", "页码"], rows, widths), PageBreak()]


def _profile(session: Session, source: PackSource, privacy: Privacy,
             sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    client = source.client
    code_label, code = ("证件号码", client.id_number) if client.kind == "individual" else (
        "统一社会信用代码", client.credit_code)
    text = privacy.text
    story = [*sections.heading("profile", "客户概况"), field_grid([
        [("客户名称", text(client.name))],
        [("客户类型", KIND_LABELS.get(client.kind, client.kind)),
         (code_label, privacy.id_number(code or ""))],
        [("行业", text(client.industry)), ("地区", text(client.region))],
        [("规模", text(client.scale)),
         ("年营业收入", f"{format_money(client.annual_revenue)} 元" if client.annual_revenue
          is not None else "")],
        [("地址", privacy.text(client.address))],
    ])]
    contacts = client.contacts
    if contacts:
        rows = [[text(c.name) + ("（主要联系人）" if c.is_primary else ""), text(c.position),
                 text(c.authority), privacy.phone(c.phone)] for c in contacts]
        widths = [36 * mm, 36 * mm, 0, 32 * mm]
        widths[2] = CONTENT_WIDTH - sum(widths)
        story += [spacer(3), para("决策人及联系人", styles.label),
                  data_table(["姓名", "职务", "职权", "电话"], rows, widths)]
    lines = client.business_lines
    if lines:
        rows = [[text(line.nature), _rate(line.revenue_share), text(line.current_state)]
                for line in lines]
        widths = [44 * mm, 22 * mm, 0]
        widths[2] = CONTENT_WIDTH - sum(widths)
        story += [spacer(3), para("主要业务", styles.label),
                  data_table(["业务性质", "收入占比", "现状"], rows, widths)]
    return story


def _needs(session: Session, source: PackSource, privacy: Privacy,
           sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    story = [*sections.heading("needs", "需求分析"), para("背景与需求", styles.label),
             *text_block(privacy.text(source.version.background), styles.body)]
    gaps = client_gaps(session, source.client.id)
    if gaps:
        rows = [[str(i), gap.kind_label, privacy.text(gap.detail)] for i, gap in enumerate(gaps, 1)]
        widths = [12 * mm, 26 * mm, 0]
        widths[2] = CONTENT_WIDTH - sum(widths)
        story += [spacer(2), para("服务现况中的需求缺口", styles.label),
                  data_table(["序号", "类型", "说明"], rows, widths)]
    return story


def _combination(source: PackSource, lines: Sequence[ProposalLine], privacy: Privacy,
                 sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    story = sections.heading("combination", "推荐产品组合及预计收益")
    if not lines:
        return [*story, para("本方案尚未列出推荐产品。", styles.note)]
    rows: list[list[str | Flowable]] = []
    for i, line in enumerate(lines, 1):
        product = line.product
        fee = ""
        if line.fee is not None:
            fee = f"{format_money(line.fee)} × {line.quantity}"
        rows.append([
            str(i), f"{product.name}\n{product.category}" if product else "（产品已删除）",
            _number(format_money(line.amount)), privacy.text(line.term), _number(_rate(line.rate)),
            _number(fee), _number(format_money(line_income(line))), privacy.text(line.notes)])
    total = version_total(lines)
    rows.append(["", para("合计", styles.cell_head), "", "", "", "",
                 _number(format_money(total)), ""])
    widths = [11 * mm, 34 * mm, 26 * mm, 15 * mm, 16 * mm, 22 * mm, 26 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = data_table(["序号", "产品", "金额（元）", "期限", "利率/费率", "单笔费用×数量",
                        "预计年收益（元）", "备注"], rows, widths)
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), STRIPE_FILL)]))
    story.append(table)
    if source.proposal.formal:
        story.append(para(f"预计年收益合计（大写）：人民币{chinese_capital(total)}", styles.body))
    bases = []
    for line in lines:
        basis = line.product.income_basis if line.product else "none"
        if basis not in bases:
            bases.append(basis)
    notes = "；".join(formula_for(basis) for basis in bases)
    story.append(para(f"说明：金额单位为人民币元。{notes}。预计收益为测算值，以实际业务为准。",
                      styles.note))
    return story


def _benefits(source: PackSource, privacy: Privacy, sections: _Numbered) -> list[Flowable]:
    return [*sections.heading("benefits", "客户收益"),
            *text_block(privacy.text(source.version.benefits), house_styles().body)]


def _product_sheets(source: PackSource, products: Sequence[Product],
                    sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [PageBreak(), *sections.heading("products", "产品说明")]
    for n, product in enumerate(products, 1):
        if n > 1:
            story.append(PageBreak())
        pricing = "；".join(part for part in (
            product.pricing_note,
            f"参考区间 {_rate(product.rate_min)} 至 {_rate(product.rate_max)}"
            if product.rate_min is not None and product.rate_max is not None else "") if part)
        story += [
            _PageMark(f"{source.key}-product-{product.id}", product.name, level=2),
            para(f"{n}. {product.name}", styles.heading),
            field_grid([
                [("产品名称", product.name), ("产品代码", product.code)],
                [("产品类别", product.category),
                 ("适用客户", AUDIENCE_LABELS.get(product.audience, product.audience))],
                [("风险等级", RISK_LABELS.get(product.risk_level or "", "不适用")),
                 ("起点金额", f"{format_money(product.min_amount)} 元"
                  if product.min_amount is not None else "无")],
                [("参考价格", pricing)],
                [("期限选择", product.term_options.replace(";", "、"))],
            ], label_width=24 * mm),
        ]
        if not product.active:
            story.append(para("注：该产品已停止办理新业务，以下内容仅供参考。", styles.alert))
        story += [spacer(3), para("产品介绍", styles.label), *text_block(product.description, styles.body)]
        points = [p.strip() for p in product.selling_points.splitlines() if p.strip()]
        story += [para("产品特点", styles.label),
                  *text_block("\n".join(f"● {p}" for p in points), styles.body)]
        documents = [d.strip() for d in product.documents.splitlines() if d.strip()]
        story += [para("所需资料", styles.label),
                  *text_block("\n".join(f"{i}. {d}" for i, d in enumerate(documents, 1)),
                              styles.body, empty="（无）")]
    return story


def _contact_card(source: PackSource, profile: Profile, privacy: Privacy,
                  sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    rows = [
        [para(profile.name or "（未填写）", ParagraphStyle(
            "card-name", parent=styles.body, fontSize=16, leading=22, textColor=ACCENT)),
         para(profile.grade, styles.body)],
        [para("所属机构", styles.label), para(profile.branch, styles.body)],
        [para("工号", styles.label), para(profile.employee_id, styles.body)],
        [para("服务团队", styles.label), para(privacy.text(source.version.our_people)
                                          or profile.name, styles.body)],
    ]
    card = Table(rows, colWidths=[34 * mm, 76 * mm], hAlign="LEFT")
    card.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return [KeepTogether([*sections.heading("contact", "客户经理联系方式"), spacer(2), card,
                          spacer(3), para("如对本方案有任何疑问，欢迎随时与我联系。", styles.note)])]


def _distinct_products(lines: Sequence[ProposalLine]) -> list[Product]:
    products: list[Product] = []
    for line in lines:
        if line.product is not None and line.product not in products:
            products.append(line.product)
    return products


def pack_story(session: Session, source: PackSource, letterhead: Letterhead) -> list[Flowable]:
    """The flowables of one pack, cover first (the cover page template must be current
    when it starts)."""
    privacy = letterhead.privacy
    lines = source.version.lines
    products = _distinct_products(lines)
    sections = _Numbered(source)
    profile = get_profile(session)
    return [
        *_cover(source, letterhead),
        *_contents(source, products),
        *_profile(session, source, privacy, sections),
        *_needs(session, source, privacy, sections),
        *_combination(source, lines, privacy, sections),
        *_benefits(source, privacy, sections),
        *_product_sheets(source, products, sections),
        PageBreak(),
        *_contact_card(source, profile, privacy, sections),
    ]


def _build(session: Session, sources: Sequence[PackSource], letterhead: Letterhead, title: str,
           progress: Callable[[int, int], None] | None,
           cancelled: Callable[[], bool] | None) -> bytes:
    """Lay the packs out in one pass (the contents' page numbers are forms filled in as
    each part is laid out). `progress(done, total)` counts packs; `cancelled()` is asked
    as each pack starts and True raises Cancelled."""
    pack_keys = {source.key for source in sources}
    done = 0

    def on_bookmark(key: str) -> None:
        nonlocal done
        if key not in pack_keys:
            return
        if cancelled is not None and cancelled():
            raise Cancelled("已取消，没有写出文件")
        done += 1
        if progress is not None:
            progress(done, len(sources))

    story: list[Flowable] = []
    for i, source in enumerate(sources):
        if i:
            story += [NextPageTemplate(COVER_TEMPLATE), PageBreak()]
        story += pack_story(session, source, letterhead)
    data, _doc = build_pdf(story, letterhead, title, on_bookmark=on_bookmark, cover=True)
    return data


# --------------------------------------------------------------------------- one pack

def render_proposal_pack(session: Session, proposal_id: str, version: int | None = None, *,
                         unmasked: bool = False, generated_at: datetime | None = None) -> bytes:
    """The PDF of one proposal's pack (reads only; recording an unmasked print is the
    caller's job, see proposal_pack_pdf)."""
    source = load_source(session, proposal_id, version)
    letterhead = Letterhead.for_profile(get_profile(session), Privacy(unmasked), generated_at)
    return _build(session, [source], letterhead, f"服务方案 {source.bookmark_title}", None, None)


def proposal_pack_pdf(db: Database, proposal_id: str, version: int | None = None, *,
                      unmasked: bool = False, actor: str = "") -> bytes:
    """One pack as PDF bytes (for a preview, a printer or a file). An unmasked pack is
    recorded in the audit trail before it is handed out."""
    with db.session() as session:
        data = render_proposal_pack(session, proposal_id, version, unmasked=unmasked)
    if unmasked:
        with db.transaction(actor) as session:
            source = load_source(session, proposal_id, version)
            audit.record_event(session, audit.PRINT_UNMASKED,
                               f"服务方案“{source.proposal.title}”第 {source.version.number} 版"
                               "（未隐去个人信息）",
                               entity="proposals", entity_id=source.proposal.id,
                               client_id=source.client.id)
    return data


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    return atomic_write(path, lambda handle: handle.write(data))


def write_proposal_pack(db: Database, proposal_id: str, path: str | os.PathLike[str],
                        version: int | None = None, *, unmasked: bool = False,
                        actor: str = "") -> Path:
    """Write one pack to `path` (atomically); returns the path."""
    return _write_bytes(path, proposal_pack_pdf(db, proposal_id, version, unmasked=unmasked,
                                                actor=actor))


# --------------------------------------------------------------------------- batch

def write_proposal_packs(db: Database, proposal_ids: Sequence[str],
                         folder_or_file: str | os.PathLike[str], combined: bool, *,
                         progress: Callable[[int, int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Packs for several proposals (a day's meetings), masked, current versions: with
    `combined` one PDF at `folder_or_file` with a bookmark per pack, else one file per
    pack in the folder `folder_or_file` (named client-title-version). Every pack is built
    before anything is written, so a cancelled batch (Cancelled) writes nothing.
    `progress(done, total)` counts packs laid out."""
    if not proposal_ids:
        raise CmdeskError("没有选择服务方案")
    with db.session() as session:
        sources = [load_source(session, pid) for pid in dict.fromkeys(proposal_ids)]
        letterhead = Letterhead.for_profile(get_profile(session), Privacy())
        if combined:
            title = f"服务方案资料（{len(sources)} 份）"
            outputs = [(Path(folder_or_file),
                        _build(session, sources, letterhead, title, progress, cancelled))]
        else:
            folder = Path(folder_or_file)
            if not folder.is_dir():
                raise CmdeskError(f"文件夹不存在：{folder}")
            outputs = []
            names: set[str] = set()
            for i, source in enumerate(sources):
                if cancelled is not None and cancelled():
                    raise Cancelled("已取消，没有写出文件")
                name = source.file_name()
                if name in names:
                    name = f"{Path(name).stem}-{i + 1}.pdf"
                names.add(name)
                outputs.append((folder / name, _build(session, [source], letterhead,
                                                      f"服务方案 {source.bookmark_title}",
                                                      None, None)))
                if progress is not None:
                    progress(i + 1, len(sources))
    return [_write_bytes(path, data) for path, data in outputs]
