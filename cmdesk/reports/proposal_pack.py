"""Proposal packs (服务方案资料) on A4, two documents from one proposal version:

- the **client pack** (PackDocument.CLIENT), what the manager hands the client at the
  meeting: a cover addressed to the client by name, a table of contents with page
  numbers, what we know of the client and their needs, the recommended products with the
  terms offered (amount, term, rate or fee; the total amount in 大写 when the proposal is
  formal), the client's benefits, one product sheet per product from the catalogue, and
  the manager's business card (name, title, branch, business phone, e-mail from the
  profile). Nothing internal: no expected income, margins or formulas, no other banks or
  their terms, no approval notes, risk notes, line remarks or employee number;
- the **internal appendix for approval** (PackDocument.APPENDIX, 内部资料): the proposal at a
  glance, the bank's expected income per line and in total with the formulas, the other
  banks and their terms, risk notes (suitability to the client's risk appetite, amounts
  below a product's minimum, the client's loans and open warning signals) and the approval
  history, with lines to sign.

Personal information is masked unless `unmasked` is asked for; an unmasked print is
recorded in the audit trail. The manager's business phone and e-mail are printed as they
are: they are the bank's contact details, there for the client to use. File names and the
PDF outline never carry a number typed into a name or title. Several packs are built in
one go (a day's meetings), each its own file or one combined PDF with a bookmark per pack;
nothing is written when the batch is cancelled. Files are written atomically.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
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
from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import proposal_fields as ppf
from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.domain.money import chinese_capital, format_money
from cmdesk.domain.proposal_income import INCOME_BASIS_LABELS, formula_for, line_income, version_total
from cmdesk.errors import Cancelled, CmdeskError
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.models import Client, OtherBank, Product, Proposal, ProposalLine, ProposalVersion
from cmdesk.reports.style import (
    ACCENT,
    CHINESE_NUMERALS,
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
    signature_lines,
    spacer,
    text_block,
)
from cmdesk.services import proposals, risk
from cmdesk.services.gaps import client_gaps
from cmdesk.services.settings import Profile, get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database


class PackDocument(LabelledStrEnum):
    """Which of the two documents of a proposal to print."""

    CLIENT = "client", mark("服务方案资料")
    APPENDIX = "appendix", mark("服务方案内部审批附件")


CONFIDENTIAL = mark("内部资料　注意保密")
CLIENT_FOOTER = mark("本方案仅供参考，以正式签订的合同为准")
LIST_SEPARATOR = mark("、")
CLAUSE_SEPARATOR = mark("；")
NOT_FILLED = mark("（未填写）")
CANCELLED = mark("已取消，没有写出文件")
CLIENT_SECTIONS = (
    ("profile", mark("客户概况")),
    ("needs", mark("需求分析")),
    ("combination", mark("推荐产品组合")),
    ("benefits", mark("客户收益")),
    ("products", mark("产品说明")),
    ("contact", mark("服务团队与联系方式")),
)
AUDIENCE_LABELS = dict(ppf.AUDIENCES)
RISK_LABELS = dict(ppf.RISK_LEVELS)
KIND_LABELS = dict(cf.CLIENT_KINDS)
PRODUCT_GAP_KINDS = frozenset({"need", "other_bank", "stopped"})


@dataclass(frozen=True)
class PackSource:
    """What one pack prints: the proposal, the version, the client and which document."""

    proposal: Proposal
    version: ProposalVersion
    client: Client
    document: PackDocument = PackDocument.CLIENT

    @property
    def key(self) -> str:
        return f"{self.document.value}-{self.proposal.id}-v{self.version.number}"

    @property
    def bookmark_title(self) -> str:
        """The pack's name in the PDF outline and title: masked always (it is read in
        file lists and viewers' title bars, not in the document)."""
        if self.document is PackDocument.APPENDIX:
            text = translate("{client} {title}（第 {number} 版）内部审批附件")
        else:
            text = translate("{client} {title}（第 {number} 版）")
        return mask_free_text(text.format(client=self.client.name, title=self.proposal.title,
                                          number=self.version.number))

    def file_name(self) -> str:
        """A file name that never carries a phone or ID number typed into a name or title."""
        if self.document is PackDocument.APPENDIX:
            text = translate("{client}-{title}-v{number}-内部审批附件")
        else:
            text = "{client}-{title}-v{number}"
        raw = mask_free_text(text.format(client=self.client.name, title=self.proposal.title,
                                         number=self.version.number))
        return re.sub(r'[\\/:*?"<>|\s]+', "_", raw)[:120] + ".pdf"


