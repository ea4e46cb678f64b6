"""Realistic demo data: a customer manager's book of Chinese companies and individuals.

Deterministic for a seed. Codes carry valid check characters (统一社会信用代码 per
GB 32100, 身份证号 per GB 11643), so the data passes the desk's own validation.
Records go through the ORM in batches, so the change log and history are written
exactly as for a manager's own edits; 100,000 clients work.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from stdnum.cn import uscc
from stdnum.iso7064 import mod_11_2

from cmdesk.db import Database
from cmdesk.models import (
    BusinessLine,
    Client,
    ClientLink,
    Contact,
    OtherBank,
    Product,
    ServiceStatus,
    ValueItem,
    new_id,
)
from cmdesk.services.clients import build_search_text, pinyin_of
from cmdesk.services.settings import Profile, get_profile, get_tiers, save_profile

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
                       branch="厦门分行营业部", supervisor="陈建国")
BATCH = 2000


@dataclass
class DemoSummary:
    clients: int
    contacts: int


class _Generator:
    def __init__(self, seed: int, tiers: tuple[str, ...], products: list[Product]):
        self.rng = random.Random(seed)
        self.tiers = tiers
        self.products = products
        self.names: set[str] = set()
        self.codes: set[str] = set()

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


def generate_demo(db: Database, clients: int = 200, seed: int = 1,
                  progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Add `clients` demo clients (with their whole files) and a demo profile if none exists."""
    with db.transaction() as session:
        if not get_profile(session).is_complete:
            save_profile(session, DEMO_PROFILE)
        actor = get_profile(session).name
        tiers = get_tiers(session)
        products = list(session.scalars(select(Product).where(Product.deleted_at.is_(None))
                                        .order_by(Product.code)))
    generator = _Generator(seed, tiers, products)
    made_ids: list[str] = []
    contacts = 0
    done = 0
    while done < clients:
        count = min(BATCH, clients - done)
        with db.transaction(actor) as session:
            for _ in range(count):
                client, children = generator.client(done)
                client.id = new_id()
                client.name_pinyin, client.name_initials = pinyin_of(client.name)
                session.add(client)
                person_contacts = []
                for child in children:
                    child.client_id = client.id
                    session.add(child)
                    if isinstance(child, Contact):
                        person_contacts.append(child)
                if made_ids and generator.rng.random() < 0.1:
                    session.add(ClientLink(client_id=client.id, kind="referral",
                                           related_client_id=generator.rng.choice(made_ids),
                                           notes="老客户介绍"))
                client.search_text = build_search_text(
                    client, [(c.name, c.phone) for c in person_contacts])
                contacts += len(person_contacts)
                made_ids.append(client.id)
                done += 1
        if progress:
            progress(done, clients)
    return DemoSummary(clients=done, contacts=contacts)
