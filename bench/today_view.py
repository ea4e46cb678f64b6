"""The Today view's build time (cmdesk.services.today.today_view, every section bounded to
its first page) on a big desk: a copy of the demo book of 5,000 clients (2,000 with
--quick), its diary filled up to 20 entries per client over two years (100,000 entries),
with visit reports and follow-ups; the lines read of each section's total are shown.

The filler writes rows with bulk INSERTs, without the change log: only reading is timed.
Each build gets a fresh session, as the view does on every refresh.
"""
from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from datetime import time as time_of_day
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bench.books import ensure_book
from cmdesk.domain.diary_fields import CLOSED_STATUSES, FOLLOW_UP_STATUSES
from cmdesk.models import Client, DiaryEntry, FollowUp, VisitReport, new_id, utcnow
from cmdesk.services.today import today_view
from cmdesk.storage.db import backup_database
from cmdesk.storage.desk import open_desk

OUT_DIR = Path(__file__).resolve().parent / "out"
FILL_SEED = 5
ENTRIES_PER_CLIENT = 20
HISTORY_DAYS = 730
TIMED_RUNS = 10
# kind -> weight of the filler's entries
KIND_WEIGHTS = {"visit": 30, "call": 35, "meeting": 10, "post_loan": 8, "internal": 14, "training": 3}
REPORT_SHARE = 0.3  # of visits
FLAG_SHARE = 0.05  # of reports
FOLLOW_UP_SHARE = 0.25  # of visits and meetings
INSERT_CHUNK = 10_000


def _fill(session: Session, missing: int, today: date) -> dict[str, int]:
    """Add `missing` entries over the past two years, with reports and follow-ups."""
    rng = random.Random(FILL_SEED)
    client_ids = list(session.scalars(select(Client.id).where(Client.deleted_at.is_(None))
                                      .order_by(Client.id)))
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    now = utcnow()
    statuses = [key for key, _ in FOLLOW_UP_STATUSES]
    entries, reports, follow_ups = [], [], []
    for _ in range(missing):
        kind = rng.choices(kinds, weights)[0]
        day = today - timedelta(days=rng.randrange(HISTORY_DAYS + 1))
        client_id = None if kind in ("internal", "training") else rng.choice(client_ids)
        entry_id = new_id()
        entries.append({"id": entry_id, "created_at": now, "updated_at": now, "revision": 1,
                        "entry_date": day, "start_time": time_of_day(rng.randint(8, 17), 30),
                        "kind": kind, "client_id": client_id, "contacts_met": "[]",
                        "content": f"{kind} 工作记录", "outcome": "", "next_step": "",
                        "duration_minutes": 60})
        if kind == "visit" and rng.random() < REPORT_SHARE:
            flagged = rng.random() < FLAG_SHARE
            reports.append({"id": new_id(), "created_at": now, "updated_at": now, "revision": 1,
                            "entry_id": entry_id, "discussion": "洽谈内容",
                            "important_changes": "更换法定代表人" if flagged else "",
                            "important_change_flag": flagged,
                            "reported_at": now if flagged and rng.random() < 0.9 else None})
        if kind in ("visit", "meeting") and rng.random() < FOLLOW_UP_SHARE:
            due = day + timedelta(days=rng.randint(7, 30))
            status = rng.choice(sorted(CLOSED_STATUSES)) if due < today and rng.random() < 0.9 \
                else rng.choice(statuses)
            follow_ups.append({"id": new_id(), "created_at": now, "updated_at": now,
                               "revision": 1, "client_id": client_id, "entry_id": entry_id,
                               "request": "开通网银", "due_date": due, "status": status})
    for model, rows in ((DiaryEntry, entries), (VisitReport, reports), (FollowUp, follow_ups)):
        for start in range(0, len(rows), INSERT_CHUNK):
            session.execute(insert(model), rows[start:start + INSERT_CHUNK])
    return {"entries": len(entries), "visit_reports": len(reports), "follow_ups": len(follow_ups)}


def fill_diary(db, target: int) -> dict[str, int]:
    """Fill a desk's diary up to `target` entries (bulk INSERTs, no change log)."""
    with db.transaction("bench") as session:
        present = session.scalar(select(func.count()).select_from(DiaryEntry)) or 0
        return _fill(session, max(0, target - present), date.today())


def _build_ms(desk_db, today: date) -> tuple[float, dict[str, str]]:
    with desk_db.session() as session:
        started = time.perf_counter()
        view = today_view(session, today)
        elapsed = (time.perf_counter() - started) * 1000
    lines = {section: f"{len(getattr(view, section))} of {view.totals[section]}"
             for section in view.totals}
    return elapsed, lines


def run(quick: bool) -> dict[str, object]:
    """Time the Today view on a copy of the demo book; returns the figures."""
    clients = 2_000 if quick else 5_000
    book = ensure_book(OUT_DIR, clients)
    today = date.today()
    work = Path(tempfile.mkdtemp(prefix="cmdesk-today-bench-"))
    try:
        backup_database(book.path / "cmdesk.sqlite3", work / "cmdesk.sqlite3")
        desk = open_desk(work)
        try:
            started = time.perf_counter()
            added = fill_diary(desk.db, clients * ENTRIES_PER_CLIENT)
            fill_seconds = time.perf_counter() - started
            with desk.db.session() as session:
                total = session.scalar(select(func.count()).select_from(DiaryEntry))
            first_ms, lines = _build_ms(desk.db, today)
            timings = [_build_ms(desk.db, today)[0] for _ in range(TIMED_RUNS)]
        finally:
            desk.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"clients": clients, "entries": total, "added": added,
            "fill_seconds": round(fill_seconds, 1), "first_build_ms": round(first_ms, 1),
            "median_ms": round(statistics.median(timings), 1),
            "max_ms": round(max(timings), 1), "runs": TIMED_RUNS, "lines": lines}


if __name__ == "__main__":
    import sys

    print(json.dumps(run("--quick" in sys.argv[1:]), ensure_ascii=False, indent=2))
