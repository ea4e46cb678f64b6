"""Working days: official holidays and 调休 across a year boundary, data files for the
years the library does not know, and the Monday-to-Friday fallback said out loud."""
from __future__ import annotations

import json
from datetime import date

import pytest

from cmdesk import workdays
from cmdesk.errors import CmdeskError


def test_new_year_week_across_the_year_boundary():
    days = workdays.days_between(date(2025, 12, 29), date(2026, 1, 4))
    assert [d.workday for d in days] == [True, True, True, False, False, False, True]
    assert [d.label for d in days] == ["", "", "", "元旦", "元旦", "元旦", "调休上班"]
    assert days[-1].make_up and days[-1].weekday_name == "星期日"
    assert all(d.known for d in days)
    assert workdays.next_workday(date(2026, 1, 1)) == date(2026, 1, 4)


def test_spring_festival_and_its_make_up_saturday():
    assert workdays.day_info(date(2026, 2, 17)).holiday == "春节"
    assert workdays.is_workday(date(2026, 2, 14))  # Saturday, 调休上班
    assert len(workdays.workdays_between(date(2026, 2, 9), date(2026, 2, 22))) == 6


def test_unknown_year_falls_back_to_monday_to_friday(tmp_path):
    assert not workdays.year_known(2031, tmp_path)
    info = workdays.day_info(date(2031, 1, 1), tmp_path)
    assert (info.workday, info.known, info.label) == (True, False, "")
    assert not workdays.day_info(date(2031, 1, 4), tmp_path).workday


def test_a_year_data_file_extends_the_calendar_across_new_year(tmp_path):
    (tmp_path / "2031.json").write_text(json.dumps({
        "year": 2031, "source": "测试数据",
        "holidays": [{"name": "元旦", "dates": ["2031-01-01", "2031-01-02", "2031-01-03"]}],
        "make_up_workdays": ["2031-01-04"]}, ensure_ascii=False), encoding="utf-8")
    week = workdays.days_between(date(2030, 12, 30), date(2031, 1, 5), tmp_path)
    assert [d.workday for d in week] == [True, True, False, False, False, True, False]
    assert [d.known for d in week] == [False, False, True, True, True, True, True]
    assert week[2].label == "元旦" and week[5].label == "调休上班"
    assert workdays.year_known(2031, tmp_path)


def test_a_file_overrides_the_library_for_its_year(tmp_path):
    (tmp_path / "2026.json").write_text(json.dumps({
        "year": 2026, "holidays": [{"name": "测试假日", "dates": ["2026-06-01"]}]}),
        encoding="utf-8")
    assert workdays.day_info(date(2026, 6, 1), tmp_path).holiday == "测试假日"
    assert workdays.is_workday(date(2026, 1, 1), tmp_path)  # the file knows no 元旦


@pytest.mark.parametrize("content", ["not json", json.dumps({"year": 2032, "holidays": [
    {"name": "元旦", "dates": ["2031-12-31"]}]})])
def test_a_broken_data_file_is_reported(tmp_path, content):
    (tmp_path / "2032.json").write_text(content, encoding="utf-8")
    with pytest.raises(CmdeskError, match="节假日数据文件"):
        workdays.day_info(date(2032, 1, 1), tmp_path)


def test_shipped_folder_is_documented():
    assert (workdays.HOLIDAYS_DIR / "README.md").is_file()
