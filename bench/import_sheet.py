"""Onboarding speed: import a spreadsheet of new clients into a fresh desk.

The sheet is what a manager brings from their own records: one client per row under the
import's Chinese headers, companies with valid 统一社会信用代码 and individuals with valid
身份证号, every name unique, so every row should be imported.

The floor (`plain_loop_seconds`): the same rows as CSV read with the csv module, the
pinyin of every client's and contact's name (full and initials, as the desk's search
needs) from pypinyin, and one INSERT per client and contact with sqlite3, one commit.
The desk's import of the same CSV (reading, checking, writing with its change log, audit
and commit) is timed against it.
"""
from __future__ import annotations

import csv
import random
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from cmdesk.demo.clients import CITIES, GIVEN, INDUSTRIES, MOBILE_PREFIXES, POSITIONS, SURNAMES, TRADE_CHARS
from cmdesk.services import client_import
from cmdesk.services.clients import forget_pinyin
from cmdesk.storage.desk import open_desk

SHEET_SEED = 11
ACTOR = "bench"
COMPANY_SHARE = 0.8
TIERS = ("核心", "重点", "一般")
TIER_WEIGHTS = (10, 25, 65)
COMPANY_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "集团有限公司")
NOTES = ("", "", "", "老客户转介", "重视服务效率", "对价格敏感", "有上市计划")
PERSONAL_INDUSTRIES = ("私营企业主", "企业高管", "自由职业", "退休")

# GB 32100 统一社会信用代码: charset and the weights of positions 1-17.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11643 居民身份证号: ISO 7064 MOD 11-2 weights of positions 1-17 and check characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def credit_code_check(body: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 are `body`."""
    total = sum(USCC_CHARSET.index(char) * weight for char, weight in zip(body, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def id_number_check(body: str) -> str:
    """The 18th character of a 居民身份证号 whose first 17 digits are `body`."""
    return ID_CHECK_CHARS[sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS)) % 11]


class SheetRows:
    """Valid, distinct client rows in HEADERS order, deterministic for a seed."""

    def __init__(self, seed: int = SHEET_SEED):
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.codes: set[str] = set()

    def _unique_name(self, make_name: Callable[[], str]) -> str:
        while True:
            name = make_name()
            if name not in self.names:
                self.names.add(name)
                return name

    def _company_name(self, city: str, word: str) -> str:
        trade = "".join(self.rng.choices(TRADE_CHARS, k=self.rng.choice((2, 3))))
        return city + trade + word + self.rng.choice(COMPANY_SUFFIXES)

    def _person_name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def _unique_code(self, make_code: Callable[[], str]) -> str:
        while True:
            code = make_code()
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _credit_code(self, region: str) -> str:
        def make() -> str:
            body = "91" + region + "".join(self.rng.choice(USCC_CHARSET) for _ in range(9))
            return body + credit_code_check(body)
        return self._unique_code(make)

    def _id_number(self, region: str) -> str:
        def make() -> str:
            born = date(1950, 1, 1) + timedelta(days=self.rng.randrange(50 * 365))
            body = f"{region}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            return body + id_number_check(body)
        return self._unique_code(make)

    def _mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def row(self) -> list[str]:
        rng = self.rng
        city, region, _province = rng.choice(CITIES)
        tier = rng.choices(TIERS, weights=TIER_WEIGHTS)[0]
        notes = rng.choice(NOTES)
        if rng.random() < COMPANY_SHARE:
            word, industry = rng.choice(INDUSTRIES)
            name = self._unique_name(lambda: self._company_name(city, word))
            position, _authority = rng.choice(POSITIONS)
            street = "".join(rng.choices(TRADE_CHARS, k=2))
            address = f"{city}市{street}路{rng.randrange(1, 999)}号"
            return [name, "公司", self._credit_code(region), "", industry, tier, address,
                    self._person_name(), position, self._mobile(), notes]
        name = self._unique_name(self._person_name)
        return [name, "个人", "", self._id_number(region), rng.choice(PERSONAL_INDUSTRIES), tier,
                f"{city}市", name, "本人", self._mobile(), notes]


