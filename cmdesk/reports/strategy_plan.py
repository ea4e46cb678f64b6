"""The relationship strategy plan (客户关系战略计划书) as a PDF in the house style: the
nine sections of DOMAIN.md §5, a bookmark each, signature lines at the end.

Sections 1–7 print what the plan reads (frozen for a closed year, live otherwise).
Personal information is masked unless `unmasked` is asked for; an unmasked print is
recorded in the client file's history. Files are written atomically.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain.money import format_money
from cmdesk.errors import NotFoundError
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.models import FileHistory
from cmdesk.reports.style import (
    CONTENT_WIDTH,
    Bookmark,
    Letterhead,
    Privacy,
    build_pdf,
    data_table,
    field_grid,
    heading,
    house_styles,
    numbered,
    para,
    signature_lines,
    spacer,
    text_block,
)
from cmdesk.services import strategy
from cmdesk.services.settings import get_profile
from cmdesk.services.strategy import StrategyDocument
from cmdesk.storage.audit import ACTOR_KEY
from cmdesk.storage.db import Database

PRINT_UNMASKED = "print_unmasked"
NONE_YET = mark("（无）")


def _label(section: cf.SectionSpec, key: str) -> str:
    return section.field(key).label


def _money(value: Any) -> str:
    return translate("{amount} 元").format(amount=format_money(Decimal(value))) if value not in (None, "") else ""


def _percent(value: Any) -> str:
    return f"{Decimal(value).normalize():f}%" if value not in (None, "") else ""


def _yes(value: Any) -> str:
    return translate("是") if value else "—"


def _choice(section: cf.SectionSpec, key: str, value: str | None) -> str:
    return cf.choice_label(section.field(key), value or "")


def _table(header: list[str], rows: list[list[str]], widths_mm: list[float]) -> Flowable:
    """A section's table, or a note that the client file has nothing there yet."""
    if not rows:
        return para(translate(NONE_YET), house_styles().note)
    widths = [w * mm for w in widths_mm]
    widths[-1] = CONTENT_WIDTH - sum(widths[:-1])
    return data_table(header, rows, widths)


def _client_grid(client: dict[str, Any], privacy: Privacy) -> Flowable:
    basic = cf.BASIC
    individual = client.get("kind") == "individual"
    code_label = _label(basic, "id_number" if individual else "credit_code")
    code = client.get("id_number" if individual else "credit_code") or ""
    return field_grid([
        [(_label(basic, "name"), client.get("name", ""))],
        [(_label(basic, "kind"), _choice(basic, "kind", client.get("kind"))),
         (code_label, privacy.id_number(code))],
        [(_label(basic, "industry"), client.get("industry", "")),
         (_label(basic, "region"), client.get("region", ""))],
        [(_label(basic, "address"), privacy.text(client.get("address", "")))],
        [(_label(basic, "scale"), client.get("scale", "")),
         (_label(basic, "annual_revenue"), _money(client.get("annual_revenue")))],
        [(_label(basic, "tier"), translate(client.get("tier", ""))),
         (_label(basic, "status"), _choice(basic, "status", client.get("status")))],
        [(_label(basic, "manager_name"), client.get("manager_name", "")),
         (_label(basic, "source"), client.get("source", ""))],
    ])


def _value_story(document: StrategyDocument) -> list[Flowable]:
    """Section 7: the income lines, newest year first, and the totals per category."""
    styles = house_styles()
    items = sorted(document.file.get("value_items", []), key=lambda item: -int(item["year"]))
    spec = cf.VALUE_ITEMS
    rows = [[str(item["year"]), _choice(spec, "category", item["category"]),
             item.get("description", ""), _money(item["amount"])] for item in items]
    story: list[Flowable] = [_table(
        [_label(spec, "year"), _label(spec, "category"), _label(spec, "description"),
         _label(spec, "amount")], rows, [18, 44, 70, 0])]
    if items:
        totals: dict[int, Decimal] = {}
        for item in items:
            totals[int(item["year"])] = totals.get(int(item["year"]), Decimal(0)) + Decimal(item["amount"])
        lines = translate("；").join(translate("{year} 年合计 {amount} 元").format(year=year, amount=format_money(total)) for year, total in totals.items())
        story.append(para(lines, styles.note))
    return story


