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


class LoanClass(StrEnum):
    """五级分类 of a loan, from sound to lost; the value is the label the trade writes."""

    NORMAL = "正常"
    SPECIAL_MENTION = "关注"
    SUBSTANDARD = "次级"
    DOUBTFUL = "可疑"
    LOSS = "损失"

    @property
    def rank(self) -> int:
        """0 for 正常 … 4 for 损失: a larger rank is a worse loan."""
        return list(LoanClass).index(self)

    @property
    def non_performing(self) -> bool:
        """次级, 可疑 and 损失 are 不良贷款."""
        return self.rank >= LoanClass.SUBSTANDARD.rank


CLASS_CHOICES = tuple((c.value, c.value) for c in LoanClass)

CURRENCIES = (("CNY", "人民币"), ("USD", "美元"), ("EUR", "欧元"), ("HKD", "港币"),
              ("JPY", "日元"))
GUARANTEE_KINDS = (("credit", "信用"), ("guarantee", "保证"), ("mortgage", "抵押"),
                   ("pledge", "质押"), ("combined", "组合担保"))

# How often a loan must be checked after it is drawn (贷后检查频率), in months.
CHECK_FREQUENCIES = (("monthly", "每月"), ("quarterly", "每季"), ("half_year", "每半年"),
                     ("yearly", "每年"))
CHECK_MONTHS = {"monthly": 1, "quarterly": 3, "half_year": 6, "yearly": 12}

LOAN_STATUSES = (("active", "存续"), ("settled", "已结清"))
CREDIT_STATUSES = (("active", "有效"), ("expired", "已到期"), ("frozen", "已冻结"))

CHECK_MODES = (("on_site", "现场检查"), ("off_site", "非现场检查"))

SIGNAL_TYPES = (
    ("finance", "财务风险"),
    ("operation", "经营风险"),
    ("management", "管理层风险"),
    ("legal", "涉诉涉执"),
    ("credit", "征信异常"),
    ("collateral", "担保物风险"),
    ("industry", "行业及政策风险"),
    ("other", "其他"),
)
SIGNAL_SOURCES = (("check", "贷后检查"), ("visit", "走访"), ("court", "法院公告"),
                  ("tax", "税务信息"), ("registry", "工商登记"), ("credit_report", "征信报告"),
                  ("media", "媒体报道"), ("other", "其他"))
SIGNAL_STATUSES = (("open", "处置中"), ("resolved", "已解除"), ("escalated", "已上报升级"))
OPEN_SIGNAL_STATUSES = frozenset({"open", "escalated"})

# The calendar: maturities are shown this many days ahead, and at which marks.
MATURITY_MARKS = (90, 60, 30)
MATURITY_HORIZON_DAYS = MATURITY_MARKS[0]
# A check falls due this many days before its date on 今日 and in the week plan.
CHECK_DUE_AHEAD_DAYS = 14
# The tag a client file gets when a warning signal is registered (关注).
WATCH_TAG = LoanClass.SPECIAL_MENTION.value

LOAN = SectionSpec("loans", "贷款台账", (
    FieldSpec("client_id", "客户", "client_ref", required=True),
    FieldSpec("contract_no", "合同编号", required=True, max_length=60, in_list=True),
    FieldSpec("product", "贷款品种", required=True, max_length=100, in_list=True),
    FieldSpec("amount", "合同金额（元）", "money", required=True, in_list=True),
    FieldSpec("balance", "贷款余额（元）", "money", required=True, in_list=True),
    FieldSpec("currency", "币种", "choice", required=True, choices=CURRENCIES),
    FieldSpec("start_date", "起始日", "date", required=True, in_list=True),
    FieldSpec("maturity_date", "到期日", "date", required=True, in_list=True),
    FieldSpec("rate", "年利率（%）", "percent"),
    FieldSpec("guarantee_kind", "担保方式", "choice", required=True, choices=GUARANTEE_KINDS,
              in_list=True),
    FieldSpec("collateral", "担保人/抵质押物", "longtext", max_length=2000),
    FieldSpec("classification", "五级分类", "choice", required=True, choices=CLASS_CHOICES,
              in_list=True),
    FieldSpec("check_frequency", "贷后检查频率", "choice", required=True,
              choices=CHECK_FREQUENCIES),
    FieldSpec("credit_line_id", "所用授信", "client_ref"),
    FieldSpec("status", "状态", "choice", required=True, choices=LOAN_STATUSES),
    FieldSpec("notes", "备注", "longtext", max_length=LONG_TEXT_LIMIT),
))

CREDIT_LINE = SectionSpec("credit_lines", "授信", (
    FieldSpec("client_id", "客户", "client_ref", required=True),
    FieldSpec("line_no", "授信编号", required=True, max_length=60, in_list=True),
    FieldSpec("kind", "授信品种", max_length=100, in_list=True),
    FieldSpec("amount", "授信额度（元）", "money", required=True, in_list=True),
    FieldSpec("currency", "币种", "choice", required=True, choices=CURRENCIES),
    FieldSpec("start_date", "起始日", "date", in_list=True),
    FieldSpec("expiry_date", "到期日", "date", required=True, in_list=True),
    FieldSpec("status", "状态", "choice", required=True, choices=CREDIT_STATUSES, in_list=True),
    FieldSpec("notes", "备注", "longtext", max_length=LONG_TEXT_LIMIT),
))

CHECK = SectionSpec("loan_checks", "贷后检查报告", (
    FieldSpec("client_id", "客户", "client_ref", required=True),
    FieldSpec("check_date", "检查日期", "date", required=True, in_list=True),
    FieldSpec("mode", "检查方式", "choice", required=True, choices=CHECK_MODES, in_list=True),
    FieldSpec("checker", "检查人", required=True, max_length=100, in_list=True),
    FieldSpec("second_checker", "第二检查人（双人检查）", required=True, max_length=100,
              in_list=True),
    FieldSpec("use_of_funds", "贷款资金用途", "longtext", required=True,
              max_length=LONG_TEXT_LIMIT),
    FieldSpec("operations", "生产经营情况", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("finances", "财务状况", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("collateral_state", "担保及抵质押物情况", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("court_findings", "涉诉涉执（法院）", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("tax_findings", "税务情况", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("registry_findings", "工商登记变化", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("conclusion", "检查结论", "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("proposed_class", "建议五级分类", "choice", required=True, choices=CLASS_CHOICES,
              in_list=True),
    FieldSpec("entry_id", "关联日志", "client_ref"),
))

SIGNAL = SectionSpec("warning_signals", "预警信号", (
    FieldSpec("client_id", "客户", "client_ref", required=True),
    FieldSpec("signal_type", "信号类型", "choice", required=True, choices=SIGNAL_TYPES,
              in_list=True),
    FieldSpec("found_on", "发现日期", "date", required=True, in_list=True),
    FieldSpec("source", "信息来源", "choice", required=True, choices=SIGNAL_SOURCES, in_list=True),
    FieldSpec("cause", "风险成因", "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("measures", "防范措施", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("responsible", "责任人", max_length=100, in_list=True),
    FieldSpec("deadline", "处置期限", "date", in_list=True),
    FieldSpec("status", "状态", "choice", required=True, choices=SIGNAL_STATUSES, in_list=True),
))

SECTIONS = {spec.key: spec for spec in (LOAN, CREDIT_LINE, CHECK, SIGNAL)}


def label_of(choices: tuple[tuple[str, str], ...], key: str) -> str:
    """The Chinese label of a choice key (the key itself when unknown)."""
    return dict(choices).get(key, key)
