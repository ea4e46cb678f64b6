"""Demo books of a given size: reused when a book of that size is already in bench/out,
otherwise generated with the desk's own demo generator (and the time it took recorded).
Books hold client files only (no diary): they measure client search and the client list.
`ensure_diary_book` makes a copy with a diary (the start-up benchmark's book: what a
manager opens), `ensure_encrypted_copy` an encrypted copy of a book (encryption is the
default); both reused when present."""
from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cmdesk.storage.db import backup_database
from cmdesk.demo import generate_demo
from cmdesk.services.clients import count_clients
from cmdesk.storage.desk import open_desk

DEMO_SEED = 7
BENCH_PASSWORD = "bench-password-2026"  # the encrypted books' password (not a secret)


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


def ensure_diary_book(out_dir: Path, clients: int, entries: int) -> Path:
    """bench/out/book-<clients>-diary: the demo book with its diary filled up to `entries`
    entries over two years (bulk-written, with visit reports and follow-ups)."""
    from bench.today_view import fill_diary

    path = out_dir / f"book-{clients}-diary"
    done = path / "diary.json"
    if done.is_file() and json.loads(done.read_text()).get("entries") == entries:
        return path
    book = ensure_book(out_dir, clients)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    backup_database(book.path / "cmdesk.sqlite3", path / "cmdesk.sqlite3")
    desk = open_desk(path, no_encryption=True)
    try:
        fill_diary(desk.db, entries)
    finally:
        desk.close()
    done.write_text(json.dumps({"entries": entries}))
    return path


def ensure_encrypted_copy(book: Path) -> Path:
    """<book>-encrypted: the same desk encrypted with BENCH_PASSWORD (as the desk converts an
    earlier version's database)."""
    path = book.with_name(book.name + "-encrypted")
    if (path / "cmdesk.key.json").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    backup_database(book / "cmdesk.sqlite3", path / "cmdesk.sqlite3")
    open_desk(path, BENCH_PASSWORD).close()
    return path
