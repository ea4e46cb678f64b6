"""The 考核表's arithmetic: scores from the task book, the 综合考评分, grade and star level.

综合考评分 = 工作实际考评得分 + 所在部门评价得分 + 内部业务管理得分 + 加分 − 扣分, where
工作实际考评得分 = the quantitative part (from the task book) + the qualitative items.

Quantitative: each indicator with a target gets a share of `quantitative_points` in
proportion to its weight (unlisted indicators weigh 1) and scores that share times its
completion, capped at `completion_cap`. Completion of a level is actual / target; of a
flow, actual / (target × share of the year gone by at the period's end) — a quarter is
judged against its pro-rated target. Grades and stars are the first band whose minimum
the total reaches. Everything is Decimal, points to two places (half up); defaults are
documented in docs/assessment.md.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cmdesk.domain.task_book import FLOW, SHARE_PLACES
from cmdesk.i18n import mark, translate

POINT_PLACES = Decimal("0.01")
YEARLY = 0  # the period "quarter" of a yearly assessment
QUARTERS = (1, 2, 3, 4)
PERIODS = (*QUARTERS, YEARLY)
PERIOD_LABELS = {1: mark("第一季度"), 2: mark("第二季度"), 3: mark("第三季度"), 4: mark("第四季度"),
                 YEARLY: mark("全年")}
GRADE_EXCELLENT, GRADE_COMPETENT, GRADE_BASIC, GRADE_INCOMPETENT = (
    mark("优秀"), mark("称职"), mark("基本称职"), mark("不称职"))
STAR_LABELS = {0: mark("无星级"), 1: mark("一星"), 2: mark("二星"), 3: mark("三星"), 4: mark("四星"),
               5: mark("五星")}
QUALITATIVE, BONUS, DEDUCTION = "qualitative", "bonus", "deduction"
ADJUSTMENT_KINDS = (BONUS, DEDUCTION)
ADJUSTMENT_LABELS = {BONUS: mark("加分"), DEDUCTION: mark("扣分")}
REVIEWED, APPROVED = "reviewed", "approved"  # head office's 复评 and 审定
REVIEW_LABELS = {REVIEWED: mark("总行已复评"), APPROVED: mark("总行已审定")}
GRADES = (GRADE_EXCELLENT, GRADE_COMPETENT, GRADE_BASIC, GRADE_INCOMPETENT)


def period_label(quarter: int) -> str:
    """第一季度 … 全年 (translated); an unknown period as its number."""
    label = PERIOD_LABELS.get(quarter)
    return translate(label) if label else str(quarter)


def points(value: Decimal) -> Decimal:
    return value.quantize(POINT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AssessmentRules:
    """The bank's scoring rules (a settings row; defaults in docs/assessment.md)."""

    quantitative_points: Decimal = Decimal(50)
    completion_cap: Decimal = Decimal("1.2")
    weights: tuple[tuple[str, Decimal], ...] = ()  # indicator key -> relative weight
    qualitative_items: tuple[tuple[str, Decimal], ...] = (
        (mark("工作态度"), Decimal(10)), (mark("业务能力"), Decimal(10)))  # name (stored) -> full points
    department_points: Decimal = Decimal(15)
    internal_points: Decimal = Decimal(15)
    grades: tuple[tuple[str, Decimal], ...] = (  # highest first; below the last: 不称职
        (GRADE_EXCELLENT, Decimal(90)), (GRADE_COMPETENT, Decimal(75)), (GRADE_BASIC, Decimal(60)))
    stars: tuple[tuple[int, Decimal], ...] = (  # highest first; below the last: no star
        (5, Decimal(95)), (4, Decimal(85)), (3, Decimal(75)), (2, Decimal(65)), (1, Decimal(60)))

    def weight_of(self, key: str) -> Decimal:
        return dict(self.weights).get(key, Decimal(1))


