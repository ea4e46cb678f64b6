"""The client search index: instant search-as-you-type over a large book.

A table scan in SQLite costs ~50 ms at 100,000 clients, too slow per keystroke. The
index keeps, per engine, each client's list line and search text in memory, in name
(pinyin) order, in blocks of a few hundred clients. A block keeps each column as one
joined string and an array of where each value starts — not a Python object per client
and field, which at 100,000 clients cost hundreds of MB — and the values many clients
repeat (kind, tier, industry, region, status) as one character per client coding a
shared value. The search text is kept as four texts — runs of letters (pinyin,
initials), runs of digits (phones), codes mixing both, and the Chinese pieces (names) —
and `str.find` scans, at C speed, only the one a term can be in (the ASCII ones are
one byte a character).

Blocks never change once built: a change builds a new block from the old one. A search
result therefore keeps the blocks it came from and builds only the rows the list shows,
when they are asked for (`ClientRows`), with no lock and no copy per keystroke. The
index follows the database through the outbox: before each search one indexed query
asks for the newest change, and only the clients changed since are reloaded and moved
in place — a change rebuilds one or two blocks, so the first search after an edit costs
what any other does. It reads on its own connection, so it only ever shows committed
data; a full build streams the book from SQLite in name order, a block at a time.
"""
from __future__ import annotations

import operator
import re
import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, count, islice
from typing import Any, NamedTuple, overload

from sqlalchemy import Connection, Engine, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from cmdesk import heap
from cmdesk.domain.identifiers import mask_phone
from cmdesk.models import Client, Contact, OutboxEntry
from cmdesk.services.client_rows import ClientRow

# Above this many changed clients a full reload is cheaper than patching.
PATCH_LIMIT = 500
SEPARATOR = "\n"  # between the values of a joined column
PART_SEPARATOR = "\u0001"  # between the pieces of a stored search text (services.clients)


class _Record(NamedTuple):
    """A client as the index reads it from the database (only while building a block)."""

    id: str
    name: str
    sort_key: str  # full pinyin of the name: lists read A–Z as a Chinese reader expects
    contact: str
    phone: str  # the primary contact's, unmasked (masking 100,000 phones costs seconds)
    kind: str
    tier: str | None
    industry: str | None
    region: str | None
    status: str
    archived: bool
    texts: tuple[str, str, str, str]  # the search text as _split_text parts it


CODED_FIELDS = ("kind", "tier", "industry", "region", "status")
TIER, INDUSTRY, STATUS = (CODED_FIELDS.index(name) for name in ("tier", "industry", "status"))


def _order(record: _Record) -> tuple[str, str, str]:
    """Where a client sorts: pinyin, then name, then id (so every place is unique)."""
    return (record.sort_key, record.name, record.id)


# The four texts a client's search text is kept as; a term is looked for in one of them.
LETTERS, DIGITS, MIXED, OTHER = range(4)
_ASCII_RUN = re.compile("[!-~]+")
_LETTER_RUN = re.compile("[a-z]+")
_DIGIT_RUN = re.compile("[0-9]+")


def _text_for(term: str) -> int:
    """Which text can hold `term` (a lower-case word without spaces)."""
    if not term.isascii():
        return OTHER
    if term.isalpha():
        return LETTERS
    return DIGITS if term.isdigit() else MIXED


def _split_text(search_text: str) -> tuple[str, str, str, str]:
    """A stored (lower-case) search text as the runs of ASCII letters in it (pinyin,
    initials), its runs of digits (phones, codes), its other runs of printable ASCII (codes
    of letters and digits) and its pieces with other characters (Chinese names). A word
    of letters only lies inside a run of letters, and so on: each term scans one text."""
    parts: tuple[list[str], ...] = ([], [], [], [])
    letters, digits, mixed, other = parts
    for piece in search_text.split(PART_SEPARATOR):
        if not piece.isascii():
            other.append(piece.replace(SEPARATOR, " "))
        simple = piece.isascii() and (piece.isalpha() or piece.isdigit())
        for run in [piece] if simple else _ASCII_RUN.findall(piece):
            kind = _text_for(run)
            parts[kind].append(run)
            if kind == MIXED:
                letters.extend(_LETTER_RUN.findall(run))
                digits.extend(_DIGIT_RUN.findall(run))
    return (PART_SEPARATOR.join(letters), PART_SEPARATOR.join(digits),
            PART_SEPARATOR.join(mixed), PART_SEPARATOR.join(other))


