"""Demo data for development plans, strategy plans and the task book: development plans
with milestones for prospects, relationship strategy plans for key clients (last year's
closed, this year's open) and this year's task book with monthly actuals.

Deterministic for a seed and a today. Records are written once, with no later edit (so
re-saving demo records changes nothing), through the services where they exist; last
year's closed strategy plan is written as it was closed. The demo's client files are
opened in the past, so their service lines are dated with the file (the task book counts
products landed by when a line became adopted).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cmdesk.domain import task_book as tb
from cmdesk.models import (
    Client,
    Product,
    ServiceStatus,
    StrategyChallenge,
    StrategyPlan,
    StrategyPlanRow,
    new_id,
)
from cmdesk.services import development, strategy, task_book
from cmdesk.storage.db import Database

KEY_CLIENTS = 8  # key clients given strategy plans
PROSPECTS = 10  # prospects given development plans
ID_CHUNK = 500

TARGETS = {"deposit_daily_avg": 8000, "deposit_new": 3000, "loan_balance": 12000, "loan_new": 4000,
           "loan_recovery_rate": 98, "fee_income": 150, "products_landed": 60}
DEV_TARGETS = ["开立基本结算账户并办理代发工资", "争取流动资金贷款授信", "承接企业年金与员工理财",
               "拿下进出口结算和结售汇业务", "成为主办银行"]
DEV_STRATEGIES = ["以代发工资切入，带动员工个人业务", "联合公司业务部上门，提供一揽子融资方案",
                  "借助行内推荐客户的关系，先做结算后做授信", "以供应链金融服务其上下游"]
DEV_MEASURES = ["每两周拜访一次财务总监；提供同业比价；月底前提交方案",
                "安排产品经理联合拜访；申请优惠定价；跟踪开户进度"]
MILESTONES = ["首次拜访决策人", "了解财务需求", "提交合作方案", "定价审批", "开户签约", "首笔业务落地"]
DEPARTMENTS = ["公司业务部", "个人金融部", "国际业务部", "运营管理部", "授信审批部"]
PEOPLE = ["李明", "张伟", "刘洋", "陈静", "黄磊"]
NEEDS = ["流动资金周转", "员工代发工资", "闲置资金理财", "进出口结算", "票据贴现", "设备购置融资"]
METHODS = ["联合产品经理上门讲解", "结合年度授信一并办理", "以优惠定价吸引迁移", "举办专场说明会"]
CHALLENGES = [("他行竞争", "他行以更低利率争夺授信份额", "综合定价、以结算和代发锁定客户", "每季度复盘"),
              ("客户经营", "行业下行，订单减少，现金流承压", "加强贷后检查，关注应收账款", "每月跟踪"),
              ("人员变动", "客户财务负责人可能更换", "提前建立与新任负责人的联系", "半年内"),
              ("监管政策", "行业融资政策收紧", "及时调整授信结构", "全年")]


@dataclass
class StrategyDemoSummary:
    development_plans: int = 0
    strategy_plans: int = 0
    indicators: int = 0


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i:i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def _date_services_with_files(session: Session, client_ids: list[str]) -> None:
    """The demo's service lines were on the file when it was opened (a date only: no
    change of what the manager wrote, so no history line)."""
    opened = select(Client.created_at).where(Client.id == ServiceStatus.client_id).scalar_subquery()
    for chunk in _chunks(client_ids):
        session.execute(update(ServiceStatus).where(ServiceStatus.client_id.in_(chunk))
                        .values(created_at=opened).execution_options(synchronize_session=False))


def _clients(session: Session, client_ids: list[str]) -> list[Client]:
    found: list[Client] = []
    for chunk in _chunks(client_ids):
        found += session.scalars(select(Client).where(Client.id.in_(chunk)))
    order = {client_id: i for i, client_id in enumerate(client_ids)}
    return sorted(found, key=lambda client: order[client.id])


def _development_plans(session: Session, rng: random.Random, prospects: list[Client],
                       today: date) -> int:
    for client in prospects:
        start = today - timedelta(days=rng.randint(20, 90))
        titles = MILESTONES[:rng.randint(3, len(MILESTONES))]
        milestones = []
        for i, title in enumerate(titles):
            due = start + timedelta(days=14 * (i + 1))
            done = due < today and rng.random() < 0.8
            milestones.append({"title": title, "due_date": due,
                               "status": "done" if done else ("missed" if due < today else "open"),
                               "done_on": due - timedelta(days=rng.randint(0, 5)) if done else None})
        development.save_plan(session, client.id, development.PlanDraft(fields={
            "target": rng.choice(DEV_TARGETS), "strategy": rng.choice(DEV_STRATEGIES),
            "measures": rng.choice(DEV_MEASURES),
            "resource_departments": "、".join(rng.sample(DEPARTMENTS, 2)),
            "resource_people": "、".join(rng.sample(PEOPLE, 2)),
            "pricing_approval": rng.choice(["贷款利率下浮需分行审批", "代发手续费减免", ""]),
            "target_date": start + timedelta(days=14 * (len(titles) + 2))}, milestones=milestones))
    return len(prospects)


def _plan_rows(rng: random.Random, products: list[Product], year: int) -> tuple[list[dict], list[dict]]:
    rows = [{"need": need, "product_id": rng.choice(products).id if products else None,
             "department": rng.choice(DEPARTMENTS), "person": rng.choice(PEOPLE),
             "planned_time": f"{year}年{'一二三四'[rng.randint(0, 3)]}季度",
             "method": rng.choice(METHODS), "expected_income": Decimal(rng.randint(2, 60) * 10_000)}
            for need in rng.sample(NEEDS, rng.randint(2, 4))]
    challenges = [dict(zip(("source", "content", "prevention", "timetable"), item, strict=True))
                  for item in rng.sample(CHALLENGES, rng.randint(1, 3))]
    return rows, challenges


def _strategy_plans(session: Session, rng: random.Random, key_clients: list[Client],
                    products: list[Product], today: date) -> int:
    """Last year's plan, closed at the year's end (written as it was: sections 1–7 frozen
    in one go, no later edit), and this year's open plan through the service."""
    for client in key_clients:
        summary = f"巩固{client.name}的结算主办行地位，扩大授信和中间业务合作。"
        last_year = today.year - 1
        rows, challenges = _plan_rows(rng, products, last_year)
        closed = StrategyPlan(id=new_id(), client_id=client.id, year=last_year, summary=summary,
                              snapshot=strategy.frozen_sections(session, client.id),
                              closed_at=datetime(last_year, 12, 31, 8))
        session.add(closed)
        session.add_all([StrategyPlanRow(plan_id=closed.id, sort_order=i, **row) for i, row in enumerate(rows)])
        session.add_all([StrategyChallenge(plan_id=closed.id, sort_order=i, **item)
                         for i, item in enumerate(challenges)])
        rows, challenges = _plan_rows(rng, products, today.year)
        strategy.save_plan(session, client.id, strategy.StrategyDraft(
            fields={"year": today.year, "summary": summary}, rows=rows, challenges=challenges))
    return 2 * len(key_clients)


