"""The 考核表's arithmetic with figures worked out by hand."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from cmdesk.domain import assessment as am
from cmdesk.domain.task_book import FLOW, LEVEL


def test_quantitative_lines_weights_caps_and_pace():
    # GIVEN half the year gone, deposits weighing 2, the others 1, a cap of 120%
    rules = am.AssessmentRules(weights=(("deposit_new", D(2)),))
    indicators = [
        am.IndicatorResult("deposit_new", "存款新增", FLOW, D(100), D(60), D("0.6000")),
        am.IndicatorResult("custom_rate", "利息收回率", LEVEL, D(98), D("98.7"), D("1.0071")),
        am.IndicatorResult("fee_income", "中间业务收入", FLOW, D(200), D(40), D("0.2000")),
        am.IndicatorResult("loan_new", "贷款新增", FLOW, D(0), D(5), None),  # no target: left out
    ]
    lines = am.quantitative_lines(indicators, D("0.5000"), rules)
    # THEN 50 points split 2:1:1 -> 25, 12.5, 12.5
    assert [(line.key, line.full_points) for line in lines] == [
        ("deposit_new", D("25.00")), ("custom_rate", D("12.50")), ("fee_income", D("12.50"))]
    # 60/100 at half the year is 120% of pace; the level is judged on its target alone
    assert [line.completion for line in lines] == [D("1.2000"), D("1.0071"), D("0.4000")]
    # 25 x 1.2 = 30; 12.5 x 1.0071 = 12.58875 -> 12.59; 12.5 x 0.4 = 5
    assert [line.score for line in lines] == [D("30.00"), D("12.59"), D("5.00")]


def test_the_cap_holds_a_flow_far_ahead():
    rules = am.AssessmentRules()
    lines = am.quantitative_lines(
        [am.IndicatorResult("deposit_new", "存款新增", FLOW, D(100), D(90), D("0.9000"))], D("0.2500"), rules)
    assert lines[0].completion == D("3.6000") and lines[0].score == D("60.00")  # 50 x 1.2


def test_total_grade_and_stars():
    rules = am.AssessmentRules(weights=(("deposit_new", D(2)),))
    lines = am.quantitative_lines([
        am.IndicatorResult("deposit_new", "存款新增", FLOW, D(100), D(60), D("0.6000")),
        am.IndicatorResult("custom_rate", "利息收回率", LEVEL, D(98), D("98.7"), D("1.0071")),
        am.IndicatorResult("fee_income", "中间业务收入", FLOW, D(200), D(40), D("0.2000")),
    ], D("0.5000"), rules)
    scores = am.score(lines, [D(8), D("9.5")], D(13), D("12.5"),
                      [am.Adjustment(am.BONUS, D(2), "获总行表彰"),
                       am.Adjustment(am.DEDUCTION, D(3), "日志迟交")], rules)
    # 47.59 + 17.50 = 65.09; + 13 + 12.50 = 90.59; + 2 - 3 = 89.59
    assert scores.quantitative == D("47.59") and scores.qualitative == D("17.50")
    assert scores.work == D("65.09") and scores.adjustments == D("-1.00")
    assert scores.total == D("89.59")
    assert scores.grade_label == "称职" and scores.stars == 4 and scores.star_label == "四星"


def test_band_edges():
    rules = am.AssessmentRules()
    assert (am.grade_of(D(90), rules), am.stars_of(D(90), rules)) == ("优秀", 4)
    assert (am.grade_of(D(95), rules), am.stars_of(D(95), rules)) == ("优秀", 5)
    assert (am.grade_of(D("74.99"), rules), am.stars_of(D("74.99"), rules)) == ("基本称职", 2)
    assert (am.grade_of(D("59.99"), rules), am.stars_of(D("59.99"), rules)) == ("不称职", 0)


def test_period_ends():
    assert am.period_end(2026, 1) == date(2026, 3, 31)
    assert am.period_end(2026, 2) == date(2026, 6, 30)
    assert am.period_end(2024, am.YEARLY) == date(2024, 12, 31)
