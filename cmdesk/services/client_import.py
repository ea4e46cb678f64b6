"""Onboarding from the spreadsheets managers already keep: one row per client (.xlsx or .csv),
checked by the client service's own rules; good rows are imported, bad ones reported by row
and column.

Every row is checked first, with no database work per row (the codes and names already in
the desk are read once); then the good rows are written as plain rows, one executemany per
table, in the caller's one transaction — no SAVEPOINT per row, no ORM object per record —
with the history, outbox and audit lines the change log gives any new record
(clients.insert_new_clients, change_log.insert_created), and an error while writing leaves
nothing behind.
"""
from __future__ import annotations

import csv
import gc
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import identifiers
from cmdesk.domain.cell_text import cells, to_cell
from cmdesk.errors import FieldProblem, ImportFileError
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.models import Client
from cmdesk.services.clients import (
    CheckedDraft,
    ClientDraft,
    check_draft,
    insert_new_clients,
)
from cmdesk.services.grade_check import import_notices
from cmdesk.services.settings import get_tiers

NAME, KIND, CREDIT_CODE, ID_NUMBER = "客户名称", "客户类型", "统一社会信用代码", "身份证号"
INDUSTRY, TIER, ADDRESS = "行业", "客户等级", "地址"
CONTACT, CONTACT_POSITION, CONTACT_PHONE, NOTES = "联系人", "联系人职务", "联系电话", "备注"

HEADERS: tuple[str, ...] = (NAME, KIND, CREDIT_CODE, ID_NUMBER, INDUSTRY, TIER, ADDRESS,
                            CONTACT, CONTACT_POSITION, CONTACT_PHONE, NOTES)
REQUIRED_HEADERS: tuple[str, ...] = (NAME, KIND)

# The client's own fields, header -> field key of cmdesk.domain.client_fields.BASIC.
_CLIENT_COLUMNS = {NAME: "name", KIND: "kind", CREDIT_CODE: "credit_code", ID_NUMBER: "id_number",
                   INDUSTRY: "industry", TIER: "tier", ADDRESS: "address", NOTES: "notes"}
_CONTACT_COLUMNS = {CONTACT: "name", CONTACT_POSITION: "position", CONTACT_PHONE: "phone"}
# (section, field key) of a FieldProblem -> the header the manager sees.
_PROBLEM_COLUMN = {("client", key): header for header, key in _CLIENT_COLUMNS.items()}
_PROBLEM_COLUMN.update({("contacts", key): header for header, key in _CONTACT_COLUMNS.items()})

# What managers write in 客户类型, NFKC-normalised and without spaces -> kind key.
KIND_ALIASES = {
    "公司": "company", "公司客户": "company", "企业": "company", "企业客户": "company",
    "company": "company",
    "个人": "individual", "个人客户": "individual", "individual": "individual",
}

# How far down a sheet the header row is looked for (a title line above it is common).
_HEADER_SEARCH_ROWS = 20

_EXPLANATIONS = {
    NAME: (mark("必填"), mark("客户全称，例如“厦门某某贸易有限公司”或个人姓名。")),
    KIND: (mark("必填"), mark("填“公司”或“个人”（也可写“公司客户”“个人客户”“企业”）。")),
    CREDIT_CODE: (mark("公司客户选填"), mark("18 位统一社会信用代码，会核对校验位；个人客户不填。"
                               "同一代码的客户已在工作台中时，该行不导入。")),
    ID_NUMBER: (mark("个人客户选填"), mark("18 位居民身份证号，会核对出生日期和校验位；公司客户不填。")),
    INDUSTRY: (mark("选填"), mark("客户所属行业。")),
    TIER: (mark("选填"), mark("须是设置中的客户等级之一（默认：核心、重点、一般）；不填则为最低等级。")),
    ADDRESS: (mark("选填"), mark("客户地址。")),
    CONTACT: (mark("选填"), mark("主要联系人姓名；填写联系人职务或联系电话时必须填写。")),
    CONTACT_POSITION: (mark("选填"), mark("主要联系人的职务。")),
    CONTACT_PHONE: (mark("选填"), mark("手机（11 位）或带区号的固定电话，例如 0592-1234567。")),
    NOTES: (mark("选填"), mark("其他说明。")),
}
_COLUMN_WIDTHS = {CREDIT_CODE: 24, ID_NUMBER: 22, CONTACT_PHONE: 18, ADDRESS: 40, NOTES: 40,
                  NAME: 30}
_TEXT_COLUMNS = (CREDIT_CODE, ID_NUMBER, CONTACT_PHONE)  # cells formatted as text in the template


