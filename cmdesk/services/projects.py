"""Large-client projects (大型客户立项): the project proposal (立项建议书) with its team and
milestones, the project log, approval status changes, and the links to the client's
development plan and proposals.

A project is saved whole like a client file: the proposal fields, the team and the
milestones are validated first (every problem named with its field and row) and only
then written in one transaction. Status changes follow ProjectStatus.next_statuses
(domain.project_fields); each is written to the project log with who and when, and an approval
or rejection sets decided_by / decided_at. Nothing is hard-deleted: rows that leave
the team or the milestones are tombstoned, and the change log keeps every version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import project_fields as pf
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Client,
    DevelopmentPlan,
    Project,
    ProjectLog,
    ProjectMember,
    ProjectMilestone,
    Proposal,
    utcnow,
)
from cmdesk.services.clients import ensure_not_released
from cmdesk.storage.audit import ACTOR_KEY

DEVELOPMENT_PLAN_LABEL = mark("客户发展计划")
PROPOSALS_LABEL = mark("关联服务方案")


@dataclass
class ProjectDraft:
    """What the project editor wants a project to be.

    `fields` are the proposal's own fields (domain.project_fields.PROJECT), plus
    optionally "development_plan_id" (blank unlinks). `members` and `milestones` None
    leave them as they are; a list replaces them like a client file's sections (rows
    with "id" update, rows without are new, missing rows are tombstoned).
    `proposal_ids` None leaves the linked proposals, a list makes exactly these linked.
    """

    fields: dict[str, Any]
    members: list[dict[str, Any]] | None = None
    milestones: list[dict[str, Any]] | None = None
    proposal_ids: list[str] | None = None


@dataclass
class ProjectView:
    """A project with everything that belongs to it, read for the editor, a list or a PDF."""

    project: Project
    client: Client
    members: list[ProjectMember]
    milestones: list[ProjectMilestone]
    logs: list[ProjectLog]
    proposals: list[Proposal] = field(default_factory=list)
    development_plan: DevelopmentPlan | None = None

    def leader_names(self) -> str:
        return translate("、").join(m.name for m in self.members if m.role == "leader")


@dataclass(frozen=True)
class ProjectRow:
    """One line of the project list."""

    id: str
    client_id: str
    client: str
    title: str
    status: str
    status_label: str
    leader: str
    members: int
    expected_scale: Decimal | None
    expected_income: Decimal | None
    open_milestones: int
    updated_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "client_id": self.client_id, "client": self.client,
                "title": self.title, "status": self.status, "status_label": self.status_label,
                "leader": self.leader, "members": self.members,
                "expected_scale": None if self.expected_scale is None else str(self.expected_scale),
                "expected_income": None if self.expected_income is None
                else str(self.expected_income),
                "open_milestones": self.open_milestones,
                "updated_at": self.updated_at.isoformat(sep=" ", timespec="seconds")}


# --------------------------------------------------------------------------- validation

def _parse_rows(spec: cf.SectionSpec, rows: list[dict[str, Any]], limit: int,
                existing: dict[str, Any], problems: list[FieldProblem]) -> list[dict[str, Any]]:
    if len(rows) > limit:
        problems.append(FieldProblem(spec.key, translate("最多 {limit} 行").format(limit=limit), spec.key, None, spec.label))
        return []
    parsed = []
    for i, row in enumerate(rows):
        defaults = {"status": pf.MilestoneStatus.OPEN} if spec is pf.MILESTONE else {}
        values = cf.parse_section(spec, {**defaults, **row}, problems, row=i)
        row_id = row.get("id")
        if row_id and row_id not in existing:
            problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), spec.key, i, spec.label))
        parsed.append(dict(values, id=row_id))
    return parsed


def _active(session: Session, model: Any, project_id: str | None) -> dict[str, Any]:
    if project_id is None:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(
        model.project_id == project_id, model.deleted_at.is_(None)))}


def _check_links(session: Session, draft: ProjectDraft, client_id: str | None,
                 current: Project | None, problems: list[FieldProblem]) -> str | None:
    """The development plan id to store (validated), and problems with the proposals."""
    plan_id = current.development_plan_id if current else None
    if "development_plan_id" in draft.fields:
        plan_id = str(draft.fields["development_plan_id"] or "").strip() or None
    if plan_id:
        plan = session.get(DevelopmentPlan, plan_id)
        if plan is None or plan.deleted_at is not None or plan.client_id != client_id:
            problems.append(FieldProblem("development_plan_id", translate("不是该客户的发展计划"), "project",
                                         None, translate(DEVELOPMENT_PLAN_LABEL)))
    for i, proposal_id in enumerate(draft.proposal_ids or []):
        proposal = session.get(Proposal, proposal_id)
        if proposal is None or proposal.deleted_at is not None or proposal.client_id != client_id:
            problems.append(FieldProblem("proposal_ids", translate("不是该客户的服务方案"), "project", i,
                                         translate(PROPOSALS_LABEL)))
        elif proposal.project_id not in (None, current.id if current else None):
            problems.append(FieldProblem("proposal_ids", translate("已关联到另一个立项"), "project", i,
                                         translate(PROPOSALS_LABEL)))
    return plan_id


def save_project(session: Session, draft: ProjectDraft, project_id: str | None = None) -> str:
    """Create (project_id None) or update a project with its team and milestones.

    Raises ValidationError listing every problem; then nothing has been written.
    """
    current = get_project(session, project_id) if project_id else None
    problems: list[FieldProblem] = []
    values = cf.parse_section(pf.PROJECT, draft.fields, problems, creating=current is None)
    client_id = values.get("client_id", current.client_id if current else None)
    ensure_not_released(session, client_id, "project")
    if current is not None and client_id != current.client_id:
        problems.append(FieldProblem("client_id", translate("立项建立后不能更换客户"), "project", None, translate("客户")))
    elif client_id:
        client = session.get(Client, client_id)
        if client is None or client.deleted_at is not None:
            problems.append(FieldProblem("client_id", translate("找不到该客户"), "project", None, translate("客户")))
    if current is not None:
        if pf.ProjectStatus(current.status).ended:
            problems.append(FieldProblem("status", translate("项目已结束，不能再修改"), "project", None, translate("状态")))
        elif not pf.ProjectStatus(current.status).proposal_editable:
            for key in sorted(pf.PROPOSAL_TEXT_FIELDS & values.keys()):
                if cf.parse_value(pf.PROJECT.field(key), getattr(current, key)) != values[key]:
                    problems.append(FieldProblem(
                        key, translate("立项建议书{status}，内容不能修改").format(status=pf.status_label(current.status)),
                        "project", None, pf.PROJECT.field(key).label))
    plan_id = _check_links(session, draft, client_id, current, problems)
    members = milestones = None
    if draft.members is not None:
        members = _parse_rows(pf.MEMBER, draft.members, pf.MAX_MEMBERS,
                              _active(session, ProjectMember, project_id), problems)
    if draft.milestones is not None:
        milestones = _parse_rows(pf.MILESTONE, draft.milestones, pf.MAX_MILESTONES,
                                 _active(session, ProjectMilestone, project_id), problems)
    if problems:
        raise ValidationError(problems)

    if current is None:
        project = Project(**values)
        session.add(project)
    else:
        project = current
        for key, value in values.items():
            setattr(project, key, value)
    project.development_plan_id = plan_id
    session.flush()
    if members is not None:
        _replace_rows(session, ProjectMember, project.id, members, ordered=True)
    if milestones is not None:
        _replace_rows(session, ProjectMilestone, project.id, milestones, ordered=False)
    if draft.proposal_ids is not None:
        _link_proposals(session, project, draft.proposal_ids)
    session.flush()
    return project.id


def _replace_rows(session: Session, model: Any, project_id: str, rows: list[dict[str, Any]],
                  ordered: bool) -> None:
    existing = _active(session, model, project_id)
    kept = set()
    for position, row in enumerate(rows):
        values = dict(row)
        row_id = values.pop("id", None)
        if ordered:
            values["sort_order"] = position
        record = existing.get(row_id) if row_id else None
        if record is None:
            session.add(model(project_id=project_id, **values))
            continue
        kept.add(row_id)
        for key, value in values.items():
            setattr(record, key, value)
    now = utcnow()
    for row_id, record in existing.items():
        if row_id not in kept:
            record.deleted_at = now


def _link_proposals(session: Session, project: Project, proposal_ids: list[str]) -> None:
    wanted = set(proposal_ids)
    for proposal in session.scalars(select(Proposal).where(Proposal.project_id == project.id)):
        if proposal.id not in wanted:
            proposal.project_id = None
    for proposal_id in wanted:
        session.get(Proposal, proposal_id).project_id = project.id


# --------------------------------------------------------------------------- status and log

def change_status(session: Session, project_id: str, to_status: str, note: str = "",
                  on: date | None = None) -> Project:
    """Move a project to `to_status` if the move is legal; the move is written to the
    project log (who, when, note) and an approval or rejection records the decider.
    Submitting asks for a 组长 in the team and a title."""
    project = get_project(session, project_id)
    actor = session.info.get(ACTOR_KEY, "")
    problems = []
    if not pf.ProjectStatus(project.status).can_move_to(to_status):
        problems.append(FieldProblem(
            "status", translate("不能从“{before}”改为“{after}”").format(before=pf.status_label(project.status), after=pf.status_label(to_status)),
            "project", None, translate("状态")))
    elif to_status == pf.ProjectStatus.SUBMITTED and not any(m.role == "leader" for m in project.members):
        problems.append(FieldProblem("members", translate("提交审批前请在项目小组中指定组长"), "members",
                                     None, pf.MEMBER.label))
    try:
        note = cf.parse_value(pf.LOG.field("text"), note) if note else ""
    except cf.FieldValueError as exc:
        problems.append(FieldProblem("note", str(exc), "project", None, translate("说明")))
    if problems:
        raise ValidationError(problems)
    before = project.status
    project.status = to_status
    if pf.ProjectStatus(to_status).is_decision:
        project.decided_by = actor
        project.decided_at = utcnow()
    text = translate("状态：{before} → {after}").format(before=pf.status_label(before), after=pf.status_label(to_status))
    session.add(ProjectLog(project_id=project.id, log_date=on or clock.today(),
                           text=translate("{text}。{note}").format(text=text, note=note) if note else text, author=actor))
    session.flush()
    return project


def add_log(session: Session, project_id: str, fields: dict[str, Any]) -> str:
    """Add one entry to a project's log (not to a closed project); returns its id."""
    project = get_project(session, project_id)
    problems: list[FieldProblem] = []
    values = cf.parse_section(pf.LOG, {"author": session.info.get(ACTOR_KEY, ""), **fields}, problems)
    if pf.ProjectStatus(project.status).ended:
        problems.append(FieldProblem("status", translate("项目已结束，不能再记日志"), "logs", None, translate("状态")))
    if problems:
        raise ValidationError(problems)
    log = ProjectLog(project_id=project.id, **values)
    session.add(log)
    session.flush()
    return log.id