def load_source(session: Session, proposal_id: str, version: int | None = None,
                document: PackDocument = PackDocument.CLIENT) -> PackSource:
    """The proposal and its version (the current one by default), or NotFoundError."""
    found = proposals.get_version(session, proposal_id, version)
    return PackSource(found.proposal, found, found.proposal.client, PackDocument(document))


def pack_file_name(session: Session, proposal_id: str, version: int | None = None,
                   document: PackDocument = PackDocument.CLIENT) -> str:
    """The file name a saved pack is offered under (masked, like the batch's names)."""
    return load_source(session, proposal_id, version, document).file_name()


@cache
def _number_style() -> ParagraphStyle:
    return ParagraphStyle("number", parent=house_styles().cell, alignment=TA_RIGHT)


@cache
def _centered_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(f"centered-{size}", parent=house_styles().body, fontSize=size,
                          leading=size * 1.5, alignment=TA_CENTER)


@cache
def _confidential_style() -> ParagraphStyle:
    return ParagraphStyle("confidential", parent=house_styles().alert, fontSize=14, leading=20,
                          alignment=TA_CENTER)


def _number(text: str) -> Paragraph:
    return para(text, _number_style())


def _rate(value: object) -> str:
    return "" if value is None else f"{value.normalize():f}%"


def _yuan(value: object) -> str:
    return "" if value is None else translate("{amount} 元").format(amount=format_money(value))


def _day(value: date | None) -> str:
    """A date as printed on the pack (2026年12月03日; in English 2026-12-03)."""
    if value is None:
        return ""
    return translate("{year}年{month}月{day}日").format(
        year=value.year, month=f"{value.month:02d}", day=f"{value.day:02d}")


def _widths(*fixed: float) -> list[float]:
    """Column widths: the fixed ones, and one flexible column (the 0) taking the rest."""
    widths = list(fixed)
    widths[widths.index(0)] = CONTENT_WIDTH - sum(widths)
    return widths


def _fee(line: ProposalLine) -> str:
    if line.fee is None:
        return ""
    return translate("{fee} × {quantity}").format(fee=format_money(line.fee), quantity=line.quantity)


def _product_label(product: Product | None) -> str:
    if product is None:
        return translate("（产品已删除）")
    return f"{product.name}\n{product.category}"


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
                *heading(translate("{number}、{title}").format(
                    number=CHINESE_NUMERALS[self.count - 1], title=title))]


def _distinct_products(lines: Sequence[ProposalLine]) -> list[Product]:
    products: list[Product] = []
    for line in lines:
        if line.product is not None and line.product not in products:
            products.append(line.product)
    return products


# --------------------------------------------------------------------------- the client pack

def _client_cover(source: PackSource, profile: Profile, letterhead: Letterhead) -> list[Flowable]:
    """The cover the client sees first: who it is for, what it is, until when it holds,
    and whom to call."""
    styles = house_styles()
    version = source.version
    text = letterhead.privacy.text
    client_name = text(source.client.name)
    return [
        Bookmark(source.key, source.bookmark_title),
        spacer(24),
        para(profile.branch or translate("客户经理工作台"), _centered_style(13)),
        spacer(8),
        para(text(source.proposal.title), styles.cover_title),
        para(translate("致：{client}").format(client=client_name), _centered_style(15)),
        spacer(16),
        field_grid([
            [(translate("呈送单位") if source.client.kind == cf.ClientKind.COMPANY
              else translate("客户姓名"), client_name)],
            [(translate("方案日期"), _day(version.proposal_date)),
             (translate("有效期至"), _day(version.valid_until))],
            [(translate("客户经理"), translate("{name}（{title}）").format(
                name=profile.name or translate(NOT_FILLED), title=translate(profile.grade)))],
            *([[(translate("联系电话"), profile.phone), (translate("电子邮箱"), profile.email)]]
              if profile.phone or profile.email else []),
            [(translate("所属机构"), profile.branch)],
        ], label_width=26 * mm),
        spacer(40),
        para(translate("本方案仅供{client}参考，所列价格与条件在有效期内有效，具体以我行审批结果"
                       "及双方签订的合同为准。").format(client=client_name), _centered_style(9)),
        para(translate("感谢贵方的信任，期待与贵方合作。"), _centered_style(9)),
        NextPageTemplate(PAGE_TEMPLATE),
        PageBreak(),
    ]


