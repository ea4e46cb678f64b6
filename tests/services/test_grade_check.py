"""对等配置 on the desk: the manager's grade (profile) against the tiers of the clients
in service, as `cmdesk clients check-grades` lists it; and the grade order itself."""
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
