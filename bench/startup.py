"""Cold start: how long from launching the desk until a manager can use it — the main window
shown with the client list filled and typing accepted — against a bare PySide6 window as
the baseline.

Each program runs as a child process. The parent measures the wall time from Popen to
reading the child's ready line on its stdout (for the desk `list_ready_ms=`: `gui --smoke`
opened 客户档案 and its list is filled) and, for the desk, to its done line (`startup_ms=`:
every view has been opened once); it also keeps the child's own figures (every
`name=value` line it prints: `key_ms=` is the key derivation, `list_rss_mb=` its memory,
`desk_ready_ms=` when the desk finished opening behind the filled list: from then on the
list's search answers). Every program first runs once as a
warm-up, to fill the OS file cache and Python's bytecode cache (so the runs measure a fresh
process over cached files, as on a second start of the day); then the timed runs take turns, round by round, so a
busy moment on the machine does not fall on one program only.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DESK_READY_PREFIX = "list_ready_ms="
DESK_DONE_PREFIX = "startup_ms="
BASELINE_READY_LINE = "window_shown"
CHILD_TIMEOUT_SECONDS = 180
REPO_ROOT = Path(__file__).resolve().parent.parent


class StartupFailed(RuntimeError):
    """A child process exited or timed out without printing its ready line."""


@dataclass(frozen=True)
class Program:
    """A program to start: its command and the start of the line it prints when ready.
    Whatever follows that prefix on the line is the program's own start-up time in ms."""

    command: tuple[str, ...]
    ready_prefix: str
    done_prefix: str | None = None  # a later line: the program has finished starting
    environment: tuple[tuple[str, str], ...] = ()  # added to the child's environment


@dataclass
class LaunchTiming:
    wall_ms: float  # Popen -> ready line, measured by the parent
    reported_ms: float | None  # the child's own figure, if it prints one
    done_wall_ms: float | None = None  # Popen -> done line
    own: dict[str, float] | None = None  # every name=value line the child printed


def desk_program(data_dir: Path, password: str | None = None) -> Program:
    """`cmdesk gui --smoke` on a data folder; with a password for an encrypted desk."""
    return Program((sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), "gui", "--smoke"),
                   DESK_READY_PREFIX, DESK_DONE_PREFIX,
                   (("CMDESK_PASSWORD", password),) if password else ())


BASELINE = Program((sys.executable, "-m", "bench.bare_window"), BASELINE_READY_LINE)


def _child_environment(program: Program) -> dict[str, str]:
    """The bench's environment for a child, as a manager's desk runs: Python may keep the
    compiled bytecode of what it imports (an installed desk has it; the warm-up launch
    writes it here), so a run times starting the program, not compiling its source."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment.update(program.environment)
    return environment


def launch_once(program: Program) -> LaunchTiming:
    """Start `program` once and time it until it prints its ready line; it must then exit
    with status 0. A child still running after CHILD_TIMEOUT_SECONDS is killed."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(program.command, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                 cwd=REPO_ROOT, env=_child_environment(program))
        watchdog = threading.Timer(CHILD_TIMEOUT_SECONDS, child.kill)
        watchdog.start()
        wall_ms = done_wall_ms = None
        ready_line = ""
        own: dict[str, float] = {}
        try:
            assert child.stdout is not None
            for line in child.stdout:
                name, _, value = line.strip().partition("=")
                try:
                    own[name] = float(value)
                except ValueError:
                    pass
                if wall_ms is None and line.startswith(program.ready_prefix):
                    wall_ms = (time.perf_counter() - started) * 1000.0
                    ready_line = line.strip()
                elif program.done_prefix and line.startswith(program.done_prefix):
                    done_wall_ms = (time.perf_counter() - started) * 1000.0
            status = child.wait()
        finally:
            watchdog.cancel()
        if wall_ms is None or status != 0:
            stderr.seek(0)
            detail = stderr.read().decode(errors="replace")[-2000:]
            raise StartupFailed(f"{' '.join(program.command)} (exit status {status}) did not "
                                f"start cleanly:\n{detail}")
    own_figure = ready_line[len(program.ready_prefix):]
    return LaunchTiming(wall_ms=wall_ms, reported_ms=float(own_figure) if own_figure else None,
                        done_wall_ms=done_wall_ms, own=own)


def _figures(timings: list[LaunchTiming]) -> dict[str, object]:
    walls = [t.wall_ms for t in timings]
    figures: dict[str, object] = {
        "runs": len(timings),
        "wall_ms": [round(w, 1) for w in walls],
        "median_wall_ms": round(statistics.median(walls), 1),
    }
    done = [t.done_wall_ms for t in timings if t.done_wall_ms is not None]
    if done:
        figures["median_done_wall_ms"] = round(statistics.median(done), 1)
    for name in ("key_ms", "window_shown_ms", "desk_ready_ms", "quick_check_ms", "list_rss_mb"):
        values = [t.own[name] for t in timings if t.own and name in t.own]
        if values:
            figures[f"median_{name}"] = round(statistics.median(values), 1)
    reported = [t.reported_ms for t in timings if t.reported_ms is not None]
    if reported:
        figures["reported_ms"] = reported
        figures["median_reported_ms"] = round(statistics.median(reported), 1)
    return figures


def measure(programs: dict[str, Program], runs: int) -> dict[str, dict[str, object]]:
    """A warm-up launch of each program, then `runs` rounds launching each once: per program
    every wall time, the median, and the median of its own figures if it reports them."""
    for program in programs.values():
        launch_once(program)
    timings: dict[str, list[LaunchTiming]] = {label: [] for label in programs}
    for _ in range(runs):
        for label, program in programs.items():
            timings[label].append(launch_once(program))
    return {label: _figures(runs_of_one) for label, runs_of_one in timings.items()}
