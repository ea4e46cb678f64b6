"""Backups and integrity at size: `python -m bench.trust [--quick]`.

On the demo book of 100,000 clients (2,000 with --quick; bench/books.py ensure_book, reused
when present) it measures, unencrypted and encrypted (an encrypted copy of the book made
with sqlcipher_export, which is also what converting an earlier version's database costs):
- the quick_check every start runs, against the start-up goal (desk start ≤ 1.5 × a bare
  window, figures from bench/out/results.json when the start-up benchmark has run);
- deriving the key from the password (once per open);
- a backup with the online backup API including its integrity_check: time and size;
- the full integrity_check of `cmdesk check`.
The encrypted copy is kept in bench/out/trust-<clients>-encrypted for the next run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.books import ensure_book
from cmdesk.paths import DataPaths
from cmdesk.storage import db as db_module
from cmdesk.storage import encryption
from cmdesk.storage.backup import make_backup
from cmdesk.storage.desk import open_desk

OUT_DIR = Path(__file__).resolve().parent / "out"
BENCH_PASSWORD = "bench-trust-password"
STARTUP_RATIO_GOAL = 1.5
FULL_CLIENTS = 100_000
QUICK_CLIENTS = 2_000


@dataclass
class TrustFigures:
    clients: int
    encrypted: bool
    database_mb: float
    open_ms: float  # open_desk, all of it (key, quick_check, open)
    open_cpu_ms: float  # the same in CPU time: what it costs on an idle machine
    key_ms: float
    quick_check_ms: float
    backup_s: float  # online backup + integrity_check of the copy + record
    backup_mb: float
    full_check_s: float
    convert_s: float | None = None  # encrypting the unencrypted book (sqlcipher_export + check)


def _encrypted_copy(book: Path, clients: int) -> tuple[Path, float | None]:
    """bench/out/trust-<clients>-encrypted: the book exported under a key (made once)."""
    folder = OUT_DIR / f"trust-{clients}-encrypted"
    database = folder / "cmdesk.sqlite3"
    if database.is_file() and DataPaths(folder).key_file.is_file():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    params, key = encryption.new_key(BENCH_PASSWORD)
    encryption.write_params(DataPaths(folder).key_file, params)
    started = time.perf_counter()
    db_module.export_database(book / "cmdesk.sqlite3", None, database, key)
    return folder, time.perf_counter() - started


def _measure(folder: Path, clients: int, password: str | None) -> TrustFigures:
    started, cpu_started = time.perf_counter(), time.process_time()
    desk = open_desk(folder, password, no_encryption=password is None)
    open_ms = (time.perf_counter() - started) * 1000
    open_cpu_ms = (time.process_time() - cpu_started) * 1000
    try:
        with tempfile.TemporaryDirectory(dir=OUT_DIR) as scratch:
            target = Path(scratch) / "backup.sqlite3"
            started = time.perf_counter()
            info = make_backup(desk, "manual", output=target)
            backup_s = time.perf_counter() - started
        started = time.perf_counter()
        problems = db_module.file_problems(desk.db.path, desk.db.key, quick=False)
        full_check_s = time.perf_counter() - started
        if problems:
            raise SystemExit(f"integrity_check failed on {folder}: {problems[:3]}")
        return TrustFigures(clients=clients, encrypted=password is not None,
                            database_mb=desk.db.path.stat().st_size / 2 ** 20, open_ms=open_ms,
                            open_cpu_ms=open_cpu_ms,
                            key_ms=desk.key_seconds * 1000,
                            quick_check_ms=desk.quick_check_seconds * 1000, backup_s=backup_s,
                            backup_mb=info.size / 2 ** 20, full_check_s=full_check_s)
    finally:
        desk.close()


def _startup_figures(clients: int) -> tuple[float, float, float] | None:
    """The start-up benchmark's last medians at this size, if it has run: bare window,
    desk window shown, desk done (client list filled), in ms."""
    results = OUT_DIR / "results.json"
    if not results.is_file():
        return None
    startup = json.loads(results.read_text()).get("startup", {})
    desk = startup.get("desk", {}).get(str(clients))
    if not desk or "baseline" not in startup:
        return None
    return (startup["baseline"]["median_wall_ms"], desk["median_wall_ms"],
            desk["median_done_wall_ms"])


def measure_trust(clients: int) -> list[TrustFigures]:
    book = ensure_book(OUT_DIR, clients)
    plain = _measure(book.path, clients, None)
    folder, convert_s = _encrypted_copy(book.path, clients)
    encrypted = _measure(folder, clients, BENCH_PASSWORD)
    encrypted.convert_s = convert_s
    return [plain, encrypted]


def report(figures: list[TrustFigures]) -> None:
    """Print the figures with the goal next to them."""
    for fig in figures:
        label = "encrypted (SQLCipher)" if fig.encrypted else "unencrypted"
        print(f"{fig.clients} clients, {label}, database {fig.database_mb:.0f} MB")
        print(f"  open_desk total          {fig.open_ms:8.0f} ms  (CPU {fig.open_cpu_ms:.0f} ms)")
        print(f"    key derivation (scrypt) {fig.key_ms:7.0f} ms   (once per open)")
        print(f"    quick_check at open     {fig.quick_check_ms:7.0f} ms   "
              f"(goal: start-up ≤ {STARTUP_RATIO_GOAL}× bare window)")
        print(f"  backup (online API + integrity_check of the copy) "
              f"{fig.backup_s:6.1f} s, {fig.backup_mb:.0f} MB")
        print(f"  full integrity_check (cmdesk check)               {fig.full_check_s:6.1f} s")
        if fig.convert_s is not None:
            print(f"  converting the unencrypted book (sqlcipher_export + check) "
                  f"{fig.convert_s:6.1f} s")
    startup = _startup_figures(figures[0].clients)
    if startup:
        bare, shown, done = startup
        added = max(fig.quick_check_ms + fig.key_ms for fig in figures)
        print(f"start-up benchmark (bench/out/results.json): bare window {bare:.0f} ms, desk "
              f"window shown {shown:.0f} ms ({shown / bare:.2f}×, goal ≤ {STARTUP_RATIO_GOAL}×), "
              f"client list filled {done:.0f} ms")
        print(f"  the desk opens its database after the window is shown: key + quick_check add "
              f"up to {added:.0f} ms before the list fills ({(done + added) / done:.2f}× that "
              f"time); if they ran before the window: "
              f"{(shown + added) / bare:.2f}× the bare window")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CLIENTS} clients")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    figures = measure_trust(QUICK_CLIENTS if args.quick else FULL_CLIENTS)
    report(figures)
    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))


if __name__ == "__main__":
    main()
