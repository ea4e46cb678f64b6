"""Demo week and month plans, made from the demo diary so plan vs actual looks real.

For the past weeks each plan holds some of the week's actual contacts (done, linked to
their diary entries), clients that were planned but not reached (carried over to the next
week, or dropped with a reason) and internal work; the contacts left out show as
unplanned. This week's plan is done up to today, and next week's plan is built from the
clients overdue for contact, as the manager would on a Friday. Month plans set goals for
the months around today. Items are written as they end up (ids given up front, no flush
before their status is settled), so the history holds no made-up edits. Deterministic
for a seed and a given today.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk import workdays
from cmdesk.domain import diary_fields as df
from cmdesk.domain import plan_fields as pf
from cmdesk.models import (
    Client,
    DiaryEntry,
    MonthPlan,
    PlanItem,
    Product,
    WeekPlan,
    new_id,
)
from cmdesk.services import cadence, plans
from cmdesk.storage.db import Database

PAST_WEEKS = 8
DONE_PER_WEEK = (5, 9)  # actual contacts taken into a past week's plan
MISSED_PER_WEEK = (1, 3)  # planned clients not reached
NEXT_WEEK_ITEMS = 10
PURPOSE_OF_KIND = {"visit": ("maintain", "marketing", "follow_up"), "call": ("maintain",),
                   "meeting": ("marketing",), "post_loan": ("post_loan",)}
OUTCOMES = {
    "maintain": ["了解近期经营与资金情况", "按联系频次回访，了解近况与需求", "维护关系，听取对我行服务的意见"],
    "marketing": ["推介代发工资，争取本月签约", "推荐结构性存款，争取新增存款", "介绍供应链融资方案"],
    "follow_up": ["回复上次提出的问题，确认办理结果"],
    "post_loan": ["完成季度贷后检查，核实资金用途"],
    "prospect": ["初次拜访，了解开户意向"],
}
DROP_REASONS = ["客户出差，改约时间", "客户暂无时间，下月再约", "临时参加分行会议", "客户已由同事对接"]
INTERNAL_WORK = [("部门周例会", "internal"), ("整理授信材料", "internal"), ("分行产品培训", "internal")]
MONTH_GOALS = ["代发工资新增 2 户", "结构性存款新增 500 万元", "贷后检查全部按期完成",
               "拓展园区新客户", "重点客户全部走访一遍"]


def _week_entries(session: Session, monday: date, sunday: date) -> list[tuple[str, str, date, str]]:
    """The week's contact entries (id, client id, date, kind) in a stable order."""
    rows = session.execute(
        select(DiaryEntry.id, DiaryEntry.client_id, DiaryEntry.entry_date, DiaryEntry.kind)
        .join(Client, Client.id == DiaryEntry.client_id)
        .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.kind.in_(df.CONTACT_KINDS),
               DiaryEntry.entry_date >= monday, DiaryEntry.entry_date <= sunday)
        .order_by(DiaryEntry.entry_date, DiaryEntry.start_time, Client.name, DiaryEntry.content))
    return [tuple(row) for row in rows]


