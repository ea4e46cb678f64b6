"""Head office and the flow/level mark of task-book indicators: the targets file carries
it, and an older head-office database gains the column on opening."""
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
