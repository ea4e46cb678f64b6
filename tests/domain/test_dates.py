"""The one parser of typed dates: every form a manager types, the year taken nearest to
today when left out, and nonsense refused with a reason that names the field."""
from __future__ import annotations

from datetime import date

import pytest

from cmdesk.domain.dates import DateTextError, parse_date

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text", ["20261202", "2026-12-02", "2026/12/2", "2026.12.2",
                                  "2026年12月2日", "2026 年 12 月 2 日", "１２月２日",
                                  "12-2", "12/2", "12.2", "12月2日", "12月2", "1202", " 12-02 "])
def test_every_typed_form_means_the_same_day(text):
    assert parse_date(text, today=TODAY) == date(2026, 12, 2)


def test_blank_is_no_date():
    assert parse_date("", today=TODAY) is None
    assert parse_date("   ", today=TODAY) is None


@pytest.mark.parametrize(("today", "text", "meant"), [
    (date(2027, 1, 3), "12-30", date(2026, 12, 30)),   # a visit logged after new year
    (date(2026, 12, 30), "1-3", date(2027, 1, 3)),     # a deadline just after new year
    (date(2026, 6, 1), "5-20", date(2026, 5, 20)),
    (date(2026, 6, 1), "7-1", date(2026, 7, 1)),
    (date(2027, 3, 1), "2-29", date(2028, 2, 29)),     # only a leap year has it
])
def test_year_left_out_is_the_one_nearest_today(today, text, meant):
    assert parse_date(text, today=today) == meant


def test_year_left_out_comes_from_the_desk_clock(time_machine):
    time_machine.move_to(date(2031, 4, 10).isoformat())
    assert parse_date("4月12日") == date(2031, 4, 12)


@pytest.mark.parametrize(("text", "words"), [
    ("13月40日", "月份应在 1 到 12 之间"),
    ("2月30日", "2 月没有 30 日"),
    ("2026-02-29", "2026 年 2 月没有 29 日"),
    ("明天吧", "不是日期"),
    ("2026-1", "不是日期"),
    ("0-5", "月份应在 1 到 12 之间"),
])
def test_nonsense_is_refused_naming_the_field(text, words):
    with pytest.raises(DateTextError) as refused:
        parse_date(text, label="下次拜访日期", today=TODAY)
    assert str(refused.value).startswith("下次拜访日期：")
    assert words in str(refused.value)
    assert f"“{text}”" in str(refused.value)
    assert refused.value.reason in str(refused.value)


def test_without_a_label_the_reason_stands_alone():
    with pytest.raises(DateTextError) as refused:
        parse_date("13月40日", today=TODAY)
    assert str(refused.value) == refused.value.reason
