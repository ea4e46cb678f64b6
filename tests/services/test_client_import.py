"""Tests of cmdesk.services.client_import: spreadsheet onboarding of client files.

Files are written here with openpyxl / the csv module; valid 统一社会信用代码 and 身份证号
are computed with independent implementations of GB 32100-2015 and GB 11643-1999.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from cmdesk.errors import ImportFileError
from cmdesk.models import Client, Contact, FileHistory
from cmdesk.services import client_import
from cmdesk.services.client_import import HEADERS, RowRejection, import_clients, read_rows
from cmdesk.services.clients import ClientDraft, get_client, save_client_file, search_clients
from cmdesk.storage.db import open_database

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def uscc(body17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return body17 + USCC_CHARSET[(31 - total % 31) % 31]


def bad_uscc(body17: str) -> str:
    good = uscc(body17)
    wrong = USCC_CHARSET[(USCC_CHARSET.index(good[-1]) + 1) % 31]
    return body17 + wrong


def id_number(body17: str) -> str:
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


CODE_A = uscc("91350200MA2XK7L3T")
CODE_B = uscc("91350203MA3123456")
CODE_C = uscc("91110105MA00ABCDE")
CODE_EXISTING = uscc("91350206MA8UPQRWY")
ID_1 = id_number("35020319800517123")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite3")
    yield database
    database.close()


def write_xlsx(path: Path, header: list, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def counts(db) -> tuple[int, int]:
    with db.session() as session:
        return (session.scalar(select(func.count()).select_from(Client)),
                session.scalar(select(func.count()).select_from(Contact)))


def run_import(db, path: Path, dry_run: bool = False):
    with db.transaction("测试经理") as session:
        return import_clients(session, path, dry_run=dry_run)


def add_client(db, **fields) -> str:
    with db.transaction("测试经理") as session:
        return save_client_file(session, ClientDraft(fields=fields))


# --- good files ----------------------------------------------------------------------

def test_good_xlsx_imports_clients_and_primary_contacts(db, tmp_path):
    # any order, extra columns ignored, header cells stripped and NFKC-normalised
    header = ["序号", " 客户类型 ", "客户名称", "统一社会信用代码", "身份证号", "行业", "客户等级",
              "地址", "联系人", "联系人职务", "联系电话", "备注", "ＸＸ无关列"]
    rows = [
        [1, "公司", "厦门鹭江贸易有限公司", CODE_A, None, "批发零售", "重点", "厦门市思明区湖滨南路 1 号",
         "王建国", "财务总监", "13812345678", "老客户介绍", "忽略"],
        [2, "个人客户", "李晓梅", None, ID_1, None, None, None, "李晓梅", None, "0592-5123456",
         None, None],
        [3, "企业", "同安农机合作社", None, None, "农业", "", None, None, None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "clients.xlsx", header, rows)

    report = run_import(db, path)

    assert report.rejected == []
    assert (report.imported, report.total_rows, len(report.client_ids)) == (3, 3, 3)
    with db.session() as session:
        found = search_clients(session, "鹭江").rows
        assert [r.name for r in found] == ["厦门鹭江贸易有限公司"]
        client = get_client(session, found[0].id)
        assert (client.kind, client.credit_code, client.tier, client.industry) == \
            ("company", CODE_A, "重点", "批发零售")
        assert client.notes == "老客户介绍"
        assert [(c.name, c.position, c.phone, c.is_primary) for c in client.contacts] == \
            [("王建国", "财务总监", "13812345678", True)]
        # the contact's phone is searchable, so the service built the file properly
        assert [r.name for r in search_clients(session, "13812345678").rows] == ["厦门鹭江贸易有限公司"]

        person = get_client(session, search_clients(session, "李晓梅").rows[0].id)
        assert (person.kind, person.id_number, person.tier) == ("individual", ID_1, "一般")
        assert [(c.name, c.phone, c.is_primary) for c in person.contacts] == \
            [("李晓梅", "0592-5123456", True)]

        coop = get_client(session, search_clients(session, "同安农机").rows[0].id)
        assert (coop.kind, coop.credit_code, coop.tier) == ("company", None, "一般")
        assert coop.contacts == []
        assert set(report.client_ids) == {client.id, person.id, coop.id}


def rewrite_sheet_xml(path: Path, old: str, new: str) -> None:
    """Edit the first sheet's XML in place (to store numbers the way Excel may write them)."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            target.writestr(info, data)


