"""The 考核表 of a quarter or a year: stored scores, the rules, and the sheet as shown.

`assessment_sheet(session, year, quarter)` gives a frozen view: the quantitative lines
read from the task book at the period's end (or today, for a period not over), the
qualitative items, the department and internal-management scores, the 加分/扣分 lines,
the 综合考评分 with its grade and star level, and the manager's 述职. `save_assessment`
stores what people typed, checked whole (nothing half-saved), with the sheet's result
at that moment (工作实际考评得分, 综合考评分, grade, stars: what head office ranks by). The scoring rules are a
settings row (`get_rules` / `save_rules`); docs/assessment.md gives the defaults.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.domain import assessment as am
from cmdesk.domain.task_book import year_elapsed_share
from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import Assessment, AssessmentLine, utcnow
from cmdesk.services import task_book
from cmdesk.services.head_office_rules import assessment_rules_from_head_office
from cmdesk.services.settings import get_setting, put_setting

SECTION = "assessment"
RULES_KEY = "assessment_rules"
SCORE_LIMIT = Decimal(1000)
NAME_LIMIT = 100
REPORT_LIMIT = 20000
NOT_ASSESSED = mark("待评")  # grade and stars of a sheet not yet scored


@dataclass(frozen=True)
class QualitativeScore:
    """A qualitative item of the sheet: its name, full points and the score given."""

    name: str
    max_score: Decimal
    score: Decimal


@dataclass(frozen=True)
class Review:
    """Head office's 复评 or 审定 of a 考核表, as its package brought it."""

    status: str  # domain.assessment.REVIEWED | APPROVED
    total: Decimal | None
    grade: str
    stars: int | None
    opinion: str
    reviewed_by: str
    reviewed_on: date | None

    @property
    def status_label(self) -> str:
        return translate(am.REVIEW_LABELS[self.status])

    @property
    def approved(self) -> bool:
        return self.status == am.APPROVED


@dataclass(frozen=True)
class AssessmentSheet:
    """The 考核表 of one period, as it stands."""

    year: int
    quarter: int
    as_of: date
    saved: bool
    qualitative: tuple[QualitativeScore, ...]
    adjustments: tuple[am.Adjustment, ...]
    self_report: str
    scores: am.Scores
    rules: am.AssessmentRules
    review: Review | None = None

    @property
    def period_label(self) -> str:
        return translate("{year} 年{period}").format(
            year=self.year, period=am.period_label(self.quarter))

    @property
    def grade_text(self) -> str:
        """The 考核等次, or 待评 until the sheet's scores have been entered and saved (the
        quantitative part alone would read 不称职)."""
        return self.scores.grade_label if self.saved else translate(NOT_ASSESSED)

    @property
    def star_text(self) -> str:
        return self.scores.star_label if self.saved else translate(NOT_ASSESSED)


@dataclass(frozen=True)
class AssessmentDraft:
    """What the manager (or the supervisor through them) typed into the 考核表."""

    year: int
    quarter: int
    qualitative: tuple[tuple[str, Any], ...] = ()  # (item name, score)
    department_score: Any = "0"
    internal_score: Any = "0"
    adjustments: tuple[tuple[str, Any, str], ...] = ()  # (bonus|deduction, points, reason)
    self_report: str = ""


def _problem(key: str, message: str, label: str, row: int | None = None) -> FieldProblem:
    return FieldProblem(key, message, SECTION, row, label)


def _score(raw: Any, limit: Decimal) -> Decimal:
    """A score 0..limit with at most two decimals; ValueError with the manager's words."""
    if isinstance(raw, (bool, float)):
        raise ValueError(translate("应为数字"))  # noqa: TRY004 - told like any other bad input
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if not text:
        return Decimal("0.00")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(translate("“{value}”不是数字").format(value=raw)) from None
    if not value.is_finite() or value < 0 or value > limit:
        raise ValueError(translate("应在 0 到 {limit} 之间").format(limit=limit))
    return am.points(value)


# --- rules -------------------------------------------------------------------------