def _sections_story(document: StrategyDocument, privacy: Privacy) -> list[list[Flowable]]:
    """The nine sections' bodies, in order."""
    styles = house_styles()
    file = document.file
    client = file["client"]
    contacts = cf.CONTACTS
    contact_rows = [[c["name"], c.get("position", ""), privacy.text(c.get("authority", "")),
                     privacy.text(c.get("relation_method", "")), privacy.phone(c.get("phone", "")),
                     privacy.text(c.get("other_business", "")), privacy.text(c.get("our_contacts", ""))]
                    for c in file.get("contacts", [])]
    lines = cf.BUSINESS_LINES
    line_rows = [[b["nature"], _percent(b.get("revenue_share")), _percent(b.get("profit_share")),
                  privacy.text(b.get("current_state", "")), privacy.text(b.get("next_year_plan", "")),
                  privacy.text(b.get("financing_needs", ""))] for b in file.get("business_lines", [])]
    positioning = cf.POSITIONING
    banks = cf.OTHER_BANKS
    bank_rows = [[b["institution"], b.get("contact_person", ""), privacy.text(b.get("products_terms", "")),
                  privacy.text(b.get("why_chosen", "")), _money(b.get("estimated_spend"))]
                 for b in file.get("other_banks", [])]
    services = cf.SERVICES
    service_rows = [[s.get("product_name", ""), _yes(s.get("needed")), _yes(s.get("other_bank")),
                     _yes(s.get("recommended")), _yes(s.get("adopted")), _yes(s.get("stopped")),
                     _percent(s.get("our_share"))] for s in file.get("services", [])]
    plan_rows = [[privacy.text(r["need"]), r.get("product_name", ""),
                  translate("／").join(part for part in (r.get("department", ""), r.get("person", "")) if part),
                  r.get("planned_time", ""), privacy.text(r.get("method", "")),
                  _money(r.get("expected_income"))] for r in document.rows]
    expected = sum((r["expected_income"] for r in document.rows if r.get("expected_income")), Decimal(0))
    challenge_rows = [[privacy.text(c["source"]), privacy.text(c.get("content", "")),
                       privacy.text(c.get("prevention", "")), c.get("timetable", "")]
                      for c in document.challenges]
    plan_story: list[Flowable] = [_table(
        [_label(strategy.ROWS, k) for k in ("need", "product_id")] + [translate("负责部门／负责人"),
         _label(strategy.ROWS, "planned_time"), _label(strategy.ROWS, "method"),
         _label(strategy.ROWS, "expected_income")], plan_rows, [36, 26, 26, 20, 38, 0])]
    if document.rows:
        plan_story.append(para(translate("预计收益合计：{amount} 元").format(amount=format_money(expected)), styles.note))
    return [
        [_client_grid(client, privacy)],
        [_table([_label(contacts, k) for k in ("name", "position", "authority", "relation_method", "phone",
                                               "other_business", "our_contacts")],
                contact_rows, [18, 20, 26, 26, 24, 26, 0])],
        [_table([_label(lines, k) for k in ("nature", "revenue_share", "profit_share", "current_state",
                                            "next_year_plan", "financing_needs")],
                line_rows, [26, 18, 18, 36, 36, 0])],
        [field_grid([[(_label(positioning, k), privacy.text(client.get(k, "")))]
                     for k in ("our_importance", "our_image", "our_strengths", "our_weaknesses")],
                    label_width=40 * mm)],
        [_table([_label(banks, k) for k in ("institution", "contact_person", "products_terms", "why_chosen",
                                            "estimated_spend")], bank_rows, [28, 22, 44, 40, 0])],
        [_table([_label(services, k) for k in ("product_id", "needed", "other_bank", "recommended", "adopted",
                                               "stopped", "our_share")],
                service_rows, [52, 18, 18, 20, 20, 20, 0])],
        _value_story(document),
        plan_story,
        [_table([_label(strategy.CHALLENGES, k) for k in ("source", "content", "prevention", "timetable")],
                challenge_rows, [34, 58, 58, 0])],
    ]


