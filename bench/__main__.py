"""`python -m bench [--quick] [--sizes 5000,100000] [--only PART,...]`: run every
benchmark, print the figures as they come, then a summary with the goal next to each
figure, and write them all to bench/out/results.json.

The parts: `foundation` (books, start-up, client and diary search, import, visit PDFs,
Today view); the desk's performance targets, each printed side by side with its floor:
`startup` (process start to a usable client list on a 5,000-client book with a 100,000-entry
diary, encrypted and not, against a bare PySide6 window), `client_list` (keystroke p95 at
100,000 clients, also after an edit, and the memory with the book listed), `import`
(2,000 rows against a plain csv+sqlite3+pypinyin loop), `today` (今日 on the diary book);
and the later features' own benchmarks, each also runnable alone as
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
from bench.books import (BENCH_PASSWORD, DEMO_SEED, ensure_book, ensure_diary_book,
                         ensure_encrypted_copy)
from bench.client_list import measure_client_list
from bench.diary_search import measure_diary_search
from bench.import_sheet import measure_import, measure_import_against_floor
from bench.search import measure_search

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "bench" / "out"
STARTUP_RATIO_GOAL = 3.0  # start to a usable client list, against a bare PySide6 window
STARTUP_BOOK_CLIENTS = 5_000
STARTUP_BOOK_ENTRIES = 100_000
LIST_CLIENTS = 100_000
LIST_RSS_GOAL_MIB = 250.0
IMPORT_ROWS = 2_000
IMPORT_RATIO_GOAL = 2.0
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
    """Process start until the client list is filled and typing accepted, on the diary book
    unencrypted and encrypted (its key derivation shown on its own), and on each client
    book, against the bare window, in one run (the programs take turns)."""
    diary_book = ensure_diary_book(OUT_DIR, STARTUP_BOOK_CLIENTS, STARTUP_BOOK_ENTRIES)
    encrypted = ensure_encrypted_copy(diary_book)
    labels = {"unencrypted": f"{STARTUP_BOOK_CLIENTS:,} clients + {STARTUP_BOOK_ENTRIES:,} "
                             f"diary entries, unencrypted",
              "encrypted": f"{STARTUP_BOOK_CLIENTS:,} clients + {STARTUP_BOOK_ENTRIES:,} "
                           f"diary entries, encrypted"}
    programs = {"baseline": startup.BASELINE,
                labels["unencrypted"]: startup.desk_program(diary_book),
                labels["encrypted"]: startup.desk_program(encrypted, BENCH_PASSWORD)}
    programs.update({f"{size:,} clients, no diary, unencrypted":
                     startup.desk_program(Path(book["path"])) for size, book in books.items()})
    figures = startup.measure(programs, plan.startup_runs)
    baseline = figures.pop("baseline")
    floor = baseline["median_wall_ms"]
    _say(f"  {'program':<52} {'median ms':>10} {'× bare':>8} {'key ms':>8} {'RSS MiB':>8}  runs")
    _say(f"  {'bare PySide6 window (the floor)':<52} {floor:>10.0f} {1.0:>8.2f} {'':>8} {'':>8}  "
         f"{baseline['wall_ms']}")
    for label, desk in figures.items():
        desk["ratio_to_baseline"] = round(desk["median_wall_ms"] / floor, 2)
        key_ms = desk.get("median_key_ms", 0.0)
        desk["ratio_without_key"] = round((desk["median_wall_ms"] - key_ms) / floor, 2)
        _say(f"  {label:<52} {desk['median_wall_ms']:>10.0f} {desk['ratio_to_baseline']:>8.2f} "
             f"{key_ms:>8.0f} {desk.get('median_list_rss_mb', 0):>8.0f}  {desk['wall_ms']}")
    for label in labels.values():
        desk = figures[label]
        _say(f"    {label}: window shown {desk.get('median_window_shown_ms')} ms (own), "
             f"desk open (search answers) {desk.get('median_desk_ready_ms')} ms (own), "
             f"start-up check ended {desk.get('median_quick_check_ms')} ms after it began; "
             f"every view opened after {desk.get('median_done_wall_ms')} ms")
    return {"baseline": baseline, "desk": figures, "labels": labels}


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
    lines.extend(startup_summary(results["startup"]))
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
    lines.extend(import_summary(results["import_floor"]))
    imported = results["import"]
    add(f"import {imported['rows']:,} rows (.xlsx)", f"{imported['seconds']:.1f} s")
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
    run_import_floor(plan, results)
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


def _line(label: str, value: str, goal: str = "—") -> str:
    return f"{label:<44} {value:>12}   {goal}"


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def startup_summary(cold: dict[str, Any]) -> list[str]:
    floor = cold["baseline"]["median_wall_ms"]
    lines = [_line("start → usable list, bare PySide6 window", f"{floor:.0f} ms")]
    for kind, label in cold["labels"].items():
        desk = cold["desk"][label]
        lines.append(_line(f"start → usable list, {kind}", f"{desk['median_wall_ms']:.0f} ms"))
        if kind == "encrypted":
            key_ms = desk.get("median_key_ms", 0.0)
            lines.append(_line("  key derivation (scrypt)", f"{key_ms:.0f} ms"))
            met = desk["median_wall_ms"] <= STARTUP_RATIO_GOAL * floor + key_ms
            lines.append(_line("  (desk − key derivation) / bare", f"{desk['ratio_without_key']:.2f}×",
                               f"≤ {STARTUP_RATIO_GOAL:.0f}× ({_verdict(met)})"))
        else:
            ratio = desk["ratio_to_baseline"]
            lines.append(_line("  desk / bare", f"{ratio:.2f}×",
                               f"≤ {STARTUP_RATIO_GOAL:.0f}× ({_verdict(ratio <= STARTUP_RATIO_GOAL)})"))
    return lines


def run_import_floor(plan: Plan, results: dict[str, object]) -> None:
    _say(f"Import of {IMPORT_ROWS:,} rows (.csv) against a plain csv+sqlite3+pypinyin loop")
    figures = results["import_floor"] = measure_import_against_floor(OUT_DIR, IMPORT_ROWS)
    _say(f"  desk {figures['desk_seconds']} s, plain loop {figures['plain_loop_seconds']} s: "
         f"{figures['ratio']}× (imported {figures['imported']:,}, "
         f"rejected {figures['rejected_rows']:,})")
    for line in import_summary(figures):
        _say("  " + line)


def import_summary(figures: dict[str, Any]) -> list[str]:
    return [_line(f"import {figures['rows']:,} rows, plain loop (floor)",
                  f"{figures['plain_loop_seconds']:.2f} s"),
            _line(f"import {figures['rows']:,} rows, desk", f"{figures['desk_seconds']:.2f} s"),
            _line("  desk / plain loop", f"{figures['ratio']:.2f}×",
                  f"≤ {IMPORT_RATIO_GOAL:.0f}× ({_verdict(figures['ratio'] <= IMPORT_RATIO_GOAL)})")]


def run_startup_part(plan: Plan, results: dict[str, object]) -> None:
    _say(f"Start to a usable client list ({plan.startup_runs} timed runs each after 1 warm-up, "
         f"taking turns; wall time Popen → `list_ready_ms=`)")
    results["startup"] = run_startup(plan, {})
    _say("Summary")
    for line in startup_summary(results["startup"]):
        _say("  " + line)


def run_client_list(plan: Plan, results: dict[str, object]) -> None:
    size = LIST_CLIENTS if not plan.quick else plan.sizes[0]
    book = ensure_book(OUT_DIR, size)
    _say(f"Client list at {size:,} clients (the real ClientsView in a child process; a "
         f"keystroke: query through ui.ops + model refill + the visible rows drawn)")
    figures = results["client_list"] = measure_client_list(book.path, plan.queries_per_kind)
    for kind, row in figures["per_kind"].items():
        _say(f"    {kind:<22} p50 {row['p50_ms']:>7} p95 {row['p95_ms']:>7} max {row['max_ms']:>7}")
    overall, edited = figures["overall"], figures["after_edit"]
    rss = figures["rss_mib_listed"]
    _say(_line(f"  keystroke p95, {size:,} clients", f"{overall['p95_ms']:.1f} ms",
               f"≤ 30 ms ({_verdict(overall['p95_ms'] <= 30)})"))
    _say(_line("  first keystroke after an edit, p95", f"{edited['p95_ms']:.1f} ms",
               f"≤ 30 ms ({_verdict(edited['p95_ms'] <= 30)})"))
    _say(f"  CPU time per keystroke (both threads): p50 {figures['overall_cpu']['p50_ms']} "
         f"p95 {figures['overall_cpu']['p95_ms']} ms; after an edit p50 "
         f"{figures['after_edit_cpu']['p50_ms']} p95 {figures['after_edit_cpu']['p95_ms']} ms")
    _say(_line(f"  RSS with {size:,} clients listed", f"{rss:.0f} MiB" if rss else "n/a",
               f"≤ {LIST_RSS_GOAL_MIB:.0f} MiB ({_verdict(bool(rss) and rss <= LIST_RSS_GOAL_MIB)})"))
    _say(f"  first fill {figures['clients_listed_first_ms']} ms, RSS then "
         f"{figures['rss_mib_first_fill']} MiB; {figures['rows_shown']} rows shown, "
         f"“{figures['count_label']}”")


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
    "startup": ("Start to a usable client list, encrypted and not, against a bare window",
                run_startup_part),
    "client_list": ("The client list: keystrokes at 100,000 clients, after an edit, memory",
                    run_client_list),
    "import": ("clients import of 2,000 rows against a plain loop", run_import_floor),
    "today": ("今日 on a 5,000-client book with 100,000 diary entries",
              lambda plan, results: results.update(
                  today_view=_print_figures(today_view.run(plan.quick)))),
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
