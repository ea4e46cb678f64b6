"""The loan ledger (贷款台账) from the sheet the credit system or the manager keeps: one row
per loan contract (.xlsx or .csv), read and reported like the client import
(services.client_import: the same reader, row rejections, savepoints and template).

A row names its client by 统一社会信用代码 / 身份证号, else by its exact name (which must
be one client of the desk). A contract number already in the ledger updates that loan
(the monthly balance and classification), a new one adds a loan. Each row is saved by the
risk service inside its own SAVEPOINT: a bad row leaves nothing behind and is reported
by row and column; the others go in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import identifiers
from cmdesk.domain import risk_fields as rf
from cmdesk.errors import FieldProblem, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import Client, Loan
from cmdesk.services import risk
from cmdesk.services.client_import import (
    ImportReport,
    RowRejection,
    import_savepoint,
    read_rows,
    write_sheet_template,
)

CLIENT, CODE = "客户名称", "统一社会信用代码/身份证号"
CONTRACT, PRODUCT, AMOUNT, BALANCE = "合同编号", "贷款品种", "合同金额", "贷款余额"
CURRENCY, START, MATURITY, RATE = "币种", "起始日", "到期日", "年利率(%)"
GUARANTEE, COLLATERAL, CLASS, FREQUENCY, NOTES = ("担保方式", "担保人/抵质押物", "五级分类",
                                                  mark("贷后检查频率"), mark("备注"))

HEADERS: tuple[str, ...] = (CLIENT, CODE, CONTRACT, PRODUCT, AMOUNT, BALANCE, CURRENCY, START,
                            MATURITY, RATE, GUARANTEE, COLLATERAL, CLASS, FREQUENCY, NOTES)
REQUIRED_HEADERS: tuple[str, ...] = (CONTRACT, AMOUNT, BALANCE, MATURITY)

# header -> field key of domain.risk_fields.LOAN
_COLUMNS = {CONTRACT: "contract_no", PRODUCT: "product", AMOUNT: "amount", BALANCE: "balance",
            CURRENCY: "currency", START: "start_date", MATURITY: "maturity_date", RATE: "rate",
            GUARANTEE: "guarantee_kind", COLLATERAL: "collateral", CLASS: "classification",
            FREQUENCY: "check_frequency", NOTES: "notes"}
_PROBLEM_COLUMN = {key: header for header, key in _COLUMNS.items()}
_PROBLEM_COLUMN["client_id"] = CLIENT

_EXPLANATIONS = {
    CLIENT: (mark("必填（或填代码）"), mark("客户全称，须与工作台中的客户档案一致；同名客户有多个时请填代码。")),
    CODE: (mark("选填"), mark("公司客户的统一社会信用代码或个人客户的身份证号；填写后按代码找客户。")),
    CONTRACT: (mark("必填"), mark("借款合同编号；台账中已有该编号时，本行更新这笔贷款（余额、分类等）。")),
    PRODUCT: (mark("新贷款必填"), mark("例如 流动资金贷款、固定资产贷款、个人经营贷款。")),
    AMOUNT: (mark("必填"), mark("合同金额，元；可写 500万、1,000,000.00。")),
    BALANCE: (mark("必填"), mark("当前贷款余额，元；不能大于合同金额。")),
    CURRENCY: (mark("选填"), mark("人民币、美元、欧元、港币、日元；不填为人民币。")),
    START: (mark("新贷款必填"), mark("放款日，例如 2026-06-10。")),
    MATURITY: (mark("必填"), mark("到期日，不能早于起始日。")),
    RATE: (mark("选填"), mark("年利率，百分数，例如 3.45。")),
    GUARANTEE: (mark("选填"), mark("信用、保证、抵押、质押、组合担保；不填为信用。")),
    COLLATERAL: (mark("选填"), mark("保证人名称或抵质押物说明。")),
    CLASS: (mark("选填"), mark("正常、关注、次级、可疑、损失；不填为正常。")),
    FREQUENCY: (mark("选填"), mark("每月、每季、每半年、每年；不填为每季。")),
    NOTES: (mark("选填"), mark("其他说明。")),
}
_WIDTHS = {CLIENT: 30, CODE: 24, CONTRACT: 20, PRODUCT: 18, AMOUNT: 16, BALANCE: 16,
           COLLATERAL: 30, NOTES: 30}


def _loan_fields(record: dict[str, str]) -> dict[str, Any]:
    """The form of a row: blank cells are left out (the service's defaults for a new loan,
    the stored value for an update; a required field left blank is reported missing)."""
    return {key: record[header] for header, key in _COLUMNS.items() if record.get(header)}


class _Clients:
    """The desk's clients by code and by name, loaded once."""

    def __init__(self, session: Session):
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for client_id, name, credit_code, id_number in session.execute(
                select(Client.id, Client.name, Client.credit_code, Client.id_number)
                .where(Client.deleted_at.is_(None))):
            for code in (credit_code, id_number):
                if code:
                    self.by_code[code] = client_id
            self.by_name.setdefault(name, []).append(client_id)

    def find(self, number: int, record: dict[str, str]) -> str | RowRejection:
        code = record.get(CODE, "").replace(" ", "").upper()
        if code:
            for normalize in (identifiers.normalize_credit_code, identifiers.normalize_id_number):
                try:
                    canonical = normalize(code)
                except identifiers.IdentifierError:
                    continue
                if canonical in self.by_code:
                    return self.by_code[canonical]
                return RowRejection(number, CODE, translate("工作台中没有代码为 {canonical} 的客户").format(canonical=canonical))
            return RowRejection(number, CODE, translate("不是有效的统一社会信用代码或身份证号"))
        name = record.get(CLIENT, "").strip()
        if not name:
            return RowRejection(number, CLIENT, translate("请填写客户名称或代码"))
        found = self.by_name.get(name, [])
        if not found:
            return RowRejection(number, CLIENT, translate("工作台中没有名为“{name}”的客户，请先建立客户档案").format(name=name))
        if len(found) > 1:
            return RowRejection(number, CLIENT, translate("有 {count} 个名为“{name}”的客户，请填写代码").format(count=len(found), name=name))
        return found[0]


