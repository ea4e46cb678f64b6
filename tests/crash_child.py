"""Crash safety, for real: a child process that saves until it is killed, and the driver
that kills it with SIGKILL and checks what survived.

Child (`python tests/crash_child.py DATA_DIR RUN [SAVES]`): opens the desk, prints READY,
then performs numbered saves (until killed, or SAVES of them) through the real services
and `db.transaction` — every third a client file with CONTACTS_PER_CLIENT contacts, the
others a visit diary entry with its visit report and FOLLOW_UPS_PER_ENTRY follow-ups —
printing `ACK <kind> <tag>` after each commit returns. Tags are "<run>-<n>".

Driver (`kill_runs`): starts the child, waits for READY, kills it with SIGKILL after a
random delay, then checks the file: integrity_check ok, foreign_key_check empty, every
save acknowledged in any run so far present and whole, at most the one save after the
last acknowledgement present unacknowledged (its commit finished, its ACK did not get
out) — and whole; then reopens the desk as after a crash and checks the audit chain.
`saved_tags` is the whole/half check on its own. Used by tests/test_crash_safety.py and
bench/crash.py. The desk is opened with no_encryption=True so the checks can read the
file with plain sqlite3 (SQLCipher keeps SQLite's journalling).
"""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTACTS_PER_CLIENT = 2
FOLLOW_UPS_PER_ENTRY = 3
CLIENT_PREFIX = "崩溃测试客户"
ENTRY_PREFIX = "崩溃测试日志"
MAX_SAVES_PER_RUN = 100_000


# --------------------------------------------------------------------------- the child

def _child(data_dir: str, run: int, saves: int) -> None:
    from cmdesk.services import clients, diary
    from cmdesk.storage.desk import open_desk

    desk = open_desk(data_dir, no_encryption=True)
    clients.pinyin_of(CLIENT_PREFIX)  # loads the pinyin tables now, not in the first save
    print("READY", flush=True)
    client_id = None
    for n in range(saves):
        tag = f"{run}-{n}"
        if n % 3 == 0 or client_id is None:
            with desk.db.transaction("崩溃测试") as session:
                client_id = clients.save_client_file(session, clients.ClientDraft(
                    fields={"kind": "company", "name": f"{CLIENT_PREFIX}{tag}",
                            "notes": f"第 {n} 次保存"},
                    contacts=[{"name": f"联系人{k}", "phone": f"1381234{k:04d}"}
                              for k in range(CONTACTS_PER_CLIENT)]))
            print(f"ACK client {tag}", flush=True)
        else:
            with desk.db.transaction("崩溃测试") as session:
                diary.save_entry(session, diary.EntryDraft(
                    fields={"entry_date": date(2026, 11, 20), "kind": "visit",
                            "client_id": client_id, "content": f"{ENTRY_PREFIX} {tag}"},
                    visit_report={"place": "客户办公室", "discussion": f"洽谈 {tag}"},
                    follow_ups=[{"request": f"{tag} 事项 {k}"}
                                for k in range(FOLLOW_UPS_PER_ENTRY)]))
            print(f"ACK entry {tag}", flush=True)


# --------------------------------------------------------------------------- the driver

@dataclass
class CrashFigures:
    """What the kills did: runs, acknowledged saves, and what went wrong (goal: none)."""

    runs: int = 0
    acknowledged: int = 0
    unacknowledged_found: int = 0
    lost: list[str] = field(default_factory=list)
    half_saved: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.half_saved or self.problems)


