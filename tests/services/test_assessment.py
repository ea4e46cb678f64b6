"""The 考核表 service: the sheet read from the task book and stored scores, saving checked
whole, and the configurable rules."""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from cmdesk.domain import assessment as am
from cmdesk.errors import ValidationError
from cmdesk.services import assessment as svc
from cmdesk.services import task_book

ACTOR = "测试经理"


def _book(db):
    with db.transaction(ACTOR) as session:
        task_book.set_target(session, 2026, "deposit_new", "1200")
        task_book.set_actuals(session, 2026, "deposit_new", {1: "100", 2: "100", 3: "100"})


def test_first_quarter_sheet_with_hand_computed_figures(db):
    # GIVEN 300 of 1,200 deposits by 31 March (90/365 of the year = 0.2466)
    _book(db)
    with db.transaction(ACTOR) as session:
        svc.save_assessment(session, svc.AssessmentDraft(
            year=2026, quarter=1, qualitative=(("工作态度", "9"), ("业务能力", "8")),
            department_score="14", internal_score="13",
            adjustments=((am.BONUS, "1.5", "获评优秀服务"),), self_report="一季度完成存款新增 300 万元。"))
    with db.session() as session:
        sheet = svc.assessment_sheet(session, 2026, 1, as_of=date(2026, 5, 10))
    # THEN the quarter is judged at its end: 0.25 / 0.2466 = 1.0138 of pace, 50 x 1.0138 = 50.69
    assert sheet.as_of == date(2026, 3, 31) and sheet.saved
    (line,) = sheet.scores.quantitative_lines
    assert line.completion == D("1.0138") and line.score == D("50.69")
    # 50.69 + 17 = 67.69; + 14 + 13 = 94.69; + 1.5 = 96.19
    assert sheet.scores.work == D("67.69") and sheet.scores.total == D("96.19")
    assert sheet.scores.grade_label == "优秀" and sheet.scores.star_label == "五星"
    assert sheet.period_label == "2026 年第一季度"
    assert sheet.adjustments == (am.Adjustment(am.BONUS, D("1.50"), "获评优秀服务"),)
    assert sheet.self_report.startswith("一季度")


def test_an_unsaved_period_shows_the_rules_items_at_zero(db):
    _book(db)
    with db.session() as session:
        sheet = svc.assessment_sheet(session, 2026, am.YEARLY, as_of=date(2026, 3, 31))
    assert not sheet.saved
    assert [(q.name, q.max_score, q.score) for q in sheet.qualitative] == [
        ("工作态度", D(10), D("0.00")), ("业务能力", D(10), D("0.00"))]
    assert sheet.scores.grade_label == "不称职" and sheet.scores.stars == 0
    # the quantitative part alone is not a verdict: grade and stars wait for the scores
    assert (sheet.grade_text, sheet.star_text) == ("待评", "待评")


def test_bad_lines_are_refused_and_nothing_is_half_saved(db):
    with db.transaction(ACTOR) as session:
        svc.save_assessment(session, svc.AssessmentDraft(year=2026, quarter=2, department_score="10"))
    with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
        svc.save_assessment(session, svc.AssessmentDraft(
            year=2026, quarter=2, qualitative=(("工作态度", "11"),), department_score="12",
            internal_score="abc", adjustments=((am.DEDUCTION, "2", " "), ("other", "1", "x"))))
    message = str(caught.value)
    assert "工作态度" in message and "0 到 10" in message
    assert "内部业务管理得分" in message and "“abc”不是数字" in message
    assert "第 1 行加减分" in message and "必须写明原因" in message
    assert "第 2 行加减分" in message and "应为加分或扣分" in message
    with db.session() as session:
        assert svc.assessment_sheet(session, 2026, 2).scores.department == D("10.00")
    with pytest.raises(ValidationError, match="考核期"), db.session() as session:
        svc.assessment_sheet(session, 2026, 5)


