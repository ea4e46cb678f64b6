"""The strategy plan PDF (客户关系战略计划书): the nine section titles, the client's data
with personal information masked, the unmasked print recorded, and the CLI command."""
from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cmdesk.commands import strategy as strategy_commands
from cmdesk.errors import NotFoundError
from cmdesk.models import FileHistory
from cmdesk.reports import strategy_plan as report
from cmdesk.services import clients as clients_svc
from cmdesk.services import strategy
from cmdesk.services.catalogue import list_products
from tests.helpers import make_uscc

ACTOR = "测试经理"
MOBILE = "13812345678"
TEXT_MOBILE = "13987654321"
CREDIT_CODE = make_uscc("91350200MA2B7C8D1")
CLIENT = "厦门鹭易科技有限公司"


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def plan_id(db):
    with db.transaction(ACTOR) as session:
        products = list_products(session)
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": CLIENT, "tier": "核心", "credit_code": CREDIT_CODE,
                    "industry": "信息技术", "our_strengths": "结算效率高"},
            contacts=[{"name": "王五", "position": "财务总监", "phone": MOBILE, "authority": "资金决策"}],
            business_lines=[{"nature": "软件外包", "revenue_share": "60", "financing_needs": "流动资金"}],
            other_banks=[{"institution": "工商银行", "estimated_spend": "50万"}],
            services=[{"product_id": products[0].id, "needed": True, "adopted": True}],
            value_items=[{"year": "2026", "category": "fee", "amount": "12000"}]))
        return strategy.save_plan(session, client_id, strategy.StrategyDraft(
            fields={"year": "2026", "summary": f"与财务总监（{TEXT_MOBILE}）保持月度沟通"},
            rows=[{"need": "流动资金周转", "product_id": products[1].id, "department": "公司业务部",
                   "planned_time": "2026年二季度", "expected_income": "8万"}],
            challenges=[{"source": "他行竞争", "content": "工行降价", "prevention": "综合定价"}]))


def test_pdf_has_the_nine_sections_and_masks_personal_information(db, plan_id):
    with db.session() as session:
        data = report.render_strategy_plan(session, plan_id)
        document = strategy.read_plan(session, plan_id)
    text = _text(data)
    assert "客户关系战略计划书" in text and CLIENT in text and "2026年度" in text
    for number, title in zip("一二三四五六七八九", strategy.SECTION_TITLES):
        assert f"{number}、{title}" in text
    for shown in ("王五", "财务总监", "软件外包", "工商银行", "500,000.00", "结算效率高", "流动资金周转",
                  "公司业务部", "80,000.00", "他行竞争", "综合定价", document.file["services"][0]["product_name"]):
        assert re.sub(r"\s+", "", shown) in text
    assert MOBILE not in text and TEXT_MOBILE not in text and CREDIT_CODE not in text
    assert "138****5678" in text and "139****4321" in text
    assert "第1页共" in text and "个人信息已隐去" in text
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.outline) == 9
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 for p in reader.pages)  # A4


def test_unmasked_print_is_recorded_and_written_atomically(db, plan_id, tmp_path):
    path = report.write_strategy_plan(db, plan_id, tmp_path / "plan.pdf", unmasked=True, actor=ACTOR)
    text = _text(path.read_bytes())
    assert MOBILE in text and CREDIT_CODE in text
    with db.session() as session:
        lines = session.scalars(select(FileHistory).where(FileHistory.action == "print_unmasked")).all()
    assert [(line.entity, line.actor) for line in lines] == [("strategy_plans", ACTOR)]


def _run(desk, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    reports = commands.add_parser("report").add_subparsers(dest="report_command")
    strategy_commands.add_commands(commands, reports)
    args = parser.parse_args(argv)
    return args.handler(desk, args)


def test_cli_writes_the_plan_of_a_year(desk, plan_id, tmp_path, capsys):
    with desk.db.session() as session:
        client_id = strategy.get_plan(session, plan_id).client_id
    target = tmp_path / "out.pdf"
    assert _run(desk, "report", "strategy", client_id, "--year", "2026", "-o", str(target)) == 0
    assert "战略计划书" in capsys.readouterr().out
    assert "一、客户资料" in _text(target.read_bytes())
    with pytest.raises(NotFoundError, match="没有 2025 年度"):
        _run(desk, "report", "strategy", client_id, "--year", "2025", "-o", str(Path(tmp_path / "x.pdf")))
