"""A client's gaps from 服务现况 and the business analysis."""
from __future__ import annotations

from sqlalchemy import select

from cmdesk.models import Product
from cmdesk.services import clients as client_svc
from cmdesk.services.gaps import client_gaps, gap_products, gaps_text


def test_gaps_from_services_and_business_analysis(db):
    with db.session() as session:
        ids = {p.code: p.id for p in session.scalars(select(Product))}
    with db.transaction("测试经理") as session:
        client_id = client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            business_lines=[{"nature": "软件开发", "financing_needs": "研发投入需中长期资金"},
                            {"nature": "运维服务"}],
            other_banks=[{"institution": "工商银行", "products_terms": "代发工资，免手续费"}],
            services=[{"product_id": ids["LN-WC"], "needed": True},
                      {"product_id": ids["ST-PAYROLL"], "needed": True, "other_bank": True},
                      {"product_id": ids["DEP-CUR"], "adopted": True, "needed": True},
                      {"product_id": ids["EB-CORP"], "adopted": True, "stopped": True},
                      {"product_id": ids["ST-POS"]}]))
    with db.session() as session:
        gaps = client_gaps(session, client_id)
    kinds = [(g.kind, g.product_name) for g in gaps]
    assert kinds == [("stopped", "企业网银"), ("need", "流动资金贷款"), ("other_bank", "代发工资"),
                     ("financing", ""), ("other_bank", "")]
    assert gaps[3].detail == "软件开发：研发投入需中长期资金"
    assert "工商银行提供：代发工资" in gaps[4].detail
    assert gap_products(gaps) == [ids["EB-CORP"], ids["LN-WC"], ids["ST-PAYROLL"]]
    text = gaps_text(gaps)
    assert text.splitlines()[0] == "1. 【已停用】客户已停用我行企业网银"
    assert "【需要未覆盖】" in text and "【财务需求】" in text


def test_no_gaps_for_a_served_client(db):
    with db.transaction("测试经理") as session:
        client_id = client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "individual", "name": "陈美玲", "tier": "一般"}))
    with db.session() as session:
        assert client_gaps(session, client_id) == []