def _contents(source: PackSource, products: Sequence[Product]) -> list[Flowable]:
    styles = house_styles()
    rows = []
    for i, (key, title) in enumerate(CLIENT_SECTIONS, 1):
        anchor = f"{source.key}-{key}"
        link = Paragraph(f'<a href="#{anchor}">{escape(translate(title))}</a>', styles.cell)
        rows.append([CHINESE_NUMERALS[i - 1], link, _PageRef(anchor)])
        if key == "products":
            for n, product in enumerate(products, 1):
                sheet = f"{source.key}-product-{product.id}"
                entry = translate("　{number}. {name}").format(number=n, name=product.name)
                rows.append(["", Paragraph(f'<a href="#{sheet}">{escape(entry)}</a>', styles.cell),
                             _PageRef(sheet)])
    return [para(translate("目　录"), styles.title), spacer(4),
            data_table([translate("序号"), translate("内容"), translate("页码")], rows,
                       _widths(14 * mm, 0, 20 * mm)),
            PageBreak()]


def _client_profile(source: PackSource, privacy: Privacy, sections: _Numbered) -> list[Flowable]:
    """What we know of the client, as the client would describe itself (no relationship
    map of its people, no identifiers)."""
    styles = house_styles()
    client = source.client
    text = privacy.text
    story = [*sections.heading("profile", translate("客户概况")), field_grid([
        [(translate("客户名称"), text(client.name))],
        [(translate("客户类型"), translate(KIND_LABELS.get(client.kind, client.kind))),
         (translate("行业"), text(client.industry))],
        [(translate("地区"), text(client.region)), (translate("规模"), text(client.scale))],
    ])]
    lines = client.business_lines
    if lines:
        rows = [[text(line.nature), _rate(line.revenue_share), text(line.current_state)]
                for line in lines]
        story += [spacer(3), para(translate("主要业务"), styles.label),
                  data_table([translate("业务性质"), translate("收入占比"), translate("现状")], rows,
                             _widths(44 * mm, 22 * mm, 0))]
    return story


def _client_needs(session: Session, source: PackSource, privacy: Privacy,
                  sections: _Numbered) -> list[Flowable]:
    """The background in the manager's words and the needs it answers: products the client
    needs and its financing needs (never which bank serves it today, nor on which terms)."""
    styles = house_styles()
    story = [*sections.heading("needs", translate("需求分析")),
             para(translate("背景与需求"), styles.label),
             *text_block(privacy.text(source.version.background), styles.body,
                         empty=translate(NOT_FILLED))]
    needs: list[str] = []
    for gap in client_gaps(session, source.client.id):
        if gap.kind in PRODUCT_GAP_KINDS and gap.product_name:
            need = gap.product_name
        elif gap.kind == "financing":
            need = privacy.text(gap.detail)
        else:
            continue
        if need not in needs:
            needs.append(need)
    if needs:
        rows = [[str(i), need] for i, need in enumerate(needs, 1)]
        story += [spacer(2), para(translate("我们理解的贵方需求"), styles.label),
                  data_table([translate("序号"), translate("需求")], rows, _widths(12 * mm, 0))]
    return story