@dataclass(frozen=True)
class IndicatorResult:
    """What the task book says of one indicator at the period's end."""

    key: str
    name: str
    measure: str
    target: Decimal
    actual: Decimal
    done: Decimal | None  # actual / target (None without a target)


@dataclass(frozen=True)
class QuantitativeLine:
    """One indicator's line of the 考核表."""

    key: str
    name: str
    target: Decimal
    actual: Decimal
    completion: Decimal  # against the period's pro-rated target (flows) or the target
    full_points: Decimal
    score: Decimal


@dataclass(frozen=True)
class Adjustment:
    """A 加分 or 扣分 line with its reason (points are positive either way)."""

    kind: str
    points: Decimal
    reason: str

    @property
    def signed(self) -> Decimal:
        return self.points if self.kind == BONUS else -self.points


@dataclass(frozen=True)
class Scores:
    """The 考核表's sums."""

    quantitative: Decimal
    qualitative: Decimal
    work: Decimal  # 工作实际考评得分
    department: Decimal
    internal: Decimal
    adjustments: Decimal  # bonus − deduction
    total: Decimal  # 综合考评分
    grade: str  # marked; translate where shown
    stars: int  # 0..5
    quantitative_lines: tuple[QuantitativeLine, ...] = field(default_factory=tuple)

    @property
    def grade_label(self) -> str:
        return translate(self.grade)

    @property
    def star_label(self) -> str:
        return translate(STAR_LABELS[self.stars])


def period_end(year: int, quarter: int) -> date:
    """The last day of a quarter, or of the year for a yearly assessment."""
    month = 12 if quarter == YEARLY else quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def completion(measure: str, done: Decimal | None, elapsed: Decimal) -> Decimal | None:
    """How far an indicator is done for the period (1 = fully); None without a target."""
    if done is None:
        return None
    if measure == FLOW:
        if elapsed <= 0:
            return None
        return (done / elapsed).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)
    return done


def quantitative_lines(indicators: list[IndicatorResult], elapsed: Decimal,
                       rules: AssessmentRules) -> tuple[QuantitativeLine, ...]:
    """Each indicator with a target and a positive weight, its share of the quantitative
    points and its score."""
    scored = [(item, completion(item.measure, item.done, elapsed)) for item in indicators]
    scored = [(item, share) for item, share in scored
              if share is not None and rules.weight_of(item.key) > 0]
    total_weight = sum((rules.weight_of(item.key) for item, _share in scored), Decimal(0))
    lines = []
    for item, share in scored:
        full = points(rules.quantitative_points * rules.weight_of(item.key) / total_weight)
        lines.append(QuantitativeLine(
            key=item.key, name=item.name, target=item.target, actual=item.actual,
            completion=share, full_points=full, score=points(full * min(share, rules.completion_cap))))
    return tuple(lines)


def grade_of(total: Decimal, rules: AssessmentRules) -> str:
    for grade, minimum in rules.grades:
        if total >= minimum:
            return grade
    return GRADE_INCOMPETENT


def stars_of(total: Decimal, rules: AssessmentRules) -> int:
    for stars, minimum in rules.stars:
        if total >= minimum:
            return stars
    return 0


def score(lines: tuple[QuantitativeLine, ...], qualitative: list[Decimal], department: Decimal,
          internal: Decimal, adjustments: list[Adjustment], rules: AssessmentRules) -> Scores:
    """The 考核表's sums, grade and star level."""
    quantitative = sum((line.score for line in lines), Decimal("0.00"))
    qualitative_sum = points(sum(qualitative, Decimal(0)))
    work = quantitative + qualitative_sum
    adjusted = points(sum((item.signed for item in adjustments), Decimal(0)))
    total = work + points(department) + points(internal) + adjusted
    return Scores(quantitative=quantitative, qualitative=qualitative_sum, work=work,
                  department=points(department), internal=points(internal), adjustments=adjusted,
                  total=total, grade=grade_of(total, rules), stars=stars_of(total, rules),
                  quantitative_lines=lines)
