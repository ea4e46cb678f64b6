"""Bad input everywhere (issue 7 §6): hypothesis drives the forms' services — a client file
with every section, a diary entry with its visit report and follow-ups, a follow-up
changed on its own — with random strings (Chinese, emoji, control characters, 100,000
characters), numbers at and over their limits and dates out of range. Each input either
saves and reads back as the field's own rule turned it (client_fields.parse_value), or is
refused with a ValidationError whose every problem names a field that was given (section,
row, label) — never another exception, and a refusal leaves every table as it was.
"""
from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cmdesk.domain import client_fields as cf
from cmdesk.domain import diary_fields as df
from cmdesk.domain.money import MONEY_LIMIT
from cmdesk.errors import ValidationError
from cmdesk.models import (
    BusinessLine,
    Client,
    ClientLink,
    Contact,
    DiaryEntry,
    FileHistory,
    FollowUp,
    OtherBank,
    OutboxEntry,
    ServiceStatus,
    ValueItem,
    VisitReport,
)
from cmdesk.services import clients as svc
from cmdesk.services import diary
from cmdesk.services.catalogue import list_products
from cmdesk.services.settings import get_tiers
from tests.helpers import make_id_number, make_uscc

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                    HealthCheck.too_slow,
                                                    HealthCheck.data_too_large])
COUNTED = (Client, Contact, BusinessLine, OtherBank, ServiceStatus, ValueItem, ClientLink,
           DiaryEntry, VisitReport, FollowUp, FileHistory, OutboxEntry)
HUGE = 100_000

# ------------------------------------------------------------------ what a manager might type

_chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                   max_size=30)
_mixed = st.text(alphabet="厦门鹭易王五张三客户经理😀👍🏦\u200b\u3000 \n\t\r\x00\x07\x1b\u202e"
                          "abcXYZ0123456789-:./%,¥元万亿", max_size=40)
