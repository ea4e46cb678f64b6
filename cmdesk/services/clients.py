"""Client files (客户档案): find, read, save (the whole file in one go), archive, history.

A save takes a `ClientDraft` — the client's own fields plus any child sections
(contacts, business lines, other banks, services, value items, links) — validates
every field first and writes nothing if anything is wrong. Child rows missing from
a given section are tombstoned; the change log records every change.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cmdesk import heap
from cmdesk.domain import client_fields as cf
from cmdesk.domain.identifiers import phone_digits
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    BusinessLine,
    Client,
    ClientChild,
    ClientLink,
    Contact,
    OtherBank,
    Product,
    ServiceStatus,
    ValueItem,
    new_id,
    utcnow,
)
from cmdesk.services.client_rows import SEARCH_LIMIT, SearchResult
from cmdesk.services.client_search import index_for
from cmdesk.services.file_history import HistoryLine, client_history
from cmdesk.services.grade_check import client_exception
from cmdesk.services.settings import get_tiers
from cmdesk.storage import change_log

CHILD_MODELS: dict[str, type[ClientChild]] = {
    "contacts": Contact, "business_lines": BusinessLine, "other_banks": OtherBank,
    "services": ServiceStatus, "value_items": ValueItem, "links": ClientLink,
}
# what a field filled for the wrong kind of client says (see cf.KIND_ONLY_FIELDS)
WRONG_KIND_MESSAGES = {
    "credit_code": mark("个人客户不填统一社会信用代码"),
    "id_number": mark("公司客户不填身份证号（请填在联系人中）"),
    "risk_appetite": mark("风险承受能力只对个人客户评估"),
}


@dataclass
class ClientDraft:
    """What a form or an import wants a client file to be.

    `fields` holds the client's own fields (raw text or typed values). A child section
    left as None is not touched; a list replaces the section: rows with an "id" update
    that row, rows without one are new, existing rows not listed are tombstoned.
    """

    fields: dict[str, Any]
    contacts: list[dict[str, Any]] | None = None
    business_lines: list[dict[str, Any]] | None = None
    other_banks: list[dict[str, Any]] | None = None
    services: list[dict[str, Any]] | None = None
    value_items: list[dict[str, Any]] | None = None
    links: list[dict[str, Any]] | None = None

    def section(self, key: str) -> list[dict[str, Any]] | None:
        return getattr(self, key)


@dataclass(frozen=True)
class ListFilters:
    """The choices of the client list's filters."""

    tiers: tuple[str, ...]
    industries: tuple[str, ...]


@dataclass
class ValueSummary:
    """客户关系价值 of one year, per category, with the total."""

    year: int | None
    by_category: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.by_category.values(), Decimal("0.00"))


# --- search --------------------------------------------------------------------------

@cache
def _pinyin_reader() -> Any:
    """pypinyin, loaded when a name is first saved (its phrase dictionary takes ~0.3 s and
    ~55 MB), kept for the session (cmdesk.heap): one reader whose conversion of a toned
    syllable to plain pinyin is remembered per character and reading (a third of
    pypinyin's time, spent on the same few thousand again and again)."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    class RememberingConverter(UltimateConverter):
        """lazy_pinyin's own converter (same settings), its pure per-syllable step cached."""

        @lru_cache(maxsize=16384)  # noqa: B019 (one reader, kept for the session)
        def convert_style(self, han: str, orig_pinyin: str, style: Any, strict: bool,
                          **kwargs: Any) -> str:
            return super().convert_style(han, orig_pinyin, style, strict, **kwargs)

    heap.keep_long_lived()
    return Pinyin(RememberingConverter())


class _WithoutPinyin(str):
    """Text pypinyin has no pinyin for (letters, digits, rare characters): kept whole, in
    the initials as in the full pinyin (as pypinyin's FIRST_LETTER style keeps it)."""


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower case, no separators (remembered: an
    import meets the same contact names again and again). One pass of pypinyin gives
    both: a syllable's initial is its first letter, as the FIRST_LETTER style gives it."""
    pieces = _pinyin_reader().lazy_pinyin(name, errors=_WithoutPinyin)
    initials = (piece if isinstance(piece, _WithoutPinyin) else piece[:1] for piece in pieces)
    full = "".join(pieces).lower().replace(" ", "")
    return full, "".join(initials).lower().replace(" ", "")


def forget_pinyin() -> None:
    """Forget the pinyin remembered so far (names and syllables), as a new process would
    start: for a benchmark that must not find the names it times already read."""
    pinyin_of.cache_clear()
    _pinyin_reader.cache_clear()


