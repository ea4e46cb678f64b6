"""对等配置 on the desk: the manager's grade (profile) against the tiers of the clients
in service, as `cmdesk clients check-grades` lists it; the grade order itself; and what
the manager is told when a save or a sheet import makes an exception (head office's own
floors and grade: tests/hq/test_rules_package.py)."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from cmdesk.domain.profile import below_grade_floor
from cmdesk.models import Client
from cmdesk.services.grade_check import check_grades
from cmdesk.services.settings import save_profile
from tests.conftest import TEST_PROFILE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("grade", "floor", "below"), [
    ("助理客户经理", "客户经理", True),
    ("客户经理", "高级客户经理", True),
    ("高级客户经理", "高级客户经理", False),
    ("高级客户经理", "客户经理", False),
    ("", "助理客户经理", True),
    ("行长", "助理客户经理", True),
])
def test_grade_order(grade, floor, below):
    assert below_grade_floor(grade, floor) is below


def _clients(db) -> None:
    moment = datetime(2026, 11, 1, 9)
    with db.transaction() as session:
        session.add_all([
            Client(kind="company", name="乙公司", tier="核心"),
            Client(kind="company", name="甲公司", tier="核心"),
            Client(kind="company", name="丙公司", tier="重点"),
            Client(kind="company", name="丁公司", tier="核心", archived_at=moment),
            Client(kind="company", name="戊公司", tier="核心", released_at=moment, released_to="李明"),
            Client(kind="company", name="己公司", tier="核心", deleted_at=moment),
        ])


def test_core_clients_of_a_manager_below_the_floor(db):
    _clients(db)
    with db.session() as session:
        check = check_grades(session)
    assert check.describe() == [
        "我的职级：客户经理；对等配置：核心 客户由 高级客户经理 以上服务",
        "低于对等配置的客户 2 户：",
        "乙公司（核心）应由 高级客户经理 以上服务",
        "甲公司（核心）应由 高级客户经理 以上服务",
    ]  # by name as SQLite sorts it (code points): 乙 U+4E59 before 甲 U+7532


def test_a_senior_manager_has_no_exception_and_the_command_says_so(db, data_dir, desk):
    _clients(db)
    with db.transaction() as session:
        save_profile(session, replace(TEST_PROFILE, grade="高级客户经理"))
    with db.session() as session:
        assert check_grades(session).below == ()
    desk.close()
    done = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir),
                           "clients", "check-grades"], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "我的职级：高级客户经理；对等配置：核心 客户由 高级客户经理 以上服务",
        "没有低于对等配置的客户"]


def test_a_save_that_tiers_a_client_above_the_grade_tells_it_once(db):
    from cmdesk.services.clients import ClientDraft, save_client_file
    from cmdesk.services.grade_check import client_tier, tiering_notice

    def save(fields, client_id=None):
        with db.transaction() as session:
            before = client_tier(session, client_id)
            saved = save_client_file(session, ClientDraft(fields=fields), client_id)
            return saved, tiering_notice(session, saved, before)

    # a new 一般 client: nothing to tell; made 核心: told, by name, tier and grade
    client_id, notice = save({"kind": "company", "name": "甲公司", "tier": "一般", "status": "active"})
    assert notice == ""
    _, notice = save({"tier": "核心"}, client_id)
    assert notice == ("对等配置例外：客户“甲公司”为核心客户，应由高级客户经理以上服务，"
                      "您的职级为客户经理。已保存，请向主管报告。")
    # saved again without a tier change: not told again (the file's header keeps saying it)
    assert save({"address": "厦门"}, client_id)[1] == ""


def test_a_sheet_import_tells_the_exceptions_it_made(db, tmp_path):
    from cmdesk.services.client_import import import_clients

    path = tmp_path / "clients.csv"
    path.write_text("客户名称,客户类型,客户等级\n甲公司,公司,核心\n乙公司,公司,一般\n", encoding="utf-8")
    with db.transaction() as session:
        assert import_clients(session, path, dry_run=True).notices == []
        report = import_clients(session, path)
    assert report.imported == 2
    assert report.notices == ["对等配置例外：客户“甲公司”为核心客户，应由高级客户经理以上服务，"
                              "您的职级为客户经理。已保存，请向主管报告。"]