def rules_to_json(rules: am.AssessmentRules) -> dict[str, Any]:
    return {
        "quantitative_points": str(rules.quantitative_points),
        "completion_cap": str(rules.completion_cap),
        "weights": {key: str(weight) for key, weight in rules.weights},
        "qualitative_items": [[name, str(full)] for name, full in rules.qualitative_items],
        "department_points": str(rules.department_points),
        "internal_points": str(rules.internal_points),
        "grades": [[grade, str(minimum)] for grade, minimum in rules.grades],
        "stars": [[stars, str(minimum)] for stars, minimum in rules.stars],
    }


def _rules_from_json(data: dict[str, Any]) -> am.AssessmentRules:
    """Rules from their settings row (checked by save_rules when stored)."""
    defaults = am.AssessmentRules()
    return am.AssessmentRules(
        quantitative_points=Decimal(data.get("quantitative_points", defaults.quantitative_points)),
        completion_cap=Decimal(data.get("completion_cap", defaults.completion_cap)),
        weights=tuple((key, Decimal(weight)) for key, weight in data.get("weights", {}).items()),
        qualitative_items=tuple((name, Decimal(full)) for name, full in data["qualitative_items"])
        if "qualitative_items" in data else defaults.qualitative_items,
        department_points=Decimal(data.get("department_points", defaults.department_points)),
        internal_points=Decimal(data.get("internal_points", defaults.internal_points)),
        grades=tuple((grade, Decimal(minimum)) for grade, minimum in data["grades"])
        if "grades" in data else defaults.grades,
        stars=tuple((int(stars), Decimal(minimum)) for stars, minimum in data["stars"])
        if "stars" in data else defaults.stars,
    )


def read_rules(data: Any) -> am.AssessmentRules:
    """Rules from JSON as `rules_to_json` writes them (a file a bank hands out); keys left
    out keep their defaults. ValidationError when the JSON does not have that shape."""
    try:
        if not isinstance(data, dict):
            raise TypeError
        return _rules_from_json(data)
    except (TypeError, ValueError, KeyError, AttributeError, InvalidOperation):
        raise ValidationError([_problem("rules", translate("考核规则的格式不对，请参照 docs/assessment.md"),
                                        translate("考核规则"))]) from None


def get_rules(session: Session) -> am.AssessmentRules:
    """The bank's scoring rules, the documented defaults where none are stored."""
    return _rules_from_json(get_setting(session, RULES_KEY, {}) or {})


def describe_rules(rules: am.AssessmentRules) -> list[str]:
    """The rules in the manager's words, one line each (设置 shows them)."""
    separator = translate("，")
    weights = separator.join(translate("{key} {weight}").format(key=key, weight=weight)
                             for key, weight in rules.weights) or translate("每项指标均为 1")
    return [
        translate("定量部分满分 {points}，完成率封顶 {cap}%").format(
            points=rules.quantitative_points, cap=f"{(rules.completion_cap * 100).normalize():f}"),
        translate("指标权重：{weights}").format(weights=weights),
        translate("定性考核项目：{items}").format(items=translate("、").join(
            translate("{name} {points}").format(name=translate(name), points=full)
            for name, full in rules.qualitative_items)),
        translate("所在部门评价满分 {department}，内部业务管理满分 {internal}").format(
            department=rules.department_points, internal=rules.internal_points),
        translate("考核等次：{bands}，以下为{lowest}").format(bands=separator.join(
            translate("{grade} ≥ {minimum}").format(grade=translate(grade), minimum=minimum)
            for grade, minimum in rules.grades), lowest=translate(am.GRADE_INCOMPETENT)),
        translate("星级：{bands}，以下为{lowest}").format(bands=separator.join(
            translate("{stars} ≥ {minimum}").format(stars=translate(am.STAR_LABELS[stars]), minimum=minimum)
            for stars, minimum in rules.stars), lowest=translate(am.STAR_LABELS[0])),
    ]


def _descending(bands: tuple[tuple[Any, Decimal], ...]) -> bool:
    minimums = [minimum for _name, minimum in bands]
    return all(higher > lower for higher, lower in pairwise(minimums))


def save_rules(session: Session, rules: am.AssessmentRules) -> None:
    """Store the desk's own scoring rules after checking they make sense; refused while
    the rules in force are head office's (services.head_office_rules)."""
    if assessment_rules_from_head_office(session):
        raise ValidationError([_problem("rules", translate("考核规则由总行下发，不能在本机修改"),
                                        translate("考核规则"))])
    put_rules(session, check_rules(rules))