def normalize_query(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def build_search_text(name: str, credit_code: str | None, id_number: str | None,
                      people: list[tuple[str, str]]) -> str:
    """What the search box matches for a client; `people` are its contacts' (name, phone)."""
    parts = [name, *pinyin_of(name), credit_code or "", id_number or ""]
    for person, phone in people:
        parts.append(person)
        parts.extend(pinyin_of(person))
        parts.append(phone_digits(phone) if phone else "")
    return normalize_query("\u0001".join(p for p in parts if p))


def _query_terms(query: str) -> list[str]:
    terms = []
    for term in normalize_query(query).split():
        digits = phone_digits(term)
        # "138-1234" or "0592 123" search the phone digits
        if digits and len(digits) >= 3 and all(ch.isdigit() or ch in "-()+" for ch in term):
            term = digits
        terms.append(term)
    return terms


def search_clients(session: Session, query: str = "", *, tier: str | None = None,
                   industry: str | None = None, status: str | None = None,
                   include_archived: bool = False, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Clients matching every word of the query in name, pinyin (full or initials),
    codes, contact names or phone digits; filtered; in pinyin order; at most `limit`.
    Searches what is committed (see services.client_search)."""
    index = index_for(session.get_bind())
    hits = index.search(_query_terms(query), tier=tier, industry=industry, status=status,
                        include_archived=include_archived, limit=limit)
    return SearchResult(rows=hits.rows, total=hits.total, limited=hits.limited,
                        book_size=len(index))


def industries(session: Session) -> list[str]:
    """The industries in use, for the list filter (from the search index: in SQL it is a
    scan of the whole client table)."""
    return index_for(session.get_bind()).industries()


def list_filters(session: Session) -> ListFilters:
    """The tiers and the industries in use, for the client list's filters."""
    return ListFilters(tiers=tuple(get_tiers(session)), industries=tuple(industries(session)))


# --- read ------------------------------------------------------------------------------

def get_client(session: Session, client_id: str) -> Client:
    """A client file with every section loaded."""
    stmt = (select(Client).where(Client.id == client_id, Client.deleted_at.is_(None))
            .options(*(selectinload(getattr(Client, key)) for key in CHILD_MODELS)))
    client = session.scalar(stmt)
    if client is None:
        raise NotFoundError(translate("找不到客户 {client_id}").format(client_id=client_id))
    return client


def client_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Client.id, Client.name).where(Client.id.in_(ids))).all())


def value_summary(client: Client, year: int | None = None) -> ValueSummary:
    """Relationship value per category (one year, or all years when year is None)."""
    summary = ValueSummary(year=year, by_category={key: Decimal("0.00")
                                                   for key, _ in cf.VALUE_CATEGORIES})
    for item in client.value_items:
        if year is None or item.year == year:
            summary.by_category[item.category] += item.amount
    return summary


# --- save ------------------------------------------------------------------------------