def test_saving_again_replaces_the_lines(db):
    draft = svc.AssessmentDraft(year=2026, quarter=3, adjustments=((am.BONUS, "2", "营销竞赛第一"),))
    with db.transaction(ACTOR) as session:
        first = svc.save_assessment(session, draft)
        second = svc.save_assessment(session, replace(draft, adjustments=((am.DEDUCTION, "1", "迟交日志"),)))
    assert first == second
    with db.session() as session:
        sheet = svc.assessment_sheet(session, 2026, 3)
    assert sheet.adjustments == (am.Adjustment(am.DEDUCTION, D("1.00"), "迟交日志"),)


def test_rules_are_configurable_and_checked(db):
    rules = am.AssessmentRules(
        qualitative_items=(("团队协作", D(30)),), department_points=D(10), internal_points=D(10),
        grades=(("优秀", D(85)), ("称职", D(70)), ("基本称职", D(50))),
        stars=((5, D(90)), (3, D(70))))
    with db.transaction(ACTOR) as session:
        svc.save_rules(session, rules)
        svc.save_assessment(session, svc.AssessmentDraft(
            year=2026, quarter=4, qualitative=(("团队协作", "28"),), department_score="10",
            internal_score="9"))
    with db.session() as session:
        assert svc.get_rules(session) == rules
        sheet = svc.assessment_sheet(session, 2026, 4)  # no task book: 28 + 10 + 9 = 47
    assert sheet.scores.total == D("47.00") and sheet.scores.grade_label == "不称职"
    with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
        svc.save_rules(session, replace(rules, grades=(("优秀", D(60)), ("称职", D(70))),
                                        completion_cap=D("0.9")))
    assert "考核等次" in str(caught.value) and "完成率封顶" in str(caught.value)


def _run(desk, *argv: str) -> int:
    from cmdesk.commands import assessment as assess_commands
    from cmdesk.commands import targets as target_commands

    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    reports = commands.add_parser("report").add_subparsers(dest="report_command")
    assess_commands.add_commands(commands, reports)
    target_commands.add_commands(commands, reports)
    args = parser.parse_args(argv)
    return args.handler(desk, args)


def test_assess_commands_rules_save_show_and_pdf(desk, tmp_path, capsys):
    # GIVEN a custom indicator marked a level from the command line, and stricter rules
    assert _run(desk, "targets", "set", "有效客户数", "--year", "2026", "--target", "100",
                "--unit", "户", "--measure", "level") == 0
    assert _run(desk, "targets", "set", "有效客户数", "--year", "2026", "--month", "3", "--actual", "80") == 0
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"quantitative_points": "60", "grades": [["优秀", "80"], ["称职", "70"],
                                                                        ["基本称职", "50"]]},
                                ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert _run(desk, "assess", "rules", "--from", str(rules)) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["quantitative_points"] == "60"
    sheet = tmp_path / "q1.json"
    sheet.write_text(json.dumps({"qualitative": [{"name": "工作态度", "score": "10"}],
                                 "department_score": "15", "internal_score": "5",
                                 "adjustments": [{"kind": "deduction", "points": "2", "reason": "迟交日志"}],
                                 "self_report": "述职"}, ensure_ascii=False), encoding="utf-8")
    assert _run(desk, "assess", "save", "--year", "2026", "--quarter", "1", "--from", str(sheet)) == 0
    capsys.readouterr()
    # WHEN the sheet is shown: 80 of 100 (a level) is 0.8 x 60 = 48; + 10 + 15 + 5 - 2 = 76
    assert _run(desk, "assess", "show", "--year", "2026", "--quarter", "1", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quantitative"][0]["score"] == "48.00"
    assert (data["total"], data["grade"]) == ("76.00", "称职")
    output = tmp_path / "q1.pdf"
    assert _run(desk, "assess", "pdf", "--year", "2026", "--quarter", "1", "-o", str(output)) == 0
    assert output.read_bytes().startswith(b"%PDF")
    rules.write_text('{"grades": "优秀"}', encoding="utf-8")
    with pytest.raises(ValidationError, match="考核规则的格式不对"):
        _run(desk, "assess", "rules", "--from", str(rules))
