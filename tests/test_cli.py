"""The command line, run as a manager would: a real process on a temp data folder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_demo_is_deterministic_and_valid(tmp_path):
    first = cmdesk(tmp_path / "a", "demo", "--clients", "40", "--seed", "3")
    second = cmdesk(tmp_path / "b", "demo", "--clients", "40", "--seed", "3")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    listed_a = json.loads(cmdesk(tmp_path / "a", "clients", "list", "--json").stdout)
    listed_b = json.loads(cmdesk(tmp_path / "b", "clients", "list", "--json").stdout)
    assert len(listed_a) == 40
    assert [c["name"] for c in listed_a] == [c["name"] for c in listed_b]
    assert {"id", "name"} <= set(listed_a[0])


def test_demo_data_passes_the_desks_own_validation(tmp_path):
    from cmdesk.services import clients as svc
    from cmdesk.storage.desk import open_desk

    assert cmdesk(tmp_path, "demo", "--clients", "30").returncode == 0
    desk = open_desk(tmp_path)
    try:
        with desk.db.session() as session:
            ids = [row.id for row in svc.search_clients(session).rows]
            files = [svc.client_file_dict(session, svc.get_client(session, i)) for i in ids]
        for data in files:
            fields = {k: v for k, v in data["client"].items()
                      if k not in ("id", "revision", "created_at", "updated_at", "archived")}
            draft = svc.ClientDraft(fields=fields, **{
                key: [dict(row) for row in data[key]] for key in svc.CHILD_MODELS})
            with desk.db.transaction() as session:  # re-saving every demo file must validate
                svc.save_client_file(session, draft, data["client"]["id"])
    finally:
        desk.close()


def test_clients_list_search_and_show(tmp_path):
    assert cmdesk(tmp_path, "demo", "--clients", "20").returncode == 0
    everyone = json.loads(cmdesk(tmp_path, "clients", "list", "--json").stdout)
    target = everyone[0]
    found = json.loads(cmdesk(tmp_path, "clients", "list", "--search", target["name"], "--json").stdout)
    assert target["id"] in [c["id"] for c in found]
    shown = cmdesk(tmp_path, "clients", "show", target["id"], "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["client"]["name"] == target["name"]
    assert data["contacts"] and data["history"]


def test_unknown_client_is_an_error_on_stderr(tmp_path):
    result = cmdesk(tmp_path, "clients", "show", "no-such-id")
    assert result.returncode != 0
    assert "找不到客户" in result.stderr and result.stdout == ""


def test_profile_set_and_show(tmp_path):
    result = cmdesk(tmp_path, "profile", "set", "--name", "李娜", "--employee-id", "E77",
                    "--grade", "高级客户经理", "--branch", "厦门分行")
    assert result.returncode == 0, result.stderr
    shown = json.loads(cmdesk(tmp_path, "profile", "show").stdout)
    assert shown["name"] == "李娜" and shown["grade"] == "高级客户经理"
    bad = cmdesk(tmp_path, "profile", "set", "--name", " ")
    assert bad.returncode == 1 and "姓名" in bad.stderr


def test_demo_keeps_an_existing_profile(tmp_path):
    cmdesk(tmp_path, "profile", "set", "--name", "李娜", "--employee-id", "E77")
    cmdesk(tmp_path, "demo", "--clients", "2")
    assert json.loads(cmdesk(tmp_path, "profile", "show").stdout)["name"] == "李娜"


def test_newer_database_is_refused_with_exit_2(tmp_path):
    import sqlite3

    assert cmdesk(tmp_path, "profile", "show").returncode == 0
    with sqlite3.connect(tmp_path / "cmdesk.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999'")
    conn.close()
    result = cmdesk(tmp_path, "clients", "list")
    assert result.returncode == 2 and "更新版本" in result.stderr


def test_data_dir_from_environment(tmp_path):
    env_dir = tmp_path / "from-env"
    result = subprocess.run([sys.executable, "-m", "cmdesk", "profile", "show"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "CMDESK_DATA_DIR": str(env_dir)})
    assert result.returncode == 0, result.stderr
    assert (env_dir / "cmdesk.sqlite3").exists()


def test_today_lists_at_most_limit_per_section_and_says_how_many_it_left_out(tmp_path):
    assert cmdesk(tmp_path, "demo", "--clients", "40").returncode == 0
    view = json.loads(cmdesk(tmp_path, "today", "--limit", "1", "--json").stdout)
    sections = [name for name in view["totals"] if name in view]
    assert all(len(view[name]) <= 1 for name in sections)
    cut = [name for name in sections if view["totals"][name] > 1]
    assert cut  # a demo book fills several sections with more than one line
    text = cmdesk(tmp_path, "today", "--limit", "1").stdout
    for name in cut:
        assert f"  …另有 {view['totals'][name] - 1} 项未列出（--limit 列出更多）" in text, name
    assert text.count("…另有") == len(cut)
    every = json.loads(cmdesk(tmp_path, "today", "--limit", "1000", "--json").stdout)
    assert all(len(every[name]) == every["totals"][name] for name in sections)
    refused = cmdesk(tmp_path, "today", "--limit", "0")
    assert refused.returncode == 2 and "“0”不是正整数" in refused.stderr


def test_masked_output_keeps_key_fingerprints_and_record_ids_whole():
    from cmdesk.cli import mask_output

    # a fingerprint whose groups happen to be digits once read as a card number (a flaky test)
    fingerprint = "1234 5678 9012 3456 ABCD 0000 1111 2222"
    record_id = "0b7c4f1e-6a55-4f7e-9a4c-123456789012"
    text = f"本机公钥指纹：{fingerprint}；记录 {record_id}；手机 13812345678；卡号 6222 0212 3456 7890"
    assert mask_output(text) == (f"本机公钥指纹：{fingerprint}；记录 {record_id}；"
                                 "手机 138****5678；卡号 622202******7890")
