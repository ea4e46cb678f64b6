"""The 工作任务书's indicators and how progress against the year is judged.

Standard indicators carry the trade's names and units; the desk counts three of them
itself (新增客户, 走访次数, 产品落地). A manager may add custom indicators (key
"custom_…"). Flows (新增, income, counts) add up month by month and are paced against
the share of the year gone by; levels (日均, 余额, 收回率) take the latest month typed
and are judged against the target itself.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cmdesk.i18n import TranslatedText, mark, translate

CUSTOM_PREFIX = "custom_"
FLOW = "flow"  # actual = sum of the months; expected by now = target x share of year gone
LEVEL = "level"  # actual = the latest month typed; expected = the target
MEASURES = (FLOW, LEVEL)
MEASURE_LABELS = {FLOW: mark("累计值（按月相加）"), LEVEL: mark("时点值（取最近一月）")}
RATE_UNIT = "%"
SHARE_PLACES = Decimal("0.0001")

NO_TARGET = mark("未设目标")
LEVEL_REACHED = mark("已达标")
LEVEL_SHORT = mark("未达标")
FLOW_DONE = mark("已完成全年")
FLOW_ON_PACE = mark("进度正常")
FLOW_BEHIND = mark("落后")


@dataclass(frozen=True)
class IndicatorDef:
    """One standard indicator: key, Chinese name, unit, whether the desk computes its
    actual from its own data, and whether it is a flow or a level."""

    key: str
    name: str = TranslatedText()
    unit: str = TranslatedText()
    computed: bool = False
    measure: str = FLOW


STANDARD_INDICATORS = (
    IndicatorDef("deposit_daily_avg", mark("存款日均"), mark("万元"), measure=LEVEL),
    IndicatorDef("deposit_new", mark("存款新增"), mark("万元")),
    IndicatorDef("loan_balance", mark("贷款余额"), mark("万元"), measure=LEVEL),
    IndicatorDef("loan_new", mark("贷款新增"), mark("万元")),
    IndicatorDef("loan_recovery_rate", mark("贷款收回率"), "%", measure=LEVEL),
    IndicatorDef("fee_income", mark("中间业务收入"), mark("万元")),
    IndicatorDef("new_clients", mark("新增客户"), mark("户"), computed=True),
    IndicatorDef("visits", mark("走访次数"), mark("次"), computed=True),
    IndicatorDef("products_landed", mark("产品落地"), mark("个"), computed=True),
)
STANDARD_BY_KEY = {item.key: item for item in STANDARD_INDICATORS}
COMPUTED_KEYS = frozenset(item.key for item in STANDARD_INDICATORS if item.computed)


def standard_indicator(key: str) -> IndicatorDef | None:
    return STANDARD_BY_KEY.get(key)


def default_measure(key: str, unit: str) -> str:
    """A new indicator's flow or level: a standard one's own; a custom rate (unit "%") is
    a level; other custom indicators are flows (counts and amounts that add up)."""
    found = STANDARD_BY_KEY.get(key)
    if found is not None:
        return found.measure
    return LEVEL if unit.strip() == RATE_UNIT else FLOW


def is_custom(key: str) -> bool:
    return key.startswith(CUSTOM_PREFIX) and len(key) > len(CUSTOM_PREFIX)


def year_elapsed_share(year: int, on: date) -> Decimal:
    """The share (0..1) of `year` gone by at the end of day `on`."""
    if on.year < year:
        return Decimal(0)
    if on.year > year:
        return Decimal(1)
    days = 366 if calendar.isleap(year) else 365
    gone = on.timetuple().tm_yday
    return (Decimal(gone) / Decimal(days)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def done_share(target: Decimal, actual: Decimal) -> Decimal | None:
    """actual / target (may exceed 1); None when there is no target to measure against."""
    if target <= 0:
        return None
    return (actual / target).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def on_track(measure: str, done: Decimal | None, elapsed: Decimal) -> bool:
    """A flow is on track when its share done keeps up with the share of the year gone;
    a level when it has reached its target."""
    if done is None:
        return True
    if measure == LEVEL:
        return done >= 1
    return done >= elapsed


def status_of(measure: str, done: Decimal | None, elapsed: Decimal) -> str:
    """The word for how an indicator stands (marked; translate where shown): a level is
    已达标 or 未达标; a flow at 100% or more of its year's target is 已完成全年, never
    进度正常; below that it is 进度正常 while it keeps pace, else 落后."""
    if done is None:
        return NO_TARGET
    if measure == LEVEL:
        return LEVEL_REACHED if done >= 1 else LEVEL_SHORT
    if done >= 1:
        return FLOW_DONE
    return FLOW_ON_PACE if done >= elapsed else FLOW_BEHIND


def measure_label(measure: str) -> str:
    return translate(MEASURE_LABELS[measure])
