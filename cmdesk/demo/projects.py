"""Demo large-client projects (大型客户立项): a few company clients — prospects with a
development plan first, then core clients — each with a project proposal, a team,
milestones, a log and a path through approval, linked to the client's development
plan and to a free proposal of the client when there is one. Made through the project
service, so every record is valid and every status change is logged.

Deterministic for a seed: the same clients (in the order they were made), texts,
amounts and paths.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from cmdesk.domain import project_fields as pf
from cmdesk.models import Client
from cmdesk.services import projects
from cmdesk.storage.db import Database

MAX_PROJECTS = 5
# the status moves each demo project makes, in turn
PATHS = (
    ("submitted", "approved"),
    ("submitted",),
    (),
    ("submitted", "rejected"),
    ("submitted", "approved", "closed"),
)
SUBJECTS = ("集团现金管理及结算项目", "供应链融资合作项目", "代发工资及员工综合金融项目",
            "项目贷款及配套结算项目", "跨境结算及汇率避险项目")
PEOPLE = (("陈建国", "leader", "公司业务部"), ("刘洋", "product", "交易银行部"),
          ("周敏", "product", "授信审批部"), ("黄磊", "support", "运营管理部"),
          ("吴婷", "support", "公司业务部"))
MILESTONES = ("高层拜访，确认合作意向", "提交综合授信申请", "方案报价及谈判", "签署合作协议",
              "系统对接上线")
LOGS = ("与客户财务总监会谈，了解资金结算现状", "内部碰头会，明确分工与时间表",
        "向客户介绍现金管理产品，客户反馈积极", "收到客户提供的财务报表，转授信部门初审",
        "与他行报价对比，调整定价策略")


def _candidates(session, client_ids: list[str]) -> list[Client]:
    clients = [c for c in (session.get(Client, i) for i in client_ids)
               if c is not None and c.kind == "company"]
    with_plan = [c for c in clients if projects.linkable_plans(session, c.id)]
    core = [c for c in clients if c.tier == "核心" and c not in with_plan]
    return (with_plan + core)[:MAX_PROJECTS]


def generate_projects(db: Database, client_ids: list[str], *, seed: int, today: date,
                      actor: str) -> int:
    """Add the demo projects; returns how many were made."""
    rng = random.Random(seed * 104_729 + 5)
    made = 0
    with db.transaction(actor) as session:
        for n, client in enumerate(_candidates(session, client_ids)):
            start = today - timedelta(days=rng.randint(30, 120))
            plans = projects.linkable_plans(session, client.id)
            free = projects.linkable_proposals(session, client.id, None)
            scale = Decimal(rng.randint(5, 80) * 10_000_000)
            dues = [start + timedelta(days=30 * (i + 1)) for i in range(3 + n % 3)]
            members = [{"name": name, "role": role, "department": department}
                       for name, role, department in PEOPLE[: 3 + n % 3]]
            members.insert(1, {"name": actor or "客户经理", "role": "relationship",
                               "department": client.region or "公司业务部"})
            project_id = projects.save_project(session, projects.ProjectDraft(
                fields={
                    "client_id": client.id, "title": f"{client.name}{SUBJECTS[n % len(SUBJECTS)]}",
                    "opportunity": f"{client.name}业务扩张，资金结算和融资需求明显增加，"
                                   "有意选择一家主办银行。",
                    "expected_scale": scale,
                    "expected_income": (scale * Decimal("0.012")).quantize(Decimal("0.01")),
                    "competitors": "工商银行、招商银行已提供授信和结算服务",
                    "strategy": "以现金管理切入，带动存款沉淀和代发业务，逐步争取主办行地位。",
                    "resources": "分行授信审批绿色通道；交易银行部产品经理驻点支持；优惠定价授权",
                    "risks": "客户负债率偏高，需关注应收账款质量；他行可能降价竞争。",
                    "development_plan_id": plans[0].id if plans else "",
                },
                members=members,
                milestones=[{"title": MILESTONES[i], "due_date": due,
                             "status": "done" if due < today else "open",
                             "done_on": due if due < today else None}
                            for i, due in enumerate(dues)],
                proposal_ids=[free[0].id] if free else []))
            day = start
            for text in rng.sample(LOGS, 3):
                day += timedelta(days=rng.randint(3, 12))
                projects.add_log(session, project_id, {"log_date": min(day, today), "text": text})
            notes = {"approved": "同意立项，按计划推进", "rejected": "预计收益偏低，请补充测算后再报",
                     "closed": "项目已签约落地，转入日常维护"}
            for move in PATHS[n % len(PATHS)]:
                day += timedelta(days=rng.randint(2, 7))
                on = min(day, today)
                approval = {"decided_by": "陈立新", "approver_position": "分管副行长",
                            "decided_on": on,
                            "approval_no": f"立项批复〔{on.year}〕{made + 1}号"}
                projects.change_status(session, project_id, move, notes.get(move, ""), on=on,
                                       approval=approval if pf.ProjectStatus(move).is_decision
                                       else None)
            made += 1
    return made