def saved_tags(path: Path) -> tuple[dict[str, bool], list[str]]:
    """{tag: whole?} of every crash-test save in the file, and the file's problems."""
    conn = sqlite3.connect(path)
    try:
        problems = []
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:5]}")
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        if foreign:
            problems.append(f"foreign_key_check: {foreign[:5]}")
        saved: dict[str, bool] = {}
        for name, contacts in conn.execute(
                "SELECT c.name, (SELECT count(*) FROM contacts k WHERE k.client_id = c.id"
                " AND k.deleted_at IS NULL) FROM clients c WHERE c.name LIKE ?",
                (CLIENT_PREFIX + "%",)):
            saved[name.removeprefix(CLIENT_PREFIX)] = contacts == CONTACTS_PER_CLIENT
        for content, follow_ups, reports in conn.execute(
                "SELECT e.content,"
                " (SELECT count(*) FROM follow_ups f WHERE f.entry_id = e.id"
                "  AND f.deleted_at IS NULL),"
                " (SELECT count(*) FROM visit_reports r WHERE r.entry_id = e.id"
                "  AND r.deleted_at IS NULL)"
                " FROM diary_entries e WHERE e.content LIKE ?", (ENTRY_PREFIX + "%",)):
            tag = content.removeprefix(ENTRY_PREFIX).strip()
            saved[tag] = follow_ups == FOLLOW_UPS_PER_ENTRY and reports == 1
        return saved, problems
    finally:
        conn.close()


def _reopen_problem(data_dir: Path) -> str | None:
    """Open the desk as the manager would after the crash; check the audit chain."""
    from cmdesk.storage.audit import verify_chain
    from cmdesk.storage.desk import open_desk

    desk = open_desk(data_dir, no_encryption=True)
    try:
        with desk.db.session() as session:
            result = verify_chain(session)
    finally:
        desk.close()
    return None if result.ok else f"audit chain: {result.reason}"


def _one_run(data_dir: Path, run: int, rng: random.Random, max_delay: float) -> list[str]:
    """Start the child, kill it at a random moment; return its acknowledged tags."""
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(data_dir),
                              str(run)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert child.stdout is not None
    ready = child.stdout.readline()
    if ready.strip() != "READY":
        child.kill()
        _out, err = child.communicate()
        raise RuntimeError(f"the crash child did not start: {ready!r} {err[-2000:]}")
    time.sleep(rng.uniform(0, max_delay))
    child.send_signal(signal.SIGKILL)
    out, _err = child.communicate()
    if child.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the crash child ended by itself ({child.returncode}): {_err[-2000:]}")
    tags = []
    for line in out.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 3 and parts[0] == "ACK":
            tags.append(parts[2])
    return tags


def kill_runs(data_dir: Path, runs: int, *, seed: int = 7, max_delay: float = 0.6,
              progress: Callable[[int, CrashFigures], None] | None = None) -> CrashFigures:
    """Kill the saving child `runs` times on one data folder; check after every kill."""
    from cmdesk.storage.desk import open_desk

    open_desk(data_dir, no_encryption=True).close()  # created and migrated once, before the first kill
    rng = random.Random(seed)
    figures = CrashFigures()
    acknowledged: set[str] = set()
    database = data_dir / "cmdesk.sqlite3"
    started = time.perf_counter()
    for run in range(runs):
        tags = _one_run(data_dir, run, rng, max_delay)
        acknowledged.update(tags)
        figures.runs += 1
        figures.acknowledged += len(tags)
        saved, problems = saved_tags(database)
        chain = _reopen_problem(data_dir)
        figures.problems += [f"run {run}: {p}" for p in problems + ([chain] if chain else [])]
        figures.lost += sorted(t for t in acknowledged if not saved.get(t, False)
                               and t not in figures.lost)
        figures.half_saved += sorted(t for t, whole in saved.items()
                                     if not whole and t not in figures.half_saved)
        extra = [t for t in saved if t.startswith(f"{run}-") and t not in acknowledged]
        figures.unacknowledged_found += len(extra)
        next_tag = f"{run}-{len(tags)}"
        if extra and extra != [next_tag]:
            figures.problems.append(f"run {run}: unacknowledged saves present {extra}, "
                                    f"only {next_tag} may be")
        if progress:
            progress(run + 1, figures)
    figures.seconds = time.perf_counter() - started
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    _child(sys.argv[1], int(sys.argv[2]),
           int(sys.argv[3]) if len(sys.argv) > 3 else MAX_SAVES_PER_RUN)
