"""Demo books of a given size: reused when a book of that size is already in bench/out,
otherwise generated with the desk's own demo generator (and the time it took recorded).
Books hold client files only (no diary): they measure start-up, client search and import;
the diary benchmarks add their own entries to a copy."""
from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cmdesk.demo import generate_demo
from cmdesk.services.clients import count_clients
from cmdesk.storage.desk import open_desk

DEMO_SEED = 7


@dataclass
class Book:
    """A desk data folder holding `clients` demo clients."""

    path: Path
    clients: int
    generated_now: bool
    generation_seconds: float | None  # None when reused and the time was never recorded


def _generation_record(out_dir: Path, clients: int) -> Path:
    return out_dir / f"book-{clients}.generated.json"


def _client_count(path: Path) -> int:
    desk = open_desk(path)
    try:
        with desk.db.session() as session:
            return count_clients(session)
    finally:
        desk.close()


def _report_progress(done: int, total: int) -> None:
    print(f"\r    {done}/{total}", end="", file=sys.stderr, flush=True)


def ensure_book(out_dir: Path, clients: int) -> Book:
    """The book bench/out/book-<clients>, generated (seed 7) unless it already holds
    exactly that many clients."""
    path = out_dir / f"book-{clients}"
    record = _generation_record(out_dir, clients)
    if (path / "cmdesk.sqlite3").is_file() and _client_count(path) == clients:
        seconds = json.loads(record.read_text())["seconds"] if record.is_file() else None
        return Book(path, clients, generated_now=False, generation_seconds=seconds)
    shutil.rmtree(path, ignore_errors=True)
    record.unlink(missing_ok=True)
    started = time.perf_counter()
    desk = open_desk(path)
    try:
        generate_demo(desk.db, clients=clients, seed=DEMO_SEED, progress=_report_progress,
                      diary=False)
    finally:
        desk.close()
    print(file=sys.stderr)
    seconds = time.perf_counter() - started
    record.write_text(json.dumps({"clients": clients, "seed": DEMO_SEED, "seconds": seconds}))
    return Book(path, clients, generated_now=True, generation_seconds=seconds)