def _client_combination(source: PackSource, lines: Sequence[ProposalLine], privacy: Privacy,
                        sections: _Numbered) -> list[Flowable]:
    """The products offered and their terms: amount, term, rate or fee (the price quoted
    to the client); the total amount, in 大写 too when the proposal is formal."""
    styles = house_styles()
    story = sections.heading("combination", translate("推荐产品组合"))
    if not lines:
        return [*story, para(translate("本方案尚未列出推荐产品。"), styles.note)]
    rows: list[list[str | Flowable]] = []
    for i, line in enumerate(lines, 1):
        rows.append([str(i), _product_label(line.product), _number(format_money(line.amount)),
                     privacy.text(line.term), _number(_rate(line.rate)), _number(_fee(line))])
    total = proposals.total_amount(list(lines))
    rows.append(["", para(translate("合计"), styles.cell_head), _number(format_money(total)),
                 "", "", ""])
    table = data_table([translate("序号"), translate("产品"), translate("金额（元）"),
                        translate("期限"), translate("利率/费率（年）"),
                        translate("单笔费用×数量")], rows,
                       _widths(11 * mm, 0, 32 * mm, 24 * mm, 26 * mm, 30 * mm))
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), STRIPE_FILL)]))
    story.append(table)
    if source.proposal.formal:
        story.append(para(translate("金额合计（大写）：人民币{capital}").format(
            capital=chinese_capital(total)), styles.body))
    story.append(para(translate("说明：金额单位为人民币元；利率、费率为本方案有效期内的参考报价，"
                                "最终以我行审批结果及双方签订的合同为准。"), styles.note))
    return story


def _benefits(source: PackSource, privacy: Privacy, sections: _Numbered) -> list[Flowable]:
    return [*sections.heading("benefits", translate("客户收益")),
            *text_block(privacy.text(source.version.benefits), house_styles().body,
                        empty=translate(NOT_FILLED))]


def _product_sheets(source: PackSource, products: Sequence[Product],
                    sections: _Numbered) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [PageBreak(), *sections.heading("products", translate("产品说明"))]
    for n, product in enumerate(products, 1):
        if n > 1:
            story.append(PageBreak())
        reference = ""
        if product.rate_min is not None and product.rate_max is not None:
            reference = translate("参考区间 {low} 至 {high}").format(
                low=_rate(product.rate_min), high=_rate(product.rate_max))
        pricing = translate(CLAUSE_SEPARATOR).join(
            part for part in (product.pricing_note, reference) if part)
        terms = translate(LIST_SEPARATOR).join(
            term for term in product.term_options.split(";") if term)
        story += [
            _PageMark(f"{source.key}-product-{product.id}", product.name, level=2),
            para(translate("{number}. {name}").format(number=n, name=product.name), styles.heading),
            field_grid([
                [(translate("产品名称"), product.name), (translate("产品代码"), product.code)],
                [(translate("产品类别"), product.category),
                 (translate("适用客户"), translate(AUDIENCE_LABELS.get(product.audience,
                                                                     product.audience)))],
                [(translate("风险等级"), translate(RISK_LABELS.get(product.risk_level or "",
                                                                  mark("不适用")))),
                 (translate("起点金额"), _yuan(product.min_amount) or translate("无"))],
                [(translate("参考价格"), pricing)],
                [(translate("期限选择"), terms)],
            ], label_width=24 * mm),
        ]
        if not product.active:
            story.append(para(translate("注：该产品已停止办理新业务，以下内容仅供参考。"), styles.alert))
        story += [spacer(3), para(translate("产品介绍"), styles.label),
                  *text_block(product.description, styles.body, empty=translate(NOT_FILLED))]
        points = [p.strip() for p in product.selling_points.splitlines() if p.strip()]
        story += [para(translate("产品特点"), styles.label),
                  *text_block("\n".join(translate("● {point}").format(point=p) for p in points),
                              styles.body, empty=translate(NOT_FILLED))]
        documents = [d.strip() for d in product.documents.splitlines() if d.strip()]
        story += [para(translate("所需资料"), styles.label),
                  *text_block("\n".join(translate("{number}. {item}").format(number=i, item=d)
                                        for i, d in enumerate(documents, 1)),
                              styles.body, empty=translate("（无）"))]
    return story


def _contact_card(source: PackSource, profile: Profile, privacy: Privacy,
                  sections: _Numbered) -> list[Flowable]:
    """The manager's business card: name and title, branch, business phone and e-mail
    (as they are: the bank's contact details), and the service team; what the profile
    leaves empty is left out."""
    styles = house_styles()
    rows = [[para(profile.name or translate(NOT_FILLED), ParagraphStyle(
        "card-name", parent=styles.body, fontSize=16, leading=22, textColor=ACCENT)),
        para(translate(profile.grade), styles.body)]]
    for label, value in ((translate("所属机构"), profile.branch),
                         (translate("联系电话"), profile.phone),
                         (translate("电子邮箱"), profile.email),
                         (translate("服务团队"),
                          privacy.text(source.version.our_people) or profile.name)):
        if value:
            rows.append([para(label, styles.label), para(value, styles.body)])
    card = Table(rows, colWidths=[34 * mm, 86 * mm], hAlign="LEFT")
    card.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return [KeepTogether([
        *sections.heading("contact", translate("服务团队与联系方式")), spacer(2), card, spacer(3),
        para(translate("如对本方案有任何疑问，欢迎随时与我联系。"), styles.note)])]


