"""The records a package carries, in and out of their JSON form, and how they are applied.

`ENTITIES` names every travelling table (plus `file_history`, the audit trail that
travels with the client files) in foreign-key order: parents before children, so
applying them in this order never points at a row that is not there yet.

- `record_to_dict(obj)` / `encode_values(entity, mapping)`: a record as JSON-safe values
  (Decimal as a string, dates and times ISO 8601, UTC without offset).
- `dict_to_values(entity, data)`: the reverse, checking every field against the column
  (type, length, required, numeric range, the integer range of the column's type on
  PostgreSQL); text columns without a length take the desk's own limit for long text
  (`client_fields.LONG_TEXT_LIMIT`), and text columns holding JSON (contacts met, client
  participants, product lists, a closed strategy plan's snapshot) must hold what the
  desk writes there. A bad field raises PackageError `bad_record` naming entity, id and
  field. `unstorable_field(data)` finds text no database keeps (NUL, lone surrogates).
- `apply_records(session, entities)`: writes typed values (as `dict_to_values` gives
  them) with the conflict rule: a record is inserted when its id is new, updated when
  the incoming revision is newer than the stored one; at equal revisions a tombstone
  beats an update ("tombstones win"); file_history lines are append-only (inserted once,
  never updated). Products are matched by code: an incoming product whose code the
  receiver already has under another id is mapped onto that id, and every reference to
  it (services, plan rows, proposal lines) follows.

Records are someone else's history, so they must not enter this desk's change log
(no revision bump, no outbox row, no history line). `apply_records` writes them below
the ORM unit of work, so `change_log`'s before_flush hook never sees them — no flag to
forget, nothing to undo. One writer per engine, both in the caller's transaction:
SQLite (the desk, a small head office) uses Core insert/update statements run with
executemany; PostgreSQL (head office's import of many packages) looks stored revisions
up with one query (`id = ANY(…)` per entity, joined by UNION ALL), COPYs new rows
straight into their table and COPYs updated rows into a temporary staging table for one
UPDATE … FROM. Which rows are written is decided once, in Python, by `is_newer` and the
owner check, for both.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Time,
    bindparam,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import LONG_TEXT_LIMIT
from cmdesk.domain.diary_fields import MAX_CONTACTS_MET
from cmdesk.domain.plan_fields import MAX_PRODUCTS_PER_ITEM
from cmdesk.exchange.errors import PackageError
from cmdesk.i18n import mark, translate
from cmdesk.models import Base, FileHistory, Product, Travelling

HISTORY = FileHistory.__tablename__
PRODUCTS = Product.__tablename__
_LOOKUP_CHUNK = 500
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _travelling_models() -> dict[str, type]:
    by_table = {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers
                if issubclass(mapper.class_, Travelling) or mapper.class_ is FileHistory}
    return {table.name: by_table[table.name] for table in Base.metadata.sorted_tables
            if table.name in by_table}


ENTITIES: dict[str, type] = _travelling_models()
# Records head office sends a desk that are not the desk's own: a read-only copy of the
# clients it serves together with other managers (共同服务). The desk never exports them.
HEAD_OFFICE_COPIES = frozenset({"shared_clients", "shared_visits"})


def _table(entity: str):
    try:
        return ENTITIES[entity].__table__
    except KeyError:
        raise PackageError("bad_record", translate("数据包含有未知的数据类型“{entity}”").format(entity=entity)) from None


# ---- JSON form -------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def _decimal_text(value: Any) -> Any:
    return None if value is None else format(value, "f")


def _iso_text(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _column_encoders(table: Any) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """Per column, in table order: its key and how its value becomes JSON (None: as is)."""
    encoders: list[tuple[str, Callable[[Any], Any] | None]] = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Numeric) and not isinstance(kind, Integer):
            encoders.append((column.key, _decimal_text))
        elif isinstance(kind, (DateTime, Date, Time)):
            encoders.append((column.key, _iso_text))
        else:
            encoders.append((column.key, None))
    return encoders


_ENCODERS = {entity: _column_encoders(model.__table__) for entity, model in ENTITIES.items()}


def encode_values(entity: str, mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of a record given as column -> value (a Core row's mapping)."""
    _table(entity)
    return {key: (encode(mapping[key]) if encode else mapping[key])
            for key, encode in _ENCODERS[entity]}


