"""The project proposal PDF (立项建议书) of a large-client project, on A4 in the house
style: the project's key facts, opportunity, competitors, strategy, resources asked
for and risks, the project team, milestones, the log, and lines to sign.

Personal information (phones, codes, what looks like it in free text) is masked unless
`unmasked` is asked for; an unmasked print is recorded in the audit trail.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import project_fields as pf
from cmdesk.domain import proposal_fields as ppf
from cmdesk.domain.money import format_money, format_wan
from cmdesk.files import atomic_write
from cmdesk.reports.style import (
    CHINESE_NUMERALS,
    CONTENT_WIDTH,
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
from cmdesk.services import projects
from cmdesk.services.projects import ProjectView, decision_text
from cmdesk.services.settings import get_profile
from cmdesk.storage import audit
from cmdesk.storage.db import Database

MILESTONE_STATUS_LABELS = dict(pf.MILESTONE_STATUSES)
TEXT_SECTIONS = ("opportunity", "competitors", "strategy", "resources", "risks")


def _amount(value: object) -> str:
    return f"{format_money(value)} 元（{format_wan(value)}元）" if value is not None else ""


def _story(view: ProjectView, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    project, client = view.project, view.client
    labels = {spec.key: spec.label for spec in pf.PROJECT.fields}
    proposals = "、".join(f"{p.title}（{ppf.status_label(p.status)}）" for p in view.proposals)
    story: list[Flowable] = [
        para("大型客户立项建议书", styles.title),
        para(f"{client.name}　{project.title}", styles.subtitle),
        field_grid([
            [("客户名称", client.name)],
            [(labels["title"], project.title)],
            [("客户等级", client.tier), ("审批状态", pf.status_label(project.status))],
            [(labels["expected_scale"], _amount(project.expected_scale))],
            [(labels["expected_income"], _amount(project.expected_income))],
            [("项目组长", view.leader_names()), ("审批记录", decision_text(view.project))],
            [("客户发展计划", view.development_plan.target if view.development_plan else "")],
            [("关联服务方案", proposals)],
        ], label_width=36 * mm),
    ]
    number = 0

    def section(title: str) -> list[Flowable]:
        nonlocal number
        number += 1
        return heading(f"{CHINESE_NUMERALS[number - 1]}、{title}")

    for key in TEXT_SECTIONS:
        story += [*section(labels[key]),
                  *text_block(privacy.text(getattr(project, key) or ""), styles.body)]

    story += section(pf.MEMBER.label)
    if view.members:
        rows = [[str(i), m.name, pf.role_label(m.role), m.department, privacy.phone(m.phone)]
                for i, m in enumerate(view.members, 1)]
        widths = [12 * mm, 34 * mm, 44 * mm, 0, 34 * mm]
        widths[3] = CONTENT_WIDTH - sum(widths)
        story.append(data_table(["序号", "姓名", "角色", "部门", "电话"], rows, widths))
    else:
        story.append(para("尚未组建项目小组。", styles.note))

    story += section(pf.MILESTONE.label)
    if view.milestones:
        rows = [[str(i), privacy.text(m.title), f"{m.due_date:%Y-%m-%d}" if m.due_date else "",
                 MILESTONE_STATUS_LABELS.get(m.status, m.status),
                 f"{m.done_on:%Y-%m-%d}" if m.done_on else ""]
                for i, m in enumerate(view.milestones, 1)]
        widths = [12 * mm, 0, 28 * mm, 22 * mm, 28 * mm]
        widths[1] = CONTENT_WIDTH - sum(widths)
        story.append(data_table(["序号", "事项", "计划日期", "状态", "完成日期"], rows, widths))
    else:
        story.append(para("尚未设定里程碑。", styles.note))

    story += section(pf.LOG.label)
    if view.logs:
        rows = [[f"{log.log_date:%Y-%m-%d}", privacy.text(log.text), log.author]
                for log in view.logs]
        widths = [26 * mm, 0, 28 * mm]
        widths[1] = CONTENT_WIDTH - sum(widths)
        story.append(data_table(["日期", "内容", "记录人"], rows, widths))
    else:
        story.append(para("（无）", styles.note))
    story.append(KeepTogether([spacer(8), signature_lines(["项目组长", "审批人"])]))
    return story


def render_project_report(session: Session, project_id: str, *, unmasked: bool = False,
                          generated_at: datetime | None = None) -> bytes:
    """The PDF of one project's proposal (reads only; recording an unmasked print is the
    caller's job, see project_report_pdf)."""
    view = projects.get_project_view(session, project_id)
    privacy = Privacy(unmasked)
    letterhead = Letterhead.for_profile(get_profile(session), privacy, generated_at)
    data, _doc = build_pdf(_story(view, privacy), letterhead,
                           f"立项建议书 {view.client.name} {view.project.title}")
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
                               f"立项建议书“{project.title}”（未隐去个人信息）",
                               entity="projects", entity_id=project.id,
                               client_id=project.client_id)
    return data


def write_project_report(db: Database, project_id: str, path: str | os.PathLike[str], *,
                         unmasked: bool = False, actor: str = "") -> Path:
    """Write one project proposal to `path` (atomically); returns the path."""
    data = project_report_pdf(db, project_id, unmasked=unmasked, actor=actor)
    return atomic_write(path, lambda handle: handle.write(data))