def client_pack_story(session: Session, source: PackSource,
                      letterhead: Letterhead) -> list[Flowable]:
    """The flowables of one client pack, cover first (the cover page template must be
    current when it starts)."""
    privacy = letterhead.privacy
    lines = source.version.lines
    products = _distinct_products(lines)
    sections = _Numbered(source)
    profile = get_profile(session)
    return [
        *_client_cover(source, profile, letterhead),
        *_contents(source, products),
        *_client_profile(source, privacy, sections),
        *_client_needs(session, source, privacy, sections),
        *_client_combination(source, lines, privacy, sections),
        *_benefits(source, privacy, sections),
        *_product_sheets(source, products, sections),
        PageBreak(),
        *_contact_card(source, profile, privacy, sections),
    ]


# --------------------------------------------------------------------------- the internal appendix

def _appendix_header(source: PackSource, profile: Profile, privacy: Privacy,
                     lines: Sequence[ProposalLine], threshold: object) -> list[Flowable]:
    """The title, 内部资料, and the proposal at a glance for whoever approves it."""
    styles = house_styles()
    client, proposal, version = source.client, source.proposal, source.version
    code_label, code = (translate("证件号码"), client.id_number) if client.kind == "individual" \
        else (translate("统一社会信用代码"), client.credit_code)
    total_amount = proposals.total_amount(list(lines))
    return [
        Bookmark(source.key, source.bookmark_title),
        para(translate("服务方案内部审批附件"), styles.title),
        para(translate(CONFIDENTIAL), _confidential_style()),
        spacer(3),
        field_grid([
            [(translate("客户名称"), privacy.text(client.name))],
            [(translate("客户类型"), translate(KIND_LABELS.get(client.kind, client.kind))),
             (code_label, privacy.id_number(code or ""))],
            [(translate("客户等级"), client.tier), (translate("行业"), privacy.text(client.industry))],
            [(translate("方案名称"), privacy.text(proposal.title))],
            [(translate("方案版本"), translate("第 {number} 版").format(number=version.number)),
             (translate("方案状态"), translate(ppf.status_label(proposal.status)))],
            [(translate("方案日期"), _day(version.proposal_date)),
             (translate("有效期至"), _day(version.valid_until))],
            [(translate("方案性质"), translate("正式方案") if proposal.formal
              else translate("建议方案")),
             (translate("审批金额"), _yuan(threshold))],
            [(translate("金额合计"), _yuan(total_amount)),
             (translate("预计年收益合计"), _yuan(version_total(lines)))],
            [(translate("客户经理"), translate("{name}（{title}，员工号 {employee_id}）").format(
                name=profile.name, title=translate(profile.grade), employee_id=profile.employee_id))],
            [(translate("所属机构"), profile.branch), (translate("主管"), profile.supervisor)],
        ], label_width=30 * mm),
    ]


