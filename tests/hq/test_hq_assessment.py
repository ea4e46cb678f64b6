"""Head office and the assessment: the flow/level mark of task-book indicators (the
targets file carries it, an older head-office database gains the column on opening) and
the ranking sheet of the managers' 考核表."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from cmdesk.domain import task_book as tb
from cmdesk.errors import ValidationError
from cmdesk.hq.db import create_schema, make_engine
from cmdesk.hq.packages import read_targets


def test_targets_file_marks_custom_indicators_flow_or_level(tmp_path):
    source = tmp_path / "targets.json"
    source.write_text(json.dumps({"indicators": [
        {"key": "贷款余额", "target": "100"},
        {"key": "利息收回率", "target": "98", "unit": "%"},
        {"key": "有效客户数", "target": "500", "unit": "户", "measure": "时点值"},
        {"key": "代发工资额", "target": "900", "unit": "万元"},
    ]}, ensure_ascii=False), encoding="utf-8")
    measures = {row["name"]: row["measure"] for row in read_targets(source)}
    assert measures == {"贷款余额": tb.LEVEL, "利息收回率": tb.LEVEL, "有效客户数": tb.LEVEL,
                        "代发工资额": tb.FLOW}

    source.write_text(json.dumps({"indicators": [
        {"key": "代发工资额", "target": "900", "measure": "总和"}]}, ensure_ascii=False),
        encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_targets(source)
    assert "口径" in str(caught.value)


def test_an_older_head_office_database_gains_the_measure_column(tmp_path):
    # GIVEN a head-office database whose task_indicators predates the measure column
    engine = make_engine(None, tmp_path)
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE task_indicators DROP COLUMN measure"))
        conn.execute(text(
            "INSERT INTO task_books (id, year, source, issued_by, notes, created_at, updated_at, "
            "revision) VALUES ('b', 2026, 'typed', '', '', '2026-01-01', '2026-01-01', 1)"))
        conn.execute(text(
            "INSERT INTO task_indicators (id, book_id, key, name, unit, target, computed, "
            "sort_order, created_at, updated_at, revision) VALUES ('i', 'b', 'custom_x', 'x', '', "
            "1, 0, 0, '2026-01-01', '2026-01-01', 1)"))
    # WHEN head office opens it again
    create_schema(engine)
    # THEN the column is there and the row it kept is a flow
    with engine.connect() as conn:
        assert conn.execute(text("SELECT measure FROM task_indicators")).scalar_one() == "flow"
    engine.dispose()


def _hq(tmp_path):
    from cmdesk.hq.cli import main

    args = ["--data-dir", str(tmp_path / "hq")]
    assert main([*args, "keys", "init"]) == 0
    key_file = tmp_path / "hq-public.json"
    assert main([*args, "keys", "export", "-o", str(key_file)]) == 0
    return main, args, key_file.read_bytes()


def test_ranking_sheet_ranks_the_managers_assessments(tmp_path, capsys):
    from openpyxl import load_workbook

    from cmdesk.services import assessment
    from tests.hq.conftest import desk_with_key, export

    # GIVEN three desks that saved their first quarter (no task book: the other parts only)
    main, args, key = _hq(tmp_path)
    scores = {"王芳": ("14", "13", "9"), "李明": ("15", "15", "10"), "张伟": ("14", "13", "9")}
    packages = []
    for number, (name, (department, internal, attitude)) in enumerate(scores.items()):
        desk = desk_with_key(tmp_path / name, key, name, f"M00{number}")
        with desk.db.transaction(name) as session:
            assessment.save_assessment(session, assessment.AssessmentDraft(
                year=2026, quarter=1, qualitative=(("工作态度", attitude),),
                department_score=department, internal_score=internal))
        packages.append(str(export(desk, tmp_path / "out" / name)))
        desk.close()
    assert main([*args, "import", *packages]) == 0
    capsys.readouterr()
    # WHEN head office writes the ranking
    target = tmp_path / "ranking.xlsx"
    assert main([*args, "ranking", "--year", "2026", "--quarter", "1", "-o", str(target)]) == 0
    assert "3 位客户经理" in capsys.readouterr().out
    # THEN 李明 40 is first, 王芳 and 张伟 share second with 36
    sheet = load_workbook(target).worksheets[0]
    assert sheet.title == "考核排名 2026 第一季度"
    assert [cell.value for cell in sheet[1]][:3] == ["名次", "客户经理", "工号"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(row[0], row[1], row[6]) for row in rows] == [(1, "李明", 40), (2, "张伟", 36), (2, "王芳", 36)]
    assert rows[0][7:] == ["不称职", "无星级"]
    assert main([*args, "ranking", "--year", "2026", "--quarter", "2", "-o", str(target)]) == 0
    assert "0 位客户经理" in capsys.readouterr().out


def test_head_office_approves_a_quarter_and_the_desk_shows_it(tmp_path, capsys):
    from decimal import Decimal

    from cmdesk.domain import assessment as am
    from cmdesk.exchange.desk import import_package
    from cmdesk.services import assessment
    from tests.hq.conftest import desk_with_key, export

    # GIVEN a desk's first quarter at head office
    main, args, key = _hq(tmp_path)
    desk = desk_with_key(tmp_path / "desk", key, "王芳", "W001")
    draft = assessment.AssessmentDraft(year=2026, quarter=1, qualitative=(("工作态度", "9"),),
                                       department_score="14", internal_score="13")
    with desk.db.transaction("王芳") as session:
        assessment.save_assessment(session, draft)
    assert main([*args, "import", str(export(desk, tmp_path / "out"))]) == 0
    # WHEN head office 复评s it without the manager's sheet, then approves it
    package = tmp_path / "approve.cmdx"
    assert main([*args, "assess", "--manager", "W001", "--year", "2026", "--quarter", "2", "--review",
                 "--grade", "称职", "--by", "部门负责人", "-o", str(package)]) == 1
    assert "没有收到 王芳 的 2026 年第二季度考核表" in capsys.readouterr().err
    assert main([*args, "assess", "--manager", "W001", "--year", "2026", "--quarter", "1", "--approve",
                 "--grade", "基本称职", "--total", "35.5", "--opinion", "定量指标待补录",
                 "--by", "考核小组", "-o", str(package)]) == 0
    assert main([*args, "assess", "--manager", "W001", "--year", "2026", "--quarter", "1", "--approve",
                 "--grade", "很好", "--by", "考核小组", "-o", str(tmp_path / "bad.cmdx")]) == 1
    assert "考核等次" in capsys.readouterr().err
    # THEN the desk takes it: 已审定 with head office's figures, and the sheet is closed to edits
    notes = import_package(desk, package, preview=True, backup=False).preview.notes
    assert notes == ["总行对 2026 年第一季度考核表的结论：总行已审定，基本称职。"]
    result = import_package(desk, package, backup=False)
    assert result.result == "applied" and result.counts == {"assessments": 1}
    with desk.db.session() as session:
        sheet = assessment.assessment_sheet(session, 2026, 1)
    review = sheet.review
    assert review.status_label == "总行已审定" and review.grade == "基本称职"
    assert review.total == Decimal("35.50") and review.stars == 0 and review.reviewed_by == "考核小组"
    assert review.opinion == "定量指标待补录" and sheet.scores.total == Decimal("36.00")
    with pytest.raises(ValidationError, match="已由总行审定"), desk.db.transaction("王芳") as session:
        assessment.save_assessment(session, draft)
    assert review.status == am.APPROVED
    desk.close()
