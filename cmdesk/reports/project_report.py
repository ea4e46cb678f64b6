"""The project proposal PDF (立项建议书) of a large-client project, on A4 in the house
style: the project's key facts, opportunity, competitors, strategy, resources asked
for and risks, the project team, milestones, the log, and lines to sign.

Personal information (phones, codes, what looks like it in free text) is masked unless
`unmasked` is asked for; an unmasked print is recorded in the audit trail.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import project_fields as pf
from cmdesk.domain import proposal_fields as ppf
from cmdesk.domain.money import format_money, format_wan
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
from cmdesk.services import projects
from cmdesk.services.projects import ProjectView
from cmdesk.services.settings import get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database

TEXT_SECTIONS = ("opportunity", "competitors", "strategy", "resources", "risks")


def _amount(value: object) -> str:
    return translate("{amount} 元（{wan}元）").format(amount=format_money(value), wan=format_wan(value)) if value is not None else ""


def _decision(view: ProjectView) -> str:
    project = view.project
    if project.decided_at is None:
        return ""
    local = project.decided_at.replace(tzinfo=UTC).astimezone()
    return translate("{value}，{local:%Y-%m-%d %H:%M}").format(value=project.decided_by or '—', local=local)


def _story(view: ProjectView, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    project, client = view.project, view.client
    labels = {spec.key: spec.label for spec in pf.PROJECT.fields}
    proposals = translate("、").join(translate("{title}（{status}）").format(title=p.title, status=ppf.status_label(p.status)) for p in view.proposals)
    story: list[Flowable] = [
        para(translate("大型客户立项建议书"), styles.title),
        para(translate("{name}　{title}").format(name=client.name, title=project.title), styles.subtitle),
        field_grid([
            [(translate("客户名称"), client.name)],
            [(labels["title"], project.title)],
            [(translate("客户等级"), translate(client.tier)), (translate("审批状态"), pf.status_label(project.status))],
            [(labels["expected_scale"], _amount(project.expected_scale))],
            [(labels["expected_income"], _amount(project.expected_income))],
            [(translate("项目组长"), view.leader_names()), (translate("审批人及时间"), _decision(view))],
            [(translate("客户发展计划"), view.development_plan.target if view.development_plan else "")],
            [(translate("关联服务方案"), proposals)],
        ], label_width=36 * mm),
    ]
    number = 0

    def section(title: str) -> list[Flowable]:
        nonlocal number
        number += 1
        return heading(numbered(number, title))

    for key in TEXT_SECTIONS:
        story += [*section(labels[key]),
                  *text_block(privacy.text(getattr(project, key) or ""), styles.body)]

    story += section(pf.MEMBER.label)
    if view.members:
        rows = [[str(i), m.name, pf.role_label(m.role), m.department, privacy.phone(m.phone)]
                for i, m in enumerate(view.members, 1)]
        widths = [12 * mm, 34 * mm, 44 * mm, 0, 34 * mm]
        widths[3] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("序号"), translate("姓名"), translate("角色"), translate("部门"), translate("电话")], rows, widths))
    else:
        story.append(para(translate("尚未组建项目小组。"), styles.note))

    story += section(pf.MILESTONE.label)
    if view.milestones:
        rows = [[str(i), privacy.text(m.title), f"{m.due_date:%Y-%m-%d}" if m.due_date else "",
                 pf.MilestoneStatus.label_of(m.status),
                 f"{m.done_on:%Y-%m-%d}" if m.done_on else ""]
                for i, m in enumerate(view.milestones, 1)]
        widths = [12 * mm, 0, 28 * mm, 22 * mm, 28 * mm]
        widths[1] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("序号"), translate("事项"), translate("计划日期"), translate("状态"), translate("完成日期")], rows, widths))
    else:
        story.append(para(translate("尚未设定里程碑。"), styles.note))

    story += section(pf.LOG.label)
    if view.logs:
        rows = [[f"{log.log_date:%Y-%m-%d}", privacy.text(log.text), log.author]
                for log in view.logs]
        widths = [26 * mm, 0, 28 * mm]
        widths[1] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("日期"), translate("内容"), translate("记录人")], rows, widths))
    else:
        story.append(para(translate("（无）"), styles.note))
    story.append(KeepTogether([spacer(8), signature_lines([translate("项目组长"), translate("审批人")])]))
    return story


def render_project_report(session: Session, project_id: str, *, unmasked: bool = False,
                          generated_at: datetime | None = None) -> bytes:
    """The PDF of one project's proposal (reads only; recording an unmasked print is the
    caller's job, see project_report_pdf)."""
    view = projects.get_project_view(session, project_id)
    privacy = Privacy(unmasked)
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(_story(view, privacy), letterhead,
                           translate("立项建议书 {name} {title}").format(name=view.client.name, title=view.project.title))
    return data


def project_report_pdf(db: Database, project_id: str, *, unmasked: bool = False,
                       actor: str = "") -> bytes:
    """One project proposal as PDF bytes; an unmasked print is recorded in the audit trail."""
    with db.session() as session:
        data = render_project_report(session, project_id, unmasked=unmasked)
    if unmasked:
        with db.transaction(actor) as session:
            project = projects.get_project(session, project_id)
            audit.record_event(session, audit.PRINT_UNMASKED,
                               translate("立项建议书“{title}”（未隐去个人信息）").format(title=project.title),
                               entity="projects", entity_id=project.id,
                               client_id=project.client_id)
    return data


def write_project_report(db: Database, project_id: str, path: str | os.PathLike[str], *,
                         unmasked: bool = False, actor: str = "") -> Path:
    """Write one project proposal to `path` (atomically); returns the path."""
    data = project_report_pdf(db, project_id, unmasked=unmasked, actor=actor)
    return atomic_write(path, lambda handle: handle.write(data))
