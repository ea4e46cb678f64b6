"""`python -m bench [--quick] [--sizes 5000,100000] [--only PART,...]`: run every
benchmark, print the figures as they come, then a summary with the goal next to each
figure, and write them all to bench/out/results.json.

The parts: `foundation` (books, start-up, client and diary search, import, visit PDFs,
Today view) and the later features' own benchmarks, each also runnable alone as
`python -m bench.<module>`: `plans` (week plan and its export), `packs` (proposal
packs), `exchange` (the desk's export), `hq` (head office's import into PostgreSQL),
`trust` (backups and integrity checks) and `crash` (the SIGKILL test).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import (crash, exchange_desk, hq_import, plans, proposal_pack, startup, today_view, trust,
                   visit_pdf)
from bench.books import DEMO_SEED, ensure_book
from bench.diary_search import measure_diary_search
from bench.import_sheet import measure_import
from bench.search import measure_search

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "bench" / "out"
STARTUP_RATIO_GOAL = 1.5
SEARCH_P95_GOAL_MS = 30.0
SEARCH_GOAL_SIZE = 100_000
DIARY_SEARCH_P95_GOAL_MS = 50.0
DIARY_SEARCH_GOAL_ENTRIES = 100_000


@dataclass(frozen=True)
class Plan:
    """How big and how many: the full run, or --quick."""

    sizes: tuple[int, ...]
    startup_runs: int
    queries_per_kind: int
    import_rows: int
    diary_entries: tuple[int, ...]
    quick: bool = False  # the PDF and Today benchmarks' own short versions
    parts: tuple[str, ...] = ()  # which parts to run (see PARTS); empty: all


FULL = Plan(sizes=(5_000, 100_000), startup_runs=5, queries_per_kind=200, import_rows=10_000,
            diary_entries=(100_000, 1_000_000))
QUICK = Plan(sizes=(2_000,), startup_runs=3, queries_per_kind=50, import_rows=2_000,
             diary_entries=(20_000,), quick=True)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of client counts: {text}") from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError("client counts must be positive")
    return sizes


def parse_plan(argv: list[str]) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help=f"one {QUICK.sizes[0]:,}-client book, fewer repetitions, "
                             f"a {QUICK.import_rows:,}-row import")
    parser.add_argument("--sizes", type=_sizes,
                        help="book sizes in clients, comma-separated (default 5000,100000)")
    parser.add_argument("--only", type=_parts, default=(),
                        help=f"comma-separated parts to run: {', '.join(PARTS)}")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.sizes:
        plan = replace(plan, sizes=args.sizes)
    return replace(plan, parts=args.only)


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part(s) {', '.join(unknown)}; "
                                         f"choose from {', '.join(PARTS)}")
    return parts


def _machine() -> dict[str, object]:
    from PySide6 import __version__ as pyside_version
    from sqlalchemy import __version__ as sqlalchemy_version

    return {"when": datetime.now().isoformat(timespec="seconds"),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "pyside6": pyside_version, "sqlalchemy": sqlalchemy_version,
            "sqlite": sqlite3.sqlite_version,
            "qt_platform": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def _say(text: str = "") -> None:
    print(text, flush=True)


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "not recorded (book reused)"
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min ({seconds:.0f} s)"


def run_books(plan: Plan) -> dict[int, dict[str, object]]:
    books = {}
    for size in plan.sizes:
        _say(f"  book of {size:,} clients …")
        book = ensure_book(OUT_DIR, size)
        verb = "generated" if book.generated_now else "reused; generated earlier in"
        _say(f"    {book.path.relative_to(REPO_ROOT)}: {verb} "
             f"{_format_seconds(book.generation_seconds)}")
        books[size] = {"path": str(book.path), "clients": book.clients, "seed": DEMO_SEED,
                       "generated_now": book.generated_now,
                       "generation_seconds": book.generation_seconds}
    return books


def run_startup(plan: Plan, books: dict[int, dict[str, object]]) -> dict[str, object]:
    desk_labels = {size: f"desk with {size:,} clients" for size in books}
    programs = {"baseline": startup.BASELINE}
    programs.update({desk_labels[size]: startup.desk_program(Path(book["path"]))
                     for size, book in books.items()})
    figures = startup.measure(programs, plan.startup_runs)
    baseline = figures["baseline"]
    _say(f"  bare PySide6 window: median {baseline['median_wall_ms']} ms "
         f"(runs {baseline['wall_ms']})")
    desks = {}
    for size, label in desk_labels.items():
        desk = desks[size] = figures[label]
        desk["ratio_to_baseline"] = round(desk["median_wall_ms"] / baseline["median_wall_ms"], 2)
        _say(f"  {label}: window shown after median {desk['median_wall_ms']} ms wall "
             f"(own figure {desk['median_reported_ms']} ms), {desk['ratio_to_baseline']}× "
             f"baseline (runs {desk['wall_ms']}); list filled and every view opened after "
             f"{desk['median_done_wall_ms']} ms")
    return {"baseline": baseline, "desk": desks}


def run_search(plan: Plan, books: dict[int, dict[str, object]]) -> dict[int, dict[str, object]]:
    results = {}
    for size, book in books.items():
        figures = measure_search(Path(book["path"]), plan.queries_per_kind)
        results[size] = figures
        _say(f"  {size:,} clients: first search (builds the search index) "
             f"{figures['first_search_ms']} ms; {plan.queries_per_kind} queries per kind "
             f"(p50 / p95 / max ms, median rows shown):")
        for kind, row in figures["per_kind"].items():
            _say(f"    {kind:<22} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8}"
                 f"   {row['median_rows_shown']:>5}   e.g. {' | '.join(row['examples'])}")
        overall = figures["overall"]
        _say(f"    {'overall':<22} {overall['p50_ms']:>8} {overall['p95_ms']:>8} "
             f"{overall['max_ms']:>8}")
    return results


def run_import(plan: Plan) -> dict[str, object]:
    figures = measure_import(OUT_DIR, plan.import_rows)
    _say(f"  {figures['rows']:,} rows in {figures['seconds']} s = "
         f"{figures['rows_per_second']} rows/s "
         f"(reading the sheet alone: {figures['sheet_read_seconds']} s); "
         f"imported {figures['imported']:,}, rejected {figures['rejected_rows']:,}")
    for rejection in figures["first_rejections"]:
        _say(f"    rejected: {rejection}")
    return figures


def run_diary_search(plan: Plan) -> dict[int, dict[str, object]]:
    results = {}
    for entries in plan.diary_entries:
        figures = results[entries] = measure_diary_search(OUT_DIR, entries, plan.queries_per_kind)
        verb = "generated" if figures["generated_now"] else "reused; generated earlier in"
        _say(f"  {entries:,} entries ({figures['database_mib']:,} MiB): {verb} "
             f"{_format_seconds(figures['generation_seconds'])}, index built in "
             f"{_format_seconds(figures['index_seconds'])}; {plan.queries_per_kind} queries per "
             f"kind (p50 / p95 / max ms, median hits):")
        for kind, row in figures["per_kind"].items():
            _say(f"    {kind:<24} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8}"
                 f"   {row['median_hits']:>5}   e.g. {' | '.join(row['examples'])}")
    return results


def summary_lines(results: dict[str, object]) -> list[str]:
    """The summary table: one line per figure, with its goal and whether it is met."""
    lines = [f"{'figure':<44} {'value':>12}   goal"]

    def add(label: str, value: str, goal: str = "—") -> None:
        lines.append(f"{label:<44} {value:>12}   {goal}")

    for size, book in results["books"].items():
        seconds = book["generation_seconds"]
        add(f"demo book {size:,} clients: generation",
            "reused" if seconds is None else f"{seconds:.0f} s")
    cold = results["startup"]
    add("cold start, bare PySide6 window (median)", f"{cold['baseline']['median_wall_ms']:.0f} ms")
    for size, desk in cold["desk"].items():
        ratio = desk["ratio_to_baseline"]
        verdict = "met" if ratio <= STARTUP_RATIO_GOAL else "NOT met"
        add(f"cold start, desk {size:,} clients (median)", f"{desk['median_wall_ms']:.0f} ms")
        add("  ratio desk / baseline", f"{ratio:.2f}×",
            f"≤ {STARTUP_RATIO_GOAL}× ({verdict})")
        add("  list filled, every view opened", f"{desk['median_done_wall_ms']:.0f} ms")
    for size, figures in results["search"].items():
        p95 = figures["overall"]["p95_ms"]
        if size >= SEARCH_GOAL_SIZE:
            verdict = "met" if p95 <= SEARCH_P95_GOAL_MS else "NOT met"
            goal = f"≤ {SEARCH_P95_GOAL_MS:.0f} ms ({verdict})"
        else:
            goal = f"(goal ≤ {SEARCH_P95_GOAL_MS:.0f} ms is set at {SEARCH_GOAL_SIZE:,})"
        add(f"search p95, {size:,} clients, all kinds", f"{p95:.1f} ms", goal)
        worst_kind, worst = max(figures["per_kind"].items(), key=lambda item: item[1]["p95_ms"])
        add(f"  slowest kind: {worst_kind}", f"{worst['p95_ms']:.1f} ms")
        add("  first search (builds the index)", f"{figures['first_search_ms']:.0f} ms")
    for entries, figures in results["diary_search"].items():
        add(f"diary search, {entries:,} entries: index build", f"{figures['index_seconds']:.0f} s")
        for kind, row in figures["per_kind"].items():
            if entries >= DIARY_SEARCH_GOAL_ENTRIES:
                verdict = "met" if row["p95_ms"] <= DIARY_SEARCH_P95_GOAL_MS else "NOT met"
                goal = f"≤ {DIARY_SEARCH_P95_GOAL_MS:.0f} ms ({verdict})"
            else:
                goal = f"(goal ≤ {DIARY_SEARCH_P95_GOAL_MS:.0f} ms is set at {DIARY_SEARCH_GOAL_ENTRIES:,})"
            add(f"  p95, {kind}", f"{row['p95_ms']:.1f} ms", goal)
    pdf = results["visit_pdf"]
    add("visit report PDF, warm (median)", f"{pdf['single_warm']['p50_ms']:.0f} ms",
        f"≤ 50 ms ({'met' if pdf['single_warm']['p50_ms'] <= 50 else 'NOT met'})")
    add("  CPU time of the same (median)", f"{pdf['single_warm_cpu']['p50_ms']:.0f} ms")
    add(f"month pack of {pdf['pack_reports']} reports", f"{pdf['pack_seconds']:.1f} s")
    today = results["today_view"]
    add(f"Today view, {today['clients']:,} clients / {today['entries']:,} entries (median)",
        f"{today['median_ms']:.0f} ms")
    imported = results["import"]
    add(f"import {imported['rows']:,} rows", f"{imported['seconds']:.1f} s")
    add("  rows per second", f"{imported['rows_per_second']:.0f}")
    add("  imported / rejected", f"{imported['imported']:,} / {imported['rejected_rows']:,}",
        f"{imported['rows']:,} / 0")
    return lines


def run_foundation(plan: Plan, results: dict[str, object]) -> None:
    _say("Books")
    results["books"] = run_books(plan)
    _say(f"Cold start ({plan.startup_runs} timed runs each after 1 warm-up, taking turns; "
         f"wall time Popen → ready line)")
    results["startup"] = run_startup(plan, results["books"])
    _say("Client search (one fresh session per call, as the client list does)")
    results["search"] = run_search(plan, results["books"])
    _say("Diary search (diary books: the 5,000-client book plus bulk-written entries)")
    results["diary_search"] = run_diary_search(plan)
    _say(f"Import of a {plan.import_rows:,}-row .xlsx into a new desk")
    results["import"] = run_import(plan)
    _say("Visit-report PDFs")
    results["visit_pdf"] = visit_pdf.run(plan.quick)
    _say(f"  {results['visit_pdf']}")
    _say("Today view (a copy of the demo book with about 20 diary entries per client)")
    results["today_view"] = today_view.run(plan.quick)
    _say(f"  {results['today_view']}")
    _say()
    _say("Summary")
    for line in summary_lines(results):
        _say("  " + line)


def _print_figures(figures: dict[str, object]) -> dict[str, object]:
    for key, value in figures.items():
        _say(f"  {key}: {value}")
    return figures


def _printed(main_function: Any, quick: bool) -> None:
    main_function(["--quick"] if quick else [])


# Each part: a title and how to run it (it prints its figures with their goals).
PARTS: dict[str, tuple[str, Any]] = {
    "foundation": ("Foundation: books, start-up, search, import, visit PDFs, Today view",
                   run_foundation),
    "plans": ("Week plan with suggestions at 5,000 clients, week export PDF and XLSX",
              lambda plan, results: results.update(plans=_print_figures(plans.run(plan.quick)))),
    "packs": ("Proposal packs: a 20-page pack, a batch of 30",
              lambda plan, results: results.update(
                  packs=_print_figures(proposal_pack.run(plan.quick)))),
    "exchange": ("The desk's export to head office",
                 lambda plan, results: _printed(exchange_desk.main, plan.quick)),
    "hq": ("Head office: packages of 1,000 managers into PostgreSQL, against COPY of the same rows",
           lambda plan, results: _printed(hq_import.main, plan.quick)),
    "trust": ("Backups and integrity checks",
              lambda plan, results: _printed(trust.main, plan.quick)),
    "crash": ("SIGKILL crash test",
              lambda plan, results: results.update(
                  crash=_print_figures(crash.run(plan.quick, progress=True)))),
}


def main(argv: list[str] | None = None) -> int:
    plan = parse_plan(sys.argv[1:] if argv is None else argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: dict[str, object] = {"plan": asdict(plan), "machine": _machine()}
    for name, (title, run_part) in PARTS.items():
        if plan.parts and name not in plan.parts:
            continue
        _say(f"\n=== {title} ===")
        run_part(plan, results)
    path = OUT_DIR / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    _say(f"\nWritten to {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
