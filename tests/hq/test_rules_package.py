"""Head office's rules reach the desk: `cmdesk-hq package rules` carries the manager's
grade, the grade floors (对等配置) and head office's assessment rules; the desk previews
them in the manager's words, keeps them, checks 对等配置 with head office's floors and
grade (not its defaults or the profile's grade), and no longer lets the grade or the
assessment rules be changed on the desk. Another manager's rules are refused."""
from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from cmdesk.errors import ValidationError
from cmdesk.exchange.desk import import_package
from cmdesk.exchange.errors import PackageError
from cmdesk.hq.cli import main
from cmdesk.hq.importer import Importer
from cmdesk.models import Client
from cmdesk.services import assessment
from cmdesk.services.grade_check import check_grades
from cmdesk.services.head_office_rules import received_rules
from cmdesk.services.settings import get_profile, save_profile
from tests.hq.conftest import export, make_desk


def _hq(hq, *words: str) -> int:
    return main(["--data-dir", str(hq.keys_dir.parent), "--db", hq.url, *words])


def _senior_desk_with_clients(hq, tmp_path, name="王芳", employee_id="W001"):
    """A desk whose own profile says 高级客户经理, serving a 核心 and a 重点 client, known
    at head office."""
    desk = make_desk(tmp_path / employee_id, hq, name, employee_id)
    with desk.db.transaction(name) as session:
        save_profile(session, replace(get_profile(session), grade="高级客户经理"))
        session.add_all([Client(kind="company", name="甲核心公司", tier="核心"),
                         Client(kind="company", name="乙重点公司", tier="重点")])
    Importer(hq).import_paths([export(desk, tmp_path / f"out-{employee_id}")])
    return desk


def test_the_desk_checks_head_offices_floor_and_grade(sqlite_hq, tmp_path, capsys):
    desk = _senior_desk_with_clients(sqlite_hq, tmp_path)
    with desk.db.session() as session:
        assert check_grades(session).below == ()  # the default floor: 核心 → 高级客户经理
    # GIVEN head office records a lower grade, a floor for 重点 and its assessment rules
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps({"quantitative_points": "60"}), encoding="utf-8")
    assert _hq(sqlite_hq, "managers", "grade", "王芳", "客户经理") == 0
    assert _hq(sqlite_hq, "rules", "grade-floor", "重点", "高级客户经理") == 0
    assert _hq(sqlite_hq, "rules", "assessment", "--from", str(rules_file)) == 0
    assert '"quantitative_points": "60"' in capsys.readouterr().out
    package = tmp_path / "rules.cmdx"
    assert _hq(sqlite_hq, "package", "rules", "--manager", "W001", "-o", str(package)) == 0
    assert "第 1 号数据包（rules" in capsys.readouterr().out

    # WHEN the desk previews it THEN the manager reads what changes and which client
    lines = import_package(desk, package, preview=True).preview.lines()
    text = "\n".join(lines)
    assert "总行登记您的职级为 客户经理（本机原为 高级客户经理）" in text
    assert "对等配置：重点客户由高级客户经理以上服务。" in text
    assert "将使用总行下发的考核规则" in text
    assert "对等配置例外，请向主管报告：乙重点公司" in text
    with desk.db.session() as session:
        assert received_rules(session) is None  # a preview keeps nothing

    # WHEN it is applied THEN head office's floor and grade decide, not the defaults
    assert import_package(desk, package, backup=False).result == "applied"
    with desk.db.session() as session:
        check = check_grades(session)
        assert check.grade == "客户经理" and check.floors == (("重点", "高级客户经理"),)
        assert [client.name for client in check.below] == ["乙重点公司"]
        assert get_profile(session).grade == "客户经理"
        assert assessment.get_rules(session).quantitative_points == Decimal(60)
        rules = received_rules(session)
        assert (rules.grade, rules.has_assessment_rules, rules.sequence) == ("客户经理", True, 1)
    # … and the desk can no longer change them itself
    with desk.db.transaction("王芳") as session, pytest.raises(ValidationError) as refused:
        save_profile(session, replace(get_profile(session), grade="高级客户经理"))
    assert "职级由总行登记为 客户经理" in str(refused.value.problems[0].describe())
    with desk.db.transaction("王芳") as session, pytest.raises(ValidationError) as refused:
        assessment.save_rules(session, assessment.get_rules(session))
    assert "考核规则由总行下发" in refused.value.problems[0].describe()
    desk.close()


def test_rules_for_every_desk_and_another_managers_refused(sqlite_hq, tmp_path, capsys):
    desk = _senior_desk_with_clients(sqlite_hq, tmp_path)
    other = _senior_desk_with_clients(sqlite_hq, tmp_path, "李明", "L002")
    assert _hq(sqlite_hq, "package", "rules", "--all", "-o", str(tmp_path / "rules")) == 1
    assert "没有可下发的规则" in capsys.readouterr().err
    assert _hq(sqlite_hq, "rules", "grade-floor", "核心", "高级客户经理") == 0
    assert _hq(sqlite_hq, "package", "rules", "--all", "-o", str(tmp_path / "rules")) == 0
    assert sorted(path.name for path in (tmp_path / "rules").iterdir()) == [
        "rules-L002.cmdx", "rules-W001.cmdx"]
    # 李明's package cannot even be opened on 王芳's desk
    with pytest.raises(PackageError):
        import_package(desk, tmp_path / "rules" / "rules-L002.cmdx", backup=False)
    assert import_package(other, tmp_path / "rules" / "rules-L002.cmdx", backup=False).result == "applied"
    with other.db.session() as session:
        # no grade recorded at head office: the profile's grade stays and may still change
        assert check_grades(session).grade == "高级客户经理"
        assert received_rules(session).grade == ""
    desk.close()
    other.close()