def _income(source: PackSource, lines: Sequence[ProposalLine], privacy: Privacy,
            sections: _Numbered) -> list[Flowable]:
    """Expected annual income to the bank per line and in total, with the formulas used."""
    styles = house_styles()
    story = sections.heading("income", translate("预计收益测算"))
    if not lines:
        return [*story, para(translate("本方案尚未列出推荐产品。"), styles.note)]
    rows: list[list[str | Flowable]] = []
    bases: list[str] = []
    for i, line in enumerate(lines, 1):
        product = line.product
        basis = product.income_basis if product is not None else "none"
        if basis not in bases:
            bases.append(basis)
        margin = _rate(product.margin_rate) if product is not None and basis == "margin" else ""
        rows.append([
            str(i), _product_label(product), translate(INCOME_BASIS_LABELS.get(basis, basis)),
            _number(format_money(line.amount)), _number(_rate(line.rate)), _number(_fee(line)),
            _number(margin), _number(format_money(line_income(line))), privacy.text(line.notes)])
    total = version_total(lines)
    rows.append(["", para(translate("合计"), styles.cell_head), "", "", "", "", "",
                 _number(format_money(total)), ""])
    table = data_table([translate("序号"), translate("产品"), translate("收入类型"),
                        translate("金额（元）"), translate("利率/费率"),
                        translate("单笔费用×数量"), translate("净息差"),
                        translate("预计年收益（元）"), translate("备注")], rows,
                       _widths(10 * mm, 26 * mm, 20 * mm, 24 * mm, 15 * mm, 20 * mm, 14 * mm,
                               24 * mm, 0))
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), STRIPE_FILL)]))
    story.append(table)
    if source.proposal.formal:
        story.append(para(translate("预计年收益合计（大写）：人民币{capital}").format(
            capital=chinese_capital(total)), styles.body))
    story.append(para(translate("测算公式"), styles.label))
    for basis in bases:
        story.append(para(translate("{basis}：{formula}").format(
            basis=translate(INCOME_BASIS_LABELS.get(basis, basis)),
            formula=translate(formula_for(basis))), styles.body))
    story.append(para(translate("说明：金额单位为人民币元；净息差取自产品目录；预计收益为测算值，"
                                "以实际业务为准。"), styles.note))
    return story


def _other_banks(session: Session, source: PackSource, privacy: Privacy,
                 sections: _Numbered) -> list[Flowable]:
    """The other banks serving the client, what they provide and on which terms."""
    styles = house_styles()
    story = sections.heading("competitors", translate("他行合作情况"))
    banks = session.scalars(select(OtherBank).where(
        OtherBank.client_id == source.client.id, OtherBank.deleted_at.is_(None))
        .order_by(OtherBank.created_at)).all()
    if banks:
        rows = [[privacy.text(bank.institution), privacy.text(bank.contact_person),
                 privacy.text(bank.products_terms), privacy.text(bank.why_chosen),
                 _number(format_money(bank.estimated_spend))] for bank in banks]
        story.append(data_table([translate("金融机构"), translate("对方联系人"),
                                 translate("提供的产品及条件"), translate("客户选择原因"),
                                 translate("估计业务量（元）")], rows,
                                _widths(28 * mm, 22 * mm, 0, 38 * mm, 26 * mm)))
    elsewhere = [gap.product_name for gap in client_gaps(session, source.client.id)
                 if gap.kind == "other_bank" and gap.product_name]
    if elsewhere:
        story.append(para(translate("目前由他行提供的产品：{products}").format(
            products=translate(LIST_SEPARATOR).join(elsewhere)), styles.body))
    if not banks and not elsewhere:
        story.append(para(translate("客户档案中没有记录他行合作情况。"), styles.note))
    return story


def _risk_notes(session: Session, source: PackSource, lines: Sequence[ProposalLine],
                privacy: Privacy, sections: _Numbered) -> list[Flowable]:
    """What the approver should weigh: suitability to the client's risk appetite, amounts
    below a product's minimum or products for another kind of client, the client's loans
    and open warning signals."""
    styles = house_styles()
    client = source.client
    story = sections.heading("risk", translate("风险提示"))
    notes: list[str] = []
    if client.kind == cf.ClientKind.INDIVIDUAL:
        appetite = cf.choice_label(cf.BASIC.field("risk_appetite"), client.risk_appetite or "")
        notes.append(translate("客户风险承受能力：{appetite}").format(
            appetite=translate(appetite) if appetite else translate("尚未评估")))
    for line in lines:
        product = line.product
        if product is None:
            continue
        refusal = proposals.risk_refusal(client, product)
        if refusal is not None:
            notes.append(refusal)
        elif product.risk_level and client.kind == cf.ClientKind.INDIVIDUAL:
            notes.append(translate("“{product}”风险等级 {level}，与客户风险承受能力相符").format(
                product=product.name, level=product.risk_level))
        elif product.risk_level:
            notes.append(translate("“{product}”风险等级 {level}").format(
                product=product.name, level=product.risk_level))
        notes += proposals.line_warnings(client, product, line.amount)
    watch = risk.client_risk(session, client.id, clock.today())
    if watch.loans:
        notes.append(translate("客户在我行贷款余额 {balance} 元，最差五级分类：{worst}").format(
            balance=format_money(watch.balance), worst=translate(watch.worst_class)))
    for signal in watch.signals:
        if signal.is_open:
            notes.append(translate("预警信号（{found}，{kind}）：{cause}；措施：{measures}").format(
                found=signal.found_on.isoformat(), kind=translate(signal.type_label),
                cause=privacy.text(signal.cause), measures=privacy.text(signal.measures)
                or translate(NOT_FILLED)))
    if not notes:
        return [*story, para(translate("未发现需要提示的风险。"), styles.body)]
    return [*story, *(para(translate("● {note}").format(note=note), styles.body) for note in notes)]