def _state_line(document: StrategyDocument) -> str:
    if document.closed_at is None:
        return translate("本年度计划进行中：第一至七部分为客户档案的当前内容")
    closed = document.closed_at.replace(tzinfo=UTC).astimezone()
    return translate("本年度已于 {closed:%Y-%m-%d} 结束存档：第一至七部分为当时的档案内容").format(closed=closed)


def plan_story(document: StrategyDocument, privacy: Privacy) -> list[Flowable]:
    """The flowables of one plan."""
    styles = house_styles()
    story: list[Flowable] = [
        para(translate("客户关系战略计划书"), styles.title),
        para(translate("{client_name}　{year} 年度").format(client_name=document.client_name, year=document.year), styles.subtitle),
        para(_state_line(document), styles.note),
    ]
    if document.summary.strip():
        story += [para(strategy.PLAN.field("summary").label, styles.label),
                  *text_block(privacy.text(document.summary), styles.body)]
    for number, (title, body) in enumerate(zip(strategy.SECTION_TITLES,
                                               _sections_story(document, privacy), strict=True)):
        full = numbered(number + 1, translate(title))
        story += [Bookmark(f"section-{number + 1}", full), *heading(full), *body]
    story.append(KeepTogether([spacer(8), signature_lines([translate("客户经理"), translate("主管")])]))
    return story


def render_strategy_plan(session: Session, plan_id: str, *, unmasked: bool = False,
                         generated_at: datetime | None = None) -> bytes:
    """The PDF of one plan (reads only; recording an unmasked print is the caller's job,
    see strategy_plan_pdf)."""
    document = strategy.read_plan(session, plan_id)
    privacy = Privacy(unmasked)
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(plan_story(document, privacy), letterhead,
                           translate("客户关系战略计划书 {client_name} {year}").format(client_name=document.client_name, year=document.year))
    return data


def plan_id_for(db: Database, client_id: str, year: int) -> str:
    """The id of a client's plan of a year, or NotFoundError in words."""
    with db.session() as session:
        plan = strategy.plan_for_year(session, client_id, year)
        if plan is None:
            raise NotFoundError(translate("这个客户没有 {year} 年度的战略计划书").format(year=year))
        return plan.id


def strategy_plan_pdf_in(session: Session, plan_id: str, *, unmasked: bool = False) -> bytes:
    """One plan as PDF bytes, read in `session`; an unmasked print is recorded in the
    client file's history in the same session (a transaction then, naming the actor)."""
    data = render_strategy_plan(session, plan_id, unmasked=unmasked)
    if unmasked:
        plan = strategy.get_plan(session, plan_id)
        session.add(FileHistory(client_id=plan.client_id, entity="strategy_plans", entity_id=plan.id,
                                action=PRINT_UNMASKED,
                                summary=translate("{year} 年度战略计划书（未隐去个人信息）").format(year=plan.year),
                                actor=session.info.get(ACTOR_KEY, "")))
    return data


def strategy_plan_pdf(db: Database, plan_id: str, *, unmasked: bool = False, actor: str = "") -> bytes:
    """One plan as PDF bytes; an unmasked print is recorded in the client file's history
    before it is handed out."""
    if not unmasked:
        with db.session() as session:
            return strategy_plan_pdf_in(session, plan_id)
    with db.transaction(actor) as session:
        return strategy_plan_pdf_in(session, plan_id, unmasked=True)


def write_strategy_plan(db: Database, plan_id: str, path: str | os.PathLike[str], *,
                        unmasked: bool = False, actor: str = "") -> Path:
    """Write one plan to `path` (atomically); returns the path."""
    data = strategy_plan_pdf(db, plan_id, unmasked=unmasked, actor=actor)
    return atomic_write(path, lambda handle: handle.write(data))
