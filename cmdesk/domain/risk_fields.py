"""The fields of risk watch (客户监测, 贷后管理), once: the loan ledger (贷款台账), credit
lines (授信), post-loan check reports (贷后检查报告) and warning signals (预警信号), with
the five-level loan classification (五级分类) and the calendar's rules (how far ahead a
maturity is shown, how often each check frequency asks for a check).

The service validates with these specs, the loan import maps its columns to them, the
UI builds its forms from them and the printouts take their labels from them.
"""
from __future__ import annotations

from enum import StrEnum

from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark, translate


class LoanClass(StrEnum):
    """五级分类 of a loan, from sound to lost; the value is the label the trade writes."""

    NORMAL = mark("正常")
    SPECIAL_MENTION = mark("关注")
    SUBSTANDARD = mark("次级")
    DOUBTFUL = mark("可疑")
    LOSS = mark("损失")

    @property
    def rank(self) -> int:
        """0 for 正常 … 4 for 损失: a larger rank is a worse loan."""
        return list(LoanClass).index(self)

    @property
    def non_performing(self) -> bool:
        """次级, 可疑 and 损失 are 不良贷款."""
        return self.rank >= LoanClass.SUBSTANDARD.rank


CLASS_CHOICES = tuple((c.value, c.value) for c in LoanClass)

CURRENCIES = (("CNY", mark("人民币")), ("USD", mark("美元")), ("EUR", mark("欧元")), ("HKD", mark("港币")),
              ("JPY", mark("日元")))
GUARANTEE_KINDS = (("credit", mark("信用")), ("guarantee", mark("保证")), ("mortgage", mark("抵押")),
                   ("pledge", mark("质押")), ("combined", mark("组合担保")))

# How often a loan must be checked after it is drawn (贷后检查频率), in months.
CHECK_FREQUENCIES = (("monthly", mark("每月")), ("quarterly", mark("每季")), ("half_year", mark("每半年")),
                     ("yearly", mark("每年")))
CHECK_MONTHS = {"monthly": 1, "quarterly": 3, "half_year": 6, "yearly": 12}

LOAN_STATUSES = (("active", mark("存续")), ("settled", mark("已结清")))
CREDIT_STATUSES = (("active", mark("有效")), ("expired", mark("已到期")), ("frozen", mark("已冻结")))

CHECK_MODES = (("on_site", mark("现场检查")), ("off_site", mark("非现场检查")))

SIGNAL_TYPES = (
    ("finance", mark("财务风险")),
    ("operation", mark("经营风险")),
    ("management", mark("管理层风险")),
    ("legal", mark("涉诉涉执")),
    ("credit", mark("征信异常")),
    ("collateral", mark("担保物风险")),
    ("industry", mark("行业及政策风险")),
    ("other", mark("其他")),
)
SIGNAL_SOURCES = (("check", mark("贷后检查")), ("visit", mark("走访")), ("court", mark("法院公告")),
                  ("tax", mark("税务信息")), ("registry", mark("工商登记")), ("credit_report", mark("征信报告")),
                  ("media", mark("媒体报道")), ("other", mark("其他")))
SIGNAL_STATUSES = (("open", mark("处置中")), ("resolved", mark("已解除")), ("escalated", mark("已上报升级")))
OPEN_SIGNAL_STATUSES = frozenset({"open", "escalated"})

# The calendar: maturities are shown this many days ahead, and at which marks.
MATURITY_MARKS = (90, 60, 30)
MATURITY_HORIZON_DAYS = MATURITY_MARKS[0]
# A check falls due this many days before its date on 今日 and in the week plan.
CHECK_DUE_AHEAD_DAYS = 14
# The tag a client file gets when a warning signal is registered (关注).
WATCH_TAG = LoanClass.SPECIAL_MENTION.value