def test_numeric_cells_from_excel_become_digit_text(db, tmp_path):
    header = ["客户名称", "客户类型", "联系人", "联系电话", "备注"]
    rows = [["甲公司", "公司", "张三", 13812345678, 2024],
            ["乙公司", "公司", "李四", 13912345678, 12.5]]
    path = write_xlsx(tmp_path / "numbers.xlsx", header, rows)
    # openpyxl writes whole numbers as integers; Excel may store the float form
    rewrite_sheet_xml(path, "<v>13912345678</v>", "<v>1.3912345678E10</v>")
    with zipfile.ZipFile(path) as archive:
        assert b"1.3912345678E10" in archive.read("xl/worksheets/sheet1.xml")

    assert [r[1]["联系电话"] for r in read_rows(path)] == ["13812345678", "13912345678"]
    assert [r[1]["备注"] for r in read_rows(path)] == ["2024", "12.5"]
    report = run_import(db, path)
    assert report.imported == 2 and report.rejected == []
    with db.session() as session:
        phones = sorted(session.scalars(select(Contact.phone)))
    assert phones == ["13812345678", "13912345678"]


# --- bad rows --------------------------------------------------------------------------

BAD_HEADER = ["客户名称", "客户类型", "统一社会信用代码", "联系人", "联系电话"]


def bad_rows_file(tmp_path: Path) -> Path:
    rows = [
        ["好客户一", "公司", CODE_A, "王一", "13800000001"],             # row 2: good
        ["校验位错", "公司", bad_uscc(CODE_B[:17]), "王二", "13800000002"],  # row 3
        ["电话错", "公司", CODE_C, "王三", "12345"],                      # row 4
        [None, "公司", None, "王四", "13800000004"],                      # row 5: no name
        ["类型错", "合伙", None, "王五", "13800000005"],                  # row 6
        ["重复代码", "公司", CODE_A, "王六", "13800000006"],              # row 7: repeats row 2
        ["已存在代码", "公司", CODE_EXISTING, "王七", "13800000007"],     # row 8
        ["已存在名称", "公司", None, "王八", "13800000008"],              # row 9: same name+kind
        [None, None, None, None, None],                                    # row 10: blank
        ["好客户二", "个人", None, "好客户二", "13800000011"],           # row 11: good
    ]
    return write_xlsx(tmp_path / "bad.xlsx", BAD_HEADER, rows)


EXPECTED_REJECTIONS = [
    (3, "统一社会信用代码", "校验位错误"),
    (4, "联系电话", "不是有效的手机或固定电话号码"),
    (5, "客户名称", "必须填写"),
    (6, "客户类型", "不在可选项中"),
    (7, "统一社会信用代码", "与第 2 行重复"),
    (8, "统一社会信用代码", "客户已存在"),
    (9, "客户名称", "客户已存在"),
]


def seed_existing(db) -> None:
    add_client(db, kind="company", name="老客户", credit_code=CODE_EXISTING)
    add_client(db, kind="company", name="已存在名称")


def assert_expected_rejections(rejected: list[RowRejection]) -> None:
    got = [(r.row, r.column) for r in rejected]
    assert got == [(row, column) for row, column, _ in EXPECTED_REJECTIONS]
    for rejection, (_, _, reason) in zip(rejected, EXPECTED_REJECTIONS):
        assert reason in rejection.reason