def encode_rows(entity: str, rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """The JSON form of many records given as tuples in table column order (the rows of
    `select(table)`): the fast path of a full export."""
    _table(entity)
    encoders = _ENCODERS[entity]
    keys = [key for key, _encode in encoders]
    converted = [(index, encode) for index, (_key, encode) in enumerate(encoders) if encode]
    records = []
    for row in rows:
        values = list(row)
        for index, encode in converted:
            value = values[index]
            if value is not None:
                values[index] = encode(value)
        records.append(dict(zip(keys, values)))
    return records


def record_to_dict(obj: Any) -> dict[str, Any]:
    """The JSON form of a mapped record (a travelling model or a FileHistory line)."""
    table = type(obj).__table__
    return {column.key: _encode(getattr(obj, column.key)) for column in table.columns}


def _problem(entity: str, record_id: Any, field: str, message: str) -> PackageError:
    return PackageError("bad_record",
                        translate("数据包记录有误：{entity} 记录 {record} 的字段 {field}：{message}").format(
                            entity=entity, record=record_id or translate("（无编号）"), field=field, message=message))


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(translate("应为 true/false"))
    return value


def _int_decoder(bits: int) -> Callable[[Any], int]:
    """Integers that fit the column's type on every engine (PostgreSQL's integer is 32-bit)."""
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def decode(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(translate("应为整数"))
        if not low <= value <= high:
            raise ValueError(translate("整数超出范围"))
        return value
    return decode


def _numeric_decoder(kind: Numeric) -> Callable[[Any], Decimal]:
    limit = (Decimal(10) ** (kind.precision - kind.scale)
             if kind.precision is not None and kind.scale is not None else None)
    step = Decimal(1).scaleb(-kind.scale) if kind.scale is not None else None

    def decode(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(translate("应为数字字符串"))
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError(translate("不是有效数字")) from None
        if not number.is_finite():
            raise ValueError(translate("不是有效数字"))
        if limit is not None and abs(number) >= limit:
            raise ValueError(translate("数值超出范围"))
        return number.quantize(step) if step is not None else number
    return decode


def _iso_decoder(parser: type) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(translate("应为 ISO 8601 日期/时间"))
        try:
            parsed = parser.fromisoformat(value)
        except ValueError:
            raise ValueError(translate("不是有效的 ISO 8601 日期/时间")) from None
        if getattr(parsed, "tzinfo", None) is not None:
            raise ValueError(translate("时间应为 UTC 且不带时区"))
        return parsed
    return decode


def _text_decoder(length: int | None) -> Callable[[Any], str]:
    def decode(value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(translate("应为文本"))
        if length is not None and len(value) > length:
            raise ValueError(translate("超过 {length} 个字").format(length=length))
        return value
    return decode


def _column_decoder(column: Any) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, Integer):
        bits = 64 if isinstance(kind, BigInteger) else 16 if isinstance(kind, SmallInteger) else 32
        return _int_decoder(bits)
    if isinstance(kind, Numeric):
        return _numeric_decoder(kind)
    if isinstance(kind, DateTime):
        return _iso_decoder(datetime)
    if isinstance(kind, Date):
        return _iso_decoder(date)
    if isinstance(kind, Time):
        return _iso_decoder(time)
    if isinstance(kind, String):
        return _text_decoder(kind.length)
    raise TypeError(f"no decoder for column {column.key} ({kind})")


# Text that no database stores: NUL (PostgreSQL refuses it) and lone surrogates (not
# UTF-8). Neither can reach a JSON line but as a \u escape, which the desk never writes
# for them: lines without such an escape are not searched further.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89abcdefABCDEF][0-9a-fA-F]{2})")


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_unstorable(key) or _unstorable(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return False


def unstorable_field(data: Any) -> str | None:
    """The first field of a decoded record holding NUL or a lone surrogate (in its name
    or its value), named so that it can be printed; None when every text is storable."""
    if not isinstance(data, dict):
        return translate("（整行）") if _unstorable(data) else None
    for key, value in data.items():
        if _unstorable(key):
            return translate("（字段名）")
        if _unstorable(value):
            return key
    return None


def _json_text(check: Callable[[Any], None]) -> Callable[[str], None]:
    """A check of a text column that holds JSON: it must parse and pass `check`."""
    def validate(text: str) -> None:
        if text == "":
            return
        try:
            value = json.loads(text)
        except ValueError:
            raise ValueError(translate("不是有效的 JSON")) from None
        check(value)
    return validate


def _people(value: Any) -> None:
    if not isinstance(value, list) or len(value) > MAX_CONTACTS_MET:
        raise ValueError(translate("应为不超过 {MAX_CONTACTS_MET} 人的名单").format(MAX_CONTACTS_MET=MAX_CONTACTS_MET))
    for person in value:
        if not isinstance(person, dict) or not person.keys() <= {"id", "name", "position"}:
            raise ValueError(translate("名单中每人应为 {id, name, position}"))
        if not isinstance(person.get("name"), str) or len(person["name"]) > 100:
            raise ValueError(translate("名单中的姓名应为不超过 100 字的文本"))
        for key, limit in (("position", 100), ("id", 36)):
            item = person.get(key)
            if item is not None and (not isinstance(item, str) or len(item) > limit):
                raise ValueError(translate("名单中的 {key} 应为不超过 {limit} 字的文本").format(key=key, limit=limit))


def _id_list(limit: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if (not isinstance(value, list) or len(value) > limit
                or not all(isinstance(item, str) and len(item) <= 36 for item in value)):
            raise ValueError(translate("应为不超过 {limit} 个编号的列表").format(limit=limit))
    return check


def _json_object(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError(translate("应为 JSON 对象"))


def _text_objects(limit: int, **keys: int) -> Callable[[Any], None]:
    """A JSON list of at most `limit` objects whose keys are among `keys`, each value a
    text (or null) no longer than the key's limit."""
    def check(value: Any) -> None:
        if not isinstance(value, list) or len(value) > limit:
            raise ValueError(translate("应为不超过 {limit} 项的列表").format(limit=limit))
        for item in value:
            if not isinstance(item, dict) or not item.keys() <= keys.keys():
                raise ValueError(translate("列表中每项应为含 {keys} 的对象").format(keys=", ".join(keys)))
            for key, text in item.items():
                if text is not None and (not isinstance(text, str) or len(text) > keys[key]):
                    raise ValueError(translate("列表中的 {key} 应为不超过 {limit} 字的文本").format(
                        key=key, limit=keys[key]))
    return check


# Text columns that hold JSON, with what the desk writes there (services.diary,
# services.plans, services.strategy); the desk reads them back without asking.
_JSON_COLUMNS: dict[tuple[str, str], Callable[[str], None]] = {
    ("diary_entries", "contacts_met"): _json_text(_people),
    ("visit_reports", "client_participants"): _json_text(_people),
    ("visit_reports", "products_recommended"): _json_text(_id_list(200)),
    ("plan_items", "products"): _json_text(_id_list(MAX_PRODUCTS_PER_ITEM)),
    ("strategy_plans", "snapshot"): _json_text(_json_object),
    # head office's copy of a shared client (cmdesk.hq.shared)
    ("shared_clients", "servers"): _json_text(_text_objects(50, id=100, name=100)),
    ("shared_clients", "contacts"): _json_text(_text_objects(200, name=100, position=100, phone=40)),
    ("shared_clients", "business_lines"): _json_text(_text_objects(
        100, nature=200, revenue_share=10, current_state=LONG_TEXT_LIMIT,
        financing_needs=LONG_TEXT_LIMIT)),
    ("shared_visits", "contacts_met"): _json_text(_people),
}
# Text columns without a length that legitimately hold more than the desk's long-text
# limit: a closed year's whole strategy plan, and the audit trail's copy of its change.
_WIDE_TEXT = frozenset({("strategy_plans", "snapshot"), ("file_history", "old_value"),
                        ("file_history", "new_value")})
WIDE_TEXT_LIMIT = 10_000_000


def _text_limit(entity: str, column: Any) -> int:
    if column.type.length:
        return column.type.length
    return WIDE_TEXT_LIMIT if (entity, column.key) in _WIDE_TEXT else LONG_TEXT_LIMIT


def _with_json_check(decode: Callable[[Any], Any],
                     check: Callable[[str], None]) -> Callable[[Any], Any]:
    def decode_and_check(value: Any) -> Any:
        text = decode(value)
        check(text)
        return text
    return decode_and_check


@dataclass(frozen=True)
class _Field:
    key: str
    decode: Callable[[Any], Any]
    nullable: bool
    required: bool  # must be present: NOT NULL without a default
    text_limit: int | None  # text columns: the longest value that passes as it is


def _decoder(entity: str, column: Any) -> Callable[[Any], Any]:
    if isinstance(column.type, String):
        decode = _text_decoder(_text_limit(entity, column))
        check = _JSON_COLUMNS.get((entity, column.key))
        return decode if check is None else _with_json_check(decode, check)
    return _column_decoder(column)


def _fields(entity: str, table: Any) -> tuple[_Field, ...]:
    """Per column its check; text_limit is None where the value must always be decoded
    (not text, or text holding JSON)."""
    return tuple(_Field(key=column.key, decode=_decoder(entity, column), nullable=column.nullable,
                        required=not column.nullable and column.default is None
                        and not column.primary_key,
                        text_limit=_text_limit(entity, column)
                        if isinstance(column.type, String)
                        and (entity, column.key) not in _JSON_COLUMNS else None)
                 for column in table.columns)


_FIELDS = {entity: _fields(entity, model.__table__) for entity, model in ENTITIES.items()}
_KEYS = {entity: frozenset(f.key for f in fields) for entity, fields in _FIELDS.items()}
_ABSENT = object()


def dict_to_values(entity: str, data: Any) -> dict[str, Any]:
    """Typed column values of one record in JSON form; PackageError `bad_record` naming
    the entity, the record id and the field when anything does not fit. (Every record
    of a package passes here: text that fits its column is taken as it is, without a
    call to its decoder.)"""
    _table(entity)
    if not isinstance(data, dict):
        raise PackageError("bad_record", translate("数据包记录有误：{entity} 中有一行不是 JSON 对象").format(entity=entity))
    record_id = data.get("id")
    if not data.keys() <= _KEYS[entity]:
        raise _problem(entity, record_id, min(data.keys() - _KEYS[entity]), translate("本程序不认识这个字段"))
    if not isinstance(record_id, str) or not _UUID.match(record_id):
        raise _problem(entity, record_id, "id", translate("缺少或不是有效的 UUID"))
    values: dict[str, Any] = {}
    for spec in _FIELDS[entity]:
        key = spec.key
        value = data.get(key, _ABSENT)
        if value is _ABSENT:
            if spec.required:
                raise _problem(entity, record_id, key, translate("缺少必填字段"))
            continue
        if value is None:
            if not spec.nullable:
                raise _problem(entity, record_id, key, translate("不能为空"))
            values[key] = None
            continue
        if value.__class__ is str and spec.text_limit is not None and len(value) <= spec.text_limit:
            values[key] = value
            continue
        try:
            values[key] = spec.decode(value)
        except (TypeError, ValueError) as exc:
            raise _problem(entity, record_id, key, str(exc)) from None
    if entity != HISTORY and values.get("revision", 1) < 1:
        raise _problem(entity, record_id, "revision", translate("版本号应大于 0"))
    return values


# ---- applying ---------------------------------------------------------------------------

OwnerCheck = Callable[[str, dict[str, Any]], bool]


def _chunks(items: list[Any], size: int = _LOOKUP_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def is_newer(incoming: dict[str, Any], stored: tuple[int, bool] | None) -> bool:
    """The conflict rule: newer revision wins; at equal revisions a tombstone wins."""
    if stored is None:
        return True
    revision, tombstoned = stored
    incoming_revision = incoming.get("revision", 1)
    if incoming_revision != revision:
        return incoming_revision > revision
    return incoming.get("deleted_at") is not None and not tombstoned


def _product_references() -> dict[str, list[str]]:
    """entity -> its columns that point at products.id."""
    found: dict[str, list[str]] = {}
    for entity, model in ENTITIES.items():
        for column in model.__table__.columns:
            if any(fk.column.table.name == PRODUCTS for fk in column.foreign_keys):
                found.setdefault(entity, []).append(column.key)
    return found


_PRODUCT_REFERENCES = _product_references()


def _map_products(session: Session, products: list[dict[str, Any]]) -> tuple[list[dict], dict]:
    """Split incoming products into those to apply and a map incoming id -> our id for
    products we already hold under the same code with another id."""
    table = Product.__table__
    codes = [p["code"] for p in products if "code" in p]
    ours: dict[str, str] = {}
    for chunk in _chunks(codes):
        query = select(table.c.code, table.c.id).where(table.c.code.in_(chunk),
                                                       table.c.deleted_at.is_(None))
        ours.update(dict(session.execute(query).all()))
    mapping = {}
    kept = []
    for product in products:
        mine = ours.get(product.get("code"))
        if mine is not None and mine != product["id"]:
            mapping[product["id"]] = mine
        else:
            kept.append(product)
    return kept, mapping


def _python_defaults(table: Any) -> dict[str, Callable[[], Any]]:
    """column key -> its Python-side default (what a Core insert fills in for a missing key)."""
    found: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if default is None:
            continue
        if default.is_callable:
            found[column.key] = lambda arg=default.arg: arg(None)
        else:
            found[column.key] = lambda arg=default.arg: arg
    return found


_DEFAULTS = {entity: _python_defaults(model.__table__) for entity, model in ENTITIES.items()}


def _by_keys(rows: list[dict[str, Any]]) -> Iterable[tuple[frozenset, list[dict[str, Any]]]]:
    """Rows grouped by the set of columns they carry (one statement per group)."""
    groups: dict[frozenset, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return groups.items()


class _CoreWriter:
    """SQLite (and any engine but PostgreSQL): IN lookups and executemany Core statements."""

    def __init__(self, session: Session):
        self.session = session

    def stored(self, ids: Mapping[str, list[str]]) -> dict[str, dict[str, tuple[int, bool]]]:
        """Per entity: id -> (revision, tombstoned) of the rows already here."""
        return {entity: self._stored(ENTITIES[entity].__table__, entity_ids)
                for entity, entity_ids in ids.items()}

    def _stored(self, table: Any, ids: list[str]) -> dict[str, tuple[int, bool]]:
        found: dict[str, tuple[int, bool]] = {}
        has_revision = "revision" in table.c
        for chunk in _chunks(ids):
            if has_revision:
                query = select(table.c.id, table.c.revision, table.c.deleted_at)
                for row_id, revision, deleted_at in self.session.execute(
                        query.where(table.c.id.in_(chunk))):
                    found[row_id] = (revision, deleted_at is not None)
            else:
                for row_id in self.session.scalars(select(table.c.id).where(table.c.id.in_(chunk))):
                    found[row_id] = (0, False)
        return found

    def write(self, table: Any, inserts: list[dict], updates: list[dict]) -> None:
        try:
            for _keys, rows in _by_keys(inserts):
                self.session.execute(table.insert(), rows)
            for keys, rows in _by_keys(updates):
                statement = table.update().where(table.c.id == bindparam("_match_id")).values(
                    {key: bindparam("_v_" + key) for key in keys if key != "id"})
                self.session.execute(statement, [
                    {"_match_id": row["id"], **{"_v_" + key: value for key, value in row.items()
                                                if key != "id"}} for row in rows])
        except IntegrityError as exc:
            raise _missing_parent(table.name) from exc


class _PostgresWriter:
    """PostgreSQL: one lookup query for all entities; new rows COPYed straight into their
    table, updated rows COPYed into a temporary staging table (dropped at once, and at
    commit in any case) and written by one UPDATE … FROM. Runs on the session's own
    connection, so in the caller's transaction."""

    STAGING = "cmdesk_staging"

    def __init__(self, session: Session):
        self.connection = session.connection().connection.driver_connection

    def stored(self, ids: Mapping[str, list[str]]) -> dict[str, dict[str, tuple[int, bool]]]:
        """Per entity: id -> (revision, tombstoned) of the rows already here, in one query."""
        from psycopg import sql

        found: dict[str, dict[str, tuple[int, bool]]] = {entity: {} for entity in ids}
        if not ids:
            return found
        parts = []
        for entity in ids:
            columns = ("id, revision, deleted_at IS NOT NULL"
                       if "revision" in ENTITIES[entity].__table__.c else "id, 0, false")
            parts.append(sql.SQL("SELECT {}, " + columns + " FROM {} WHERE id = ANY(%s)").format(
                sql.Literal(entity), sql.Identifier(entity)))
        with self.connection.cursor() as cursor:
            cursor.execute(sql.SQL(" UNION ALL ").join(parts), list(ids.values()), prepare=False)
            for entity, row_id, revision, tombstoned in cursor:
                found[entity][row_id] = (revision, tombstoned)
        return found

    def write(self, table: Any, inserts: list[dict], updates: list[dict]) -> None:
        import psycopg
        from psycopg import sql

        name = sql.Identifier(table.name)
        try:
            with self.connection.cursor() as cursor:
                if inserts:
                    self._copy(cursor, name, [column.key for column in table.columns], inserts,
                               _DEFAULTS[table.name])
                for keys, rows in _by_keys(updates):
                    self._update(cursor, name, table, keys, rows)
        except psycopg.IntegrityError as exc:
            raise _missing_parent(table.name) from exc

    @staticmethod
    def _copy(cursor: Any, target: Any, keys: list[str], rows: list[dict],
              defaults: Mapping[str, Callable[[], Any]]) -> None:
        """COPY the `keys` columns of rows into `target`; a key a row lacks takes the
        column's Python default, else NULL (as a Core insert would)."""
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            target, sql.SQL(", ").join(sql.Identifier(key) for key in keys))
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[key] if key in row
                                else defaults[key]() if key in defaults else None
                                for key in keys])

    def _update(self, cursor: Any, target: Any, table: Any, keys: frozenset,
                rows: list[dict]) -> None:
        from psycopg import sql

        staging = sql.Identifier(self.STAGING)
        columns = [column.key for column in table.columns if column.key in keys]
        cursor.execute(sql.SQL("CREATE TEMPORARY TABLE {} ON COMMIT DROP AS "
                               "SELECT {} FROM {} WITH NO DATA").format(
            staging, sql.SQL(", ").join(sql.Identifier(key) for key in columns), target))
        self._copy(cursor, staging, columns, rows, {})
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = staged.{}").format(sql.Identifier(key), sql.Identifier(key))
            for key in columns if key != "id")
        cursor.execute(sql.SQL("UPDATE {} AS stored SET {} FROM {} AS staged "
                               "WHERE stored.id = staged.id").format(target, assignments, staging))
        cursor.execute(sql.SQL("DROP TABLE {}").format(staging))


def _missing_parent(entity: str) -> PackageError:
    return PackageError(
        "missing_parent",
        translate("数据包中的 {entity} 记录指向本机没有的上级记录，或与现有记录冲突，未导入任何数据").format(entity=entity))


def _writer(session: Session) -> _CoreWriter | _PostgresWriter:
    """The one code path per engine: PostgreSQL's COPY, or Core executemany."""
    if session.get_bind().dialect.name == "postgresql":
        return _PostgresWriter(session)
    return _CoreWriter(session)


def apply_records(session: Session, entities: Mapping[str, list[dict[str, Any]]], *,
                  owner_check: OwnerCheck | None = None) -> dict[str, int]:
    """Write typed records (see the module docstring for the rule) in the caller's
    transaction; returns how many rows of each entity were inserted or updated.

    `owner_check(entity, values)` is asked about every record that would be written;
    False leaves it out (head office stores it as a conflict). A record pointing at a
    row the receiver does not have raises PackageError `missing_parent`.
    """
    session.flush()
    writer = _writer(session)
    product_map: dict[str, str] = {}
    incoming: dict[str, dict[str, dict[str, Any]]] = {}
    for entity in ENTITIES:
        rows = list(entities.get(entity) or ())
        if not rows:
            continue
        if entity == PRODUCTS:
            rows, product_map = _map_products(session, rows)
        elif product_map and entity in _PRODUCT_REFERENCES:
            columns = _PRODUCT_REFERENCES[entity]
            rows = [{**row, **{c: product_map.get(row[c], row[c]) for c in columns if c in row}}
                    for row in rows]
        latest = incoming[entity] = {}
        for row in rows:  # a package may carry a record twice: keep its newest state
            kept = latest.get(row["id"])
            if kept is None or is_newer(row, (kept.get("revision", 1), kept.get("deleted_at") is not None)):
                latest[row["id"]] = row
    stored = writer.stored({entity: list(latest) for entity, latest in incoming.items() if latest})
    counts: dict[str, int] = {}
    for entity, latest in incoming.items():
        here = stored.get(entity, {})
        inserts, updates = [], []
        for row_id, row in latest.items():
            before = here.get(row_id)
            if entity == HISTORY and before is not None:
                continue
            if not is_newer(row, before):
                continue
            if owner_check is not None and not owner_check(entity, row):
                continue
            (updates if before is not None else inserts).append(row)
        writer.write(ENTITIES[entity].__table__, inserts, updates)
        if inserts or updates:
            counts[entity] = len(inserts) + len(updates)
    return counts


# What each entity is called where the manager reads counts (waiting to be sent, previews).
ENTITY_LABELS = {
    "products": mark("产品"), "clients": mark("客户档案"), "contacts": mark("联系人"), "business_lines": mark("主要业务"),
    "other_banks": mark("他行关系"), "services": mark("服务现况"), "value_items": mark("关系价值"),
    "client_links": mark("关联客户"), "file_history": mark("档案历史"), "diary_entries": mark("工作日志"),
    "visit_reports": mark("访客报告"), "follow_ups": mark("督办事项"), "week_plans": mark("周计划"),
    "plan_items": mark("周计划事项"), "month_plans": mark("月计划"), "development_plans": mark("发展计划"),
    "development_milestones": mark("发展计划节点"), "strategy_plans": mark("战略计划书"),
    "strategy_plan_rows": mark("战略计划行"), "strategy_challenges": mark("来年挑战"),
    "task_books": mark("任务书"), "task_indicators": mark("任务指标"), "task_actuals": mark("指标完成"),
    "projects": mark("立项"), "project_members": mark("立项成员"), "project_milestones": mark("立项节点"),
    "project_logs": mark("立项日志"), "proposals": mark("服务方案"), "proposal_versions": mark("方案版本"),
    "proposal_lines": mark("方案产品"), "proposal_events": mark("方案状态变化"),
    "credit_lines": mark("授信"), "loans": mark("贷款台账"), "loan_checks": mark("贷后检查报告"),
    "warning_signals": mark("预警信号"), "diary_reviews": mark("主管审阅"),
    "diary_remarks": mark("日志批注"), "acknowledgements": mark("总行确认"),
    "meetings": mark("例会纪要"), "meeting_reports": mark("例会汇报"),
    "meeting_actions": mark("例会工作安排"),
    "assessments": mark("考核表"), "assessment_lines": mark("考核表明细"),
    "shared_clients": mark("共同服务客户"), "shared_visits": mark("主办走访摘要"),
}


def entity_label(entity: str) -> str:
    return translate(ENTITY_LABELS.get(entity, entity))
