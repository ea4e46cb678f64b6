"""The fields of a proposal (服务方案): statuses and their legal transitions, the
version header and the line fields, once, for the service, the UI and the PDF.

A proposal goes draft 草稿 → submitted 待审批 → approved 已审批 / rejected 已退回 →
presented 已提交客户 → accepted 客户已采纳 / declined 客户未采纳. A draft small enough
not to need approval goes straight to presented; a rejected proposal is reworked
as a new draft version.
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from cmdesk.domain import client_fields as cf
from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark, translate


class ProposalStatus(LabelledStrEnum):
    DRAFT = "draft", mark("草稿")
    SUBMITTED = "submitted", mark("待审批")
    APPROVED = "approved", mark("已审批")
    REJECTED = "rejected", mark("已退回")
    PRESENTED = "presented", mark("已提交客户")
    ACCEPTED = "accepted", mark("客户已采纳")
    DECLINED = "declined", mark("客户未采纳")

    @property
    def next_statuses(self) -> tuple[ProposalStatus, ...]:
        """The statuses a proposal in this one may move to (before the approval threshold:
        see services.proposals.allowed_moves)."""
        return _NEXT_STATUSES[self]

    def can_move_to(self, target: str) -> bool:
        return target in _NEXT_STATUSES[self]

    @property
    def action_label(self) -> str:
        """What the button that moves a proposal to this status says."""
        return translate(_ACTION_LABELS[self])

    @property
    def final(self) -> bool:
        """The client has answered: the proposal is settled."""
        return self in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED)

    @property
    def editable(self) -> bool:
        """The newest version's content may change (older versions never do)."""
        return self is ProposalStatus.DRAFT

    @property
    def new_version_allowed(self) -> bool:
        """A new version may be made: the client has not answered and the proposal is not
        waiting for approval."""
        return not self.final and self is not ProposalStatus.SUBMITTED


PROPOSAL_STATUSES = ProposalStatus.choices()
STATUS_LABELS = dict(PROPOSAL_STATUSES)

# from status -> the statuses it may move to (ask a member's next_statuses)
_NEXT_STATUSES: dict[ProposalStatus, tuple[ProposalStatus, ...]] = {
    ProposalStatus.DRAFT: (ProposalStatus.SUBMITTED, ProposalStatus.PRESENTED),
    ProposalStatus.SUBMITTED: (ProposalStatus.APPROVED, ProposalStatus.REJECTED),
    ProposalStatus.APPROVED: (ProposalStatus.PRESENTED,),
    ProposalStatus.REJECTED: (ProposalStatus.DRAFT,),
    ProposalStatus.PRESENTED: (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED),
    ProposalStatus.ACCEPTED: (),
    ProposalStatus.DECLINED: (),
}
# what the button that makes the move says (ask a member's action_label)
_ACTION_LABELS = {
    ProposalStatus.SUBMITTED: mark("提交审批"),
    ProposalStatus.APPROVED: mark("审批通过"),
    ProposalStatus.REJECTED: mark("退回"),
    ProposalStatus.PRESENTED: mark("提交客户"),
    ProposalStatus.ACCEPTED: mark("客户采纳"),
    ProposalStatus.DECLINED: mark("客户未采纳"),
    ProposalStatus.DRAFT: mark("重新起草"),
}

RISK_LEVELS = (("R1", mark("R1 低风险")), ("R2", mark("R2 中低风险")), ("R3", mark("R3 中风险")),
               ("R4", mark("R4 中高风险")), ("R5", mark("R5 高风险")))
AUDIENCES = (("company", mark("公司客户")), ("individual", mark("个人客户")), ("both", mark("公司及个人")))

APPROVAL_THRESHOLD_KEY = "proposals.approval_threshold"
DEFAULT_APPROVAL_THRESHOLD = "5000000"  # 元; stored as text in the setting
MAX_LINES = 100
MAX_QUANTITY = 10_000_000
RATE_LIMIT = 100  # a rate or fee rate is a % a year between 0 and 100

PROPOSAL = SectionSpec("proposal", mark("服务方案"), (
    FieldSpec("title", mark("方案标题"), required=True, in_list=True),
    FieldSpec("formal", mark("正式方案（合计金额大写）"), "bool"),
))

VERSION = SectionSpec("proposal_version", mark("方案内容"), (
    FieldSpec("proposal_date", mark("方案日期"), "date", required=True, in_list=True),
    FieldSpec("valid_until", mark("有效期至"), "date", in_list=True),
    FieldSpec("our_people", mark("我方人员"), max_length=500),
    FieldSpec("background", mark("背景与需求"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("benefits", mark("客户收益"), "longtext", max_length=LONG_TEXT_LIMIT),
))

LINE = SectionSpec("proposal_lines", mark("推荐产品组合"), (
    FieldSpec("product_id", mark("产品"), "product_ref", required=True, in_list=True),
    FieldSpec("amount", mark("金额（元）"), "money", in_list=True),
    FieldSpec("term", mark("期限"), max_length=50, in_list=True),
    FieldSpec("rate", mark("利率/费率（%）"), "rate", in_list=True),
    FieldSpec("fee", mark("单笔费用（元）"), "money", in_list=True),
    FieldSpec("quantity", mark("数量"), "quantity", in_list=True),
    FieldSpec("notes", mark("备注"), max_length=500, in_list=True),
))


def status_label(status: str) -> str:
    return ProposalStatus.label_of(status)


def risk_number(code: str | None) -> int | None:
    """'R3' or 'C3' -> 3; anything else -> None."""
    if code and len(code) == 2 and code[0] in "RC" and code[1] in "12345":
        return int(code[1])
    return None


def parse_rate(raw: Any) -> Decimal | None:
    """A rate or fee rate in % a year (0–100, up to 4 decimals); blank gives None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float):
        raw = repr(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("%")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise cf.FieldValueError(translate("“{raw}”不是百分比数字").format(raw=raw)) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(RATE_LIMIT):
        raise cf.FieldValueError(translate("应在 0 到 {RATE_LIMIT} 之间").format(RATE_LIMIT=RATE_LIMIT))
    if value != value.quantize(Decimal("0.0001")):
        raise cf.FieldValueError(translate("最多 4 位小数"))
    return value.quantize(Decimal("0.0001"))


def parse_quantity(raw: Any) -> int:
    """A count of units (笔、人、户) from 1 to MAX_QUANTITY; blank gives 1."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 1
    if isinstance(raw, bool):
        raise cf.FieldValueError(translate("应为整数"))
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text.isdigit() or not 1 <= int(text) <= MAX_QUANTITY:
        raise cf.FieldValueError(translate("应为 1 到 {MAX_QUANTITY:,} 之间的整数").format(MAX_QUANTITY=MAX_QUANTITY))
    return int(text)


def parse_field(spec: FieldSpec, raw: Any) -> Any:
    """One proposal or catalogue value checked: the rate and quantity kinds here, the
    others as in client files; raises FieldValueError with the manager's message."""
    if spec.kind == "rate":
        return parse_rate(raw)
    if spec.kind == "quantity":
        return parse_quantity(raw)
    if spec.kind == "money" and isinstance(raw, float):
        raw = repr(raw)
    return cf.parse_value(spec, raw)
