"""The client list as the manager types, end to end: from a keystroke's search (the view's
`refresh`, after the debounce) until the list model is refilled and the count shown — the
query on the desk's database thread through ui.ops plus the refill on the GUI thread — on
the real ClientsView over a book of 100,000 clients. Also the first keystroke after an
edit (the search index moves the edited client in place), and the process's memory with
the whole book open in the list.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from bench.search import QUERY_SEED, _load_sample, build_queries
from bench.timing import latency_summary
from cmdesk.storage.desk import open_desk
from cmdesk.services.clients import ClientDraft, save_client_file

EDITS = 40


def _keystroke_ms(app, view, text: str) -> float:
    """Type `text` into the search box and time the list's refill."""
    view.search.blockSignals(True)  # the debounce timer is not what is measured
    view.search.setText(text)
    view.search.blockSignals(False)
    started = time.perf_counter()
    view.refresh()
    while not view.desk.ops.is_idle():
        app.processEvents()
    return (time.perf_counter() - started) * 1000.0


def measure_client_list(book_path: Path, per_kind: int) -> dict[str, object]:
    """Latency of keystrokes (per kind of query and overall), of the first keystroke after
    each of EDITS edits, and the memory with the book listed."""
    from PySide6.QtWidgets import QApplication

    from ui.app import resident_mib
    from ui.clients.view import ClientsView
    from ui.desk import Desk

    app = QApplication.instance() or QApplication([])
    opened = open_desk(book_path)
    desk = Desk(opened.db, opened.paths)
    try:
        view = ClientsView(desk)
        view.resize(900, 700)
        started = time.perf_counter()
        view.show()
        while view.is_loading:
            app.processEvents()
        first_ms = (time.perf_counter() - started) * 1000.0
        with desk.db.session() as session:
            sample = _load_sample(session)
        queries = build_queries(sample, per_kind)
        every: list[float] = []
        per_kind_figures = {}
        for kind, texts in queries.items():
            latencies = [_keystroke_ms(app, view, text) for text in texts]
            every.extend(latencies)
            per_kind_figures[kind] = latency_summary(latencies)
        rng = random.Random(QUERY_SEED)
        after_edit = []
        rows = [view.model.row_at(r) for r in range(view.model.rowCount())]
        for number in range(EDITS):
            row = rng.choice(rows)
            with desk.db.transaction("bench") as session:  # another window's save
                save_client_file(session, ClientDraft(fields={"address": f"测试路{number}号"}), row.id)
            text = rng.choice(queries["name substring"])
            after_edit.append(_keystroke_ms(app, view, text))
        view.search.setText("")
        _keystroke_ms(app, view, "")
        memory = resident_mib()
        return {"clients_listed_first_ms": round(first_ms, 1), "per_kind": per_kind_figures,
                "overall": latency_summary(every), "after_edit": latency_summary(after_edit),
                "rss_mib_listed": round(memory, 1) if memory is not None else None,
                "rows_shown": view.model.rowCount(), "count_label": view.count_label.text()}
    finally:
        desk.ops.wait()
        opened.close()
