"""Full-text search over the diary and its visit reports, in Chinese (王五, 代发 …).

FTS5's trigram tokenizer cannot match terms under three characters, so the text is
tokenised here, in Python, into one token per character position: a run of Chinese
characters gives each character with the one after it (王五来访 → 王五 五来 来访 访),
Latin words and digit runs give one lower-cased token each. FTS5's plain `unicode61`
tokenizer then only splits on the spaces. A query is tokenised the same way and run
as a phrase, so adjacency is kept (代发工资 does not match 代发了工资); a single Chinese
character, and the last Latin/digit word of a query, match as token prefixes. Every
occurrence of a character starts a token, so even one character is found through the
index (a prefix index on first characters keeps that fast). Candidates are checked
against the text itself (it holds every query term, ignoring case), so a hit is never
a false positive.

The index lives in diary_search (per entry, what a hit shows and the searchable text,
keyed by date and time so the newest come first) and the contentless FTS5 table
diary_fts (migration 0003). It follows the database through the outbox like
services.client_search: before each search, the entries whose diary entry, visit
report, follow-ups or client changed since the last indexed outbox seq are re-indexed,
in a transaction of their own on a connection of their own, so only committed data is
indexed and searched.
"""
from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from cmdesk.domain.identifiers import mask_phone
from cmdesk.i18n import translate
from cmdesk.models import Client, DiaryEntry, FollowUp, OutboxEntry, VisitReport

# Bump when tokenise() changes: the next search then rebuilds the whole index.
TOKENIZER_VERSION = 1
SNIPPET_CHARS = 60
SNIPPET_BEFORE = 20
FIELD_SEPARATOR = "\n"
CHUNK = 500  # ids per IN (…) list
CANDIDATE_MARGIN = 10  # the index's candidates are nearly all hits: fetch few more
MINUTE_SLOTS = 24 * 60 + 1  # slot 0: no time given
KEY_SPAN = 1 << 20  # entries with the same date and minute
NO_KEY_ABOVE = (1 << 63) - 1

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# a run of Chinese characters | a run of other letters | a run of digits
_TOKEN_RE = re.compile(rf"([{_CJK}]+)|([^\W\d_{_CJK}]+)|(\d+)")
_MOBILE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@dataclass(frozen=True)
class DiaryHit:
    """One entry found; `snippet` shows the first match wrapped in 【】, mobiles masked."""

    id: str
    date: date
    client: str
    kind: str
    content: str
    snippet: str


# --- tokens ----------------------------------------------------------------------------

def _runs(value: str) -> Iterator[tuple[bool, str]]:
    """(is Chinese, run) for each Chinese, letter or digit run of lower-cased text."""
    for match in _TOKEN_RE.finditer(value.lower()):
        yield match.group(1) is not None, match.group()


def tokenise(value: str) -> list[str]:
    """The index tokens of a text: per Chinese character, it and the next one of its run;
    each Latin word and digit run whole."""
    tokens: list[str] = []
    for chinese, run in _runs(value):
        if chinese:
            tokens.extend(map(operator.add, run, run[1:]))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return tokens


def _phrase(term: str) -> str | None:
    """The FTS5 phrase matching every text that contains `term` (None: nothing to index,
    e.g. punctuation only). The term's last token becomes a prefix where the text may go
    on after it; a run's final single character is dropped when the pair before covers it."""
    runs = list(_runs(term))
    if not runs:
        return None
    tokens = tokenise(term)
    last_chinese, last_run = runs[-1]
    prefix = "*"
    if last_chinese and len(last_run) > 1:
        tokens.pop()  # 王五: the pair 王五 says it all; the lone 五 token may be 五来 in the text
        prefix = ""
    return " + ".join(f'"{token}"' for token in tokens) + prefix


def match_expression(terms: Sequence[str]) -> str | None:
    """The FTS5 query for all `terms` (ANDed), or None if none has anything to search."""
    phrases = [phrase for phrase in map(_phrase, terms) if phrase]
    return " AND ".join(phrases) if phrases else None


# --- the text of an entry ----------------------------------------------------------------

def _names(people_json: str) -> list[str]:
    return [person.get("name", "") for person in json.loads(people_json or "[]")]


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _IndexedEntry:
    """What the index keeps of an entry: all a hit shows, so a search reads nothing else."""

    entry_date: date
    start_time: time | None
    kind: str
    client: str
    content: str
    rest: str  # the rest of the searchable text, the client's name last


def _searchable_text(content: str, rest: str) -> str:
    """Everything search looks at, one field per line, the entry's content first."""
    return f"{content}{FIELD_SEPARATOR}{rest}"