def _parse_fields(specs: tuple[cf.FieldSpec, ...], raw: dict[str, Any], section: str,
                  row: int | None, problems: list[FieldProblem],
                  choices: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.key not in raw:
            continue
        try:
            values[spec.key] = cf.parse_value(spec, raw[spec.key], choices.get(spec.key))
        except cf.FieldValueError as exc:
            problems.append(FieldProblem(spec.key, str(exc), section, row, spec.label))
    return values


def _check_client(values: dict[str, Any], current: Client | None,
                  problems: list[FieldProblem]) -> None:
    """The rules of a client's own fields that need nothing from the database."""
    kind = values.get("kind", current.kind if current else None)
    if current is None:
        for key in ("kind", "name"):
            if key not in values and not any(p.field == key for p in problems):
                problems.append(FieldProblem(key, translate("必须填写"), "client", None,
                                             cf.BASIC.field(key).label))
    for key, owner in cf.KIND_ONLY_FIELDS.items():
        if kind and kind != owner and values.get(key):
            problems.append(FieldProblem(key, translate(WRONG_KIND_MESSAGES[key]), "client", None,
                                         cf.BASIC.field(key).label))


def _check_unique_codes(session: Session, client_id: str | None, values: dict[str, Any],
                        problems: list[FieldProblem]) -> None:
    """统一社会信用代码 and 身份证号 belong to one client each."""
    for key, label in (("credit_code", translate("统一社会信用代码")), ("id_number", translate("身份证号"))):
        code = values.get(key)
        if not code:
            continue
        stmt = select(Client.name).where(getattr(Client, key) == code, Client.deleted_at.is_(None))
        if client_id:
            stmt = stmt.where(Client.id != client_id)
        other = session.scalar(stmt)
        if other:
            problems.append(FieldProblem(key, translate("{code} 已是客户“{other}”的{label}").format(code=code, other=other, label=label), "client", None,
                                         label))


def _check_primary_contact(parsed: list[dict[str, Any]], problems: list[FieldProblem]) -> None:
    """One primary contact: the first one when none is marked."""
    primaries = [i for i, row in enumerate(parsed) if row.get("is_primary")]
    if len(primaries) > 1:
        problems.append(FieldProblem("is_primary", translate("只能有一位主要联系人"), "contacts",
                                     primaries[1], translate("主要联系人")))
    elif parsed and not primaries:
        parsed[0]["is_primary"] = True


def _check_rows(session: Session, client_id: str | None, key: str, rows: list[dict[str, Any]],
                parsed: list[dict[str, Any]], problems: list[FieldProblem]) -> None:
    """The rules of a section's rows that look into the database (products, clients
    referred to, rows being updated)."""
    if key == "services":
        seen: dict[str, int] = {}
        for i, row in enumerate(parsed):
            product_id = row.get("product_id")
            if not product_id:
                continue
            if session.get(Product, product_id) is None:
                problems.append(FieldProblem("product_id", translate("产品不在产品目录中"), key, i, translate("产品")))
            elif product_id in seen:
                problems.append(FieldProblem("product_id", translate("与第 {seen} 行产品重复").format(seen=seen[product_id] + 1),
                                             key, i, translate("产品")))
            seen.setdefault(product_id, i)
    for ref_key in ("related_client_id", "source_client_id"):
        for i, row in enumerate(parsed):
            ref = row.get(ref_key)
            if not ref:
                continue
            label = cf.LINKS.field("related_client_id").label if ref_key == "related_client_id" \
                else cf.VALUE_ITEMS.field("source_client_id").label
            if client_id and ref == client_id:
                problems.append(FieldProblem(ref_key, translate("不能关联客户自己"), key, i, label))
            elif session.scalar(select(Client.id).where(
                    Client.id == ref, Client.deleted_at.is_(None))) is None:
                problems.append(FieldProblem(ref_key, translate("找不到该客户"), key, i, label))
    for i, row in enumerate(rows):
        if row.get("id"):
            model = CHILD_MODELS[key]
            existing = session.get(model, row["id"])
            if existing is None or existing.client_id != client_id or existing.deleted_at:
                problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), key, i))


def released_message(client: Client) -> str | None:
    """Why a client handed over to another manager (移交) is read-only here; None if not."""
    if client.released_at is None:
        return None
    day = client.released_at.replace(tzinfo=UTC).astimezone().date()
    return translate("该客户已于 {day} 移交给 {manager}，本机档案只读").format(
        day=f"{day:%Y-%m-%d}", manager=client.released_to or translate("其他客户经理"))


def ensure_not_released(session: Session, client_id: str | None, section: str = "client") -> None:
    """Refuse (ValidationError, at the field 客户 of `section`) to change anything of a
    client released to another manager: the file stays visible, it is edited there."""
    client = session.get(Client, client_id) if client_id else None
    message = released_message(client) if client is not None else None
    if message:
        raise ValidationError([FieldProblem("client_id", message, section, None, translate("客户"))])


@dataclass(frozen=True)
class CheckedDraft:
    """A draft whose fields and rows have been parsed: the client's values and, per
    section given, its rows (with "id" for rows to update)."""

    values: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]]


def check_draft(draft: ClientDraft, tiers: tuple[str, ...], current: Client | None = None,
                problems: list[FieldProblem] | None = None) -> CheckedDraft:
    """Parse a draft and check every rule that needs nothing from the database; the
    problems found are added to `problems` (raised as ValidationError when not given)."""
    found: list[FieldProblem] = [] if problems is None else problems
    values = _parse_fields(cf.CLIENT_FIELDS, draft.fields, "client", None, found, {"tier": tiers})
    _check_client(values, current, found)
    sections: dict[str, list[dict[str, Any]]] = {}
    for spec in cf.CHILD_SECTIONS:
        rows = draft.section(spec.key)
        if rows is None:
            continue
        parsed = []
        for i, row in enumerate(rows):
            item = _parse_fields(spec.fields, row, spec.key, i, found, {})
            for f in spec.fields:
                if f.required and f.key not in row:
                    found.append(FieldProblem(f.key, translate("必须填写"), spec.key, i, f.label))
            parsed.append(item)
        if spec.key == "contacts":
            _check_primary_contact(parsed, found)
        sections[spec.key] = [dict(item, id=row.get("id")) for item, row in zip(parsed, rows)]
    if problems is None and found:
        raise ValidationError(found)
    return CheckedDraft(values, sections)


