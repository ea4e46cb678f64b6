"""The client search index: instant search-as-you-type over a large book.

A table scan in SQLite costs ~50 ms at 100,000 clients, too slow per keystroke. The
index keeps, per engine, each client's list row and search text in memory, ordered by
name, with all texts joined into one string that `str.find` scans at C speed. It
follows the database through the outbox: before each search one indexed query asks
for the newest change, and only the clients changed since are reloaded. It reads on
its own connection, so it only ever shows committed data.
"""
from __future__ import annotations

import itertools
import threading
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, Engine, func, select

from cmdesk.models import Client, Contact, OutboxEntry

# Above this many changed clients a full reload is cheaper than patching.
PATCH_LIMIT = 2_000
SEPARATOR = "\n"


class ClientRow(NamedTuple):
    """One line of the client list."""

    id: str
    name: str
    kind: str
    tier: str
    industry: str
    region: str
    status: str
    contact: str
    phone_masked: str
    archived: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class IndexedClient:
    """A client's list row (its phone not yet masked: masking 100,000 phones costs
    seconds, so only the rows shown are masked), plus what search looks at."""

    row: ClientRow
    phone: str  # the primary contact's, unmasked
    text: str
    sort_key: str  # full pinyin of the name: lists read A–Z as a Chinese reader expects


@dataclass
class Hits:
    clients: list[IndexedClient]
    total: int | None  # None: more than the limit matched (not counted, to stay fast)
    limited: bool = False


def _load(connection: Connection, ids: Iterable[str] | None) -> dict[str, IndexedClient | None]:
    """Index entries for the given client ids (None: all); deleted clients map to None."""
    client_query = select(Client.id, Client.name, Client.kind, Client.tier, Client.industry,
                          Client.region, Client.status, Client.archived_at, Client.updated_at,
                          Client.search_text, Client.name_pinyin, Client.deleted_at)
    contact_query = (select(Contact.client_id, Contact.name, Contact.phone, Contact.is_primary,
                            Contact.created_at)
                     .where(Contact.deleted_at.is_(None)))
    wanted = None if ids is None else list(ids)
    if wanted is not None:
        client_query = client_query.where(Client.id.in_(wanted))
        contact_query = contact_query.where(Contact.client_id.in_(wanted))
    # the primary contact, else the first one entered (picked here: sorting in SQL is slower)
    primary: dict[str, tuple[bool, datetime, str, str]] = {}
    for client_id, name, phone, is_primary, created_at in connection.execute(contact_query).all():
        best = primary.get(client_id)
        if best is None or (is_primary, best[1]) > (best[0], created_at):
            primary[client_id] = (is_primary, created_at, name, phone)
    entries: dict[str, IndexedClient | None] = {i: None for i in wanted or ()}
    for (client_id, name, kind, tier, industry, region, status, archived_at, updated_at,
         search_text, name_pinyin, deleted_at) in connection.execute(client_query).all():
        if deleted_at is not None:
            entries[client_id] = None
            continue
        _, _, contact, phone = primary.get(client_id, (False, None, "", ""))
        row = ClientRow(client_id, name, kind, tier, industry, region, status, contact, "",
                        archived_at is not None, updated_at)
        entries[client_id] = IndexedClient(row, phone, search_text.replace(SEPARATOR, " "),
                                           name_pinyin)
    return entries


def _changed_client_ids(connection: Connection, after_seq: int) -> set[str]:
    changed = set(connection.scalars(select(OutboxEntry.entity_id).where(
        OutboxEntry.seq > after_seq, OutboxEntry.entity == Client.__tablename__)))
    contact_ids = select(OutboxEntry.entity_id).where(
        OutboxEntry.seq > after_seq, OutboxEntry.entity == Contact.__tablename__)
    changed.update(connection.scalars(
        select(Contact.client_id).where(Contact.id.in_(contact_ids))))
    return changed


class ClientSearchIndex:
    """In-memory search over one database's clients, kept current through the outbox."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._seq = -1
        self._by_id: dict[str, IndexedClient] = {}
        self._ordered: list[IndexedClient] = []
        self._offsets: list[int] = []
        self._haystack = ""
        self._active = 0  # clients not archived

    def refresh(self) -> None:
        """Bring the index up to the newest committed change."""
        with self._lock, self._engine.connect() as connection:
            newest = connection.scalar(select(func.max(OutboxEntry.seq))) or 0
            if newest == self._seq:
                return
            if self._seq < 0 or newest < self._seq:
                self._by_id = {k: v for k, v in _load(connection, None).items() if v}
            else:
                changed = _changed_client_ids(connection, self._seq)
                if len(changed) > PATCH_LIMIT:
                    self._by_id = {k: v for k, v in _load(connection, None).items() if v}
                elif changed:
                    for client_id, entry in _load(connection, changed).items():
                        if entry is None:
                            self._by_id.pop(client_id, None)
                        else:
                            self._by_id[client_id] = entry
            self._seq = newest
            self._rebuild()

    def _rebuild(self) -> None:
        self._ordered = sorted(self._by_id.values(),
                               key=lambda c: (c.sort_key, c.row.name, c.row.id))
        offsets, position = [], 0
        for entry in self._ordered:
            offsets.append(position)
            position += len(entry.text) + len(SEPARATOR)
        self._offsets = offsets
        self._haystack = SEPARATOR.join(entry.text for entry in self._ordered)
        self._active = sum(1 for entry in self._ordered if not entry.row.archived)

    def _candidates(self, term: str) -> Iterator[int]:
        """Positions (in name order) of clients whose text contains `term`."""
        haystack, offsets, count = self._haystack, self._offsets, len(self._ordered)
        found = haystack.find(term)
        while found >= 0:
            index = bisect_right(offsets, found) - 1
            yield index
            if index + 1 >= count:
                return
            found = haystack.find(term, offsets[index + 1])

    def search(self, terms: list[str], *, tier: str | None = None, industry: str | None = None,
               status: str | None = None, include_archived: bool = False,
               limit: int = 1000) -> Hits:
        """Clients whose text holds every term, passing the filters, in pinyin order."""
        ordered = self._ordered

        def wanted(entry: IndexedClient) -> bool:
            row = entry.row
            return ((include_archived or not row.archived)
                    and (tier is None or row.tier == tier)
                    and (industry is None or row.industry == industry)
                    and (status is None or row.status == status)
                    and all(t in entry.text for t in rest))

        if terms:
            driver = max(terms, key=len)
            rest = [t for t in terms if t != driver]
            positions: Iterable[int] = self._candidates(driver)
        else:
            rest = []
            positions = range(len(ordered))
            if tier is None and industry is None and status is None:
                if include_archived:
                    return Hits(ordered[:limit], len(ordered), limited=len(ordered) > limit)
                # the whole book: list the first `limit`, but the count is known exactly
                hits = [entry for entry in itertools.islice(
                    (e for e in ordered if not e.row.archived), limit)]
                return Hits(hits, self._active, limited=self._active > limit)
        hits: list[IndexedClient] = []
        for position in positions:
            entry = ordered[position]
            if wanted(entry):
                if len(hits) == limit:
                    return Hits(hits, None, limited=True)
                hits.append(entry)
        return Hits(hits, len(hits))


_INDEXES: "weakref.WeakKeyDictionary[Engine, ClientSearchIndex]" = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(engine: Engine) -> ClientSearchIndex:
    """The (shared) search index of one database, refreshed to its newest change."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(engine)
        if index is None:
            index = _INDEXES[engine] = ClientSearchIndex(engine)
    index.refresh()
    return index
