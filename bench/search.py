"""Client search as the manager types: the latency of one `search_clients` call.

Queries are cut from the book's own data with a fixed random seed, so every kind of
search the list box supports is exercised with text that matches real clients. Each call
gets a fresh short session, as the client list does for every refresh (the pooled SQLite
connection, and so its page cache, is kept between calls, also as in the desk), and reads
the first page of rows (the rows are built as they are read, see services.client_search).

The very first search of an opened desk also builds the in-memory search index
(cmdesk.services.client_search); it is timed on its own, as "first search".
"""
from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.models import Client, Contact
from cmdesk.services.clients import search_clients
from cmdesk.storage.desk import open_desk

from bench.timing import latency_summary

QUERY_SEED = 20240607
PAGE_ROWS = 30  # the rows a list shows at once


@dataclass
class BookSample:
    """The parts of a book the queries are cut from."""

    names: list[str]
    pinyins: list[str]
    initials: list[str]
    credit_codes: list[str]
    contact_names: list[str]
    phones: list[str]


def _load_sample(session: Session) -> BookSample:
    clients = session.execute(select(Client.name, Client.name_pinyin, Client.name_initials,
                                     Client.credit_code)
                              .where(Client.deleted_at.is_(None), Client.archived_at.is_(None))
                              .order_by(Client.id)).all()
    contacts = session.execute(select(Contact.name, Contact.phone)
                               .join(Client, Client.id == Contact.client_id)
                               .where(Contact.deleted_at.is_(None), Client.deleted_at.is_(None),
                                      Client.archived_at.is_(None))
                               .order_by(Contact.id)).all()
    return BookSample(
        names=[c.name for c in clients],
        pinyins=[c.name_pinyin for c in clients if len(c.name_pinyin) >= 8],
        initials=[c.name_initials for c in clients if len(c.name_initials) >= 4],
        credit_codes=[c.credit_code for c in clients if c.credit_code],
        contact_names=[c.name for c in contacts],
        phones=[c.phone for c in contacts if c.phone and len(c.phone) >= 6],
    )


def _fragment(rng: random.Random, text: str, shortest: int, longest: int) -> str:
    """A random run of `shortest`..`longest` consecutive characters of `text`."""
    length = rng.randint(shortest, min(longest, len(text)))
    start = rng.randrange(len(text) - length + 1)
    return text[start:start + length]


def _prefix(rng: random.Random, text: str, shortest: int, longest: int) -> str:
    return text[:rng.randint(shortest, min(longest, len(text)))]


QueryMaker = Callable[[random.Random, BookSample], str]

# kind of search -> how one query of that kind is cut from the book
QUERY_KINDS: dict[str, QueryMaker] = {
    "name substring": lambda rng, book: _fragment(rng, rng.choice(book.names), 2, 4),
    "pinyin initials": lambda rng, book: _prefix(rng, rng.choice(book.initials), 3, 4),
    "full pinyin prefix": lambda rng, book: _prefix(rng, rng.choice(book.pinyins), 6, 8),
    "credit code fragment": lambda rng, book: _fragment(rng, rng.choice(book.credit_codes), 6, 6),
    "contact name": lambda rng, book: rng.choice(book.contact_names),
    "phone digits": lambda rng, book: _fragment(rng, rng.choice(book.phones), 4, 6),
}


def build_queries(sample: BookSample, per_kind: int) -> dict[str, list[str]]:
    """`per_kind` queries of every kind, the same ones for the same book."""
    rng = random.Random(QUERY_SEED)
    return {kind: [make(rng, sample) for _ in range(per_kind)]
            for kind, make in QUERY_KINDS.items()}


def measure_search(book_path: Path, per_kind: int) -> dict[str, object]:
    """The first search's time, then latency figures per kind of query and overall, and
    how many rows the queries showed (at most the list's limit)."""
    desk = open_desk(book_path)
    try:
        with desk.db.session() as session:
            queries = build_queries(_load_sample(session), per_kind)
        started = time.perf_counter()
        with desk.db.session() as session:
            search_clients(session, "")
        first_search_ms = (time.perf_counter() - started) * 1000.0
        by_kind: dict[str, object] = {}
        every_latency: list[float] = []
        for kind, texts in queries.items():
            latencies = []
            rows_shown = []
            for text in texts:
                started = time.perf_counter()
                with desk.db.session() as session:
                    result = search_clients(session, text)
                    result.rows[:PAGE_ROWS]  # the rows are built as read: read a page's
                latencies.append((time.perf_counter() - started) * 1000.0)
                rows_shown.append(len(result.rows))
            every_latency.extend(latencies)
            by_kind[kind] = {**latency_summary(latencies),
                             "median_rows_shown": statistics.median_low(rows_shown),
                             "examples": texts[:3]}
        return {"first_search_ms": round(first_search_ms, 1), "per_kind": by_kind,
                "overall": latency_summary(every_latency)}
    finally:
        desk.close()