def _load_entries(connection: Connection, entry_ids: list[str]) -> dict[str, _IndexedEntry]:
    """The live entries among `entry_ids`, as the index keeps them."""
    rows = connection.execute(
        select(DiaryEntry.id, DiaryEntry.entry_date, DiaryEntry.start_time, DiaryEntry.kind,
               DiaryEntry.content, DiaryEntry.outcome, DiaryEntry.next_step,
               DiaryEntry.contacts_met, Client.name,
               VisitReport.purpose, VisitReport.discussion, VisitReport.needs_found,
               VisitReport.client_reaction, VisitReport.important_changes,
               VisitReport.service_view, VisitReport.place, VisitReport.our_participants,
               VisitReport.client_participants)
        .outerjoin(Client, Client.id == DiaryEntry.client_id)
        .outerjoin(VisitReport, (VisitReport.entry_id == DiaryEntry.id)
                   & VisitReport.deleted_at.is_(None))
        .where(DiaryEntry.id.in_(entry_ids), DiaryEntry.deleted_at.is_(None))).all()
    follow_up_texts: dict[str, list[str]] = {}
    for entry_id, request, result in connection.execute(
            select(FollowUp.entry_id, FollowUp.request, FollowUp.result)
            .where(FollowUp.entry_id.in_(entry_ids), FollowUp.deleted_at.is_(None))
            .order_by(FollowUp.created_at)):
        follow_up_texts.setdefault(entry_id, []).extend((request, result))
    entries = {}
    for (entry_id, entry_date, start_time, kind, content, outcome, next_step, contacts_met,
         client_name, *report_fields, client_participants) in rows:
        parts = [outcome, next_step, *(field or "" for field in report_fields),
                 *follow_up_texts.get(entry_id, ()), *_names(contacts_met),
                 *_names(client_participants), client_name or ""]
        entries[entry_id] = _IndexedEntry(
            entry_date, start_time, kind, client_name or "", content,
            FIELD_SEPARATOR.join(part for part in parts if part))
    return entries


# --- keeping the index current -----------------------------------------------------------

def _key_base(entry_date: date, start_time: time | None) -> int:
    """The first index key of a date and minute: keys sort entries by date, then time."""
    slot = 0 if start_time is None else start_time.hour * 60 + start_time.minute + 1
    return (entry_date.toordinal() * MINUTE_SLOTS + slot) * KEY_SPAN


def _key_date(key: int) -> date:
    return date.fromordinal(key // KEY_SPAN // MINUTE_SLOTS)


class _KeyAllocator:
    """Hands out unused keys, the next free one after the largest of a date and minute
    (`empty`: the index is being built from nothing, so there is nothing to look up)."""

    def __init__(self, connection: Connection, empty: bool):
        self._connection = connection
        self._empty = empty
        self._next: dict[int, int] = {}

    def take(self, base: int) -> int:
        key = self._next.get(base)
        if key is None and self._empty:
            key = base
        elif key is None:
            largest = self._connection.exec_driver_sql(
                "SELECT max(key) FROM diary_search WHERE key >= ? AND key < ?",
                (base, base + KEY_SPAN)).scalar()
            key = base if largest is None else largest + 1
        self._next[base] = key + 1
        return key


def _reindex(connection: Connection, entry_ids: Iterable[str], empty: bool = False) -> None:
    """Remove these entries from the index and add back those still live, as they are now
    (`empty`: into an index just emptied)."""
    allocator = _KeyAllocator(connection, empty)
    for batch in _chunks(entry_ids):
        marks = ",".join("?" * len(batch))
        old = connection.exec_driver_sql(
            f"SELECT key, content, rest FROM diary_search WHERE entry_id IN ({marks})",
            tuple(batch)).all()
        if old:
            connection.exec_driver_sql(
                "INSERT INTO diary_fts(diary_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                [(key, " ".join(tokenise(_searchable_text(content, rest))))
                 for key, content, rest in old])
            connection.exec_driver_sql(
                "DELETE FROM diary_search WHERE key = ?", [(key,) for key, _, _ in old])
        new = [(allocator.take(_key_base(entry.entry_date, entry.start_time)), entry_id, entry)
               for entry_id, entry in _load_entries(connection, batch).items()]
        if new:
            connection.exec_driver_sql(
                "INSERT INTO diary_search (key, entry_id, kind, client, content, rest)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(key, entry_id, entry.kind, entry.client, entry.content, entry.rest)
                 for key, entry_id, entry in new])
            connection.exec_driver_sql(
                "INSERT INTO diary_fts (rowid, tokens) VALUES (?, ?)",
                [(key, " ".join(tokenise(_searchable_text(entry.content, entry.rest))))
                 for key, _, entry in new])


def _changed_entry_ids(connection: Connection, after_seq: int) -> set[str]:
    """Entries whose own row, visit report, follow-ups or client changed after `after_seq`."""
    sources = {DiaryEntry.__tablename__: set(), VisitReport.__tablename__: set(),
               FollowUp.__tablename__: set(), Client.__tablename__: set()}
    for entity, entity_id in connection.execute(
            select(OutboxEntry.entity, OutboxEntry.entity_id)
            .where(OutboxEntry.seq > after_seq, OutboxEntry.entity.in_(sources))):
        sources[entity].add(entity_id)
    changed = sources[DiaryEntry.__tablename__]
    owners = ((VisitReport.__tablename__, VisitReport.entry_id, VisitReport.id),
              (FollowUp.__tablename__, FollowUp.entry_id, FollowUp.id),
              (Client.__tablename__, DiaryEntry.id, DiaryEntry.client_id))
    for entity, entry_column, match_column in owners:
        for batch in _chunks(sources[entity]):
            changed.update(entry_id for entry_id in connection.scalars(
                select(entry_column).where(match_column.in_(batch))) if entry_id)
    return changed