@dataclass(frozen=True)
class RowRejection:
    """One reason a sheet row was not imported."""

    row: int  # the row number as shown in Excel (header is row 1)
    column: str  # the column header, or "" for the whole row
    reason: str

    def describe(self) -> str:
        if self.column:
            return translate("第 {row} 行「{column}」：{reason}").format(row=self.row, column=self.column, reason=self.reason)
        return translate("第 {row} 行：{reason}").format(row=self.row, reason=self.reason)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    imported: int = 0
    rejected: list[RowRejection] = field(default_factory=list)
    total_rows: int = 0  # non-blank data rows read
    client_ids: list[str] = field(default_factory=list)  # empty for a dry run
    notices: list[str] = field(default_factory=list)  # what to tell besides (对等配置 exceptions)

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejected})


# --- reading ---------------------------------------------------------------------------

def _header_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _cell_text(value))
    return "".join(text.split())


def _cell_text(value: Any) -> str:
    """A cell as the text the manager sees, Excel numbers turned back into digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return translate("是") if value else translate("否")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))  # 13812345678.0 / 1.3812345678E10 -> '13812345678'
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path, required_headers: tuple[str, ...]) -> Iterator[Iterable[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(translate("无法读取 Excel 文件 {name}：文件已损坏或不是 .xlsx 格式（{exc}）").format(name=path.name, exc=exc)) \
            from exc
    try:
        sheets = list(workbook.worksheets)
        if not sheets:
            raise ImportFileError(translate("Excel 文件 {name} 中没有工作表").format(name=path.name))
        # The first sheet with a header row wins (the active sheet may be 说明).
        chosen = next((sheet for sheet in sheets if _has_header(sheet, required_headers)),
                      sheets[0])
        chosen.reset_dimensions()
        yield from chosen.iter_rows(values_only=True)
    finally:
        workbook.close()


def _has_header(sheet: Any, required_headers: tuple[str, ...]) -> bool:
    if not hasattr(sheet, "iter_rows"):
        return False  # a chart sheet
    sheet.reset_dimensions()  # some writers store wrong dimensions; read every cell
    for i, row in enumerate(sheet.iter_rows(values_only=True)):
        if i >= _HEADER_SEARCH_ROWS:
            return False
        if not _missing_headers((_header_text(v) for v in row), required_headers):
            return True
    return False


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(translate("无法识别文件编码：{name} 既不是 UTF-8 也不是 GBK/GB18030。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后重试。").format(name=name))


def _csv_rows(path: Path) -> Iterator[Iterable[Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(translate("无法读取文件 {path}：{exc}").format(path=path, exc=exc)) from exc
    text = _decode(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(translate("CSV 文件 {name} 格式错误：{exc}").format(name=path.name, exc=exc)) from exc


def _missing_headers(headers: Iterable[str], required_headers: tuple[str, ...]) -> list[str]:
    present = set(headers)
    return [h for h in required_headers if h not in present]


def _sheet_rows(path: Path, required_headers: tuple[str, ...]) -> Iterator[Iterable[Any]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not path.is_file():
            raise ImportFileError(translate("找不到文件：{path}").format(path=path))
        return _xlsx_rows(path, required_headers)
    if suffix == ".csv":
        if not path.is_file():
            raise ImportFileError(translate("找不到文件：{path}").format(path=path))
        return _csv_rows(path)
    hint = translate("（旧版 .xls 请在 Excel 中另存为 .xlsx）") if suffix == ".xls" else ""
    raise ImportFileError(translate("不支持的文件类型“{value}”：请使用 Excel(.xlsx) 或 CSV 文件{hint}").format(value=path.suffix or path.name, hint=hint))


def read_rows(path: Path, headers: tuple[str, ...] = HEADERS,
              required_headers: tuple[str, ...] = REQUIRED_HEADERS
              ) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a sheet: (row number as shown in Excel, header -> text).

    The header row is the first row (within the first 20) naming every required header
    (for clients: 客户名称 and 客户类型); only `headers` are kept, blank rows are skipped.
    Raises ImportFileError for a file that cannot be read or lacks a required header.
    """
    rows: list[tuple[int, dict[str, str]]] = []
    columns: dict[str, int] | None = None
    first_seen: list[str] | None = None
    with closing(_sheet_rows(path, required_headers)) as sheet_rows:
        for number, values in enumerate(sheet_rows, start=1):
            values = list(values)
            if columns is None:
                found = [_header_text(v) for v in values]
                if first_seen is None and any(found):
                    first_seen = found
                if not _missing_headers(found, required_headers):
                    columns = {}
                    for index, header in enumerate(found):
                        if header in headers and header not in columns:
                            columns[header] = index
                elif number >= _HEADER_SEARCH_ROWS:
                    break
                continue
            record = {header: _cell_text(values[index]) if index < len(values) else ""
                      for header, index in columns.items()}
            if any(record.values()):
                rows.append((number, record))
    if columns is None:
        missing = _missing_headers(first_seen or [], required_headers)
        raise ImportFileError(
            translate("文件 {file} 缺少必需的列：{missing}（第一行应为列名，例如：{headers}）").format(
                file=Path(path).name, missing=translate("、").join(missing), headers=translate("、").join(headers)))
    return rows


