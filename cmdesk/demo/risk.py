"""Demo risk watch (客户监测, 贷后管理): about a third of the active company clients borrow —
a credit line (授信) and one to three loans each, mostly 正常 with a few 关注 and one
次级; each borrower has had its post-loan checks (双人检查, linked to a 贷后检查 diary
entry), some are overdue for the next one, some loans mature within 90 days, and a few
clients carry warning signals (open or resolved). Made through the risk service, so every
record is valid and every change is in the files' history.

Deterministic for a seed: the same clients (in the order they were made), amounts,
dates and texts.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from cmdesk.domain.risk_fields import CHECK_MONTHS, LoanClass
from cmdesk.models import Client
from cmdesk.services import risk
from cmdesk.storage.db import Database

BORROWER_SHARE = 0.35
MAX_BORROWERS = 60
PRODUCTS = ("流动资金贷款", "固定资产贷款", "银行承兑汇票敞口", "项目贷款", "贸易融资")
GUARANTEES = (("guarantee", "由关联企业提供连带责任保证"), ("mortgage", "厂房及土地使用权抵押"),
              ("pledge", "应收账款质押"), ("credit", ""), ("combined", "保证加房产抵押"))
FREQUENCIES = ("quarterly", "quarterly", "quarterly", "half_year", "monthly")
CHECKERS = ("李华", "陈静", "周敏", "黄磊", "林涛")  # two of them sign each demo check
FINDINGS = {
    "use_of_funds": ("贷款资金按合同约定用于采购原材料，受托支付凭证齐全。",
                     "资金用于支付工程款，与借款用途一致。"),
    "operations": ("生产经营正常，订单饱满，开工率约九成。", "销售较上季略有下降，库存有所增加。"),
    "finances": ("营业收入同比增长，资产负债率保持稳定。", "应收账款周转放缓，现金流略紧。"),
    "collateral_state": ("抵押物状况良好，未发现查封。", "保证人经营正常，代偿能力未见变化。"),
    "court_findings": ("未发现新增涉诉涉执信息。", "新增一起买卖合同纠纷，涉案金额较小。"),
    "tax_findings": ("纳税正常，无欠税记录。",),
    "registry_findings": ("工商登记无变化。", "股东结构无变化，注册地址迁移。"),
}
SIGNALS = (
    ("finance", "check", "应收账款大幅上升，经营性现金流转负", "压缩授信敞口，按月跟踪回款"),
    ("legal", "court", "被供应商起诉，涉案金额约 300 万元", "追加保证人，密切关注诉讼进展"),
    ("management", "visit", "实际控制人变更，新管理层经营思路不明", "拜访新任负责人，了解经营计划"),
    ("credit", "credit_report", "征信报告显示他行贷款出现逾期", "核实逾期原因，暂停新增用信"),
)


def _borrowers(session, client_ids: list[str], rng: random.Random) -> list[Client]:
    clients = [c for c in (session.get(Client, i) for i in client_ids)
               if c is not None and c.kind == "company" and c.status == "active"]
    return [c for c in clients if rng.random() < BORROWER_SHARE][:MAX_BORROWERS]


def generate_risk(db: Database, client_ids: list[str], *, seed: int, today: date,
                  actor: str) -> int:
    """Add the demo loans, checks and signals; returns how many loans were made."""
    rng = random.Random(seed * 7_919 + 15)
    made = 0
    with db.transaction(actor) as session:
        for n, client in enumerate(_borrowers(session, client_ids, rng)):
            size = Decimal(rng.choice((50, 100, 200, 300, 500, 800, 1500))) * 10_000
            line_id = risk.save_credit_line(session, {
                "client_id": client.id, "line_no": f"SX{today.year}-{seed:02d}{n:03d}",
                "kind": "综合授信", "amount": size * 2,
                "start_date": today - timedelta(days=rng.randint(200, 400)),
                "expiry_date": today + timedelta(days=rng.randint(20, 400))})
            starts = []
            frequency = rng.choice(FREQUENCIES)  # one per borrower: its checks cover every loan
            for k in range(rng.randint(1, 3)):
                start = today - timedelta(days=rng.randint(60, 700))
                maturity = start + timedelta(days=rng.choice((365, 365, 730, 1095)))
                if maturity < today:
                    maturity = today + timedelta(days=rng.randint(5, 200))
                guarantee, collateral = rng.choice(GUARANTEES)
                classification = (LoanClass.SUBSTANDARD if n == 3 and k == 0
                                  else LoanClass.SPECIAL_MENTION if n % 7 == 2
                                  else LoanClass.NORMAL)
                amount = size * Decimal(rng.choice((1, 1, 2))) / 2
                risk.save_loan(session, {
                    "client_id": client.id, "contract_no": f"JK{start:%Y}-{seed:02d}{n:03d}{k}",
                    "product": rng.choice(PRODUCTS), "amount": amount,
                    "balance": (amount * Decimal(rng.choice((100, 90, 70, 50))) / 100
                                ).quantize(Decimal("0.01")),
                    "start_date": start, "maturity_date": maturity,
                    "rate": Decimal(rng.choice(("3.10", "3.45", "3.85", "4.20"))),
                    "guarantee_kind": guarantee, "collateral": collateral,
                    "classification": classification.value,
                    "check_frequency": frequency,
                    "credit_line_id": line_id})
                starts.append(start)
                made += 1
            # checks at the loans' frequency since the first loan; every fourth borrower is late
            interval = 30 * CHECK_MONTHS[frequency]
            day = min(starts) + timedelta(days=interval - 5)
            last_allowed = today - timedelta(days=100 if n % 4 == 1 else 5)
            while day <= last_allowed:
                worse = n % 7 == 2
                risk.save_check(session, {
                    "client_id": client.id, "check_date": day,
                    "mode": "on_site" if rng.random() < 0.7 else "off_site",
                    **dict(zip(("checker", "second_checker"), rng.sample(CHECKERS, 2))),
                    **{key: texts[1 if worse and len(texts) > 1 else 0]
                       for key, texts in FINDINGS.items()},
                    "conclusion": ("经营出现波动，建议列入关注类，加强监测。" if worse
                                   else "客户经营正常，还本付息正常，维持正常类。"),
                    "proposed_class": (LoanClass.SPECIAL_MENTION if worse
                                       else LoanClass.NORMAL).value})
                day += timedelta(days=interval - rng.randint(0, 8))
            if n % 5 == 0:
                kind, source, cause, measures = SIGNALS[(n // 5) % len(SIGNALS)]
                found = today - timedelta(days=rng.randint(1, 60))
                resolved = n % 10 == 5
                risk.save_signal(session, {
                    "client_id": client.id, "signal_type": kind, "found_on": found,
                    "source": source, "cause": cause, "measures": measures,
                    "responsible": rng.choice(CHECKERS),
                    "deadline": found + timedelta(days=30),
                    "status": "resolved" if resolved else "open"})
    return made

