"""The client list as the manager types, end to end: from a keystroke's search (the view's
`refresh`, after the 120 ms debounce) until the list model is refilled, the count shown
and the table's visible rows drawn — the query on the desk's database thread through
ui.ops, the refill and the paint on the GUI thread — on the real ClientsView over a book
of 100,000 clients. Next to each wall-clock figure the CPU time the process spent on the
keystroke (both threads): on a machine shared with other work the wall clock also holds
the time spent waiting for a core. Also the first keystroke after an edit saved elsewhere (every other
edit renames the client, which moves it in the name order), and the process's memory
(VmRSS) with the whole book listed, after the first fill and again at the end.

The queries are cut from the book in this process; the list is measured in a child
process (`python -m bench.client_list BOOK`, queries on stdin) that holds only what the
desk's window holds, so its memory is the window's, not the benchmark's.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.search import QUERY_SEED, _load_sample, build_queries
from bench.timing import latency_summary
from cmdesk.services.clients import ClientDraft, save_client_file
from cmdesk.storage.desk import open_desk

EDITS = 40
RESULT_PREFIX = "client_list_result="
CHILD_TIMEOUT_SECONDS = 900
REPO_ROOT = Path(__file__).resolve().parent.parent


def _wait_until_idle(view: Any) -> None:
    """Wait as the window does: asleep in its event loop until the database thread's
    result arrives (spinning processEvents would take the worker's time)."""
    from PySide6.QtCore import QEventLoop

    ops = view.desk.ops
    if ops.is_idle():
        return
    loop = QEventLoop()
    ops.idle_changed.connect(loop.quit)
    try:
        while not ops.is_idle():
            loop.exec()
    finally:
        ops.idle_changed.disconnect(loop.quit)


def _keystroke_ms(app: Any, view: Any, text: str, cpu: list[float] | None = None) -> float:
    """Type `text` into the search box and time the list until it is drawn (wall clock);
    the process's CPU time for it (both threads) is appended to `cpu`."""
    view.search.blockSignals(True)  # the debounce timer is not what is measured
    view.search.setText(text)
    view.search.blockSignals(False)
    started, cpu_started = time.perf_counter(), time.process_time()
    view.refresh()
    _wait_until_idle(view)
    app.processEvents()  # draws what the refill changed: the model builds the rows on screen
    if cpu is not None:
        cpu.append((time.process_time() - cpu_started) * 1000.0)
    return (time.perf_counter() - started) * 1000.0


def _edit(desk: Any, client_id: str, name: str, number: int) -> None:
    """Another window's save: a renamed client (it moves) or a new address (it stays)."""
    fields = {"name": f"{'甲乙丙丁戊己庚辛'[number % 8]}{name}"} if number % 2 \
        else {"address": f"测试路{number}号"}
    with desk.db.transaction("bench") as session:
        save_client_file(session, ClientDraft(fields=fields), client_id)


def measure_in_window(book_path: Path, queries: dict[str, list[str]]) -> dict[str, object]:
    """The figures of `measure_client_list`, taken in this process (the child)."""
    from ui.app import application, resident_mib
    from ui.clients.view import ClientsView
    from ui.desk import Desk

    app = application()  # as the desk makes it
    opened = open_desk(book_path)
    desk = Desk(opened.db, opened.paths)
    try:
        view = ClientsView(desk)
        view.resize(900, 700)
        started = time.perf_counter()
        view.show()
        while view.is_loading:
            app.processEvents()
        app.processEvents()
        first_ms = (time.perf_counter() - started) * 1000.0
        first_memory = resident_mib()
        every: list[float] = []
        every_cpu: list[float] = []
        per_kind_figures = {}
        for kind, texts in queries.items():
            latencies = [_keystroke_ms(app, view, text, every_cpu) for text in texts]
            every.extend(latencies)
            per_kind_figures[kind] = latency_summary(latencies)
        rng = random.Random(QUERY_SEED)
        _keystroke_ms(app, view, "")
        listed = [view.model.row_at(r) for r in range(view.model.rowCount())]
        after_edit = []
        after_edit_cpu: list[float] = []
        for number in range(EDITS):
            row = listed.pop(rng.randrange(len(listed)))
            _edit(desk, row.id, row.name, number)
            text = rng.choice(queries["name substring"])
            after_edit.append(_keystroke_ms(app, view, text, after_edit_cpu))
        del listed
        _keystroke_ms(app, view, "")
        memory = resident_mib()
        return {"clients_listed_first_ms": round(first_ms, 1), "per_kind": per_kind_figures,
                "overall": latency_summary(every), "after_edit": latency_summary(after_edit),
                "overall_cpu": latency_summary(every_cpu),
                "after_edit_cpu": latency_summary(after_edit_cpu),
                "rss_mib_first_fill": round(first_memory, 1) if first_memory else None,
                "rss_mib_listed": round(memory, 1) if memory is not None else None,
                "rows_shown": view.model.rowCount(), "count_label": view.count_label.text()}
    finally:
        desk.ops.wait()
        opened.close()


def measure_client_list(book_path: Path, per_kind: int) -> dict[str, object]:
    """Latency of keystrokes (per kind of query and overall), of the first keystroke after
    each of EDITS edits, and the window's memory with the book listed (in a child process)."""
    desk = open_desk(book_path)
    try:
        with desk.db.session() as session:
            queries = build_queries(_load_sample(session), per_kind)
    finally:
        desk.close()
    child = subprocess.run(
        [sys.executable, "-m", "bench.client_list", str(book_path)], input=json.dumps(queries),
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=CHILD_TIMEOUT_SECONDS, check=False)
    for line in child.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(f"the client list benchmark failed (exit {child.returncode}):\n"
                       f"{child.stderr[-3000:]}")


if __name__ == "__main__":
    figures = measure_in_window(Path(sys.argv[1]), json.loads(sys.stdin.read()))
    print(RESULT_PREFIX + json.dumps(figures, ensure_ascii=False), flush=True)