def save_client_file(session: Session, draft: ClientDraft, client_id: str | None = None) -> str:
    """Create (client_id None) or update a client file; returns its id.

    Raises ValidationError listing every problem; then nothing has been written.
    """
    ensure_not_released(session, client_id)
    current = get_client(session, client_id) if client_id else None
    problems: list[FieldProblem] = []
    tiers = get_tiers(session)
    checked = check_draft(draft, tiers, current, problems)
    _check_unique_codes(session, client_id, checked.values, problems)
    for key, rows in checked.sections.items():
        _check_rows(session, client_id, key, draft.section(key) or [], rows, problems)
    if problems:
        raise ValidationError(problems)
    if current is None:
        client = add_new_client(session, checked, tiers)
    else:
        client = current
        for key, value in checked.values.items():
            setattr(client, key, value)
        _write_sections(session, client, checked)
    session.flush()
    client_id = client.id
    session.expire(client)  # its sections are read again from what was just written
    return client_id


def new_client_rows(checked: CheckedDraft, tiers: tuple[str, ...]
                    ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The columns of a new client file (checked, its codes known to be free) and, per
    section, its rows' columns: the client's id, status, tier, name pinyin and search
    text filled; timestamps and revision are the change log's. The one recipe of a new
    file, whether written as objects (save_client_file) or as rows (insert_new_clients)."""
    client_id = new_id()
    values = dict(checked.values, id=client_id)
    values["status"] = values.get("status") or "prospect"
    values["tier"] = values.get("tier") or tiers[-1]
    values["name_pinyin"], values["name_initials"] = pinyin_of(values["name"])
    sections = {key: [{**{column: value for column, value in row.items() if column != "id"},
                       "client_id": client_id} for row in rows]
                for key, rows in checked.sections.items()}
    people = [(row["name"], row.get("phone") or "") for row in sections.get("contacts", ())]
    values["search_text"] = build_search_text(values["name"], values.get("credit_code"),
                                              values.get("id_number"), people)
    return values, sections


def add_new_client(session: Session, checked: CheckedDraft, tiers: tuple[str, ...]) -> Client:
    """Add a new client file (checked, its codes known to be free) and its sections' rows
    to the session as objects, without flushing."""
    values, sections = new_client_rows(checked, tiers)
    client = Client(**values)
    session.add(client)
    for key, rows in sections.items():
        session.add_all(CHILD_MODELS[key](**row) for row in rows)
    return client


def insert_new_clients(session: Session, files: list[CheckedDraft], tiers: tuple[str, ...]
                       ) -> list[str]:
    """Write many new client files (checked, their codes known to be free) as plain rows,
    one executemany per table: the same columns as add_new_client's objects, and the
    change log's timestamps, outbox rows and history lines (change_log.insert_created),
    without building thousands of objects. Returns the new clients' ids, in order."""
    clients: list[dict[str, Any]] = []
    children: dict[str, list[dict[str, Any]]] = {}
    for checked in files:
        values, sections = new_client_rows(checked, tiers)
        clients.append(values)
        for key, rows in sections.items():
            children.setdefault(key, []).extend(rows)
    client_ids = change_log.insert_created(session, Client, clients)
    for key, rows in children.items():  # after the clients: their rows refer to them
        change_log.insert_created(session, CHILD_MODELS[key], rows)
    return client_ids


def _write_sections(session: Session, client: Client, checked: CheckedDraft) -> None:
    """An edited file's sections' rows, the name's pinyin and what the search box matches."""
    client.name_pinyin, client.name_initials = pinyin_of(client.name)
    for key, rows in checked.sections.items():
        _apply_section(session, client, key, rows)
    if "contacts" in checked.sections:
        people = [(row["name"], row.get("phone") or "") for row in checked.sections["contacts"]]
    else:
        people = [(c.name, c.phone) for c in client.contacts]
    client.search_text = build_search_text(client.name, client.credit_code, client.id_number,
                                           people)


def _apply_section(session: Session, client: Client, key: str, rows: list[dict[str, Any]]
                   ) -> None:
    model = CHILD_MODELS[key]
    existing = {r.id: r for r in session.scalars(select(model).where(
        model.client_id == client.id, model.deleted_at.is_(None)))}
    kept = set()
    now = utcnow()
    for row in rows:
        row = dict(row)
        row_id = row.pop("id", None)
        if row_id:
            record = existing[row_id]
            for attr, value in row.items():
                setattr(record, attr, value)
            kept.add(row_id)
        else:
            session.add(model(client_id=client.id, **row))
    for row_id, record in existing.items():
        if row_id not in kept:
            record.deleted_at = now


def set_archived(session: Session, client_id: str, archived: bool) -> None:
    """Archive (归档) or bring back a client file; archived files leave the list, not the book."""
    ensure_not_released(session, client_id)
    client = get_client(session, client_id)
    client.archived_at = utcnow() if archived else None
    session.flush()


def find_client_by_name(session: Session, name: str) -> Client | None:
    stmt = select(Client).where(Client.name == name.strip(), Client.deleted_at.is_(None))
    return session.scalars(stmt).first()


def count_clients(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Client).where(
        Client.deleted_at.is_(None))) or 0