LOAN = SectionSpec("loans", mark("贷款台账"), (
    FieldSpec("client_id", mark("客户"), "client_ref", required=True),
    FieldSpec("contract_no", mark("合同编号"), required=True, max_length=60, in_list=True),
    FieldSpec("product", mark("贷款品种"), required=True, max_length=100, in_list=True),
    FieldSpec("amount", mark("合同金额（元）"), "money", required=True, in_list=True),
    FieldSpec("balance", mark("贷款余额（元）"), "money", required=True, in_list=True),
    FieldSpec("currency", mark("币种"), "choice", required=True, choices=CURRENCIES),
    FieldSpec("start_date", mark("起始日"), "date", required=True, in_list=True),
    FieldSpec("maturity_date", mark("到期日"), "date", required=True, in_list=True),
    FieldSpec("rate", mark("年利率（%）"), "percent"),
    FieldSpec("guarantee_kind", mark("担保方式"), "choice", required=True, choices=GUARANTEE_KINDS,
              in_list=True),
    FieldSpec("collateral", mark("担保人/抵质押物"), "longtext", max_length=2000),
    FieldSpec("classification", mark("五级分类"), "choice", required=True, choices=CLASS_CHOICES,
              in_list=True),
    FieldSpec("check_frequency", mark("贷后检查频率"), "choice", required=True,
              choices=CHECK_FREQUENCIES),
    FieldSpec("credit_line_id", mark("所用授信"), "client_ref"),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=LOAN_STATUSES),
    FieldSpec("notes", mark("备注"), "longtext", max_length=LONG_TEXT_LIMIT),
))

CREDIT_LINE = SectionSpec("credit_lines", mark("授信"), (
    FieldSpec("client_id", mark("客户"), "client_ref", required=True),
    FieldSpec("line_no", mark("授信编号"), required=True, max_length=60, in_list=True),
    FieldSpec("kind", mark("授信品种"), max_length=100, in_list=True),
    FieldSpec("amount", mark("授信额度（元）"), "money", required=True, in_list=True),
    FieldSpec("currency", mark("币种"), "choice", required=True, choices=CURRENCIES),
    FieldSpec("start_date", mark("起始日"), "date", in_list=True),
    FieldSpec("expiry_date", mark("到期日"), "date", required=True, in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=CREDIT_STATUSES, in_list=True),
    FieldSpec("notes", mark("备注"), "longtext", max_length=LONG_TEXT_LIMIT),
))

CHECK = SectionSpec("loan_checks", mark("贷后检查报告"), (
    FieldSpec("client_id", mark("客户"), "client_ref", required=True),
    FieldSpec("check_date", mark("检查日期"), "date", required=True, in_list=True),
    FieldSpec("mode", mark("检查方式"), "choice", required=True, choices=CHECK_MODES, in_list=True),
    FieldSpec("checker", mark("检查人"), required=True, max_length=100, in_list=True),
    FieldSpec("second_checker", mark("第二检查人（双人检查）"), required=True, max_length=100,
              in_list=True),
    FieldSpec("use_of_funds", mark("贷款资金用途"), "longtext", required=True,
              max_length=LONG_TEXT_LIMIT),
    FieldSpec("operations", mark("生产经营情况"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("finances", mark("财务状况"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("collateral_state", mark("担保及抵质押物情况"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("court_findings", mark("涉诉涉执（法院）"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("tax_findings", mark("税务情况"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("registry_findings", mark("工商登记变化"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("conclusion", mark("检查结论"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("proposed_class", mark("建议五级分类"), "choice", required=True, choices=CLASS_CHOICES,
              in_list=True),
    FieldSpec("entry_id", mark("关联日志"), "client_ref"),
))

SIGNAL = SectionSpec("warning_signals", mark("预警信号"), (
    FieldSpec("client_id", mark("客户"), "client_ref", required=True),
    FieldSpec("signal_type", mark("信号类型"), "choice", required=True, choices=SIGNAL_TYPES,
              in_list=True),
    FieldSpec("found_on", mark("发现日期"), "date", required=True, in_list=True),
    FieldSpec("source", mark("信息来源"), "choice", required=True, choices=SIGNAL_SOURCES, in_list=True),
    FieldSpec("cause", mark("风险成因"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("measures", mark("防范措施"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("responsible", mark("责任人"), max_length=100, in_list=True),
    FieldSpec("deadline", mark("处置期限"), "date", in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=SIGNAL_STATUSES, in_list=True),
))

SECTIONS = {spec.key: spec for spec in (LOAN, CREDIT_LINE, CHECK, SIGNAL)}


def label_of(choices: tuple[tuple[str, str], ...], key: str) -> str:
    """The label of a choice key in the current language (the key itself when unknown)."""
    return translate(dict(choices).get(key, key))