def delete_project(session: Session, project_id: str) -> None:
    """Tombstone a project with its team, milestones and log; its proposals are unlinked."""
    project = get_project(session, project_id)
    now = utcnow()
    for model in (ProjectMember, ProjectMilestone, ProjectLog):
        for record in _active(session, model, project.id).values():
            record.deleted_at = now
    _link_proposals(session, project, [])
    project.deleted_at = now
    session.flush()


# --------------------------------------------------------------------------- reading

def get_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError(translate("找不到立项 {project_id}").format(project_id=project_id))
    return project


def get_project_view(session: Session, project_id: str) -> ProjectView:
    project = get_project(session, project_id)
    proposals = list(session.scalars(select(Proposal).where(
        Proposal.project_id == project.id, Proposal.deleted_at.is_(None))
        .order_by(Proposal.created_at)))
    plan = session.get(DevelopmentPlan, project.development_plan_id) \
        if project.development_plan_id else None
    return ProjectView(project=project, client=project.client, members=list(project.members),
                       milestones=list(project.milestones), logs=list(project.logs),
                       proposals=proposals,
                       development_plan=plan if plan is not None and plan.deleted_at is None
                       else None)


def list_projects(session: Session, client_id: str | None = None) -> list[ProjectRow]:
    """Every project (or one client's), newest change first."""
    query = (select(Project, Client.name).join(Client, Client.id == Project.client_id)
             .where(Project.deleted_at.is_(None)).order_by(Project.updated_at.desc())
             .options(selectinload(Project.members), selectinload(Project.milestones)))
    if client_id:
        query = query.where(Project.client_id == client_id)
    rows = []
    for project, client_name in session.execute(query):
        members = project.members
        rows.append(ProjectRow(
            id=project.id, client_id=project.client_id, client=client_name, title=project.title,
            status=project.status, status_label=pf.status_label(project.status),
            leader=translate("、").join(m.name for m in members if m.role == "leader"),
            members=len(members), expected_scale=project.expected_scale,
            expected_income=project.expected_income,
            open_milestones=sum(1 for m in project.milestones if m.status == pf.MilestoneStatus.OPEN),
            updated_at=project.updated_at))
    return rows