def _approval_history(source: PackSource, privacy: Privacy,
                      sections: _Numbered) -> list[Flowable]:
    """Every status change of the proposal, and lines for the approvers to sign."""
    styles = house_styles()
    story: list[Flowable] = sections.heading("approval", translate("审批记录"))
    events = source.proposal.events
    if events:
        rows = [[f"{event.at.replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M}",
                 translate("第 {number} 版").format(number=event.version),
                 translate("{old} → {new}").format(old=translate(ppf.status_label(event.from_status)),
                                                   new=translate(ppf.status_label(event.to_status))),
                 privacy.text(event.actor), privacy.text(event.note)] for event in events]
        story.append(data_table([translate("时间"), translate("版本"), translate("状态变化"),
                                 translate("操作人"), translate("说明")], rows,
                                _widths(30 * mm, 16 * mm, 42 * mm, 22 * mm, 0)))
    else:
        story.append(para(translate("尚无审批记录。"), styles.note))
    return [*story, KeepTogether([
        spacer(4), para(translate("审批意见："), styles.body), spacer(16),
        signature_lines([translate("客户经理"), translate("审批人")])])]


def appendix_story(session: Session, source: PackSource, letterhead: Letterhead) -> list[Flowable]:
    """The flowables of one internal appendix (normal pages throughout, 内部资料)."""
    privacy = letterhead.privacy
    lines = source.version.lines
    sections = _Numbered(source)
    return [
        *_appendix_header(source, get_profile(session), privacy, lines,
                          proposals.approval_threshold(session)),
        *_income(source, lines, privacy, sections),
        *_other_banks(session, source, privacy, sections),
        *_risk_notes(session, source, lines, privacy, sections),
        *_approval_history(source, privacy, sections),
    ]


# --------------------------------------------------------------------------- building

def _build(session: Session, sources: Sequence[PackSource], letterhead: Letterhead, title: str,
           progress: Callable[[int, int], None] | None,
           cancelled: Callable[[], bool] | None) -> bytes:
    """Lay the packs (all of one document) out in one pass (the contents' page numbers are
    forms filled in as each part is laid out). `progress(done, total)` counts packs;
    `cancelled()` is asked as each pack starts and True raises Cancelled."""
    pack_keys = {source.key for source in sources}
    done = 0

    def on_bookmark(key: str) -> None:
        nonlocal done
        if key not in pack_keys:
            return
        if cancelled is not None and cancelled():
            raise Cancelled(translate(CANCELLED))
        done += 1
        if progress is not None:
            progress(done, len(sources))

    client = sources[0].document is PackDocument.CLIENT
    if client:  # the client keeps it: no note about the bank's internal handling
        letterhead = replace(letterhead, footer_note=translate(CLIENT_FOOTER))
    story: list[Flowable] = []
    for i, source in enumerate(sources):
        if client:
            if i:
                story += [NextPageTemplate(COVER_TEMPLATE), PageBreak()]
            story += client_pack_story(session, source, letterhead)
        else:
            if i:
                story.append(PageBreak())
            story += appendix_story(session, source, letterhead)
    data, _doc = build_pdf(story, letterhead, title, on_bookmark=on_bookmark, cover=client)
    return data


def _title(source: PackSource) -> str:
    return translate("{document} {name}").format(document=translate(source.document.label),
                                                 name=source.bookmark_title)


# --------------------------------------------------------------------------- one pack

