"""Week plans at scale: building next week's plan from suggestions on a book of 5,000
clients — the suggestions listed plus the plan read back (goal ≤ 1 s), and 15 one-click
additions, each its own transaction as in the view (goal ≤ 150 ms each) — and the
supervisor's week export as PDF (cold: first print of the process, with the font loaded;
warm: the second) and as Excel (goal ≤ 2 s each, warm).

A fresh desk in a temp folder gets the demo book with its diary (and so the demo's
week plans); the week planned is next week, whose previous week holds the demo's plan vs
actual. `--quick` uses 1,000 clients.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.timing import latency_summary
from cmdesk.demo import generate_demo
from cmdesk.reports.week_plan import write_week_plan
from cmdesk.reports.week_plan_xlsx import write_week_workbook
from cmdesk.services import plans
from cmdesk.storage.desk import open_desk

BUILD_GOAL_S = 1.0
ADD_GOAL_MS = 150.0
EXPORT_GOAL_S = 2.0
ITEMS_ADDED = 15


def run(quick: bool) -> dict[str, object]:
    clients = 1000 if quick else 5000
    today = date.today()
    week = plans.shift_week(plans.week_of(today), 2)  # a week the demo has not planned
    with tempfile.TemporaryDirectory(prefix="cmdesk-bench-plans-") as folder:
        desk = open_desk(Path(folder) / "desk", no_encryption=True)
        try:
            started = time.perf_counter()
            generate_demo(desk.db, clients=clients, today=today)
            demo_seconds = time.perf_counter() - started

            started = time.perf_counter()
            with desk.db.session() as session:
                suggested = plans.suggestions(session, week)
            suggest_seconds = time.perf_counter() - started
            adds = []
            for due in suggested[:ITEMS_ADDED]:
                started = time.perf_counter()
                with desk.db.transaction("bench") as session:
                    plans.add_suggestion(session, week, due, today=today)
                adds.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with desk.db.session() as session:
                view = plans.week_view(session, week)
            read_seconds = time.perf_counter() - started

            pdf_path, xlsx_path = Path(folder) / "week.pdf", Path(folder) / "week.xlsx"
            pdf_seconds = []
            for _run in range(2):
                started = time.perf_counter()
                write_week_plan(desk.db, week, pdf_path)
                pdf_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_week_workbook(desk.db, week, xlsx_path)
            xlsx_seconds = time.perf_counter() - started
            pdf_bytes, xlsx_bytes = pdf_path.stat().st_size, xlsx_path.stat().st_size
        finally:
            desk.close()
    return {
        "clients": clients,
        "demo_seconds": round(demo_seconds, 1),
        "suggestions": len(suggested),
        "suggestions_seconds": round(suggest_seconds, 3),
        "plan_read_seconds": round(read_seconds, 3),
        "build_goal_s": BUILD_GOAL_S,
        "build_goal_met": suggest_seconds + read_seconds <= BUILD_GOAL_S,
        "items_planned": len(view.items),
        "add_item": latency_summary(adds),
        "add_item_goal_ms": ADD_GOAL_MS,
        "add_item_goal_met": statistics.median(adds) <= ADD_GOAL_MS,
        "pdf_cold_seconds": round(pdf_seconds[0], 3),
        "pdf_warm_seconds": round(pdf_seconds[1], 3),
        "pdf_bytes": pdf_bytes,
        "xlsx_seconds": round(xlsx_seconds, 3),
        "xlsx_bytes": xlsx_bytes,
        "export_goal_s": EXPORT_GOAL_S,
        "export_goal_met": max(pdf_seconds[1], xlsx_seconds) <= EXPORT_GOAL_S,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), ensure_ascii=False, indent=2))