# --- importing -------------------------------------------------------------------------

def _kind_of(text: str) -> str:
    key = "".join(unicodedata.normalize("NFKC", text).split())
    return KIND_ALIASES.get(key.lower(), KIND_ALIASES.get(key, text))


def _name_of(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _draft(record: dict[str, str]) -> ClientDraft:
    fields: dict[str, Any] = {key: record.get(header, "")
                              for header, key in _CLIENT_COLUMNS.items()}
    fields["kind"] = _kind_of(fields["kind"])
    if not fields["tier"]:
        del fields["tier"]  # the service's default tier
    contacts: list[dict[str, Any]] = []
    if any(record.get(header) for header in _CONTACT_COLUMNS):
        contact: dict[str, Any] = {key: record.get(header, "")
                                   for header, key in _CONTACT_COLUMNS.items()}
        contact["is_primary"] = True
        contacts.append(contact)
    return ClientDraft(fields=fields, contacts=contacts)


def _code_of(record: dict[str, str]) -> tuple[str, str, str] | None:
    """(header, field key, canonical code) of the row's identifier, if it has a valid one."""
    for header, key, normalize in ((CREDIT_CODE, "credit_code", identifiers.normalize_credit_code),
                                   (ID_NUMBER, "id_number", identifiers.normalize_id_number)):
        text = record.get(header, "")
        if text:
            try:
                return header, key, normalize(text)
            except identifiers.IdentifierError:
                continue  # the service reports it
    return None


def _has_code(record: dict[str, str]) -> bool:
    return bool(record.get(CREDIT_CODE) or record.get(ID_NUMBER))


class _Known:
    """Codes and (name, kind) pairs already in the desk or earlier in the file, loaded once."""

    def __init__(self, session: Session):
        self.codes: dict[str, set[str]] = {"credit_code": set(), "id_number": set()}
        self.names: set[tuple[str, str]] = set()
        stmt = select(Client.credit_code, Client.id_number, Client.name, Client.kind).where(
            Client.deleted_at.is_(None))
        for credit_code, id_number, name, kind in session.execute(stmt):
            if credit_code:
                self.codes["credit_code"].add(credit_code)
            if id_number:
                self.codes["id_number"].add(id_number)
            self.names.add((name, kind))
        self.file_codes: dict[tuple[str, str], int] = {}
        self.file_names: dict[tuple[str, str], int] = {}

    def check(self, number: int, record: dict[str, str]) -> RowRejection | None:
        """Why the row duplicates a client already in the desk or an earlier row, if it does;
        remembers the row for later ones."""
        code = _code_of(record)
        name_key = (_name_of(record.get(NAME, "")), _kind_of(record.get(KIND, "")))
        if code is not None:
            header, key, value = code
            earlier = self.file_codes.setdefault((key, value), number)
            if earlier != number:
                return RowRejection(number, header, translate("{value} 与第 {earlier} 行重复").format(value=value, earlier=earlier))
            if value in self.codes[key]:
                return RowRejection(number, header, translate("客户已存在（{header} {value}）").format(header=header, value=value))
            return None
        if _has_code(record) or not name_key[0]:
            return None  # an invalid code or no name: the service says what is wrong
        earlier = self.file_names.setdefault(name_key, number)
        if earlier != number:
            return RowRejection(number, NAME, translate("与第 {earlier} 行是同名同类型客户，重复").format(earlier=earlier))
        if name_key in self.names:
            return RowRejection(number, NAME, translate("客户已存在（同名同类型客户）"))
        return None


def _rejections(number: int, problems: list[FieldProblem]) -> list[RowRejection]:
    return [RowRejection(number, _PROBLEM_COLUMN.get((p.section, p.field), p.label or p.field),
                         p.message) for p in problems]


@contextmanager
def import_savepoint(session: Session, dry_run: bool) -> Iterator[None]:
    """The outer SAVEPOINT of a row-by-row import (the diary's): kept, or rolled back for
    a dry run or an error. (Each row goes into its own SAVEPOINT inside it.)"""
    outer = session.begin_nested()
    try:
        yield
    except BaseException:
        if outer.is_active:
            outer.rollback()
        raise
    if dry_run:
        outer.rollback()
    else:
        outer.commit()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk import builds thousands of
    records. Everything they allocate stays alive until it is written, so a collection in the
    middle frees nothing, but one full collection walks the whole heap (the pinyin tables
    alone are hundreds of thousands of objects): measured at a sixth of a 2,000-row import."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_clients(session: Session, path: Path, dry_run: bool = False) -> ImportReport:
    """Import the clients of a sheet into the caller's transaction (the collector paused).

    Every row is checked first (duplicates of the desk or of earlier rows, then the
    client service's rules); the good rows are then written together as plain rows. With
    dry_run nothing is written: the report is what a real run would give.
    """
    with collector_paused():
        return _import_clients(session, path, dry_run)


def _import_clients(session: Session, path: Path, dry_run: bool) -> ImportReport:
    rows = read_rows(path)
    report = ImportReport(total_rows=len(rows))
    known = _Known(session)
    tiers = get_tiers(session)
    good: list[CheckedDraft] = []
    for number, record in rows:
        duplicate = known.check(number, record)
        if duplicate is not None:
            report.rejected.append(duplicate)
            continue
        problems: list[FieldProblem] = []
        checked = check_draft(_draft(record), tiers, problems=problems)
        if problems:
            report.rejected.extend(_rejections(number, problems))
            continue
        good.append(checked)
    report.imported = len(good)
    if dry_run:
        return report
    report.client_ids = insert_new_clients(session, good, tiers)
    report.notices = import_notices(session, report.client_ids)
    return report


# --- template --------------------------------------------------------------------------

def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def write_template(path: Path) -> None:
    """Write an empty client import template (.xlsx) with its 说明 sheet."""
    write_sheet_template(
        path, translate("客户"), HEADERS, _EXPLANATIONS, widths=_COLUMN_WIDTHS, text_columns=_TEXT_COLUMNS,
        choices={KIND: ("公司", "个人")},
        notes=(translate("每行一个客户，第一行是列名（列的顺序不限，其他列会被忽略），空行会被跳过。"),
               translate("有问题的行不导入，导入结果会列出行号、列名和原因；其他行照常导入。"),
               translate("也可以另存为 CSV（UTF-8 或 GBK 编码）后导入。")))


def write_sheet_template(path: Path, title: str, headers: tuple[str, ...],
                         explanations: dict[str, tuple[str, str]], *,
                         widths: dict[str, int], text_columns: tuple[str, ...],
                         choices: dict[str, tuple[str, ...]], notes: tuple[str, ...]) -> None:
    """Write an empty import template (.xlsx): the headers in bold on a frozen first row,
    `text_columns` formatted as text, a drop-down for each column of `choices`, and a 说明
    sheet (per column: required or not, and how to fill it; then the general `notes`).
    Written to a temporary file in the same folder, then moved into place."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=to_cell(header))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(column)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(widths.get(header, 0), _display_width(header) + 4)
        if header in text_columns:
            dimension.number_format = "@"  # keep long digits as text (no 1.38E+10)
    sheet.freeze_panes = "A2"
    for header, options in choices.items():
        shown = translate("、").join(f"“{option}”" for option in options)
        validation = DataValidation(type="list", formula1=f'"{",".join(options)}"',
                                    allow_blank=True, showErrorMessage=True, errorTitle=header,
                                    error=translate("请选择{shown}").format(shown=shown))
        letter = get_column_letter(headers.index(header) + 1)
        validation.add(f"{letter}2:{letter}10000")
        sheet.add_data_validation(validation)

    sheet_notes = workbook.create_sheet(translate("说明"))
    sheet_notes.append(cells([translate("列名"), translate("是否必填"), translate("说明")]))
    for cell in sheet_notes[1]:
        cell.font = bold
        cell.fill = fill
    for header in headers:
        required, text = explanations[header]
        sheet_notes.append(cells([header, translate(required), translate(text)]))
    sheet_notes.append([])
    for line in notes:
        sheet_notes.append(cells(["", "", line]))
    sheet_notes.column_dimensions["A"].width = 20
    sheet_notes.column_dimensions["B"].width = 14
    sheet_notes.column_dimensions["C"].width = 90
    sheet_notes.freeze_panes = "A2"

    path.parent.mkdir(parents=True, exist_ok=True)
    content = io.BytesIO()  # the workbook whole in memory: a full disk never meets a half zip
    workbook.save(content)
    atomic_write(path, lambda handle: handle.write(content.getvalue()))