def test_bad_rows_are_reported_by_row_and_column_and_leave_nothing_behind(db, tmp_path):
    seed_existing(db)
    path = bad_rows_file(tmp_path)
    before_clients, before_contacts = counts(db)
    with db.session() as session:
        before_history = session.scalar(select(func.count()).select_from(FileHistory))

    report = run_import(db, path)

    assert_expected_rejections(report.rejected)
    assert (report.imported, report.total_rows) == (2, 9)
    after_clients, after_contacts = counts(db)
    assert (after_clients - before_clients, after_contacts - before_contacts) == (2, 2)
    with db.session() as session:
        names = set(session.scalars(select(Client.name)))
        history = session.scalar(select(func.count()).select_from(FileHistory))
    assert names == {"老客户", "已存在名称", "好客户一", "好客户二"}
    # only the two good files got history (client + contact creation each)
    assert history - before_history == 4
    assert report.rejected[1].describe() == "第 4 行「联系电话」：不是有效的手机或固定电话号码"


def test_one_transaction_per_import_not_a_savepoint_per_row(db, tmp_path):
    """Rows are checked first, then written together: no SAVEPOINT, one INSERT (an
    executemany) per table, and every file still gets its history, outbox and audit
    lines from the change log."""
    from sqlalchemy import event

    from cmdesk.models import OutboxEntry

    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: statements.append(statement))
    path = write_xlsx(tmp_path / "three.xlsx", ["客户名称", "客户类型", "联系人"],
                      [["甲公司", "公司", "甲"], ["乙公司", "公司", "乙"], ["丙公司", "公司", "丙"]])
    report = run_import(db, path)
    assert report.imported == 3 and counts(db) == (3, 3)
    assert not [s for s in statements if "SAVEPOINT" in s.upper()]
    record_tables = {"clients", "contacts", "outbox", "file_history"}
    inserts = [table for s in statements if s.upper().startswith("INSERT INTO")
               and (table := s.split()[2]) in record_tables]
    # clients, then contacts; the outbox and history once for each
    assert inserts == ["clients", "outbox", "file_history", "contacts", "outbox", "file_history"]
    with db.session() as session:
        history = session.scalars(select(FileHistory.action).where(FileHistory.actor == "测试经理"))
        outbox = session.scalar(select(func.count()).select_from(OutboxEntry))
        sealed = session.scalar(select(func.count()).select_from(FileHistory)
                                .where(FileHistory.seq.is_not(None)))
    assert list(history) == ["create"] * 6 and outbox == 6 and sealed == 6


def test_a_failure_while_writing_leaves_no_row_behind(db, tmp_path, monkeypatch):
    """All the good rows go in together or none does."""
    from cmdesk.services import clients as client_service

    real_pinyin = client_service.pinyin_of
    calls = []

    def failing_on_the_third(name):
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_pinyin(name)

    monkeypatch.setattr(client_service, "pinyin_of", failing_on_the_third)
    path = write_xlsx(tmp_path / "partial.xlsx", ["客户名称", "客户类型"],
                      [["前一行", "公司"], ["第二行", "公司"], ["后一行", "公司"]])
    with pytest.raises(RuntimeError):
        run_import(db, path)
    assert counts(db) == (0, 0)


def test_dry_run_writes_nothing_but_reports_the_same(db, tmp_path):
    seed_existing(db)
    path = bad_rows_file(tmp_path)
    before = counts(db)

    dry = run_import(db, path, dry_run=True)

    assert counts(db) == before
    assert_expected_rejections(dry.rejected)
    assert (dry.imported, dry.total_rows, dry.client_ids) == (2, 9, [])

    real = run_import(db, path)
    assert (real.imported, real.rejected) == (dry.imported, dry.rejected)
    assert counts(db) == (before[0] + 2, before[1] + 2)