def put_rules(session: Session, rules: am.AssessmentRules) -> None:
    """Store checked rules (check_rules) as the rules in force."""
    put_setting(session, RULES_KEY, rules_to_json(rules))


def check_rules(rules: am.AssessmentRules) -> am.AssessmentRules:
    """The rules when they make sense; ValidationError naming each rule that does not."""
    problems = []
    for key, value, label in (("quantitative_points", rules.quantitative_points, translate("定量部分满分")),
                              ("department_points", rules.department_points, translate("部门评价满分")),
                              ("internal_points", rules.internal_points, translate("内部管理满分"))):
        if not Decimal(0) <= value <= SCORE_LIMIT:
            problems.append(_problem(key, translate("应在 0 到 {limit} 之间").format(limit=SCORE_LIMIT),
                                     label))
    if rules.completion_cap < 1:
        problems.append(_problem("completion_cap", translate("不能低于 100%"), translate("完成率封顶")))
    if any(weight < 0 for _key, weight in rules.weights):
        problems.append(_problem("weights", translate("权重不能为负数"), translate("指标权重")))
    if any(full <= 0 or not name.strip() for name, full in rules.qualitative_items):
        problems.append(_problem("qualitative_items", translate("每项应有名称和大于 0 的满分"),
                                 translate("定性考核项目")))
    if not _descending(rules.grades):
        problems.append(_problem("grades", translate("分数线应从高到低排列"), translate("考核等次")))
    if not _descending(rules.stars):
        problems.append(_problem("stars", translate("分数线应从高到低排列"), translate("星级")))
    if problems:
        raise ValidationError(problems)
    return rules


# --- the sheet ---------------------------------------------------------------------

def _stored(session: Session, year: int, quarter: int) -> Assessment | None:
    return session.scalars(select(Assessment).where(
        Assessment.year == year, Assessment.quarter == quarter,
        Assessment.deleted_at.is_(None))).first()


def _lines(session: Session, assessment: Assessment | None) -> list[AssessmentLine]:
    if assessment is None:
        return []
    return list(session.scalars(select(AssessmentLine).where(
        AssessmentLine.assessment_id == assessment.id, AssessmentLine.deleted_at.is_(None))
        .order_by(AssessmentLine.sort_order)))


def _check_period(year: Any, quarter: Any) -> tuple[int, int]:
    problems = []
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        problems.append(_problem("year", translate("“{year}”不是有效年度（1990–2100）").format(year=year),
                                 translate("年度")))
    if quarter not in am.PERIODS:
        problems.append(_problem("quarter", translate("应为第一至第四季度或全年"), translate("考核期")))
    if problems:
        raise ValidationError(problems)
    return year, quarter


def assessment_sheet(session: Session, year: int, quarter: int,
                     as_of: date | None = None) -> AssessmentSheet:
    """The 考核表 of a period: quantitative from the task book on the period's end (or
    `as_of`, by default today when the period is not over), the stored scores, sums,
    grade and star level."""
    year, quarter = _check_period(year, quarter)
    rules = get_rules(session)
    end = am.period_end(year, quarter)
    as_of = min(end, as_of or clock.today())
    progress = task_book.book_progress(session, year, as_of)
    results = [am.IndicatorResult(key=item.key, name=item.name, measure=item.measure,
                                  target=item.target, actual=item.actual, done=item.done)
               for item in progress.indicators]
    lines = am.quantitative_lines(results, year_elapsed_share(year, as_of), rules)
    stored = _stored(session, year, quarter)
    rows = _lines(session, stored)
    given = {row.name: row.score for row in rows if row.kind == am.QUALITATIVE}
    qualitative = tuple(QualitativeScore(name, full, given.get(name, Decimal("0.00")))
                        for name, full in rules.qualitative_items)
    adjustments = tuple(am.Adjustment(row.kind, row.score, row.reason)
                        for row in rows if row.kind in am.ADJUSTMENT_KINDS)
    department = stored.department_score if stored else Decimal("0.00")
    internal = stored.internal_score if stored else Decimal("0.00")
    scores = am.score(lines, [item.score for item in qualitative], department, internal,
                      list(adjustments), rules)
    return AssessmentSheet(year=year, quarter=quarter, as_of=as_of, saved=stored is not None,
                           qualitative=qualitative, adjustments=adjustments,
                           self_report=stored.self_report if stored else "", scores=scores,
                           rules=rules, review=_review_of(stored))


