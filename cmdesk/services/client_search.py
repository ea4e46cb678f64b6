"""The client search index: instant search-as-you-type over a large book.

A table scan in SQLite costs ~50 ms at 100,000 clients, too slow per keystroke. The
index keeps, per engine, each client's list row in memory, ordered by name (pinyin), in
blocks of a few hundred; each block joins its clients' search texts into one string
that `str.find` scans at C speed (the texts live only there). It follows the database
through the outbox: before each search one indexed query asks for the newest change,
and only the clients changed since are reloaded and moved in place — a change touches
one block (bisect remove and insert), so the first search after an edit costs what any
other does. It reads on its own connection, so it only ever shows committed data.
"""
from __future__ import annotations

import sys
import threading
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from cmdesk.models import Client, Contact, OutboxEntry
from cmdesk.services.client_rows import ClientRow, primary_contacts

# Above this many changed clients a full reload is cheaper than patching.
PATCH_LIMIT = 2_000
SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class IndexedClient:
    """A client's list row (its phone not yet masked: masking 100,000 phones costs
    seconds, so only the rows shown are masked), and where it sorts."""

    row: ClientRow
    phone: str  # the primary contact's, unmasked
    sort_key: str  # full pinyin of the name: lists read A–Z as a Chinese reader expects


def _order(entry: IndexedClient) -> tuple[str, str, str]:
    """Where a client sorts: pinyin, then name, then id (so every place is unique)."""
    return (entry.sort_key, entry.row.name, entry.row.id)


@dataclass
class Hits:
    clients: list[IndexedClient]
    total: int | None  # None: more than the limit matched (not counted, to stay fast)
    limited: bool = False


def _load(connection: Connection, ids: Iterable[str] | None
          ) -> dict[str, tuple[IndexedClient, str] | None]:
    """(index entry, search text) for the given client ids (None: all); deleted clients
    map to None."""
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
    primary = primary_contacts(connection.execute(contact_query))
    entries: dict[str, tuple[IndexedClient, str] | None] = {i: None for i in wanted or ()}
    for (client_id, name, kind, tier, industry, region, status, archived_at, updated_at,
         search_text, name_pinyin, deleted_at) in connection.execute(client_query):
        if deleted_at is not None:
            entries[client_id] = None
            continue
        contact, phone = primary.pop(client_id, ("", ""))
        row = ClientRow(client_id, name, _shared(kind), _shared(tier), _shared(industry),
                        _shared(region), _shared(status), _shared(contact), "",
                        archived_at is not None, updated_at)
        entries[client_id] = (IndexedClient(row, phone, name_pinyin),
                              search_text.replace(SEPARATOR, " "))
    return entries


def _shared(value: str | None) -> str | None:
    """One string object for values many clients repeat (kind, tier, industry, region,
    status, contact names): the database hands out a new copy per row, and at 100,000
    clients those copies are most of the index's memory."""
    return value if value is None else sys.intern(value)


class _Block:
    """A run of clients in name order and their search texts joined into one string."""

    __slots__ = ("entries", "haystack", "offsets", "archived")

    def __init__(self, entries: list[IndexedClient], texts: list[str]):
        self.entries = entries
        self._join(texts)

    def _join(self, texts: list[str]) -> None:
        offsets, position = [], 0
        for text in texts:
            offsets.append(position)
            position += len(text) + len(SEPARATOR)
        self.offsets = offsets
        self.haystack = SEPARATOR.join(texts)
        self.archived = sum(1 for entry in self.entries if entry.row.archived)

    def texts(self) -> list[str]:
        return self.haystack.split(SEPARATOR) if self.entries else []

    def text_at(self, position: int) -> str:
        start = self.offsets[position]
        end = self.offsets[position + 1] - len(SEPARATOR) if position + 1 < len(self.offsets) \
            else len(self.haystack)
        return self.haystack[start:end]

    @property
    def last(self) -> tuple[str, str, str]:
        return _order(self.entries[-1])

    def remove(self, entry: IndexedClient) -> None:
        position = bisect_left(self.entries, _order(entry), key=_order)
        texts = self.texts()
        del self.entries[position], texts[position]
        self._join(texts)

    def insert(self, entry: IndexedClient, text: str) -> None:
        position = bisect_left(self.entries, _order(entry), key=_order)
        texts = self.texts()
        self.entries.insert(position, entry)
        texts.insert(position, text)
        self._join(texts)

    def split(self) -> _Block:
        """Keep the first half; return a block of the second."""
        half = len(self.entries) // 2
        texts = self.texts()
        second = _Block(self.entries[half:], texts[half:])
        self.entries = self.entries[:half]
        self._join(texts[:half])
        return second

    def candidates(self, term: str) -> Iterator[int]:
        """Positions in this block of clients whose text contains `term`."""
        haystack, offsets, count = self.haystack, self.offsets, len(self.entries)
        found = haystack.find(term)
        while found >= 0:
            position = bisect_right(offsets, found) - 1
            yield position
            if position + 1 >= count:
                return
            found = haystack.find(term, offsets[position + 1])