def write_sheet(path: Path, rows: int) -> None:
    """An .xlsx with the import headers and `rows` valid client rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(list(client_import.HEADERS))
    make = SheetRows()
    for _ in range(rows):
        sheet.append(make.row())
    workbook.save(path)


def write_csv(path: Path, rows: int) -> None:
    """The same rows as write_sheet, as UTF-8 CSV."""
    make = SheetRows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(client_import.HEADERS)
        for _ in range(rows):
            writer.writerow(make.row())


def plain_loop_seconds(csv_path: Path, database: Path) -> float:
    """The floor: csv + pypinyin + sqlite3, one INSERT per client and contact, one commit."""
    from pypinyin import Style, lazy_pinyin

    database.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE clients (id TEXT PRIMARY KEY, name TEXT, kind TEXT, "
                       "credit_code TEXT, id_number TEXT, industry TEXT, tier TEXT, address TEXT, "
                       "notes TEXT, name_pinyin TEXT, name_initials TEXT, search_text TEXT)")
    connection.execute("CREATE TABLE contacts (id TEXT PRIMARY KEY, client_id TEXT, name TEXT, "
                       "position TEXT, phone TEXT)")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for (name, kind, credit_code, id_number, industry, tier, address, contact, position,
             phone, notes) in reader:
            full = "".join(lazy_pinyin(name))
            initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
            person_full = "".join(lazy_pinyin(contact))
            person_initials = "".join(lazy_pinyin(contact, style=Style.FIRST_LETTER))
            client_id = str(uuid.uuid4())
            search = "\x01".join((name, full, initials, credit_code, id_number, contact,
                                  person_full, person_initials, phone))
            connection.execute("INSERT INTO clients VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                               (client_id, name, kind, credit_code, id_number, industry, tier,
                                address, notes, full, initials, search))
            connection.execute("INSERT INTO contacts VALUES (?,?,?,?,?)",
                               (str(uuid.uuid4()), client_id, contact, position, phone))
    connection.commit()
    connection.close()
    return time.perf_counter() - started


def measure_import_against_floor(out_dir: Path, rows: int) -> dict[str, object]:
    """The desk's import of a CSV of `rows` clients into a new desk (read, check, write,
    commit) against the plain loop over the same file."""
    csv_path = out_dir / f"import-{rows}.csv"
    write_csv(csv_path, rows)
    from pypinyin import lazy_pinyin

    lazy_pinyin("预热")  # both sides with pypinyin's tables loaded
    floor = plain_loop_seconds(csv_path, out_dir / "import-floor.sqlite3")
    desk_path = out_dir / "import-desk-csv"
    shutil.rmtree(desk_path, ignore_errors=True)
    desk = open_desk(desk_path)
    # the floor reads every name's pinyin: so does the desk, whatever ran before in this
    # process (the .xlsx import and the demo books meet the same names)
    forget_pinyin()
    try:
        started = time.perf_counter()
        with desk.db.transaction(ACTOR) as session:
            report = client_import.import_clients(session, csv_path)
        seconds = time.perf_counter() - started
    finally:
        desk.close()
    return {"rows": rows, "desk_seconds": round(seconds, 2),
            "plain_loop_seconds": round(floor, 2), "ratio": round(seconds / floor, 2),
            "imported": report.imported, "rejected_rows": report.rejected_rows}


def measure_import(out_dir: Path, rows: int) -> dict[str, object]:
    """Write the sheet, then import it into a new desk: the time, rows/s and counts."""
    sheet_path = out_dir / f"import-{rows}.xlsx"
    write_sheet(sheet_path, rows)
    desk_path = out_dir / "import-desk"
    shutil.rmtree(desk_path, ignore_errors=True)
    desk = open_desk(desk_path)
    try:
        started = time.perf_counter()
        client_import.read_rows(sheet_path)
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        with desk.db.transaction(ACTOR) as session:
            report = client_import.import_clients(session, sheet_path)
        seconds = time.perf_counter() - started
    finally:
        desk.close()
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds, 1),
        "sheet_read_seconds": round(read_seconds, 2),
        "imported": report.imported,
        "rejected_rows": report.rejected_rows,
        "first_rejections": [r.describe() for r in report.rejected[:5]],
    }