# --- CSV -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_chinese_excel_encodings(db, tmp_path, encoding):
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["客户名称", "客户类型", "统一社会信用代码", "联系人", "联系电话", "地址"])
    writer.writerow(["厦门鹭江贸易有限公司", "公司", CODE_A, "欧阳娜娜", "0592-5123456",
                     "思明区鹭江道，8号"])
    writer.writerow(["", "", "", "", "", ""])
    writer.writerow(["钟馗", "个人", "", "", "", ""])
    path = tmp_path / "clients.csv"
    path.write_bytes(text.getvalue().encode(encoding))

    assert [n for n, _ in read_rows(path)] == [2, 4]
    report = run_import(db, path)

    assert (report.imported, report.rejected) == (2, [])
    with db.session() as session:
        client = get_client(session, search_clients(session, "鹭江").rows[0].id)
        assert client.name == "厦门鹭江贸易有限公司"
        assert client.address == "思明区鹭江道，8号"
        assert [c.name for c in client.contacts] == ["欧阳娜娜"]
        assert [r.name for r in search_clients(session, "钟馗").rows] == ["钟馗"]


def test_csv_in_unknown_encoding_is_refused(db, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("客户名称,客户类型\n甲,公司\n".encode("utf-16"))
    with pytest.raises(ImportFileError, match="无法识别文件编码"):
        read_rows(path)
    assert counts(db) == (0, 0)


# --- whole-file errors ------------------------------------------------------------------

def test_missing_required_header_names_it(db, tmp_path):
    path = write_xlsx(tmp_path / "nokind.xlsx", ["客户名称", "联系人"], [["甲公司", "张三"]])
    with pytest.raises(ImportFileError, match="客户类型") as info:
        run_import(db, path)
    assert "客户名称" not in str(info.value).split("（")[0]
    assert counts(db) == (0, 0)

    csv_path = tmp_path / "nothing.csv"
    csv_path.write_text("名称,类型\n甲,公司\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="客户名称、客户类型"):
        read_rows(csv_path)


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "clients.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=".xlsx"):
        read_rows(path)
    with pytest.raises(ImportFileError):
        read_rows(tmp_path / "clients.txt")


def test_corrupt_xlsx_is_an_import_file_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(ImportFileError):
        read_rows(path)


# --- template ---------------------------------------------------------------------------

def test_template_round_trip(tmp_path):
    path = tmp_path / "out" / "客户导入模板.xlsx"
    client_import.write_template(path)

    assert read_rows(path) == []
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header_cells = list(sheet.iter_rows(min_row=1, max_row=1))[0]
    assert tuple(c.value for c in header_cells) == HEADERS
    assert all(c.font.bold for c in header_cells)
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1
    for cell in header_cells:
        assert sheet.column_dimensions[cell.column_letter].width >= 2 * len(cell.value)
    notes = workbook["说明"]
    explained = {row[0] for row in notes.iter_rows(values_only=True)}
    assert set(HEADERS) <= explained
    # written atomically: nothing but the template is left in the folder
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_template_replaces_an_existing_file(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    client_import.write_template(path)
    assert read_rows(path) == []


# --- the import writes what a save writes ----------------------------------------------

SAME_FILE_HEADER = ["客户名称", "客户类型", "统一社会信用代码", "身份证号", "行业", "客户等级", "地址",
                    "联系人", "联系人职务", "联系电话", "备注"]
# a company with every column filled; a person with blanks (their column defaults)
SAME_FILE_ROWS = [
    ["厦门鹭江贸易有限公司", "公司", CODE_A, "", "批发零售", "重点", "厦门市思明区湖滨南路 1 号",
     "王建国", "财务总监", "13812345678", "老客户介绍"],
    ["李晓梅", "个人", "", ID_1, "", "", "", "李晓梅", "", "", ""],
]
SAME_FILE_DRAFTS = [  # the same two files as the client form saves them
    ClientDraft(fields={"name": "厦门鹭江贸易有限公司", "kind": "company", "credit_code": CODE_A,
                        "id_number": "", "industry": "批发零售", "tier": "重点",
                        "address": "厦门市思明区湖滨南路 1 号", "notes": "老客户介绍"},
                contacts=[{"name": "王建国", "position": "财务总监", "phone": "13812345678",
                           "is_primary": True}]),
    ClientDraft(fields={"name": "李晓梅", "kind": "individual", "credit_code": "", "id_number": ID_1,
                        "industry": "", "address": "", "notes": ""},
                contacts=[{"name": "李晓梅", "position": "", "phone": "", "is_primary": True}]),
]
# columns that differ between any two writes: ids, times, the audit chain's own columns
PER_WRITE = {"id", "client_id", "entity_id", "created_at", "updated_at", "at", "changed_at",
             "seq", "prev_hash", "row_hash", "desk_id"}


def written(database) -> dict[str, list[dict]]:
    """Every row of the client, contact, history and outbox tables, keyed by client name,
    without the columns that differ between any two writes; also checks those are set."""
    from cmdesk.models import OutboxEntry
    from cmdesk.storage import audit

    tables = {}
    with database.session() as session:
        assert audit.verify_chain(session).ok
        for model in (Client, Contact, FileHistory, OutboxEntry):
            rows = [dict(row) for row in session.execute(select(model.__table__)).mappings()]
            tables[model.__tablename__] = rows
        names = {row["id"]: row["name"] for row in tables["clients"]}
        contact_ids = {row["id"]: row["client_id"] for row in tables["contacts"]}
        for row in tables["clients"] + tables["contacts"]:
            assert row["id"] and row["created_at"] == row["updated_at"] is not None
            assert row["revision"] == 1 and row["deleted_at"] is None
        for row in tables["file_history"]:
            assert row["seq"] and row["row_hash"] and row["desk_id"]
            assert row["entity_id"] in names or contact_ids[row["entity_id"]] == row["client_id"]
        for row in tables["outbox"]:
            assert row["entity_id"] in names or row["entity_id"] in contact_ids
    owner = {**names, **{cid: names[client] for cid, client in contact_ids.items()}}
    return {table: sorted(({"owner": owner.get(row.get("entity_id") or row["id"]),
                           **{k: v for k, v in row.items() if k not in PER_WRITE}}
                           for row in rows), key=repr)
            for table, rows in tables.items()}


def test_an_imported_file_is_written_as_the_client_form_writes_it(tmp_path):
    """The import writes plain rows without the unit of work: every column, search key,
    history line and outbox row must still be what a save of the same file writes."""
    imported = open_database(tmp_path / "imported.sqlite3")
    saved = open_database(tmp_path / "saved.sqlite3")
    try:
        # GIVEN the same two client files, imported from a sheet into one desk …
        report = run_import(imported, write_xlsx(tmp_path / "two.xlsx", SAME_FILE_HEADER,
                                                 SAME_FILE_ROWS))
        assert (report.imported, report.rejected) == (2, [])
        # … and saved one by one through the client form's service into another
        for draft in SAME_FILE_DRAFTS:
            with saved.transaction("测试经理") as session:
                save_client_file(session, draft)

        # THEN both desks hold the same rows, apart from ids and times
        got, expected = written(imported), written(saved)
        assert got == expected
        assert len(got["file_history"]) == len(got["outbox"]) == 4
        company = next(row for row in got["clients"] if row["kind"] == "company")
        assert (company["name_pinyin"], company["name_initials"]) == \
            ("xiamenlujiangmaoyiyouxiangongsi", "xmljmyyxgs")
        assert "13812345678" in company["search_text"] and "wjg" in company["search_text"]
        # and the search (fed by the outbox) finds the imported files as the saved ones
        with imported.session() as session:
            assert [r.name for r in search_clients(session, "wjg").rows] == ["厦门鹭江贸易有限公司"]
            assert [r.name for r in search_clients(session, "lxm").rows] == ["李晓梅"]
    finally:
        imported.close()
        saved.close()