def _changed_client_ids(connection: Connection, after_seq: int) -> set[str]:
    """Clients changed after `after_seq`, their own rows or their contacts'. The outbox is
    read by its seq range alone (a rowid range: a few rows); filtering on the entity in SQL
    lets SQLite walk the entity index over every client ever changed instead."""
    changed: set[str] = set()
    contact_ids: set[str] = set()
    for entity, entity_id in connection.execute(
            select(OutboxEntry.entity, OutboxEntry.entity_id).where(OutboxEntry.seq > after_seq)):
        if entity == Client.__tablename__:
            changed.add(entity_id)
        elif entity == Contact.__tablename__:
            contact_ids.add(entity_id)
    if contact_ids:
        changed.update(connection.scalars(
            select(Contact.client_id).where(Contact.id.in_(contact_ids))))
    return changed


class ClientSearchIndex:
    """In-memory search over one database's clients, kept current through the outbox."""

    BLOCK_SIZE = 256  # clients per block: a change re-joins one block's texts

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._seq = -1
        self._by_id: dict[str, IndexedClient] = {}
        self._blocks: list[_Block] = []

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def active_count(self) -> int:
        """Clients not archived."""
        return len(self._by_id) - sum(block.archived for block in self._blocks)

    def refresh(self) -> None:
        """Bring the index up to the newest committed change."""
        with self._lock, self._engine.connect() as connection:
            newest = connection.scalar(select(func.max(OutboxEntry.seq))) or 0
            if newest == self._seq:
                return
            if self._seq < 0 or newest < self._seq:
                self._build(_load(connection, None))
            else:
                changed = _changed_client_ids(connection, self._seq)
                if len(changed) > PATCH_LIMIT:
                    self._build(_load(connection, None))
                elif changed:
                    for client_id, loaded in _load(connection, changed).items():
                        self._patch(client_id, loaded)
            self._seq = newest

    def _build(self, loaded: dict[str, tuple[IndexedClient, str] | None]) -> None:
        pairs = sorted((pair for pair in loaded.values() if pair), key=lambda p: _order(p[0]))
        self._by_id = {entry.row.id: entry for entry, _text in pairs}
        size = self.BLOCK_SIZE
        self._blocks = [_Block([entry for entry, _ in pairs[start:start + size]],
                               [text for _, text in pairs[start:start + size]])
                        for start in range(0, len(pairs), size)]

    def _block_for(self, order: tuple[str, str, str]) -> int:
        """The block where a client of this order belongs (the last one past the end)."""
        return min(bisect_left(self._blocks, order, key=lambda block: block.last),
                   len(self._blocks) - 1)

    def _patch(self, client_id: str, loaded: tuple[IndexedClient, str] | None) -> None:
        """Move one changed client in place: out of its block, into the right one."""
        old = self._by_id.pop(client_id, None)
        if old is not None:
            number = self._block_for(_order(old))
            block = self._blocks[number]
            block.remove(old)
            if not block.entries:
                del self._blocks[number]
        if loaded is None:
            return
        entry, text = loaded
        self._by_id[client_id] = entry
        if not self._blocks:
            self._blocks.append(_Block([entry], [text]))
            return
        number = self._block_for(_order(entry))
        block = self._blocks[number]
        block.insert(entry, text)
        if len(block.entries) > 2 * self.BLOCK_SIZE:
            self._blocks.insert(number + 1, block.split())

    def _in_order(self) -> Iterator[IndexedClient]:
        for block in self._blocks:
            yield from block.entries

    def search(self, terms: list[str], *, tier: str | None = None, industry: str | None = None,
               status: str | None = None, include_archived: bool = False,
               limit: int = 1000) -> Hits:
        """Clients whose text holds every term, passing the filters, in pinyin order."""
        with self._lock:
            return self._search(terms, tier, industry, status, include_archived, limit)

    def _search(self, terms: list[str], tier: str | None, industry: str | None,
                status: str | None, include_archived: bool, limit: int) -> Hits:
        def passes(row: ClientRow) -> bool:
            return ((include_archived or not row.archived)
                    and (tier is None or row.tier == tier)
                    and (industry is None or row.industry == industry)
                    and (status is None or row.status == status))

        if not terms and tier is None and industry is None and status is None:
            # the whole book: list the first `limit`, but the count is known exactly
            total = len(self._by_id) if include_archived else self.active_count
            hits = []
            for entry in self._in_order():
                if include_archived or not entry.row.archived:
                    hits.append(entry)
                    if len(hits) == limit:
                        break
            return Hits(hits, total, limited=total > limit)
        hits = []
        for entry in self._matches(terms):
            if passes(entry.row):
                if len(hits) == limit:
                    return Hits(hits, None, limited=True)
                hits.append(entry)
        return Hits(hits, len(hits))

    def _matches(self, terms: list[str]) -> Iterator[IndexedClient]:
        """Clients whose text holds every term, in name order (all of them without terms)."""
        if not terms:
            yield from self._in_order()
            return
        driver = max(terms, key=len)
        rest = [t for t in terms if t != driver]
        for block in self._blocks:
            for position in block.candidates(driver):
                if not rest or all(t in block.text_at(position) for t in rest):
                    yield block.entries[position]


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