def _rejections(number: int, problems: list[FieldProblem]) -> list[RowRejection]:
    return [RowRejection(number, _PROBLEM_COLUMN.get(p.field, p.label or p.field), p.message)
            for p in problems]


def import_loans(session: Session, path: Path, dry_run: bool = False) -> ImportReport:
    """Import the loans of a sheet into the caller's transaction; `client_ids` of the
    report are the clients whose ledger changed (empty for a dry run)."""
    rows = read_rows(path, HEADERS, REQUIRED_HEADERS)
    report = ImportReport(total_rows=len(rows))
    with import_savepoint(session, dry_run):
        clients = _Clients(session)
        seen: dict[str, int] = {}
        for number, record in rows:
            client_id = clients.find(number, record)
            if isinstance(client_id, RowRejection):
                report.rejected.append(client_id)
                continue
            contract = record.get(CONTRACT, "").strip()
            earlier = seen.setdefault(contract, number) if contract else number
            if earlier != number:
                report.rejected.append(RowRejection(number, CONTRACT,
                                                    translate("{contract} 与第 {earlier} 行重复").format(contract=contract, earlier=earlier)))
                continue
            loan = session.scalar(select(Loan).where(Loan.contract_no == contract,
                                                     Loan.deleted_at.is_(None)))
            if loan is not None and loan.client_id != client_id:
                report.rejected.append(RowRejection(number, CONTRACT,
                                                    translate("{contract} 在台账中属于另一个客户").format(contract=contract)))
                continue
            fields = _loan_fields(record)
            try:
                with session.begin_nested():
                    if loan is None:
                        risk.save_loan(session, {"client_id": client_id, **fields})
                    else:
                        fields.pop("contract_no", None)
                        risk.save_loan(session, fields, loan.id)
            except ValidationError as exc:
                report.rejected.extend(_rejections(number, exc.problems))
                continue
            report.imported += 1
            if client_id not in report.client_ids:
                report.client_ids.append(client_id)
    if dry_run:
        report.client_ids = []
    return report


def write_template(path: Path) -> None:
    """Write an empty loan-ledger import template (.xlsx) with its 说明 sheet."""
    write_sheet_template(
        path, translate("贷款台账"), HEADERS, _EXPLANATIONS, widths=_WIDTHS,
        text_columns=(CODE, CONTRACT),
        choices={CURRENCY: tuple(label for _key, label in rf.CURRENCIES),
                 GUARANTEE: tuple(label for _key, label in rf.GUARANTEE_KINDS),
                 CLASS: tuple(label for _key, label in rf.CLASS_CHOICES),
                 FREQUENCY: tuple(label for _key, label in rf.CHECK_FREQUENCIES)},
        notes=(translate("每行一笔贷款，第一行是列名（列的顺序不限，其他列会被忽略），空行会被跳过。"),
               translate("客户须已在工作台中建档；台账中已有的合同编号会更新该笔贷款。"),
               translate("有问题的行不导入，导入结果会列出行号、列名和原因；其他行照常导入。"),
               translate("也可以另存为 CSV（UTF-8 或 GBK 编码）后导入。")))