def linkable_plans(session: Session, client_id: str) -> list[DevelopmentPlan]:
    """The client's development plans a project may be linked to."""
    return list(session.scalars(select(DevelopmentPlan).where(
        DevelopmentPlan.client_id == client_id, DevelopmentPlan.deleted_at.is_(None))
        .order_by(DevelopmentPlan.created_at)))


def linkable_proposals(session: Session, client_id: str, project_id: str | None) -> list[Proposal]:
    """The client's proposals that are free or already linked to this project."""
    query = select(Proposal).where(Proposal.client_id == client_id,
                                   Proposal.deleted_at.is_(None)).order_by(Proposal.created_at)
    return [p for p in session.scalars(query) if p.project_id in (None, project_id)]


def project_fields_of(project: Project) -> dict[str, Any]:
    """The stored proposal fields of a project, keyed as ProjectDraft.fields."""
    values = {spec.key: getattr(project, spec.key) for spec in pf.PROJECT.fields}
    values["development_plan_id"] = project.development_plan_id or ""
    return values


@dataclass(frozen=True)
class ProjectEditorView:
    """A project as the editor shows it, in plain values (rows as dicts, the log as
    (date, text, author)), with whether it still accepts changes."""

    project_id: str
    client_id: str
    client_name: str
    status: str
    fields: dict[str, Any]
    members: tuple[dict[str, Any], ...]
    milestones: tuple[dict[str, Any], ...]
    logs: tuple[tuple[date, str, str], ...]
    linked_proposals: frozenset[str]
    development_plan_id: str | None
    accepts_changes: bool