def render_proposal_pack(session: Session, proposal_id: str, version: int | None = None, *,
                         document: PackDocument = PackDocument.CLIENT, unmasked: bool = False,
                         generated_at: datetime | None = None) -> bytes:
    """The PDF of one proposal's client pack or internal appendix (reads only; recording
    an unmasked print is the caller's job, see proposal_pack_pdf_in)."""
    source = load_source(session, proposal_id, version, document)
    letterhead = Letterhead.for_profile(get_profile(session), Privacy(unmasked), generated_at)
    return _build(session, [source], letterhead, _title(source), None, None)


def proposal_pack_pdf_in(session: Session, proposal_id: str, version: int | None = None, *,
                         document: PackDocument = PackDocument.CLIENT,
                         unmasked: bool = False) -> bytes:
    """One pack as PDF bytes, read in `session`; an unmasked pack is recorded in the audit
    trail in the same session (a transaction then, naming the actor)."""
    data = render_proposal_pack(session, proposal_id, version, document=document,
                                unmasked=unmasked)
    if unmasked:
        source = load_source(session, proposal_id, version, document)
        audit.record_event(session, audit.PRINT_UNMASKED,
                           translate("{document}“{title}”第 {number} 版（未隐去个人信息）").format(
                               document=translate(source.document.label),
                               title=source.proposal.title, number=source.version.number),
                           entity="proposals", entity_id=source.proposal.id,
                           client_id=source.client.id)
    return data


def proposal_pack_pdf(db: Database, proposal_id: str, version: int | None = None, *,
                      document: PackDocument = PackDocument.CLIENT, unmasked: bool = False,
                      actor: str = "") -> bytes:
    """One pack as PDF bytes (for a preview, a printer or a file). An unmasked pack is
    recorded in the audit trail before it is handed out."""
    if not unmasked:
        with db.session() as session:
            return proposal_pack_pdf_in(session, proposal_id, version, document=document)
    with db.transaction(actor) as session:
        return proposal_pack_pdf_in(session, proposal_id, version, document=document,
                                    unmasked=True)


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    return atomic_write(path, lambda handle: handle.write(data))


def write_proposal_pack(db: Database, proposal_id: str, path: str | os.PathLike[str],
                        version: int | None = None, *,
                        document: PackDocument = PackDocument.CLIENT, unmasked: bool = False,
                        actor: str = "") -> Path:
    """Write one pack to `path` (atomically); returns the path."""
    return _write_bytes(path, proposal_pack_pdf(db, proposal_id, version, document=document,
                                                unmasked=unmasked, actor=actor))


# --------------------------------------------------------------------------- batch

def write_proposal_packs(db: Database, proposal_ids: Sequence[str],
                         folder_or_file: str | os.PathLike[str], combined: bool, *,
                         document: PackDocument = PackDocument.CLIENT,
                         progress: Callable[[int, int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Packs (client packs or internal appendices) for several proposals (a day's
    meetings), masked, current versions: with `combined` one PDF at `folder_or_file` with
    a bookmark per pack, else one file per pack in the folder `folder_or_file` (named
    client-title-version). Every pack is built before anything is written, so a cancelled
    batch (Cancelled) writes nothing. `progress(done, total)` counts packs laid out."""
    if not proposal_ids:
        raise CmdeskError(translate("没有选择服务方案"))
    with db.session() as session:
        sources = [load_source(session, pid, document=document)
                   for pid in dict.fromkeys(proposal_ids)]
        letterhead = Letterhead.for_profile(get_profile(session), Privacy())
        if combined:
            title = translate("{document}（{count} 份）").format(
                document=translate(PackDocument(document).label), count=len(sources))
            outputs = [(Path(folder_or_file),
                        _build(session, sources, letterhead, title, progress, cancelled))]
        else:
            folder = Path(folder_or_file)
            if not folder.is_dir():
                raise CmdeskError(translate("文件夹不存在：{folder}").format(folder=folder))
            outputs = []
            names: set[str] = set()
            for i, source in enumerate(sources):
                if cancelled is not None and cancelled():
                    raise Cancelled(translate(CANCELLED))
                name = source.file_name()
                if name in names:
                    name = f"{Path(name).stem}-{i + 1}.pdf"
                names.add(name)
                outputs.append((folder / name, _build(session, [source], letterhead,
                                                      _title(source), None, None)))
                if progress is not None:
                    progress(i + 1, len(sources))
    return [_write_bytes(path, data) for path, data in outputs]