_huge = st.sampled_from(["长" * HUGE, "😀" * HUGE, "a\n" * (HUGE // 2)])
nasty_text = st.one_of(st.text(max_size=60), _chinese, _mixed, _huge)


def _at_limit(limit: int) -> st.SearchStrategy[str]:
    return st.sampled_from(["字" * limit, "字" * (limit + 1), "😀" * limit])


_money = st.one_of(
    st.decimals(min_value=-MONEY_LIMIT, max_value=MONEY_LIMIT, places=2).map(str),
    st.sampled_from([str(MONEY_LIMIT), "10000000000000000", "1e30", "1e999999", "NaN", "-1",
                     "Infinity", "1.005", "3.5万", "2亿", "¥1,234.56", "１２３元", "0"]),
    st.integers(min_value=-10 ** 30, max_value=10 ** 30))
_percent = st.sampled_from(["0", "100", "100.004", "100.01", "-0.01", "NaN", "-nan", "sNaN",
                            "50%", "１２.５", "1e5", "Infinity", "33.333"])
_dates = st.one_of(st.dates(), st.dates().map(date.isoformat),
                   st.sampled_from(["2026-02-29", "2024-02-29", "0000-01-01", "9999-12-31",
                                    "10000-01-01", "2026/11/20", "2026.13.01", "20261120",
                                    "-2026-01-01"]))
_times = st.one_of(st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                   st.sampled_from(["09:30", "24:00", "23:59", "-1:00", "9", "12:60", "1_0:3_0",
                                    "９:３０", "99999999999999999999:00"]))
_minutes = st.one_of(st.integers(min_value=-5, max_value=2000).map(str),
                     st.sampled_from(["1440", "1441", "０", "𐩀", "᧚", "1e3", "99999999999999999999"]))
_years = st.one_of(st.integers(min_value=1980, max_value=2110).map(str),
                   st.sampled_from(["１９９０", "𐩀", "2100", "2101", "1989"]))
_bools = st.one_of(st.booleans(), st.sampled_from(["是", "否", "true", "0", "√", "maybe", ""]))
_phones = st.sampled_from(["13812345678", "+86 138-1234-5678", "010-62345678", "400-800-1234",
                           "12345", "1381234567x", "０１０－６２３４５６７８"])
_ids = st.one_of(st.sampled_from([make_id_number("11010519491231002"), "11010519491231002Y",
                                  make_id_number("44030619900101123")]),
                 st.text(alphabet="0123456789X", min_size=15, max_size=18))
_credit_codes = st.one_of(st.sampled_from([make_uscc("91350200MA2XY8123"), "91350200MA2XY81234"]),
                          st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18,
                                  max_size=18))


_printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
_good_by_kind: dict[str, st.SearchStrategy[Any]] = {
    "money": st.decimals(min_value=0, max_value=MONEY_LIMIT, places=2),
    "percent": st.decimals(min_value=0, max_value=100, places=2),
    "date": st.dates(cf.WORK_DATE_MIN, cf.WORK_DATE_MAX), "time": st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    "minutes": st.integers(min_value=0, max_value=1440), "year": st.integers(1990, 2100),
    "bool": st.booleans(), "phone": st.sampled_from(["13812345678", "010-62345678"]),
    "id_number": st.just(make_id_number("11010519491231002")),
    "credit_code": st.just(make_uscc("91350200MA2XY8123")),
}


def good_value(spec: cf.FieldSpec, refs: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """A value the field accepts: any printable text (Chinese, emoji) up to its limit."""
    if spec.kind == "choice":
        options = list(refs["tiers"]) if spec.key == "tier" else [k for k, _ in spec.choices]
        return st.sampled_from(options)
    if spec.kind == "client_ref":
        return st.sampled_from(refs["clients"])
    if spec.kind == "product_ref":
        return st.sampled_from(refs["products"])
    if spec.kind in _good_by_kind:
        return _good_by_kind[spec.kind]
    lines = "\n" if spec.kind == "longtext" else ""
    text = _printable.map(lambda t, n=lines: t + n + t) if lines else _printable
    filled = text.filter(lambda t: t.strip()) if spec.required else text
    return st.one_of(filled.map(lambda t, n=spec.max_length: t[:n]),
                     st.just("字" * spec.max_length))


def raw_value(spec: cf.FieldSpec, refs: dict[str, list[str]],
              good: bool = False) -> st.SearchStrategy[Any]:
    """Anything a form or a sheet could hand the service for this field, good and bad
    (only good values with good=True: blank only where the field may be blank)."""
    if good:
        accepted = good_value(spec, refs)
        return accepted if spec.required else st.one_of(accepted, accepted, st.none())
    by_kind: dict[str, st.SearchStrategy[Any]] = {
        "money": _money, "percent": _percent, "date": _dates, "time": _times,
        "minutes": _minutes, "year": _years, "bool": _bools, "phone": _phones,
        "id_number": _ids, "credit_code": _credit_codes,
        "client_ref": st.sampled_from(refs["clients"] + ["", "不存在的客户"]),
        "product_ref": st.sampled_from(refs["products"] + ["", "不存在的产品"]),
    }
    if spec.kind == "choice":
        options = [k for k, _ in spec.choices] + [label for _, label in spec.choices]
        if spec.key == "tier":
            options = list(refs["tiers"])
        special = st.sampled_from(options) if options else st.nothing()
    else:
        special = by_kind.get(spec.kind, _at_limit(spec.max_length))
    return st.one_of(special, special, nasty_text, st.none())


def section_rows(spec: cf.SectionSpec, refs: dict[str, list[str]], good: bool = False,
                 max_rows: int = 2) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Rows with every field of the section, each value drawn for its field."""
    row = st.fixed_dictionaries({f.key: raw_value(f, refs, good) for f in spec.fields})
    return st.lists(row, max_size=max_rows)


def _expected(spec: cf.FieldSpec, raw: Any, choices: tuple[str, ...] | None = None) -> Any:
    """What the field's rule makes of the input, or FieldValueError if it refuses it."""
    return cf.parse_value(spec, raw, choices)


def _refused_somewhere(specs: tuple[cf.FieldSpec, ...], raw: dict[str, Any],
                       choices: dict[str, tuple[str, ...]] | None = None) -> bool:
    for spec in specs:
        if spec.key in raw:
            try:
                _expected(spec, raw[spec.key], (choices or {}).get(spec.key))
            except cf.FieldValueError:
                return True
    return False


def _counts(db) -> dict[str, int]:
    with db.session() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in COUNTED}


def _assert_named(error: ValidationError, given: dict[str, set[str]],
                  rows: dict[str, int]) -> None:
    """Every problem names a field of a section that was given (and a row that exists)."""
    assert error.problems
    for problem in error.problems:
        assert problem.message and problem.label, problem
        assert problem.section in given, problem
        assert problem.field in given[problem.section] | {"id", "kind", "name"}, problem
        if problem.row is not None:
            assert 0 <= problem.row < rows.get(problem.section, 0), problem


def _same(stored: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal) or isinstance(stored, Decimal):
        return stored is not None and expected is not None and Decimal(stored) == Decimal(expected)
    return stored == expected


# ------------------------------------------------------------------ fixtures

@pytest.fixture
def refs(db) -> dict[str, list[str]]:
    """Existing clients and products the reference fields can point at."""
    with db.transaction("测试经理") as session:
        ids = [svc.save_client_file(session, svc.ClientDraft(
            fields={"kind": "company", "name": f"参照客户{i}"})) for i in range(2)]
        products = [p.id for p in list_products(session)[:3]]
        tiers = list(get_tiers(session))
    return {"clients": ids, "products": products, "tiers": tiers}


# ------------------------------------------------------------------ client files

@st.composite
def client_drafts(draw, refs):
    good = draw(st.booleans())
    kind = draw(st.sampled_from(["company", "individual"]))
    unfit = {"company": "id_number", "individual": "credit_code"}[kind] if good else ""
    basic = {f.key: draw(raw_value(f, refs, good)) for f in cf.CLIENT_FIELDS
             if f.key not in ("kind", "name", unfit) and draw(st.booleans())}
    basic["kind"] = kind if good else draw(raw_value(cf.BASIC.field("kind"), refs))
    basic["name"] = draw(raw_value(cf.BASIC.field("name"), refs, good))
    sections = {spec.key: draw(section_rows(spec, refs, good, max_rows=1 if good else 2))
                for spec in cf.CHILD_SECTIONS if draw(st.booleans())}
    return svc.ClientDraft(fields=basic, **sections)


def _section_values(session, client: Client, spec: cf.SectionSpec) -> list[list[tuple]]:
    model = svc.CHILD_MODELS[spec.key]
    rows = session.scalars(select(model).where(model.client_id == client.id,
                                               model.deleted_at.is_(None)))
    return [[getattr(row, f.key) for f in spec.fields] for row in rows]


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_client_file_saves_whole_or_is_refused_naming_the_field(db, refs, data):
    draft = data.draw(client_drafts(refs))
    tiers = {"tier": tuple(refs["tiers"])}
    before = _counts(db)
    try:
        with db.transaction("测试经理") as session:
            client_id = svc.save_client_file(session, draft)
    except ValidationError as error:
        given_keys = {"client": set(draft.fields)}
        rows = {}
        for spec in cf.CHILD_SECTIONS:
            section = draft.section(spec.key)
            if section is not None:
                given_keys[spec.key] = {f.key for f in spec.fields}
                rows[spec.key] = len(section)
        event("refused")
        _assert_named(error, given_keys, rows)
        assert _counts(db) == before
        return
    event("saved")
    assert not _refused_somewhere(cf.CLIENT_FIELDS, draft.fields, tiers)
    with db.session() as session:
        client = svc.get_client(session, client_id)
        for spec in cf.CLIENT_FIELDS:
            if spec.key in draft.fields:
                expected = _expected(spec, draft.fields[spec.key], tiers.get(spec.key))
                if spec.key in ("status", "tier") and not expected:
                    continue  # left empty: the service fills in the default
                assert _same(getattr(client, spec.key), expected), spec.key
        for spec in cf.CHILD_SECTIONS:
            rows = draft.section(spec.key)
            if rows is None:
                continue
            stored = _section_values(session, client, spec)
            assert len(stored) == len(rows)
            wanted = [[_expected(f, row[f.key]) for f in spec.fields] for row in rows]
            if spec.key == "contacts" and wanted and not any(r[_index(spec, "is_primary")]
                                                             for r in wanted):
                wanted[0][_index(spec, "is_primary")] = True  # the first becomes primary
            assert sorted(map(repr, map(_normal, stored))) == sorted(map(repr, map(_normal, wanted)))


def _index(spec: cf.SectionSpec, key: str) -> int:
    return [f.key for f in spec.fields].index(key)


def _normal(values: list[Any]) -> list[Any]:
    """Comparable values: amounts as normalised Decimals, empty references as None."""
    return [Decimal(v).normalize() if isinstance(v, Decimal) else (v or None) for v in values]


# ------------------------------------------------------------------ diary entries

@st.composite
def entry_drafts(draw, refs):
    good = draw(st.booleans())
    fields = {f.key: draw(raw_value(f, refs, good)) for f in df.ENTRY.fields
              if f.key in ("entry_date", "kind") or draw(st.booleans())}
    if good or draw(st.booleans()):
        fields["kind"] = "visit"
        fields["client_id"] = refs["clients"][0]
    name = good_value(cf.FieldSpec("name", "姓名", max_length=100), refs) if good else nasty_text
    people = st.lists(st.fixed_dictionaries({"id": st.none(), "name": name, "position": name}),
                      max_size=3)
    report = None
    if draw(st.booleans()):
        report = {f.key: draw(raw_value(f, refs, good)) for f in df.VISIT_REPORT.fields
                  if draw(st.booleans())}
        report["client_participants"] = draw(people)
        report["products_recommended"] = draw(st.lists(
            st.sampled_from(refs["products"] + ([] if good else ["不存在的产品"])), max_size=2))
    follow_ups = draw(st.one_of(st.none(), section_rows(df.FOLLOW_UP, refs, good, max_rows=3)))
    return diary.EntryDraft(fields=fields, contacts_met=draw(st.one_of(st.none(), people)),
                            visit_report=report, follow_ups=follow_ups)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_diary_entry_saves_whole_or_is_refused_naming_the_field(db, refs, data):
    draft = data.draw(entry_drafts(refs))
    before = _counts(db)
    try:
        with db.transaction("测试经理") as session:
            entry_id = diary.save_entry(session, draft)
    except ValidationError as error:
        given_keys = {"diary": set(draft.fields) | {"client_id", "contacts_met"}}
        rows = {"diary": len(draft.contacts_met or [])}
        if draft.visit_report:
            given_keys["visit_report"] = set(draft.visit_report) | {"kind"}
            rows["visit_report"] = max(len(draft.visit_report["client_participants"]),
                                       len(draft.visit_report["products_recommended"]))
        if draft.follow_ups is not None:
            given_keys["follow_ups"] = {f.key for f in df.FOLLOW_UP.fields} | {"client_id"}
            rows["follow_ups"] = len(draft.follow_ups)
        event("refused")
        _assert_named(error, given_keys, rows)
        assert _counts(db) == before
        return
    event("saved")
    assert not _refused_somewhere(df.ENTRY.fields, draft.fields)
    with db.session() as session:
        view = diary.get_entry(session, entry_id)
        for spec in df.ENTRY.fields:
            if spec.key in draft.fields and spec.key != "client_id":
                assert _same(getattr(view.entry, spec.key),
                             _expected(spec, draft.fields[spec.key])), spec.key
        met = [p for p in draft.contacts_met or [] if cf.parse_value(
            cf.FieldSpec("name", "姓名", max_length=100), p["name"])]
        assert len(view.contacts_met) == len(met)
        if draft.visit_report:
            for spec in df.VISIT_REPORT.fields:
                if spec.key in draft.visit_report:
                    assert _same(getattr(view.report, spec.key),
                                 _expected(spec, draft.visit_report[spec.key])), spec.key
            assert [p.id for p in view.products_recommended] == [
                p for p in draft.visit_report["products_recommended"] if p]
        if draft.follow_ups is not None:
            stored = sorted(repr(_normal([getattr(f, s.key) for s in df.FOLLOW_UP.fields]))
                            for f in view.follow_ups)
            wanted = sorted(repr(_normal([_expected(s, row[s.key]) if s.key != "status" or
                                          row[s.key] is not None else "open"
                                          for s in df.FOLLOW_UP.fields]))
                            for row in draft.follow_ups)
            assert stored == wanted


# ------------------------------------------------------------------ a follow-up on its own

@pytest.fixture
def follow_up_id(db, refs) -> str:
    with db.transaction("测试经理") as session:
        entry_id = diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": date(2026, 11, 20), "kind": "visit",
                    "client_id": refs["clients"][0], "start_time": time(9, 30)},
            follow_ups=[{"request": "开通企业网银"}]))
        return diary.get_entry(session, entry_id).follow_ups[0].id


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_follow_up_update_saves_or_is_refused_naming_the_field(db, refs, follow_up_id, data):
    good = data.draw(st.booleans())
    changes = {f.key: data.draw(raw_value(f, refs, good)) for f in df.FOLLOW_UP.fields
               if data.draw(st.booleans())}
    before = _counts(db)
    with db.session() as session:
        old = [getattr(session.get(FollowUp, follow_up_id), f.key) for f in df.FOLLOW_UP.fields]
    try:
        with db.transaction("测试经理") as session:
            diary.update_follow_up(session, follow_up_id, changes)
    except ValidationError as error:
        event("refused")
        _assert_named(error, {"follow_ups": set(changes)}, {})
        assert _counts(db) == before
        with db.session() as session:
            assert [getattr(session.get(FollowUp, follow_up_id), f.key)
                    for f in df.FOLLOW_UP.fields] == old
        return
    event("saved")
    with db.session() as session:
        follow_up = session.get(FollowUp, follow_up_id)
        for spec in df.FOLLOW_UP.fields:
            if spec.key in changes:
                assert _same(getattr(follow_up, spec.key), _expected(spec, changes[spec.key])), \
                    spec.key
        closed = follow_up.status in df.CLOSED_STATUSES
        assert (follow_up.closed_at is not None) == closed
        assert json.dumps(follow_up.request)  # stored text is whole text