class _Joined:
    """Strings kept as one joined string and where each starts."""

    __slots__ = ("starts", "text")

    def __init__(self, items: list[str]):
        self.text = SEPARATOR.join(items)
        # item i starts after the lengths of the items before it and i separators (one
        # character each), summed at C speed: a block is rebuilt on every edit
        self.starts = array("I", map(operator.add, accumulate(map(len, items[:-1]), initial=0),
                                     count()))

    def __getitem__(self, position: int) -> str:
        starts = self.starts
        end = starts[position + 1] - len(SEPARATOR) if position + 1 < len(starts) \
            else len(self.text)
        return self.text[starts[position]:end]

    def __len__(self) -> int:
        return len(self.starts)

    def values(self) -> list[str]:
        text, starts = self.text, self.starts
        parts = text.split(SEPARATOR)
        if len(parts) == len(starts):  # no value holds the separator: split at C speed
            return parts
        ends = [start - len(SEPARATOR) for start in islice(starts, 1, None)]
        ends.append(len(text))
        return [text[start:end] for start, end in zip(starts, ends)]

    def position_of(self, value: str) -> int:
        """The position of a value equal to `value` (which holds no SEPARATOR), or -1."""
        found = self.text.find(value)
        while found >= 0:
            position = bisect_right(self.starts, found) - 1
            if self.starts[position] == found and self[position] == value:
                return position
            found = self.text.find(value, found + 1)
        return -1

    def positions_holding(self, term: str) -> Iterator[int]:
        """Positions of the values that contain `term` (which holds no SEPARATOR)."""
        text, starts = self.text, self.starts
        found = text.find(term)
        while found >= 0:
            position = bisect_right(starts, found) - 1
            yield position
            if position + 1 >= len(starts):
                return
            found = text.find(term, starts[position + 1])


class _Vocabulary:
    """The values clients repeat, each coded as one character (blocks keep the codes)."""

    __slots__ = ("codes", "values")

    def __init__(self) -> None:
        self.values: list[str | None] = []
        self.codes: dict[str | None, str] = {}

    def code(self, value: str | None) -> str:
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = chr(len(self.values))
            self.values.append(value)
        return code

    def decode(self, code: str) -> str | None:
        return self.values[ord(code)]


class _Block:
    """A run of clients in name order; never changed once built."""

    __slots__ = (
        "archived",
        "archived_count",
        "coded",
        "contacts",
        "ids",
        "last",
        "names",
        "phones",
        "sort_keys",
        "texts",
    )

    def __init__(self, records: list[_Record], vocabulary: _Vocabulary):
        (ids, names, sort_keys, contacts, phones, *coded, archived,
         texts) = (list(column) for column in zip(*records))
        self.ids, self.names, self.sort_keys, self.contacts, self.phones = (
            _Joined(column) for column in (ids, names, sort_keys, contacts, phones))
        code = vocabulary.code
        self.coded = tuple("".join(map(code, column)) for column in coded)
        self.archived = bytes(archived)
        self.archived_count = self.archived.count(1)
        self.texts = tuple(_Joined(list(column)) for column in zip(*texts))
        self.last = _order(records[-1])

    def __len__(self) -> int:
        return len(self.ids)

    def records(self, vocabulary: _Vocabulary) -> list[_Record]:
        """The block's clients as records (to build a changed block from), column by column."""
        values = vocabulary.values
        coded = ([values[ord(code)] for code in column] for column in self.coded)
        texts = zip(*(text.values() for text in self.texts))
        return list(map(_Record._make, zip(
            self.ids.values(), self.names.values(), self.sort_keys.values(),
            self.contacts.values(), self.phones.values(), *coded, map(bool, self.archived),
            texts)))

    def row(self, position: int, vocabulary: _Vocabulary) -> ClientRow:
        phone = self.phones[position]
        kind, tier, industry, region, status = (vocabulary.decode(column[position])
                                                for column in self.coded)
        return ClientRow(self.ids[position], self.names[position], kind, tier, industry, region,
                         status, self.contacts[position], mask_phone(phone) if phone else "",
                         bool(self.archived[position]))

    def candidates(self, term: str, text: int) -> Iterator[int]:
        """Positions, in order, of clients whose text (`_text_for(term)`) holds `term`."""
        return self.texts[text].positions_holding(term)

    def holds(self, position: int, term: str, text: int) -> bool:
        return term in self.texts[text][position]


