"""Fixtures of the head-office tests: a head-office database on SQLite or on a real
PostgreSQL server, and desks that export to it.

PostgreSQL comes from CMDESK_TEST_PG_URL (`./dev test` starts a throwaway cluster and
sets it). Without it the PostgreSQL cases skip locally; with CI=true they fail, so CI
can never pass without having run them.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cmdesk.exchange.desk import export_changes, install_hq_key
from cmdesk.exchange.keys import public_key_file
from cmdesk.hq.db import HqDatabase, open_hq
from cmdesk.hq.keys import hq_keys, init_keys
from cmdesk.services.settings import Profile, save_profile
from cmdesk.storage.desk import Desk, open_desk

PG_ENV = "CMDESK_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")


def postgresql_url() -> str:
    """The test server's URL, with an empty public schema; skip (or fail in CI) without one."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL tests must run in CI")
        pytest.skip(f"no PostgreSQL server ({PG_ENV} not set)")
    engine = create_engine(url)
    with engine.begin() as connection:
        # a session an earlier test left open would hold locks the DROP waits for:
        # fail then (naming the lock) rather than hang the whole run
        connection.execute(text("SET LOCAL lock_timeout = '60s'"))
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def open_head_office(folder: Path, engine: str) -> HqDatabase:
    hq = open_hq(folder, postgresql_url() if engine == "postgresql" else None)
    init_keys(hq.keys_dir)
    return hq


@pytest.fixture(params=ENGINES)
def hq(request, tmp_path: Path) -> HqDatabase:
    """A head office with its key pair, on each engine."""
    opened = open_head_office(tmp_path / "hq", request.param)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_hq(tmp_path: Path) -> HqDatabase:
    opened = open_head_office(tmp_path / "hq", "sqlite")
    yield opened
    opened.close()


def desk_with_key(folder: Path, hq_key_file: bytes, name: str, employee_id: str) -> Desk:
    """A desk with a manager's profile and head office's public key file installed."""
    desk = open_desk(folder, no_encryption=True)
    with desk.db.transaction() as session:
        save_profile(session, Profile(name=name, employee_id=employee_id, grade="客户经理",
                                      branch="测试支行", supervisor="测试主管"))
    install_hq_key(desk, hq_key_file)
    return desk


def make_desk(folder: Path, hq: HqDatabase, name: str, employee_id: str) -> Desk:
    return desk_with_key(folder, public_key_file(hq_keys(hq.keys_dir).public), name, employee_id)


def export(desk: Desk, folder: Path, full: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return export_changes(desk, folder, full=full, attach_week_plan=False).path


def table_rows(engine, entity: str, ids: set[str] | None = None) -> dict[str, dict]:
    """id -> row (column -> value) of one travelling table."""
    from sqlalchemy import select

    from cmdesk.exchange.records import ENTITIES

    table = ENTITIES[entity].__table__
    with engine.connect() as connection:
        rows = {row["id"]: dict(row) for row in connection.execute(select(table)).mappings()}
    return rows if ids is None else {key: value for key, value in rows.items() if key in ids}


def assert_hq_matches_desk(desk: Desk, hq: HqDatabase) -> int:
    """Every record of the desk is at head office, equal column by column (history
    lines: all but those the exports themselves wrote after sealing their package).
    Returns how many records were compared."""
    from cmdesk.exchange.records import ENTITIES

    compared = 0
    for entity in ENTITIES:
        mine = table_rows(desk.db.engine, entity)
        theirs = table_rows(hq.engine, entity, set(mine))
        if entity == "file_history":
            unsent = {key for key in set(mine) - set(theirs) if mine[key]["entity"] == "exchange"}
            mine = {key: row for key, row in mine.items() if key not in unsent}
        assert set(theirs) == set(mine), f"{entity}: ids differ"
        for record_id, row in mine.items():
            assert theirs[record_id] == row, f"{entity} {record_id} differs"
        compared += len(mine)
    return compared