class _Planner:
    def __init__(self, session: Session, seed: int, today: date):
        self.session = session
        self.rng = random.Random(seed * 7919 + 4)
        self.today = today
        self.products = list(session.scalars(select(Product.id).where(
            Product.deleted_at.is_(None)).order_by(Product.code)))
        self.clients = list(session.scalars(select(Client.id).where(
            *cadence.active_client_conditions()).order_by(Client.name)))

    def item(self, plan: WeekPlan, order: int, purpose: str, **fields) -> PlanItem:
        products = []
        if purpose == "marketing" and self.products:
            products = self.rng.sample(self.products, min(len(self.products), self.rng.randint(1, 2)))
        defaults = {"status": "planned", "reason": "",
                    "priority": self.rng.choice(("high", "normal", "normal", "low"))}
        item = PlanItem(id=new_id(), plan_id=plan.id, purpose=purpose, sort_order=order,
                        products=json.dumps(products),
                        expected_outcome=self.rng.choice(OUTCOMES.get(purpose, [""])),
                        **{**defaults, **fields})
        self.session.add(item)
        return item

    def workday_in(self, monday: date) -> date:
        days = workdays.workdays_between(monday, monday + timedelta(days=6)) or [monday]
        return self.rng.choice(days)

    def week(self, week: str, carried: list[PlanItem], past: bool) -> list[PlanItem]:
        """One week's plan; returns the items left open (to carry to the next week)."""
        monday, sunday = plans.week_bounds(week)
        plan = WeekPlan(id=new_id(), week=week, notes=self.rng.choice(MONTH_GOALS))
        self.session.add(plan)
        entries = [e for e in _week_entries(self.session, monday, sunday) if e[2] <= self.today]
        # about a quarter of the week's contacts stay unplanned
        count = min(self.rng.randint(*DONE_PER_WEEK), len(entries) * 3 // 4)
        taken = self.rng.sample(entries, count)
        taken.sort(key=lambda e: (e[2], entries.index(e)))
        items: list[PlanItem] = []
        for source in carried:
            items.append(self.item(plan, len(items), source.purpose, client_id=source.client_id,
                                   planned_date=source.planned_date + timedelta(weeks=1),
                                   carried_from_id=source.id))
        met = {e[1] for e in taken}
        for entry_id, client_id, day, kind in taken:
            if any(i.client_id == client_id for i in items):
                continue
            items.append(self.item(plan, len(items), self.rng.choice(PURPOSE_OF_KIND[kind]),
                                   client_id=client_id, planned_date=day, status="done",
                                   entry_id=entry_id))
        contacted = {e[1] for e in entries}
        missed = [c for c in self.rng.sample(self.clients, min(len(self.clients), 20))
                  if c not in contacted and c not in met][:self.rng.randint(*MISSED_PER_WEEK)]
        for client_id in missed:
            items.append(self.item(plan, len(items), self.rng.choice(("maintain", "marketing")),
                                   client_id=client_id, planned_date=self.workday_in(monday)))
        title, purpose = self.rng.choice(INTERNAL_WORK)
        items.append(self.item(plan, len(items), purpose, title=title,
                               planned_date=self.workday_in(monday),
                               status="done" if past else "planned"))
        for item in items:  # carried items contacted this week are done by their entry
            entry = next((e for e in entries if e[1] == item.client_id), None)
            if item.status == "planned" and entry is not None and item.client_id:
                item.status, item.entry_id = "done", entry[0]
        if not past:
            return []
        open_items = [i for i in items if i.status == "planned"]
        carry = []
        for item in open_items:
            if self.rng.random() < 0.7 and item.planned_date is not None:
                item.status, item.reason = "moved", pf.CARRIED_OVER_REASON
                carry.append(item)
            else:
                item.status, item.reason = "dropped", self.rng.choice(DROP_REASONS)
        return carry

    def next_week(self, week: str) -> None:
        plan = WeekPlan(id=new_id(), week=week, notes="周五已整理，发送主管")
        self.session.add(plan)
        monday, _sunday = plans.week_bounds(week)
        due = cadence.contact_status(self.session, monday, horizon_days=6)[:NEXT_WEEK_ITEMS]
        for order, contact in enumerate(due):
            self.item(plan, order, "maintain" if order % 3 else "marketing",
                      client_id=contact.client_id, planned_date=self.workday_in(monday),
                      priority="high" if contact.days_overdue > 0 else "normal")
        title, purpose = self.rng.choice(INTERNAL_WORK)
        self.item(plan, len(due), purpose, title=title, planned_date=self.workday_in(monday))

    def month(self, month: str) -> None:
        self.session.add(MonthPlan(
            month=month, goal_new_clients=self.rng.randint(2, 6),
            goal_visits=self.rng.randint(15, 30), goal_products=self.rng.randint(3, 8),
            goals_text="；".join(self.rng.sample(MONTH_GOALS, 2)), notes=""))


def generate_plans(db: Database, seed: int, today: date, actor: str) -> int:
    """Week plans for the past weeks, this week and next week, and month plans for the
    months around today, on a desk that has none yet; returns how many week plans."""
    this_week = plans.week_of(today)
    with db.transaction(actor) as session:
        if session.scalar(select(WeekPlan.id).limit(1)) is not None:
            return 0
        planner = _Planner(session, seed, today)
        carried: list[PlanItem] = []
        for back in range(PAST_WEEKS, 0, -1):
            carried = planner.week(plans.shift_week(this_week, -back), carried, past=True)
        planner.week(this_week, carried, past=False)
        planner.next_week(plans.shift_week(this_week, 1))
        month = plans.month_of(today)
        for shift in (-2, -1, 0, 1):
            planner.month(plans.shift_month(month, shift))
    return PAST_WEEKS + 2