class ClientRows(Sequence[ClientRow]):
    """A search's hits in list order; each row is built (its phone masked) when first read,
    so a keystroke costs nothing for the rows the list never shows."""

    __slots__ = ("_built", "_hits", "_vocabulary")

    def __init__(self, hits: list[tuple[_Block, int]], vocabulary: _Vocabulary):
        self._hits = hits
        self._vocabulary = vocabulary
        self._built: list[ClientRow | None] = [None] * len(hits)

    def __len__(self) -> int:
        return len(self._hits)

    @overload
    def __getitem__(self, index: int) -> ClientRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ClientRow]: ...

    def __getitem__(self, index: int | slice) -> ClientRow | list[ClientRow]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        row = self._built[index]
        if row is None:
            block, position = self._hits[index]
            row = self._built[index] = block.row(position, self._vocabulary)
        return row

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same rows (the first page's tuple, services.client_rows)."""
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(map(operator.eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def id_at(self, index: int) -> str:
        """The id of a row, without building it."""
        block, position = self._hits[index]
        return block.ids[position]


@dataclass(frozen=True)
class Hits:
    rows: ClientRows
    total: int | None  # None: more than the limit matched (not counted, to stay fast)
    limited: bool = False


@cache
def _records_query(every: bool) -> Select[Any]:
    """The query of `_records`: of every client in name order, or of the clients whose ids
    are bound as "ids" (built once: building it costs more than running it for one id)."""
    contact = aliased(Contact)
    # the primary contact, else the first one entered
    primary = (select(Contact.id)
               .where(Contact.client_id == Client.id, Contact.deleted_at.is_(None))
               .order_by(Contact.is_primary.desc(), Contact.created_at, Contact.id)
               .limit(1).correlate(Client).scalar_subquery())
    query = (select(Client.id, Client.deleted_at, Client.name, Client.name_pinyin, contact.name,
                    contact.phone, Client.kind, Client.tier, Client.industry, Client.region,
                    Client.status, Client.archived_at, Client.search_text)
             .outerjoin(contact, contact.id == primary))
    if every:
        return (query.where(Client.deleted_at.is_(None))
                .order_by(Client.name_pinyin, Client.name, Client.id))  # = _order (code points)
    return query.where(Client.id.in_(bindparam("ids", expanding=True)))


def _records(connection: Connection, ids: list[str] | None) -> Iterator[tuple[str, _Record | None]]:
    """(id, record) of the given clients (None: every client, in name order, streamed);
    a deleted client's record is None."""
    rows = connection.execute(_records_query(True)) if ids is None \
        else connection.execute(_records_query(False), {"ids": ids})
    for (client_id, deleted_at, name, pinyin, contact_name, phone, kind, tier, industry, region,
         status, archived_at, search_text) in rows:
        if deleted_at is not None:
            yield client_id, None
            continue
        yield client_id, _Record(client_id, name, pinyin or "", contact_name or "", phone or "",
                                 kind, tier, industry, region, status, archived_at is not None,
                                 _split_text(search_text or ""))


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


def _last_order(block: _Block) -> tuple[str, str, str]:
    return block.last


class ClientSearchIndex:
    """In-memory search over one database's clients, kept current through the outbox."""

    BLOCK_SIZE = 256  # clients per block: a change rebuilds one block

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._seq = -1
        self._vocabulary = _Vocabulary()
        self._blocks: list[_Block] = []
        self._size = 0  # clients in the blocks

    def __len__(self) -> int:
        return self._size

    @property
    def active_count(self) -> int:
        """Clients not archived."""
        return self._size - sum(block.archived_count for block in self._blocks)

    def refresh(self) -> None:
        """Bring the index up to the newest committed change."""
        with self._lock, self._engine.connect() as connection:
            newest = connection.scalar(select(func.max(OutboxEntry.seq))) or 0
            if newest == self._seq:
                return
            changed = None if self._seq < 0 or newest < self._seq \
                else _changed_client_ids(connection, self._seq)
            if changed is None or len(changed) > PATCH_LIMIT:
                self._build(connection)
            elif changed:
                loaded = dict.fromkeys(changed)
                loaded.update(_records(connection, list(changed)))
                for client_id, record in loaded.items():
                    self._patch(client_id, record)
            self._seq = newest

    def _build(self, connection: Connection) -> None:
        """Read the whole book, a block at a time (searches in flight keep the old one)."""
        self._vocabulary = _Vocabulary()
        self._blocks, self._size = [], 0
        records = (record for _, record in _records(connection, None))
        while chunk := list(islice(records, self.BLOCK_SIZE)):
            self._add_blocks(len(self._blocks), [_Block(chunk, self._vocabulary)])
        # the read filled this connection's page cache and sorter with the whole book,
        # which nothing reads again soon: hand that memory back to the system; the index
        # itself lives for the session, out of the collector's way
        connection.exec_driver_sql("PRAGMA shrink_memory")
        heap.return_freed_memory()
        heap.keep_long_lived()

    def _add_blocks(self, number: int, blocks: list[_Block]) -> None:
        self._blocks[number:number] = blocks
        self._size += sum(len(block) for block in blocks)

    def _put(self, number: int, records: list[_Record]) -> None:
        """Block `number` becomes a block of these records (none: it goes; too many: two)."""
        self._size -= len(self._blocks.pop(number))
        if len(records) > 2 * self.BLOCK_SIZE:
            half = len(records) // 2
            parts = [records[:half], records[half:]]
        else:
            parts = [records] if records else []
        self._add_blocks(number, [_Block(part, self._vocabulary) for part in parts])

    def _patch(self, client_id: str, record: _Record | None) -> None:
        """Move one changed client in place: out of its block, into the right one."""
        # a scan of the ids (~3 MB at 100,000 clients, at C speed): a dict from id to
        # block would cost a string object and a slot per client
        number = next((number for number, block in enumerate(self._blocks)
                       if block.ids.position_of(client_id) >= 0), None)
        if number is not None:
            records = self._blocks[number].records(self._vocabulary)
            self._put(number, [r for r in records if r.id != client_id])
        if record is None:
            return
        if not self._blocks:
            self._add_blocks(0, [_Block([record], self._vocabulary)])
            return
        number = min(bisect_left(self._blocks, _order(record), key=_last_order),
                     len(self._blocks) - 1)
        records = self._blocks[number].records(self._vocabulary)
        insort(records, record, key=_order)
        self._put(number, records)

    def industries(self) -> list[str]:
        """The industries clients have (archived ones too), in code point order."""
        with self._lock:
            codes = set().union(*(block.coded[INDUSTRY] for block in self._blocks))
            return sorted(value for value in map(self._vocabulary.decode, codes) if value)

    def search(self, terms: list[str], *, tier: str | None = None, industry: str | None = None,
               status: str | None = None, include_archived: bool = False,
               limit: int = 1000) -> Hits:
        """Clients whose text holds every term, passing the filters, in pinyin order."""
        with self._lock:
            blocks, vocabulary = list(self._blocks), self._vocabulary
            total_book = self._size if include_archived else self.active_count
        # blocks never change: the search runs on this snapshot without the lock
        filters = [(field, vocabulary.codes.get(value)) for field, value in
                   ((TIER, tier), (INDUSTRY, industry), (STATUS, status)) if value is not None]
        if any(code is None for _, code in filters):
            return Hits(ClientRows([], vocabulary), 0)  # a value no client has
        if not terms and not filters:
            # the whole book: list the first `limit`, but the count is known exactly
            found = _passing(_positions(blocks), include_archived)
            return Hits(ClientRows(list(islice(found, limit)), vocabulary), total_book,
                        limited=total_book > limit)
        found = _passing(_matches(blocks, terms, filters), include_archived)
        hits = list(islice(found, limit + 1))
        if len(hits) > limit:
            return Hits(ClientRows(hits[:limit], vocabulary), None, limited=True)
        return Hits(ClientRows(hits, vocabulary), len(hits))


def _passing(found: Iterable[tuple[_Block, int]], include_archived: bool
             ) -> Iterator[tuple[_Block, int]]:
    if include_archived:
        return iter(found)
    return ((block, position) for block, position in found if not block.archived[position])


def _positions(blocks: list[_Block]) -> Iterator[tuple[_Block, int]]:
    for block in blocks:
        for position in range(len(block)):
            yield block, position


def _matches(blocks: list[_Block], terms: list[str], filters: list[tuple[int, str | None]]
             ) -> Iterator[tuple[_Block, int]]:
    """Clients whose text holds every term and whose coded fields are the filters' codes,
    in name order."""
    if terms:
        driver = max(terms, key=len)
        driver_text = _text_for(driver)
        rest = [(term, _text_for(term)) for term in terms if term != driver]
        for block in blocks:
            for position in block.candidates(driver, driver_text):
                if all(block.coded[field][position] == code for field, code in filters) \
                        and all(block.holds(position, term, text) for term, text in rest):
                    yield block, position
        return
    (field, code), *other_filters = filters
    for block in blocks:
        column = block.coded[field]
        position = column.find(code)
        while position >= 0:
            if all(block.coded[f][position] == c for f, c in other_filters):
                yield block, position
            position = column.find(code, position + 1)


_INDEXES: weakref.WeakKeyDictionary[Engine, ClientSearchIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(engine: Engine) -> ClientSearchIndex:
    """The (shared) search index of one database, refreshed to its newest change."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(engine)
        if index is None:
            index = _INDEXES[engine] = ClientSearchIndex(engine)
    index.refresh()
    return index
