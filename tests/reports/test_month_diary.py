"""The month's 《客户经理日志》 read back with pypdf for a known month: the figures by kind
and by tier, every entry of the month (none of the next), overdue contacts and open
follow-ups as of the month's end, masking, the supervisor's review once it is there, and
the `cmdesk report month` command."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date, datetime

from pypdf import PdfReader

from cmdesk.models import Client, DiaryEntry, DiaryRemark, DiaryReview, FollowUp
from cmdesk.reports.month_diary import render_month_diary
from cmdesk.services.month_diary import month_diary
from cmdesk.services.settings import Profile, save_profile
from cmdesk.storage.desk import open_desk

AFTER_THE_MONTH = date(2026, 12, 15)


def _text(data: bytes) -> tuple[str, int]:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages)), len(pages)


def _november(db) -> dict[str, str]:
    """核心 甲 (visit, post-loan check; overdue on the 24th), 重点 乙 (call, visit), 一般 丙
    (never contacted), an internal entry, a December visit, follow-ups open and closed."""
    with db.transaction("王芳") as session:
        save_profile(session, Profile(name="王芳", employee_id="W001", branch="测试支行"))
        a = Client(kind="company", name="甲公司", tier="核心", created_at=datetime(2026, 9, 1))
        b = Client(kind="company", name="乙公司", tier="重点", created_at=datetime(2026, 9, 1))
        c = Client(kind="company", name="丙公司", tier="一般", created_at=datetime(2026, 6, 1))
        session.add_all([a, b, c])
        session.flush()
        visit = DiaryEntry(entry_date=date(2026, 11, 3), kind="visit", client_id=a.id,
                           content="走访甲公司财务总监，手机13812345678", outcome="有开户意向")
        session.add_all([
            visit,
            DiaryEntry(entry_date=date(2026, 11, 10), kind="post_loan", client_id=a.id, content="贷后检查"),
            DiaryEntry(entry_date=date(2026, 11, 5), kind="call", client_id=b.id, content="电话约访"),
            DiaryEntry(entry_date=date(2026, 11, 18), kind="visit", client_id=b.id, content="走访乙公司"),
            DiaryEntry(entry_date=date(2026, 11, 12), kind="internal", content="部门例会"),
            DiaryEntry(entry_date=date(2026, 12, 2), kind="visit", client_id=c.id, content="十二月走访"),
            FollowUp(client_id=a.id, request="开户资料清单", department="运营管理部",
                     due_date=date(2026, 11, 20)),
            FollowUp(client_id=b.id, request="已办结事项", status="told_client"),
        ])
        session.flush()
        return {"visit": visit.id}


def test_the_month_has_its_figures_entries_overdue_contacts_and_follow_ups(db):
    _november(db)
    with db.session() as session:
        month = month_diary(session, "2026-11", AFTER_THE_MONTH)
        data = render_month_diary(session, "2026-11", AFTER_THE_MONTH)
    assert month.as_of == date(2026, 11, 30)
    assert {line.tier: line.counts for line in month.by_tier} == {
        "核心": (1, 0, 0, 1), "重点": (1, 1, 0, 0), "一般": (0, 0, 0, 0)}
    assert [(line.client_name, line.days_overdue) for line in month.overdue] == [
        ("甲公司", 6), ("丙公司", 92)]
    text, pages = _text(data)
    assert pages >= 1
    assert "2026年11月客户经理日志" in text
    assert "本月日志共5条：走访2条、电话1条、内部事务1条、贷后检查1条。" in text
    assert "核心10012重点11002一般00000合计21014" in text
    assert "二、日志明细（5条）" in text and "部门例会" in text and "十二月走访" not in text
    assert "三、逾期未联系客户（截至2026-11-30，2户）" in text
    assert "甲公司核心2026-11-102026-11-246天" in text and "丙公司一般从未联系" in text
    assert "四、未结督办事项（截至2026-11-30，1项）" in text and "开户资料清单" in text
    assert "已办结事项" not in text
    assert "13812345678" not in text  # masked in print
    assert "总行尚未发回审阅意见" in text


def test_a_reviewed_month_prints_the_opinion_and_the_remarks(db):
    ids = _november(db)
    with db.transaction("总行") as session:
        review = DiaryReview(manager_id="W001", month="2026-11", reviewer="张主管",
                             opinion="走访频次达标，注意回访记录", reviewed_at=datetime(2026, 12, 3, 12))
        session.add(review)
        session.flush()
        session.add(DiaryRemark(entry_id=ids["visit"], review_id=review.id, remark="开户意向请跟进"))
    with db.session() as session:
        text, _pages = _text(render_month_diary(session, "2026-11", AFTER_THE_MONTH))
    assert "2026-11-01—2026-11-30·已审阅" in text
    assert "已审阅：张主管，2026-12-03，批注1条" in text and "走访频次达标，注意回访记录" in text
    assert "开户意向请跟进" in text and "总行尚未发回审阅意见" not in text


def test_report_month_command_writes_the_pdf(tmp_path):
    data = tmp_path / "data"
    desk = open_desk(data, no_encryption=True)
    _november(desk.db)
    desk.close()
    target = tmp_path / "month.pdf"
    result = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data),
                             "--no-encryption", "report", "month", "--month", "2026-11",
                             "-o", str(target)], check=False, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "已写出客户经理日志" in result.stdout
    text, _pages = _text(target.read_bytes())
    assert "2026年11月客户经理日志" in text and "部门例会" in text