def project_editor_view(session: Session, project_id: str) -> ProjectEditorView:
    view = get_project_view(session, project_id)
    project = view.project
    return ProjectEditorView(
        project.id, view.client.id, view.client.name, project.status, project_fields_of(project),
        tuple({"id": m.id, "name": m.name, "role": m.role, "department": m.department,
               "phone": m.phone} for m in view.members),
        tuple({"id": m.id, "title": m.title, "due_date": m.due_date, "status": m.status,
               "done_on": m.done_on} for m in view.milestones),
        tuple((log.log_date, log.text, log.author) for log in view.logs),
        frozenset(p.id for p in view.proposals), project.development_plan_id,
        not pf.ProjectStatus(project.status).ended)


@dataclass(frozen=True)
class LinkChoices:
    """What a project of a client may link to: development plans (id, first line of the
    target) and proposals (id, title, status)."""

    plans: tuple[tuple[str, str], ...]
    proposals: tuple[tuple[str, str, str], ...]


def link_choices(session: Session, client_id: str | None, project_id: str | None) -> LinkChoices:
    if not client_id:
        return LinkChoices((), ())
    return LinkChoices(
        tuple((plan.id, plan.target.splitlines()[0][:40] if plan.target else "—")
              for plan in linkable_plans(session, client_id)),
        tuple((p.id, p.title, p.status) for p in linkable_proposals(session, client_id, project_id)))


def report_file_title(session: Session, project_id: str) -> str:
    """The project's title, for the printed 立项建议书's file name."""
    return get_project(session, project_id).title