def _review_of(stored: Assessment | None) -> Review | None:
    if stored is None or stored.review_status not in am.REVIEW_LABELS:
        return None
    return Review(status=stored.review_status, total=stored.review_total, grade=stored.review_grade,
                  stars=stored.review_stars, opinion=stored.review_opinion,
                  reviewed_by=stored.reviewed_by, reviewed_on=stored.reviewed_on)


def save_assessment(session: Session, draft: AssessmentDraft) -> str:
    """Store a period's scores, 加分/扣分 lines and 述职, all checked first; returns its id."""
    year, quarter = _check_period(draft.year, draft.quarter)
    rules = get_rules(session)
    full_points = dict(rules.qualitative_items)
    problems: list[FieldProblem] = []
    qualitative: list[tuple[str, Decimal, Decimal]] = []
    for name, raw in draft.qualitative:
        if name not in full_points:
            problems.append(_problem("qualitative", translate("不在考核规则的定性项目中"), name))
            continue
        try:
            qualitative.append((name, full_points[name], _score(raw, full_points[name])))
        except ValueError as exc:
            problems.append(_problem("qualitative", str(exc), name))
    scores: dict[str, Decimal] = {}
    for key, raw, limit, label in (
            ("department_score", draft.department_score, rules.department_points,
             translate("所在部门评价得分")),
            ("internal_score", draft.internal_score, rules.internal_points,
             translate("内部业务管理得分"))):
        try:
            scores[key] = _score(raw, limit)
        except ValueError as exc:
            problems.append(_problem(key, str(exc), label))
    adjustments: list[tuple[str, Decimal, str]] = []
    for row, (kind, raw, reason) in enumerate(draft.adjustments, start=1):
        label = translate("第 {row} 行加减分").format(row=row)
        if kind not in am.ADJUSTMENT_KINDS:
            problems.append(_problem("kind", translate("应为加分或扣分"), label, row))
            continue
        try:
            value = _score(raw, SCORE_LIMIT)
        except ValueError as exc:
            problems.append(_problem("points", str(exc), label, row))
            continue
        if value <= 0:
            problems.append(_problem("points", translate("分值应大于 0"), label, row))
        if not reason.strip():
            problems.append(_problem("reason", translate("必须写明原因"), label, row))
        adjustments.append((kind, value, reason.strip()))
    if len(draft.self_report) > REPORT_LIMIT:
        problems.append(_problem("self_report", translate("不能超过 {limit} 个字").format(limit=REPORT_LIMIT),
                                 translate("述职")))
    stored = _stored(session, year, quarter)
    if stored is not None and stored.review_status == am.APPROVED:
        problems.append(_problem("review_status", translate("已由总行审定，不能再修改"),
                                 translate("{year} 年{period}考核表").format(
                                     year=year, period=am.period_label(quarter))))
    if problems:
        raise ValidationError(problems)
    if stored is None:
        stored = Assessment(year=year, quarter=quarter)
        session.add(stored)
    stored.department_score = scores["department_score"]
    stored.internal_score = scores["internal_score"]
    stored.self_report = draft.self_report
    session.flush()
    now = utcnow()
    for old in _lines(session, stored):
        old.deleted_at = now
    order = 0
    for name, full, value in qualitative:
        session.add(AssessmentLine(assessment_id=stored.id, kind=am.QUALITATIVE, name=name,
                                   max_score=full, score=value, sort_order=order))
        order += 1
    for kind, value, reason in adjustments:
        session.add(AssessmentLine(assessment_id=stored.id, kind=kind, score=value, reason=reason,
                                   sort_order=order))
        order += 1
    session.flush()
    result = assessment_sheet(session, year, quarter).scores
    stored.work_score, stored.total_score = result.work, result.total
    stored.grade, stored.stars = result.grade, result.stars
    session.flush()
    return stored.id
