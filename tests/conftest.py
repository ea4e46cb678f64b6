"""Shared fixtures: every test gets its own data folder and a fresh database.

CMDESK_DATA_DIR is pointed at a temporary folder for the whole session, so no test
can reach the real per-user data folder even by accident.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_DATA = tempfile.mkdtemp(prefix="cmdesk-test-data-")
os.environ["CMDESK_DATA_DIR"] = _SESSION_DATA
# Same as --no-encryption: the suite's desks are unencrypted because it asks for that
# explicitly (tests/test_encryption.py opens encrypted desks with a password).
os.environ["CMDESK_NO_ENCRYPTION"] = "1"
os.environ.pop("CMDESK_PASSWORD", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the suite reads Chinese whatever the developer's locale (the command line follows it)
os.environ["LANGUAGE"] = "zh_CN"

from cmdesk.services.settings import Profile, save_profile  # noqa: E402
from cmdesk.storage.desk import Desk, open_desk  # noqa: E402  (after the environment is set)

@pytest.fixture(scope="session", autouse=True)
def core_catalogues() -> None:
    """The core's .mo files, compiled from the committed .po when missing or older (./dev
    compiles them before the suite; a plain pytest run gets them here, with Babel's API)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from cmdesk.files import atomic_write
    from cmdesk.i18n import DOMAIN, LOCALE_DIR

    for po in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source)
        atomic_write(mo, lambda handle, catalogue=catalogue: write_mo(handle, catalogue))


TEST_PROFILE = Profile(name="测试经理", employee_id="T001", grade="客户经理",
                       branch="测试支行", supervisor="测试主管")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def desk(data_dir: Path) -> Desk:
    """An opened desk in a temp folder, with the default catalogue and a test profile."""
    opened = open_desk(data_dir)
    with opened.db.transaction() as session:
        save_profile(session, TEST_PROFILE)
    yield opened
    opened.close()


@pytest.fixture
def db(desk: Desk):
    return desk.db
