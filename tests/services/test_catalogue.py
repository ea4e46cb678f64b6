"""The product catalogue: the shipped default, replacing it from JSON and XLSX (bad files
rejected whole with row and field), withdrawn products kept inactive, the template."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from cmdesk.errors import ImportFileError, ValidationError
from cmdesk.models import Product
from cmdesk.services import catalogue as svc

ROW = {"code": "LN-NEW", "name": "科技贷", "category": "资产/贷款", "audience": "company",
       "income_basis": "margin", "margin_rate": "1.5", "min_amount": "100万", "rate_min": "3.1",
       "rate_max": "4.2", "term_options": "1年;3年"}


def _catalogue(db):
    with db.session() as session:
        return {p.code: (p.name, p.active, p.margin_rate) for p in svc.list_products(session)}


def _write_json(path, products):
    path.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1, "products": products},
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_default_catalogue_is_complete(db):
    with db.session() as session:
        products = {p.code: p for p in svc.list_products(session)}
    assert {"DEP-CUR", "LN-WC", "ST-PAYROLL", "WM-FUND", "EB-MOBILE"} <= set(products)
    assert {p.risk_level for p in products.values() if p.category == "理财"} == {"R1", "R2", "R3", "R4", "R5"}
    assert products["LN-WC"].income_basis == "margin" and products["LN-WC"].margin_rate == Decimal("1.2")
    assert products["ST-PAYROLL"].income_basis == "fee"
    assert all(p.active and p.selling_points and p.documents for p in products.values())


def test_replace_from_json_adds_updates_and_deactivates(db, tmp_path):
    with db.session() as session:
        kept = [svc.product_row(p) for p in svc.list_products(session) if p.code != "EB-MOBILE"]
    kept[0]["name"] = "单位活期存款（新）"
    path = _write_json(tmp_path / "cat.json", [*kept, ROW])
    rows = svc.read_catalogue_file(path)
    with db.transaction("测试经理") as session:
        change = svc.replace_catalogue(session, rows)
    assert change.added == ["LN-NEW"] and change.deactivated == ["EB-MOBILE"]
    assert change.updated == [kept[0]["code"]]
    assert "新增 1 个" in change.summary()
    after = _catalogue(db)
    assert after["EB-MOBILE"][1] is False  # kept, readable, inactive
    assert after["LN-NEW"] == ("科技贷", True, Decimal("1.5"))
    assert after[kept[0]["code"]][0] == "单位活期存款（新）"
    with db.session() as session:
        assert [p.code for p in svc.list_products(session, active_only=True)].count("EB-MOBILE") == 0
        product = session.scalars(select(Product).where(Product.code == "LN-NEW")).one()
        assert product.min_amount == Decimal("1000000.00")
    # the withdrawn product comes back when a later file has it again
    with db.transaction("测试经理") as session:
        change = svc.replace_catalogue(session, svc.check_products([*kept, ROW, {
            "code": "EB-MOBILE", "name": "手机银行", "category": "电子银行", "audience": "individual",
            "income_basis": "none"}]))
    assert _catalogue(db)["EB-MOBILE"][1] is True


def test_bad_json_rejected_with_rows_and_nothing_changed(db, tmp_path):
    before = _catalogue(db)
    bad = [ROW,
           {**ROW, "code": "LN-NEW"},  # duplicate
           {**ROW, "code": "X2", "audience": "martians", "margin_rate": "abc"},
           {**ROW, "code": "X3", "rate_min": "5", "rate_max": "4", "risk_level": "R9"},
           {"code": "X4"}]
    with pytest.raises(ValidationError) as info:
        svc.read_catalogue_file(_write_json(tmp_path / "bad.json", bad))
    problems = {(p.row, p.field): p.message for p in info.value.problems}
    assert problems[(1, "code")] == "与第 1 行重复"
    assert (2, "audience") in problems and (2, "margin_rate") in problems
    assert problems[(3, "rate_max")] == "不能低于利率/费率下限"
    assert (3, "risk_level") in problems
    assert {(4, "name"), (4, "category"), (4, "audience"), (4, "income_basis")} <= set(problems)
    assert "第 3 行 适用客户" in str(info.value)
    for text in ("{not json", json.dumps({"products": []}), json.dumps([1, 2])):
        (tmp_path / "x.json").write_text(text, encoding="utf-8")
        with pytest.raises(ImportFileError):
            svc.read_catalogue_file(tmp_path / "x.json")
    with pytest.raises(ValidationError, match="没有产品"):
        svc.read_catalogue_file(_write_json(tmp_path / "empty.json", []))
    with pytest.raises(ImportFileError):
        svc.read_catalogue_file(tmp_path / "cat.csv")
    assert _catalogue(db) == before


def test_template_round_trip_and_bad_xlsx_rows(db, tmp_path):
    with db.session() as session:
        products = svc.list_products(session)
    template = tmp_path / "template.xlsx"
    template.write_bytes(svc.write_catalogue_xlsx(products))
    rows = svc.read_catalogue_file(template)
    assert len(rows) == len(products)
    assert {r["code"]: r for r in rows}["WM-PE"]["risk_level"] == "R5"
    with db.transaction("测试经理") as session:
        assert svc.replace_catalogue(session, rows).unchanged == [p.code for p in products]
    book = load_workbook(template)
    sheet = book.active
    sheet["D3"] = "火星客户"  # 适用客户 of the second product (sheet row 3)
    sheet["N5"] = "R7"  # 风险等级
    book.save(template)
    with pytest.raises(ValidationError) as info:
        svc.read_catalogue_file(template)
    described = str(info.value)
    assert "第 3 行 适用客户" in described and "第 5 行 风险等级" in described


def test_xlsx_without_required_columns_or_damaged(tmp_path):
    book = Workbook()
    book.active.append(["产品代码", "产品名称"])
    book.active.append(["A", "B"])
    book.save(tmp_path / "partial.xlsx")
    with pytest.raises(ImportFileError, match="缺少列"):
        svc.read_catalogue_file(tmp_path / "partial.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="无法读取"):
        svc.read_catalogue_file(tmp_path / "broken.xlsx")


def test_json_export_reads_back(db, tmp_path):
    with db.session() as session:
        products = svc.list_products(session)
    path = tmp_path / "out.json"
    path.write_bytes(svc.write_catalogue_json(products))
    assert [r["code"] for r in svc.read_catalogue_file(path)] == [p.code for p in products]


def test_product_views_copy_the_rows_and_the_preview_writes_nothing(db):
    with db.session() as session:
        rows = svc.list_products(session)
        views = svc.product_views(session)
        active = svc.product_views(session, active_only=True)
    assert [v.code for v in views] == [p.code for p in rows]
    first, row = views[0], rows[0]
    assert (first.id, first.name, first.margin_rate, first.active) == (
        row.id, row.name, row.margin_rate, row.active)
    assert not hasattr(first, "_sa_instance_state")
    with pytest.raises(AttributeError):
        first.name = "改名"  # frozen: a copy for the widgets, not the row
    assert all(v.active for v in active)
    before = _catalogue(db)
    kept = [svc.product_row(p) for p in rows if p.code != "EB-MOBILE"]
    with db.session() as session:
        change = svc.preview_replacement(session, svc.check_products(kept))
    assert change.deactivated == ["EB-MOBILE"]
    assert _catalogue(db) == before


def test_catalogue_file_is_json_or_the_xlsx_template(db, tmp_path):
    with db.session() as session:
        codes = [p.code for p in svc.list_products(session)]
        for name, as_json in (("out.json", True), ("out.xlsx", False)):
            path = tmp_path / name
            path.write_bytes(svc.catalogue_file(session, as_json))
            assert [r["code"] for r in svc.read_catalogue_file(path)] == codes