def _state(connection: Connection) -> tuple[int, int]:
    seq, version = connection.exec_driver_sql(
        "SELECT indexed_seq, tokenizer_version FROM diary_search_state").one()
    return seq, version


def _is_current(connection: Connection) -> bool:
    newest = connection.scalar(select(func.max(OutboxEntry.seq))) or 0
    return _state(connection) == (newest, TOKENIZER_VERSION)


def refresh_index(engine: Engine) -> None:
    """Bring the index up to the newest committed change (building it the first time)."""
    with engine.connect() as connection:
        if _is_current(connection):
            return
        connection.rollback()
        # Write first: the transaction takes the write lock before it reads, so two
        # refreshes never index the same changes twice.
        connection.exec_driver_sql(
            "UPDATE diary_search_state SET indexed_seq = indexed_seq")
        seq, version = _state(connection)
        newest = connection.scalar(select(func.max(OutboxEntry.seq))) or 0
        if seq < 0 or version != TOKENIZER_VERSION or newest < seq:
            connection.exec_driver_sql("DELETE FROM diary_search")
            connection.exec_driver_sql("INSERT INTO diary_fts(diary_fts) VALUES ('delete-all')")
            _reindex(connection, connection.scalars(
                select(DiaryEntry.id).where(DiaryEntry.deleted_at.is_(None))).all(), empty=True)
            connection.exec_driver_sql("INSERT INTO diary_fts(diary_fts) VALUES ('optimize')")
        elif newest > seq:
            _reindex(connection, _changed_entry_ids(connection, seq))
        connection.exec_driver_sql(
            "UPDATE diary_search_state SET indexed_seq = ?, tokenizer_version = ?",
            (newest, TOKENIZER_VERSION))
        connection.commit()


# --- searching ---------------------------------------------------------------------------

def _first_match(lowered: str, terms: Sequence[str]) -> tuple[int, int]:
    start, term = min((lowered.find(term), term) for term in terms)
    return start, start + len(term)


def snippet(entry_text: str, terms: Sequence[str]) -> str:
    """About SNIPPET_CHARS characters of the field holding the first match, the match
    wrapped in 【】, mobile numbers masked."""
    lowered = entry_text.lower()
    # positions found in the lower-cased text hold in the original, unless lowering
    # changed its length (a rare letter like İ): then the lower-cased text is shown
    shown = entry_text if len(lowered) == len(entry_text) else lowered
    shown = _MOBILE_RE.sub(lambda match: mask_phone(match.group()), shown)  # keeps length
    start, end = _first_match(lowered, terms)
    field_start = lowered.rfind(FIELD_SEPARATOR, 0, start) + 1
    field_end = lowered.find(FIELD_SEPARATOR, end)
    field_end = len(lowered) if field_end < 0 else field_end
    left = max(field_start, start - SNIPPET_BEFORE)
    right = min(field_end, max(end, left + SNIPPET_CHARS))
    return ("…" if left > field_start else "") + shown[left:start] + translate("【") + shown[start:end] \
        + translate("】") + shown[end:right] + ("…" if right < field_end else "")


def _candidates(connection: Connection, expression: str, batch: int
                ) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(key, entry id, kind, client, content, rest) of the entries the index matches,
    newest first."""
    below = NO_KEY_ABOVE
    while True:
        keys = connection.exec_driver_sql(
            "SELECT rowid FROM diary_fts WHERE diary_fts MATCH ? AND rowid < ?"
            " ORDER BY rowid DESC LIMIT ?", (expression, below, batch)).scalars().all()
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        yield from connection.exec_driver_sql(
            "SELECT key, entry_id, kind, client, content, rest FROM diary_search"
            f" WHERE key IN ({marks}) ORDER BY key DESC", tuple(keys))
        below = keys[-1]


def search_diary(session: Session, query: str, limit: int = 50) -> list[DiaryHit]:
    """Live entries whose text holds every whitespace-separated term of `query`
    (ignoring case), newest first, at most `limit`. Searches what is committed (on a
    connection of its own, whatever `session` has pending)."""
    engine = session.get_bind()
    terms = query.lower().split()
    expression = match_expression(terms)
    if expression is None or limit < 1:
        return []
    refresh_index(engine)
    hits: list[DiaryHit] = []
    with engine.connect() as connection:
        for key, entry_id, kind, client, content, rest in _candidates(
                connection, expression, limit + CANDIDATE_MARGIN):
            text = _searchable_text(content, rest)
            if all(term in text.lower() for term in terms):
                hits.append(DiaryHit(entry_id, _key_date(key), client, kind, content,
                                     snippet(text, terms)))
                if len(hits) == limit:
                    break
    return hits
