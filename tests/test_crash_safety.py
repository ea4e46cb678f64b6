"""A save the desk acknowledged survives SIGKILL at any instant; nothing is half saved.

The child process and the checks are in tests/crash_child.py. With CI=true the child is
killed CI_KILLS times (the issue asks for at least 50); locally LOCAL_KILLS times.
`python -m bench.crash` runs 200+.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from cmdesk.storage.desk import open_desk
from tests.crash_child import ENTRY_PREFIX, REPO_ROOT, kill_runs, saved_tags

CI_KILLS = 50
LOCAL_KILLS = 12


def test_acknowledged_saves_survive_sigkill(tmp_path):
    kills = CI_KILLS if os.environ.get("CI", "").lower() == "true" else LOCAL_KILLS
    figures = kill_runs(tmp_path / "data", kills, seed=20261122)
    assert figures.runs == kills
    assert figures.acknowledged > kills  # the kills landed among saves, not only before them
    assert figures.problems == []
    assert figures.lost == []
    assert figures.half_saved == []


def test_the_checks_see_a_half_saved_entry_and_a_half_saved_client(tmp_path):
    data_dir = tmp_path / "data"
    open_desk(data_dir, no_encryption=True).close()
    child = subprocess.run([sys.executable, str(REPO_ROOT / "tests" / "crash_child.py"),
                            str(data_dir), "0", "3"], cwd=REPO_ROOT, capture_output=True,
                           text=True, encoding="utf-8", timeout=120, check=True)
    assert child.stdout.split() == ["READY", "ACK", "client", "0-0", "ACK", "entry", "0-1",
                                    "ACK", "entry", "0-2"]
    database = data_dir / "cmdesk.sqlite3"
    saved, problems = saved_tags(database)
    assert problems == [] and saved == {"0-0": True, "0-1": True, "0-2": True}
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(
            "UPDATE follow_ups SET deleted_at = '2026-11-22 00:00:00' WHERE rowid = (SELECT"
            " min(f.rowid) FROM follow_ups f JOIN diary_entries e ON e.id = f.entry_id"
            " WHERE e.content = ?)", (f"{ENTRY_PREFIX} 0-1",))
        conn.execute("DELETE FROM contacts WHERE rowid = (SELECT min(rowid) FROM contacts)")
    conn.close()
    saved, problems = saved_tags(database)
    assert saved == {"0-0": False, "0-1": False, "0-2": True} and problems == []