def _task_book(session: Session, rng: random.Random, today: date) -> int:
    year = today.year
    last_visits = sum(task_book.visits_by_month(session, year - 1).values(), Decimal(0))
    opened = sum(task_book.new_clients_by_month(session, year - 1).values(), Decimal(0))
    targets = dict(TARGETS, visits=max(int(last_visits * Decimal("1.1")), 60),
                   new_clients=max(int(opened * Decimal("1.2")), 25))
    task_book.save_book_header(session, year, source="supervisor", issued_by="支行行长",
                               notes="年初下达，按季考核")
    for item in tb.STANDARD_INDICATORS:
        task_book.set_target(session, year, item.key, str(targets[item.key]))
        if item.computed:
            continue
        target = Decimal(targets[item.key])
        months = {}
        for month in range(1, today.month + 1):
            if item.key == "loan_recovery_rate":
                value = Decimal(rng.randint(960, 1000)) / 10
            elif item.measure == tb.LEVEL:
                value = target * Decimal(78 + 2 * month + rng.randint(-3, 3)) / 100
            else:
                value = target / 12 * Decimal(rng.randint(60, 125)) / 100
            months[month] = value.quantize(Decimal("0.01"))
        task_book.set_actuals(session, year, item.key, months)
    return len(tb.STANDARD_INDICATORS)


def generate_strategy_demo(db: Database, client_ids: list[str], *, seed: int, today: date,
                           actor: str) -> StrategyDemoSummary:
    """Plans for some of the demo clients (`client_ids`, in the order they were made) and
    this year's task book (when the desk has none yet)."""
    rng = random.Random(seed * 7919 + 4)
    summary = StrategyDemoSummary()
    with db.transaction(actor) as session:
        _date_services_with_files(session, client_ids)
    with db.transaction(actor) as session:
        clients = _clients(session, client_ids)
        products = list(session.scalars(select(Product).where(Product.deleted_at.is_(None))
                                        .order_by(Product.code)))
        key_clients = [c for c in clients if c.tier == "核心" and c.status != "prospect"][:KEY_CLIENTS]
        prospects = [c for c in clients if c.status == "prospect"][:PROSPECTS]
        summary.development_plans = _development_plans(session, rng, prospects, today)
        summary.strategy_plans = _strategy_plans(session, rng, key_clients, products, today)
    with db.transaction(actor) as session:
        if task_book.get_book(session, today.year) is None:
            summary.indicators = _task_book(session, rng, today)
    return summary