def client_choices(session: Session, query: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(id, name) pairs for pickers (related clients, source of income)."""
    result = search_clients(session, query, include_archived=True, limit=limit)
    return [(row.id, row.name) for row in result.rows]



def _record_dict(record: Any, specs: tuple[cf.FieldSpec, ...]) -> dict[str, Any]:
    return {"id": record.id, **{spec.key: getattr(record, spec.key) for spec in specs}}


def client_file_dict(session: Session, client: Client) -> dict[str, Any]:
    """The whole file as plain data: the client's fields and every section's rows."""
    data: dict[str, Any] = {
        "client": {"id": client.id, "revision": client.revision,
                   "created_at": client.created_at, "updated_at": client.updated_at,
                   "archived": client.archived_at is not None,
                   **{spec.key: getattr(client, spec.key) for spec in cf.CLIENT_FIELDS}},
    }
    for spec in cf.CHILD_SECTIONS:
        data[spec.key] = [_record_dict(row, spec.fields) for row in getattr(client, spec.key)]
    data["value_total"] = value_summary(client).total
    return data


@dataclass(frozen=True)
class ClientFileView:
    """A client file as the editor shows it: the file as plain data, its history, the
    relationship value per year (None: all years), the names of the clients it refers to,
    and, for a client handed over (移交), to whom and why it is read-only."""

    client_id: str
    data: dict[str, Any]
    history: tuple[HistoryLine, ...]
    summaries: dict[int | None, ValueSummary]
    names: dict[str, str]
    released_to: str | None = None
    released_message: str | None = None
    grade_exception: str = ""  # the 对等配置 exception the client is, in words ("" if none)


def client_file_view(session: Session, client_id: str) -> ClientFileView:
    client = get_client(session, client_id)
    data = client_file_dict(session, client)
    summaries: dict[int | None, ValueSummary] = {None: value_summary(client)}
    for year in sorted({item.year for item in client.value_items}):
        summaries[year] = value_summary(client, year)
    refs = {row.get("related_client_id") for row in data["links"]} \
        | {row.get("source_client_id") for row in data["value_items"]}
    return ClientFileView(client_id, data, tuple(client_history(session, client_id)), summaries,
                          client_names(session, {r for r in refs if r}),
                          (client.released_to or "") if client.released_at else None,
                          released_message(client), _grade_banner(session, client_id))


def _grade_banner(session: Session, client_id: str) -> str:
    exception = client_exception(session, client_id)
    return exception.banner() if exception is not None else ""


@dataclass(frozen=True)
class ContactChoice:
    """One of a client's contacts, to tick as met."""

    id: str
    name: str
    position: str


def contact_choices(session: Session, client_id: str | None) -> tuple[ContactChoice, ...]:
    """The client's contacts (none for no client, or an id that names no client)."""
    if not client_id:
        return ()
    try:
        client = get_client(session, client_id)
    except NotFoundError:
        return ()
    return tuple(ContactChoice(c.id, c.name, c.position or "") for c in client.contacts)


@dataclass(frozen=True)
class ClientFacts:
    """The client facts a proposal's rules read (risk appetite, audience)."""

    id: str
    name: str
    kind: str
    risk_appetite: str | None


def client_facts(session: Session, client_id: str) -> ClientFacts:
    client = get_client(session, client_id)
    return ClientFacts(client.id, client.name, client.kind, client.risk_appetite)
