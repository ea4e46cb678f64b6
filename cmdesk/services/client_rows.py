"""The client list's rows, and its first page read with plain SQL.

`ClientRow` is one line of the list and `SearchResult` one answer to the list's search
(services.clients.search_clients answers from the search index, services.client_search).
`first_page(connection)` answers the list's opening question — the whole book, not
archived, in pinyin order, at most SEARCH_LIMIT — over a DB-API connection
(cmdesk.storage.sqlite_file), without the database layer: the desk shows it while
SQLAlchemy, the models and the index are still loading (cmdesk.storage.first_look).
Both read the primary contact by one rule (`primary_contacts`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from cmdesk.domain.identifiers import mask_phone

SEARCH_LIMIT = 1000


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


@dataclass(frozen=True)
class SearchResult:
    rows: Sequence[ClientRow]  # from the search index: built as they are read (ClientRows)
    total: int | None  # None when more than the limit matched (then `limited` is True)
    limited: bool = False
    book_size: int = 0  # client files in the book, archived included


def primary_contacts(contacts: Iterable[tuple[str, str, str, Any, Any]]
                     ) -> dict[str, tuple[str, str]]:
    """Per client, the (name, phone) its list line shows: the primary contact, else the
    first one entered. `contacts` are (client_id, name, phone, is_primary, created_at) of
    contacts not deleted (picked here: sorting in SQL is slower)."""
    best: dict[str, tuple[Any, Any, str, str]] = {}
    for client_id, name, phone, is_primary, created_at in contacts:
        chosen = best.get(client_id)
        if chosen is None or (is_primary, chosen[1]) > (chosen[0], created_at):
            best[client_id] = (is_primary, created_at, name, phone)
    return {client_id: (name, phone) for client_id, (_p, _c, name, phone) in best.items()}


_FIRST_PAGE = ("SELECT id, name, kind, tier, industry, region, status FROM clients "
               "WHERE deleted_at IS NULL AND archived_at IS NULL "
               "ORDER BY name_pinyin, name, id LIMIT ?")
_COUNTS = ("SELECT count(*), coalesce(sum(archived_at IS NULL), 0) FROM clients "
           "WHERE deleted_at IS NULL")


def first_page(connection: Any, limit: int = SEARCH_LIMIT) -> SearchResult:
    """The list as it first shows (no search, no filter, archived left out) over a DB-API
    connection: the same rows, count and order as search_clients gives for it."""
    clients = connection.execute(_FIRST_PAGE, (limit,)).fetchall()
    book_size, active = connection.execute(_COUNTS).fetchone()
    ids = [row[0] for row in clients]
    contacts: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):  # within SQLite's limit on bound parameters
        chunk = ids[start:start + 500]
        contacts.update(primary_contacts(connection.execute(
            "SELECT client_id, name, phone, is_primary, created_at FROM contacts "
            f"WHERE deleted_at IS NULL AND client_id IN ({','.join('?' * len(chunk))})",
            chunk)))
    rows = []
    for client_id, name, kind, tier, industry, region, status in clients:
        contact, phone = contacts.get(client_id, ("", ""))
        rows.append(ClientRow(client_id, name, kind, tier, industry, region, status, contact,
                              mask_phone(phone) if phone else "", False))
    return SearchResult(rows=tuple(rows), total=active, limited=active > limit,
                        book_size=book_size)
