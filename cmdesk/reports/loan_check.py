"""The post-loan check report PDF (贷后检查报告), on A4 in the house style: the client and
its loans, how and by whom the check was done (双人检查), the findings section by
section, the conclusion with the proposed five-level classification, the client's open
warning signals, and lines for both checkers and the supervisor to sign.

Personal information (phones, codes, what looks like it in free text) is masked unless
`unmasked` is asked for; an unmasked print is recorded in the audit trail.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import risk_fields as rf
from cmdesk.domain.money import format_money
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.reports.style import (
    CONTENT_WIDTH,
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
from cmdesk.services import risk
from cmdesk.services.risk import CheckLine, ClientRisk
from cmdesk.services.settings import get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database

LABELS = {spec.key: spec.label for spec in rf.CHECK.fields}
FINDINGS = ("use_of_funds", "operations", "finances", "collateral_state", "court_findings",
            "tax_findings", "registry_findings")


def _day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _story(check: CheckLine, view: ClientRisk, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    story: list[Flowable] = [
        para(translate("贷后检查报告"), styles.title),
        para(translate("{client_name}　{check_date}").format(client_name=check.client_name, check_date=_day(check.check_date)), styles.subtitle),
        field_grid([
            [(translate("客户名称"), check.client_name)],
            [(LABELS["check_date"], _day(check.check_date)),
             (LABELS["mode"], check.mode_label)],
            [(LABELS["checker"], check.checker), (translate("第二检查人"), check.second_checker)],
            [(translate("贷款余额合计"), translate("{amount} 元").format(amount=format_money(view.balance))),
             (translate("现五级分类（最差）"), translate(view.worst_class))],
        ], label_width=34 * mm),
    ]
    number = 0

    def section(title: str) -> list[Flowable]:
        nonlocal number
        number += 1
        return heading(numbered(number, title))

    story += section(translate("贷款情况"))
    active = [loan for loan in view.loans if loan.status == "active"]
    if active:
        rows = [[loan.contract_no, loan.product, format_money(loan.amount),
                 format_money(loan.balance), _day(loan.maturity_date), loan.guarantee_label,
                 translate(loan.classification)] for loan in active]
        widths = [32 * mm, 0, 26 * mm, 26 * mm, 22 * mm, 18 * mm, 14 * mm]
        widths[1] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("合同编号"), translate("贷款品种"), translate("合同金额（元）"), translate("余额（元）"), translate("到期日"),
                                 translate("担保方式"), translate("分类")], rows, widths))
    else:
        story.append(para(translate("无存续贷款。"), styles.note))

    for key in FINDINGS:
        story += [*section(LABELS[key]),
                  *text_block(privacy.text(getattr(check, key) or ""), styles.body)]

    story += section(translate("检查结论"))
    story += text_block(privacy.text(check.conclusion), styles.body)
    changed = check.proposed_class != view.worst_class
    story.append(para(translate("建议五级分类：{proposed_class}").format(proposed_class=translate(check.proposed_class))
                      + (translate("（与现分类不同，需报审批）") if changed else ""),
                      styles.alert if changed else styles.body))

    open_signals = [signal for signal in view.signals if signal.is_open]
    story += section(translate("未解除的预警信号"))
    if open_signals:
        rows = [[_day(s.found_on), s.type_label, privacy.text(s.cause), privacy.text(s.measures),
                 s.responsible, _day(s.deadline)] for s in open_signals]
        widths = [22 * mm, 22 * mm, 0, 40 * mm, 18 * mm, 22 * mm]
        widths[2] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("发现日期"), translate("类型"), translate("风险成因"), translate("防范措施"), translate("责任人"), translate("期限")],
                                rows, widths))
    else:
        story.append(para(translate("（无）"), styles.note))
    story.append(KeepTogether([spacer(8), signature_lines([translate("检查人"), translate("第二检查人"), translate("主管")])]))
    return story


def render_check_report(session: Session, check_id: str, today: date, *,
                        unmasked: bool = False, generated_at: datetime | None = None) -> bytes:
    """The PDF of one check report (reads only; recording an unmasked print is the
    caller's job, see check_report_pdf)."""
    check = risk.get_check(session, check_id)
    view = risk.client_risk(session, check.client_id, today)
    privacy = Privacy(unmasked)
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(_story(check, view, privacy), letterhead,
                           translate("贷后检查报告 {client_name} {check_date}").format(client_name=check.client_name, check_date=_day(check.check_date)))
    return data


def check_report_pdf(db: Database, check_id: str, today: date, *, unmasked: bool = False,
                     actor: str = "") -> bytes:
    """One check report as PDF bytes; an unmasked print is recorded in the audit trail."""
    with db.session() as session:
        data = render_check_report(session, check_id, today, unmasked=unmasked)
    if unmasked:
        with db.transaction(actor) as session:
            check = risk.get_check(session, check_id)
            audit.record_event(session, audit.PRINT_UNMASKED,
                               translate("贷后检查报告 {check_date}（未隐去个人信息）").format(check_date=_day(check.check_date)),
                               entity="loan_checks", entity_id=check.id,
                               client_id=check.client_id)
    return data


def write_check_report(db: Database, check_id: str, path: str | os.PathLike[str], today: date,
                       *, unmasked: bool = False, actor: str = "") -> Path:
    """Write one check report to `path` (atomically); returns the path."""
    data = check_report_pdf(db, check_id, today, unmasked=unmasked, actor=actor)
    return atomic_write(path, lambda handle: handle.write(data))
