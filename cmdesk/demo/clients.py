"""The demo book: a customer manager's Chinese companies and individuals, with their
whole files and about two years of diary: contacts by tier, post-loan checks, visit reports,
follow-ups, internal work and training, up to today.

Deterministic for a seed (and a given today). Codes carry valid check characters
(统一社会信用代码 per GB 32100, 身份证号 per GB 11643), so the data passes the desk's
own validation. Records go through the ORM in batches, so the change log and history
are written exactly as for a manager's own edits; 100,000 clients work.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc
from stdnum.iso7064 import mod_11_2

from cmdesk.domain.diary_fields import DEFAULT_CADENCE_DAYS
from cmdesk.models import (
    BusinessLine,
    Client,
    ClientLink,
    Contact,
    DiaryEntry,
    FollowUp,
    OtherBank,
    Product,
    ServiceStatus,
    ValueItem,
    VisitReport,
    new_id,
)
from cmdesk.services.clients import build_search_text, pinyin_of
from cmdesk.services.settings import Profile, get_profile, get_tiers, save_profile
from cmdesk.storage.db import Database

CITIES = [("厦门", "350200", "福建"), ("福州", "350100", "福建"), ("泉州", "350500", "福建"),
          ("漳州", "350600", "福建"), ("上海", "310100", "上海"), ("深圳", "440300", "广东"),
          ("广州", "440100", "广东"), ("杭州", "330100", "浙江"), ("宁波", "330200", "浙江"),
          ("南京", "320100", "江苏"), ("苏州", "320500", "江苏"), ("成都", "510100", "四川"),
          ("武汉", "420100", "湖北"), ("北京", "110100", "北京"), ("天津", "120100", "天津")]
TRADE_CHARS = "鹭易华信恒达兴盛宏远金海泰丰瑞祥鑫源嘉禾永安德隆万通联创新佳明辉中天正大凯旋博雅聚优" \
              "云帆星辰汇丰集美同安海沧湖里思明翔鹏腾飞锦绣长城东方南山北辰西湖百川千禧"
INDUSTRIES = [("科技", "信息技术"), ("贸易", "批发零售"), ("建材", "建筑建材"), ("物流", "交通物流"),
              ("食品", "食品饮料"), ("医药", "医药卫生"), ("机械", "装备制造"), ("电子", "电子制造"),
              ("纺织", "纺织服装"), ("置业", "房地产"), ("能源", "能源化工"), ("餐饮", "住宿餐饮")]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文辉鹏飞雪梅晓东海燕春林小云"
POSITIONS = [("董事长", "最终决策"), ("总经理", "经营决策"), ("财务总监", "资金与融资决策"),
             ("财务经理", "日常结算、账户"), ("出纳", "日常收付"), ("人力资源经理", "代发工资选择")]
OTHER_BANKS = ["工商银行", "建设银行", "农业银行", "中国银行", "招商银行", "兴业银行", "浦发银行"]
SOURCES = ["陌生拜访", "客户介绍", "行内推荐", "网点转介", "政府平台", "展会"]
TIER_WEIGHTS = (10, 25, 65)
MOBILE_PREFIXES = ["138", "139", "136", "137", "150", "151", "158", "186", "187", "189", "133", "177"]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DEMO_PROFILE = Profile(name="王芳", employee_id="E1024", grade="客户经理",
                       branch="厦门分行营业部", supervisor="陈建国", phone="0592-5061234",
                       email="wangfang@xmbank.example")
BATCH = 2000

# --- the diary -------------------------------------------------------------------------
HISTORY_DAYS = 730  # about two years of diary
FLUSH_EVERY = 100  # clients whose diary is flushed together (keeps memory flat)
TODAY_CONTACTS = 3  # top-tier clients contacted today, so the Today view has a day in it
# gap between two contacts, as a share of the tier's cadence (some drift past it)
GAP_SHARE = (0.4, 1.15)
POST_LOAN_DAYS = 90  # post-loan checks roughly quarterly
VISIT_REPORT_SHARE = 0.3
IMPORTANT_CHANGE_SHARE = 0.06
FOLLOW_UP_SHARE = 0.3  # visits and meetings that raise something to chase
SETTLED_AFTER_DAYS = 30  # follow-ups this long past due are all closed; newer ones may lag
UNREPORTED_DAYS = 21  # flagged changes newer than this are not reported upward yet
KIND_WEIGHTS = {"visit": 40, "call": 45, "meeting": 15}
DURATIONS = {"visit": (30, 120), "call": (5, 20), "meeting": (60, 180), "post_loan": (60, 180),
             "internal": (30, 120), "training": (120, 240)}
PLACES = ["客户办公室", "客户会议室", "客户生产车间", "客户仓库", "我行营业部贵宾室"]
COLLEAGUES = ["产品经理李明", "风险经理张伟", "支行副行长刘洋", "国际业务部陈静", "运营主管黄磊"]
COMPANY_STATES = ["近期订单饱满", "上半年销售回款偏慢", "正在筹建新生产线", "主要客户集中在华东",
                  "原材料价格上涨挤压利润", "出口业务增长较快", "经营平稳", "计划明年扩大产能"]
PERSON_STATES = ["家庭资产配置以存款为主", "近期有一笔大额资金到期", "子女明年出国留学",
                 "关注稳健型理财", "经营的门店新开两家分店"]
VISIT_PURPOSES = ["例行走访，了解经营情况", "推荐{product}", "续贷前沟通，了解资金需求",
                  "节日走访问候", "了解新项目的融资需求", "回访上次提出的问题办理情况"]
CALL_PURPOSES = ["预约下周上门拜访", "提醒{product}即将到期", "确认{product}开户资料",
                 "回复客户咨询的{product}费率", "节日问候", "了解近期资金安排"]
MEETING_KINDS = ["年度合作洽谈会", "财务部门座谈会", "项目融资协调会", "银企对接会"]
CHECK_ITEMS = ["贷款资金用途和库存", "生产经营和纳税情况", "抵押物现状", "应收账款和主要客户",
               "财务报表和银行流水"]
CHECK_FINDINGS = ["资金按合同约定用途使用，未见异常", "经营正常，还款来源充足",
                  "库存较上季度增加，已提示控制存货", "抵押物状况良好，无查封", "销售回款放缓，需持续关注"]
OUTCOMES = ["客户对{product}有兴趣，同意提供近三年财务报表", "客户表示将内部讨论后答复",
            "已初步确定合作意向", "客户暂无新需求，保持联系", "客户认可方案，要求尽快报价",
            "客户希望费率再优惠一些"]
NEXT_STEPS = ["一周内提交{product}方案", "联系产品部门测算报价", "下月再次拜访", "准备授信申报材料",
              "邀请客户参加我行客户沙龙", "跟进客户内部审批进度", ""]
NEEDS = ["短期流动资金需求约 {amount} 万元", "员工约 {people} 人的代发工资", "闲置资金的理财需求",
         "进口付汇结算需求", "设备购置的中长期融资需求", "票据贴现需求"]
REACTIONS = ["客户表示认可，愿意进一步洽谈", "客户较为谨慎，需要内部讨论", "客户对价格敏感，要求对比他行报价",
             "客户需求明确，希望尽快出方案"]
SERVICE_VIEWS = ["对我行服务效率满意", "希望授信审批再快一些", "对客户经理的响应速度满意",
                 "建议优化企业网银的操作", "认为我行网点离公司较远，不够方便"]
IMPORTANT_CHANGES = ["公司法定代表人变更为{person}", "控股股东转让 51% 股权，实际控制人变更",
                     "涉及一宗约 1200 万元的买卖合同纠纷诉讼", "上年度亏损约 800 万元",
                     "公司整体搬迁至新厂区", "财务总监离职，由{person}接任",
                     "获得大额政府订单，预计收入增长四成"]
# what a client asks for, and the department that handles it
REQUESTS = [("申请提高网银单笔转账限额", "电子银行部"), ("咨询跨境人民币结算费率", "国际业务部"),
            ("希望下调流动资金贷款利率", "公司业务部"), ("开立投标保函", "公司业务部"),
            ("代发工资文件格式对接", "运营管理部"), ("申请增加银承授信额度", "风险管理部"),
            ("收单 POS 机具故障", "运营管理部"), ("咨询大额存单额度", "个人金融部"),
            ("账户年检资料补充", "运营管理部"), ("企业年金方案", "个人金融部")]
RESULTS = ["已办理完毕，客户确认", "经审批同意，按新标准执行", "部门答复暂不符合条件，已向客户解释",
           "已协调部门上门处理完毕", "已出具方案并送达客户"]
INTERNAL_WORK = ["参加支行晨会，通报本周营销进度", "部门例会：学习监管新规", "整理客户档案资料",
                 "撰写授信调查报告", "系统录入贷后检查报告", "准备月度客户维护计划", "配合审计部门检查"]
TRAININGS = ["参加分行组织的供应链金融产品培训", "参加反洗钱合规培训", "参加财富管理产品培训",
             "参加授信业务风险案例学习"]


@dataclass
class DemoSummary:
    clients: int
    contacts: int
    entries: int = 0
    visit_reports: int = 0
    follow_ups: int = 0


@dataclass(frozen=True)
class DemoBook:
    """The clients just made (ids in the order they were made) and the manager who made
    them: the plans, strategy, proposals and projects are built on them."""

    summary: DemoSummary
    client_ids: list[str]
    actor: str


@dataclass
class _Diary:
    """Diary records made but not yet written: entries go first, then their reports and
    follow-ups (the change log looks the entry up for their history lines)."""

    entries: list[DiaryEntry] = field(default_factory=list)
    dependents: list[VisitReport | FollowUp] = field(default_factory=list)

    def extend(self, other: _Diary) -> None:
        self.entries.extend(other.entries)
        self.dependents.extend(other.dependents)


def _celebrated_in(day: date, year: int) -> date:
    """The same month and day in another year (28 February for 29 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def _working_day(day: date) -> date:
    """The day itself, or the Monday after a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


class _Generator:
    def __init__(self, seed: int, tiers: tuple[str, ...], products: list[Product],
                 today: date, actor: str):
        self.rng = random.Random(seed)
        self.tiers = tiers
        self.products = products
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.loan_products = {p.id for p in products if p.category.startswith("资产")}
        self.today = today
        self.actor = actor
        self.today_contacts_left = TODAY_CONTACTS
        self.birthday_this_week_left = True

    def company_name(self) -> tuple[str, str, str]:
        rng = self.rng
        while True:
            city = rng.choice(CITIES)
            trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
            word, industry = rng.choice(INDUSTRIES)
            name = f"{city[0]}{trade}{word}{rng.choice(SUFFIXES)}"
            if name in self.names:
                name = f"{city[0]}{trade}{rng.choice(TRADE_CHARS)}{word}{rng.choice(SUFFIXES)}"
            if name not in self.names:
                self.names.add(name)
                return name, city[0], industry

    def person_name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def credit_code(self, region: str) -> str:
        while True:
            body = "91" + region + "".join(self.rng.choice(USCC_CHARS[:10] + "MA")
                                           for _ in range(9))
            body = body[:17]
            code = body + uscc.calc_check_digit(body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def id_number(self, region: str, born: date) -> str:
        while True:
            body = f"{region}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            code = body + mod_11_2.calc_check_digit(body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def birthday(self, young: int = 25, old: int = 60) -> date:
        return date(2026, 1, 1) - timedelta(days=self.rng.randrange(young * 365, old * 365))

    def client(self, index: int) -> tuple[Client, list]:
        rng = self.rng
        tier = rng.choices(self.tiers, weights=TIER_WEIGHTS[:len(self.tiers)] or None)[0] \
            if len(self.tiers) == 3 else rng.choice(self.tiers)
        status = rng.choices(["active", "prospect", "dormant", "lost"], weights=(75, 15, 7, 3))[0]
        city = rng.choice(CITIES)
        children: list = []
        if rng.random() < 0.8:
            name, city_name, industry = self.company_name()
            city = next(c for c in CITIES if c[0] == city_name)
            revenue = Decimal(rng.randrange(5, 500_000)) * Decimal(10_000)
            client = Client(kind="company", name=name, credit_code=self.credit_code(city[1]),
                            industry=industry, region=f"{city[2]}{city[0]}",
                            address=f"{city[0]}市{rng.choice(['思明区', '湖里区', '高新区', '开发区'])}"
                                    f"{rng.choice(TRADE_CHARS)}{rng.choice(TRADE_CHARS)}路{rng.randrange(1, 999)}号",
                            scale=rng.choice(["小微", "小型", "中型", "大型"]),
                            annual_revenue=revenue)
            for pos, (position, authority) in enumerate(rng.sample(POSITIONS, rng.randint(1, 3))):
                children.append(Contact(name=self.person_name(), position=position,
                                        authority=authority, phone=self.mobile(),
                                        birthday=self.birthday() if rng.random() < 0.6 else None,
                                        relation_method=rng.choice(["定期拜访", "节日问候", "业务往来", "高层互访"]),
                                        is_primary=pos == 0))
            for _ in range(rng.randint(1, 2)):
                children.append(BusinessLine(
                    nature=rng.choice(["主营产品销售", "进出口贸易", "工程承包", "技术服务", "物业租赁"]),
                    revenue_share=Decimal(rng.randrange(10, 90)),
                    profit_share=Decimal(rng.randrange(5, 90)),
                    current_state=rng.choice(["经营稳定", "快速增长", "订单下滑", "扩产中"]),
                    next_year_plan=rng.choice(["新建生产线", "开拓海外市场", "维持现有规模", "并购上游企业"]),
                    financing_needs=rng.choice(["流动资金 500 万", "固定资产贷款 3000 万", "暂无", "开立银承"])))
            for bank in rng.sample(OTHER_BANKS, rng.randint(0, 2)):
                children.append(OtherBank(
                    institution=bank, contact_person=self.person_name(),
                    products_terms=rng.choice(["基本户、流贷 LPR+50BP", "代发工资", "银承 保证金 30%"]),
                    why_chosen=rng.choice(["授信额度高", "网点近", "老关系", "利率低"]),
                    estimated_spend=Decimal(rng.randrange(1, 200)) * Decimal(10_000)))
        else:
            name = self.person_name()
            born = self.birthday(30, 70)
            client = Client(kind="individual", name=name, id_number=self.id_number(city[1], born),
                            industry=rng.choice(["私营企业主", "企业高管", "自由职业", "退休"]),
                            region=f"{city[2]}{city[0]}", address=f"{city[0]}市")
            children.append(Contact(name=name, position="本人", phone=self.mobile(),
                                    birthday=born, is_primary=True))
        client.tier = tier
        client.status = status
        client.source = rng.choice(SOURCES)
        client.manager_name = self.actor
        client.notes = rng.choice(["", "", "重视服务效率", "对价格敏感", "有上市计划"])
        suitable = [p for p in self.products
                    if p.audience in ("both", client.kind)]
        for product in rng.sample(suitable, min(len(suitable), rng.randint(2, 5))):
            adopted = rng.random() < 0.5
            children.append(ServiceStatus(
                product_id=product.id, needed=True, other_bank=rng.random() < 0.3,
                recommended=adopted or rng.random() < 0.5, adopted=adopted,
                stopped=adopted and rng.random() < 0.1,
                our_share=Decimal(rng.randrange(0, 100)) if adopted else None))
        for category in rng.sample(["asset", "liability", "fee", "other"], rng.randint(1, 3)):
            children.append(ValueItem(year=2026, category=category,
                                      description={"asset": "贷款利息收入", "liability": "存款利差",
                                                   "fee": "结算及代发手续费", "other": "联合活动"}[category],
                                      amount=Decimal(rng.randrange(100_000, 200_000_000)) / 100))
        return client, children

    # --- the diary ---------------------------------------------------------------------

    def opened_on(self, client: Client) -> datetime:
        """When the client's file was opened: prospects recently, others up to four years ago."""
        days = self.rng.randint(10, 300) if client.status == "prospect" else self.rng.randint(60, 1500)
        return datetime.combine(self.today - timedelta(days=days), time(9, 0))

    def history(self, client: Client, contacts: list[Contact], children: list) -> _Diary:
        """The client's contacts since its file was opened (at most two years back), at its
        tier's cadence, with post-loan checks for borrowers; a few top-tier clients today."""
        rng = self.rng
        suitable = [p for p in self.products if p.audience in ("both", client.kind)]
        has_loan = any(isinstance(c, ServiceStatus) and c.adopted and c.product_id in self.loan_products
                       for c in children)
        cadence = DEFAULT_CADENCE_DAYS.get(client.tier, max(DEFAULT_CADENCE_DAYS.values()))
        if client.status == "dormant":
            cadence *= 3
        start = max(client.created_at.date(), self.today - timedelta(days=HISTORY_DAYS))
        end = self.today - timedelta(days=rng.randint(90, 360)) if client.status == "lost" \
            else self.today
        diary = _Diary()
        day = _working_day(start + timedelta(days=rng.randint(0, cadence)))
        while day <= end:
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            diary.extend(self.contact(client, contacts, suitable, day, kind, cadence))
            day = _working_day(day + timedelta(days=max(1, round(cadence * rng.uniform(*GAP_SHARE)))))
        if has_loan:
            day = _working_day(start + timedelta(days=rng.randint(20, POST_LOAN_DAYS)))
            while day <= end:
                diary.extend(self.contact(client, contacts, suitable, day, "post_loan", cadence))
                day = _working_day(day + timedelta(days=POST_LOAN_DAYS + rng.randint(-15, 15)))
        if self.today_contacts_left and client.tier == self.tiers[0] and client.status == "active":
            diary.extend(self.today_contact(client, contacts, suitable, cadence))
            if self.birthday_this_week_left and client.kind == "company" and contacts:
                # (an individual's own birthday is in their 身份证号: left as it is)
                self.birthday_this_week_left = False
                born = contacts[0].birthday or self.birthday()
                contacts[0].birthday = _celebrated_in(self.today + timedelta(days=2), born.year)
        return diary

    def today_contact(self, client: Client, contacts: list[Contact], suitable: list[Product],
                      cadence: int) -> _Diary:
        """A contact today; the first one is a visit that found an important change (with
        a key contact's birthday this week, every part of the Today view has a line)."""
        first = self.today_contacts_left == TODAY_CONTACTS
        self.today_contacts_left -= 1
        kind = "visit" if first else self.rng.choice(("visit", "call"))
        return self.contact(client, contacts, suitable, self.today, kind, cadence,
                            important_change=first)

    def contact(self, client: Client, contacts: list[Contact], suitable: list[Product],
                day: date, kind: str, cadence: int, important_change: bool = False) -> _Diary:
        """One contact entry, with a visit report and follow-ups when the contact gives them."""
        rng = self.rng
        product = rng.choice(suitable).name if suitable else "我行产品"
        people = rng.sample(contacts, min(len(contacts), 1 if kind == "call" else rng.randint(1, 2)))
        lead = people[0] if people else None
        who = "客户" if lead is None else (
            lead.name if lead.position == "本人" else f"{lead.position}{lead.name}")
        state = rng.choice(COMPANY_STATES if client.kind == "company" else PERSON_STATES)
        if kind == "visit":
            content = f"拜访{who}，{state}。{rng.choice(VISIT_PURPOSES).format(product=product)}。"
        elif kind == "call":
            content = f"电话联系{who}，{rng.choice(CALL_PURPOSES).format(product=product)}。"
        elif kind == "meeting":
            content = f"参加客户{rng.choice(MEETING_KINDS)}，与{who}等就{product}合作进行沟通。"
        else:
            content = f"贷后检查：查看{rng.choice(CHECK_ITEMS)}，{rng.choice(CHECK_FINDINGS)}。"
        entry = DiaryEntry(
            id=new_id(), entry_date=day, kind=kind, client_id=client.id,
            start_time=time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))),
            contacts_met=json.dumps([{"id": c.id, "name": c.name, "position": c.position}
                                     for c in people], ensure_ascii=False),
            content=content,
            outcome="" if kind == "call" and rng.random() < 0.5
            else rng.choice(OUTCOMES).format(product=product),
            next_step=rng.choice(NEXT_STEPS).format(product=product),
            duration_minutes=rng.randint(*DURATIONS[kind]) // 5 * 5)
        diary = _Diary(entries=[entry])
        if kind == "visit" and (important_change or rng.random() < VISIT_REPORT_SHARE):
            diary.dependents.append(self.visit_report(entry, people, suitable, state, cadence,
                                                      important_change))
        if kind in ("visit", "meeting") and rng.random() < FOLLOW_UP_SHARE:
            diary.dependents.extend(self.follow_up(entry) for _ in range(rng.randint(1, 2)))
        return diary

    def visit_report(self, entry: DiaryEntry, people: list[Contact], suitable: list[Product],
                     state: str, cadence: int, important_change: bool) -> VisitReport:
        rng = self.rng
        recommended = rng.sample(suitable, min(len(suitable), rng.randint(1, 3)))
        names = "、".join(p.name for p in recommended) or "我行产品"
        needs = rng.choice(NEEDS).format(amount=rng.randrange(100, 5000, 100),
                                         people=rng.randrange(50, 2000, 10))
        flagged = rng.random() < IMPORTANT_CHANGE_SHARE or important_change
        reported = flagged and entry.entry_date < self.today - timedelta(days=UNREPORTED_DAYS)
        ours = [self.actor] + rng.sample(COLLEAGUES, rng.randint(0, 1))
        return VisitReport(
            id=new_id(), entry_id=entry.id, place=rng.choice(PLACES),
            our_participants="、".join(ours),
            client_participants=json.dumps([{"name": c.name, "position": c.position}
                                            for c in people], ensure_ascii=False),
            purpose=rng.choice(VISIT_PURPOSES).format(product=recommended[0].name
                                                       if recommended else "我行产品"),
            discussion=f"客户介绍：{state}。双方就{names}的合作方式、价格和办理流程进行了交流，"
                       f"我方介绍了同类企业的使用情况，并解答了客户关于费用和时效的问题。",
            needs_found=needs,
            products_recommended=json.dumps([p.id for p in recommended]),
            client_reaction=rng.choice(REACTIONS),
            important_changes=rng.choice(IMPORTANT_CHANGES).format(person=self.person_name())
            if flagged else "",
            important_change_flag=flagged,
            reported_at=datetime.combine(entry.entry_date + timedelta(days=rng.randint(0, 2)),
                                         time(16, 0)) if reported else None,
            service_view=rng.choice(SERVICE_VIEWS),
            next_visit_date=entry.entry_date + timedelta(days=cadence))

    def follow_up(self, entry: DiaryEntry) -> FollowUp:
        """A request the client raised: long past ones mostly closed, recent ones open."""
        rng = self.rng
        request, department = rng.choice(REQUESTS)
        due = entry.entry_date + timedelta(days=rng.randint(7, 30))
        item = FollowUp(id=new_id(), client_id=entry.client_id, entry_id=entry.id, request=request,
                        department=department, chaser=self.actor, due_date=due)
        days_late = (self.today - due).days
        settled = days_late > SETTLED_AFTER_DAYS or (days_late > 0 and rng.random() < 0.75)
        if settled:
            told = min(max(entry.entry_date, due + timedelta(days=rng.randint(-6, 4))), self.today)
            item.status = "told_client" if rng.random() < 0.85 else "cannot"
            item.result = rng.choice(RESULTS)
            item.told_client_on = told
            item.closed_at = datetime.combine(told, time(17, 30))
            item.closed_by = self.actor
        else:
            item.status = rng.choice(("open", "with_department", "with_department", "resolved"))
            item.result = "已办理，待回复客户" if item.status == "resolved" else ""
        return item

    def internal_work(self) -> list[DiaryEntry]:
        """Work without a client: meetings, paperwork most working days, training now and then;
        every working day of this week and today."""
        rng = self.rng
        entries = []
        week_start = self.today - timedelta(days=6)
        for offset in range(HISTORY_DAYS, -1, -1):
            day = self.today - timedelta(days=offset)
            if day.weekday() >= 5 and day != self.today:
                continue
            if day >= week_start or rng.random() < 0.5:
                entries.append(DiaryEntry(id=new_id(), entry_date=day, kind="internal",
                                          start_time=rng.choice((time(8, 30), time(16, 30))),
                                          content=rng.choice(INTERNAL_WORK),
                                          duration_minutes=rng.randint(*DURATIONS["internal"]) // 5 * 5))
            if rng.random() < 0.03:
                entries.append(DiaryEntry(id=new_id(), entry_date=day, kind="training",
                                          start_time=time(14, 0), content=rng.choice(TRAININGS),
                                          outcome="完成培训并通过考试" if rng.random() < 0.5 else "",
                                          duration_minutes=rng.randint(*DURATIONS["training"]) // 5 * 5))
        return entries


def _write_diary(session: Session, diary: _Diary, summary: DemoSummary) -> None:
    """Write entries, then (entries in place) their visit reports and follow-ups."""
    session.add_all(diary.entries)
    session.flush()
    session.add_all(diary.dependents)
    session.flush()
    summary.entries += len(diary.entries)
    summary.visit_reports += sum(isinstance(d, VisitReport) for d in diary.dependents)
    summary.follow_ups += sum(isinstance(d, FollowUp) for d in diary.dependents)
    diary.entries.clear()
    diary.dependents.clear()


def generate_book(db: Database, clients: int, seed: int,
                  progress: Callable[[int, int], None] | None, today: date,
                  diary: bool) -> DemoBook:
    """Add `clients` demo clients (with their whole files and, unless `diary` is False,
    about two years of diary up to `today`) and a demo profile if none exists. Work
    without a client (internal work, training) is added only to a desk with no diary yet."""
    with db.transaction() as session:
        if not get_profile(session).is_complete:
            save_profile(session, DEMO_PROFILE)
        actor = get_profile(session).name
        tiers = get_tiers(session)
        products = list(session.scalars(select(Product).where(Product.deleted_at.is_(None))
                                        .order_by(Product.code)))
        has_diary = session.scalar(select(DiaryEntry.id).limit(1)) is not None
    generator = _Generator(seed, tiers, products, today, actor)
    summary = DemoSummary(clients=0, contacts=0)
    made_ids: list[str] = []
    pending = _Diary()
    while summary.clients < clients:
        count = min(BATCH, clients - summary.clients)
        with db.transaction(actor) as session:
            for _ in range(count):
                client, children = generator.client(summary.clients)
                client.id = new_id()
                client.name_pinyin, client.name_initials = pinyin_of(client.name)
                client.created_at = generator.opened_on(client)
                session.add(client)
                person_contacts = []
                for child in children:
                    child.id = new_id()
                    child.client_id = client.id
                    session.add(child)
                    if isinstance(child, Contact):
                        person_contacts.append(child)
                if made_ids and generator.rng.random() < 0.1:
                    session.add(ClientLink(client_id=client.id, kind="referral",
                                           related_client_id=generator.rng.choice(made_ids),
                                           notes="老客户介绍"))
                client.search_text = build_search_text(
                    client.name, client.credit_code, client.id_number,
                    [(c.name, c.phone) for c in person_contacts])
                if diary:
                    pending.extend(generator.history(client, person_contacts, children))
                summary.contacts += len(person_contacts)
                made_ids.append(client.id)
                summary.clients += 1
                if summary.clients % FLUSH_EVERY == 0:
                    _write_diary(session, pending, summary)
            _write_diary(session, pending, summary)
        if progress:
            progress(summary.clients, clients)
    if diary and not has_diary:
        with db.transaction(actor) as session:
            _write_diary(session, _Diary(entries=generator.internal_work()), summary)
    return DemoBook(summary, made_ids, actor)
