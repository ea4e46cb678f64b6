"""Proposal packs read back with pypdf, both documents of one proposal: the client pack
(cover addressed to the client, contents with page numbers, products and terms, the
manager's business phone and e-mail, nothing internal) and the internal appendix
(expected income per line and in total with the formulas, other banks and their terms,
risk notes, approval history, 内部资料); masked PII, the 大写 total of a formal proposal,
a long table's repeated header, the unmasked print in the audit trail, the batch (files,
combined, cancel) and the CLI."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cmdesk.domain.money import chinese_capital, format_money
from cmdesk.domain.proposal_income import FORMULAS, line_income, version_total
from cmdesk.errors import Cancelled, NotFoundError, ValidationError
from cmdesk.models import FileHistory, Product, Proposal, ProposalLine, ProposalVersion
from cmdesk.reports import proposal_pack as pp
from cmdesk.reports.proposal_pack import PackDocument
from cmdesk.services import clients as clients_svc
from cmdesk.services import proposals as proposals_svc
from cmdesk.services.settings import get_profile, save_profile
from tests.conftest import TEST_PROFILE
from tests.helpers import make_uscc

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "厦门港务集团有限公司"
CREDIT_CODE = make_uscc("91350200MA2YYYYY1")
MOBILE = "13812345678"
MANAGER_PHONE = "0592-5551234"
MANAGER_EMAIL = "ceshi@xmbank.com"
COMPETITOR = "兴业银行"
COMPETITOR_TERMS = "流动资金贷款年利率3.05%，免收网银年费"
COMPETITOR_CONTACT = "林志远"
APPROVAL_NOTE = "定价已低于分行授权下限，特批"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(data: bytes) -> list[str]:
    return [_compact(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(autouse=True)
def business_contact(db):
    """The manager's profile carries a business phone and e-mail."""
    with db.transaction() as session:
        save_profile(session, replace(TEST_PROFILE, phone=MANAGER_PHONE, email=MANAGER_EMAIL))


def make_proposal(db, *, lines: int = 3, formal: bool = True, versions: int = 1,
                  client_name: str = CLIENT, credit_code: str = CREDIT_CODE) -> str:
    """A client with a contact and another bank, and a proposal whose lines cycle
    through the catalogue, with an approval note in its history."""
    with db.transaction("测试经理") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": client_name, "tier": "核心",
                    "credit_code": credit_code, "industry": "港口物流"},
            contacts=[{"name": "王五", "position": "财务总监", "phone": MOBILE,
                       "is_primary": True}],
            other_banks=[{"institution": COMPETITOR, "contact_person": COMPETITOR_CONTACT,
                          "products_terms": COMPETITOR_TERMS, "why_chosen": "审批快",
                          "estimated_spend": "260万"}]))
        products = list(session.scalars(select(Product).order_by(Product.code)))
        proposal = Proposal(client_id=client_id, title="结算与融资综合服务方案", formal=formal,
                            current_version=versions, status="submitted")
        session.add(proposal)
        session.flush()
        for number in range(1, versions + 1):
            version = ProposalVersion(
                proposal_id=proposal.id, number=number, proposal_date=date(2026, 11, number),
                valid_until=date(2026, 12, 31), our_people="测试经理、李梅",
                background=f"第{number}版：集团结算量大，联系人电话 {MOBILE}",
                benefits="降低财务费用\n提高资金归集效率")
            session.add(version)
            session.flush()
            for i in range(lines):
                product = products[i % len(products)]
                session.add(ProposalLine(
                    version_id=version.id, product_id=product.id, amount=Decimal("1000000"),
                    rate=Decimal("1.5"), fee=Decimal("2") if product.income_basis == "fee" else None,
                    quantity=100, term="1年", notes=f"第{i + 1}行", sort_order=i))
        session.flush()
        proposals_svc.change_status(session, proposal.id, "approved", APPROVAL_NOTE)
        return proposal.id


def _expected(db, proposal_id):
    with db.session() as session:
        source = pp.load_source(session, proposal_id)
        lines = source.version.lines
        return ([line.product for line in lines], [line_income(line) for line in lines],
                version_total(lines))


def test_client_pack_reads_back(db):
    proposal_id = make_proposal(db, lines=3)
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id))
    products, _incomes, _total = _expected(db, proposal_id)
    cover, contents = pages[0], pages[1]
    # GIVEN a cover addressed to the client by name, with whom to call
    assert "结算与融资综合服务方案" in cover and f"致：{CLIENT}" in cover
    assert "测试支行" in cover and "测试经理" in cover and MANAGER_PHONE in cover
    assert "2026年11月01日" in cover and "2026年12月31日" in cover
    assert "目录" in contents
    # the contents give the page of each section and product sheet
    for title in ("客户概况", "需求分析", "推荐产品组合", "客户收益", "产品说明",
                  "服务团队与联系方式", *(p.name for p in products)):
        match = re.search(re.escape(title) + r"(\d+)(?=[一二三四五六七八九十]|\d+\.|$)", contents)
        assert match, title
        assert title in pages[int(match.group(1)) - 1]
    body = "".join(pages)
    # the products and terms offered, the total amount in 大写 (formal)
    for product in products:
        assert product.name in body and product.code in body
    assert "1,000,000.00" in body and "1.5%" in body and "1年" in body
    assert f"人民币{chinese_capital(Decimal('3000000'))}" in body
    # the manager's business card: name, title, branch, phone, e-mail
    card = pages[-1]
    for value in ("测试经理", "客户经理", "测试支行", MANAGER_PHONE, MANAGER_EMAIL):
        assert value in card
    # the phone in the background is masked, the credit code not printed for the client
    assert CREDIT_CODE not in body and MOBILE not in body and "138****5678" in body
    sheet_pages = [i for i, page in enumerate(pages) for p in products
                   if f"产品名称{p.name}" in page]
    assert len(sheet_pages) == len(set(sheet_pages)) == 3
    assert all(f"第{n}页共{len(pages)}页" in pages[n - 1] for n in range(1, len(pages) + 1))
    assert len(pages) == 2 + 1 + 3 + 1  # cover, contents, profile…benefits, sheets, card


def test_client_pack_holds_nothing_internal(db):
    proposal_id = make_proposal(db, lines=3)
    body = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id)))
    _products, incomes, total = _expected(db, proposal_id)
    assert total > 0
    for figure in (*incomes, total):
        assert f"{format_money(figure)}元" not in body
    assert format_money(total) not in body
    for internal in ("预计年收益", "预计收益", "净息差", "利差收入", *FORMULAS.values(),
                     COMPETITOR, COMPETITOR_TERMS, COMPETITOR_CONTACT, "他行", "3.05%",
                     APPROVAL_NOTE, "审批记录", "风险提示", "风险承受能力",
                     TEST_PROFILE.employee_id, "员工号", "工号", "内部资料", "第1行",
                     "注意保密", "个人信息已隐去"):
        assert _compact(internal) not in body, internal
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id))
    assert all("本方案仅供参考，以正式签订的合同为准" in page for page in pages)


def test_internal_appendix_holds_what_the_approver_needs(db):
    proposal_id = make_proposal(db, lines=3)
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id, document=PackDocument.APPENDIX))
    products, incomes, total = _expected(db, proposal_id)
    body = "".join(pages)
    assert "服务方案内部审批附件" in pages[0] and "内部资料注意保密" in pages[0]
    assert CLIENT in pages[0] and f"员工号{TEST_PROFILE.employee_id}" in pages[0]
    # expected income per line and in total, with the formula of each income basis used
    for income in incomes:
        assert format_money(income) in body
    assert f"预计年收益合计{format_money(total)}元" in body
    assert f"人民币{chinese_capital(total)}" in body
    for basis in {p.income_basis for p in products}:
        assert _compact(FORMULAS[basis]) in body
    # other banks and their terms, risk notes, the approval history
    assert COMPETITOR in body and _compact(COMPETITOR_TERMS) in body
    assert COMPETITOR_CONTACT in body and "2,600,000.00" in body
    assert "风险提示" in body
    assert "审批记录" in body and APPROVAL_NOTE in body and "待审批→已审批" in body
    assert "审批人签字" in body
    # personal data stays masked in the appendix too
    assert CREDIT_CODE not in body and MOBILE not in body
    assert all(f"第{n}页共{len(pages)}页" in pages[n - 1] for n in range(1, len(pages) + 1))


def test_appendix_names_risks_the_approver_must_weigh(db):
    proposal_id = make_proposal(db, lines=1)
    with db.transaction("测试经理") as session:
        line = pp.load_source(session, proposal_id).version.lines[0]
        line.product.min_amount = Decimal("50000000")
        name = line.product.name
    body = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, document=PackDocument.APPENDIX)))
    assert f"“{name}”金额1,000,000.00元低于起点金额50,000,000.00元" in body
    client_body = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id)))
    assert "低于起点金额" not in client_body


def test_manager_phone_and_email_are_checked_and_stored_as_settings(db):
    with db.transaction() as session:
        profile = get_profile(session)
        profile.phone, profile.email = "（0592）555 1234", "Ceshi@XMBank.com"
        stored = save_profile(session, profile)
    assert (stored.phone, stored.email) == (MANAGER_PHONE, "Ceshi@xmbank.com")
    with db.transaction() as session:
        profile = get_profile(session)
        profile.phone, profile.email = "12345", "ceshi.bank.com"
        with pytest.raises(ValidationError) as refused:
            save_profile(session, profile)
    assert {p.field for p in refused.value.problems} == {"phone", "email"}
    assert any("电子邮箱地址" in p.message for p in refused.value.problems)


def test_informal_proposal_has_no_capital_total(db):
    proposal_id = make_proposal(db, formal=False)
    body = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id)))
    assert "大写" not in body
    appendix = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, document=PackDocument.APPENDIX)))
    assert "大写" not in appendix and "方案性质建议方案" in appendix


def test_versions_print_what_they_held(db):
    proposal_id = make_proposal(db, versions=2)
    first = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, 1)))
    current = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id)))
    assert "第1版：" in first and "第2版：" in current
    with pytest.raises(NotFoundError, match="第 3 版"):
        pp.proposal_pack_pdf(db, proposal_id, 3)


def test_long_table_repeats_its_header(db):
    proposal_id = make_proposal(db, lines=70)
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id))
    table_pages = [page for page in pages if "利率/费率（年）" in page]
    assert len(table_pages) >= 2 and all("单笔费用×数量" in page for page in table_pages)
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id, document=PackDocument.APPENDIX))
    table_pages = [page for page in pages if "第35行" in page or "第70行" in page]
    assert len(table_pages) >= 2
    assert all("预计年收益（元）" in page and "净息差" in page for page in table_pages)


@pytest.mark.parametrize("document", list(PackDocument))
def test_unmasked_print_is_recorded(db, document):
    proposal_id = make_proposal(db)
    body = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, document=document,
                                               unmasked=True, actor="测试经理")))
    if document is PackDocument.APPENDIX:
        assert "未隐去个人信息" in body
        assert CREDIT_CODE in body
    else:  # the client keeps it: its footer speaks to the client, not of internal handling
        assert MOBILE in body
        assert "未隐去个人信息" not in body and "仅限内部使用" not in body
    with db.session() as session:
        lines = session.scalars(select(FileHistory).where(
            FileHistory.action == "print_unmasked", FileHistory.entity_id == proposal_id)).all()
        assert len(lines) == 1 and lines[0].actor == "测试经理"
        assert document.label in lines[0].summary


def test_batch_files_combined_and_cancel(db, tmp_path):
    ids = [make_proposal(db, client_name=f"客户{i}有限公司",
                         credit_code=make_uscc(f"9135020{i}MA2YYYYY1")) for i in range(3)]
    seen = []
    paths = pp.write_proposal_packs(db, ids, tmp_path, combined=False,
                                    progress=lambda done, total: seen.append((done, total)))
    assert len(paths) == 3 and seen[-1] == (3, 3)
    assert {p.name for p in paths} == {f"客户{i}有限公司-结算与融资综合服务方案-v1.pdf"
                                       for i in range(3)}
    combined = tmp_path / "all.pdf"
    pp.write_proposal_packs(db, ids, combined, combined=True)
    reader = PdfReader(combined)
    single = len(PdfReader(paths[0]).pages)
    assert len(reader.pages) == 3 * single
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        f"客户{i}有限公司 结算与融资综合服务方案（第 1 版）" for i in range(3)]
    # each pack starts on its own cover (footer only, no header)
    texts = [_compact(page.extract_text()) for page in reader.pages]
    assert all(f"致：客户{i}有限公司" in texts[i * single] for i in range(3))
    assert not any("内部资料" in text for text in texts)
    # the appendices of the same proposals, for approval
    appendices = pp.write_proposal_packs(db, ids, tmp_path, combined=False,
                                         document=PackDocument.APPENDIX)
    assert {p.name for p in appendices} == {
        f"客户{i}有限公司-结算与融资综合服务方案-v1-内部审批附件.pdf" for i in range(3)}
    combined = tmp_path / "appendices.pdf"
    pp.write_proposal_packs(db, ids, combined, combined=True, document=PackDocument.APPENDIX)
    reader = PdfReader(combined)
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        f"客户{i}有限公司 结算与融资综合服务方案（第 1 版）内部审批附件" for i in range(3)]
    texts = [_compact(page.extract_text()) for page in reader.pages]
    assert sum("服务方案内部审批附件内部资料注意保密" in text for text in texts) == 3
    target = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        pp.write_proposal_packs(db, ids, target, combined=True, cancelled=lambda: True)
    assert not target.exists()


def test_cli_report_proposal(db, data_dir, tmp_path):
    proposal_id = make_proposal(db)
    out = tmp_path / "pack.pdf"
    done = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), "report",
                           "proposal", proposal_id, "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已写出" in done.stdout and out.exists()
    missing = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir),
                              "report", "proposal", "nope", "-o", str(out)],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode == 1 and "找不到该服务方案" in missing.stderr
    combined = tmp_path / "day.pdf"
    batch = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), "report",
                            "proposals", proposal_id, proposal_id, "-o", str(combined),
                            "--combined"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert batch.returncode == 0, batch.stderr
    assert "已写出 1 份服务方案资料（合并）" in batch.stdout
    assert len(PdfReader(combined).pages) == len(PdfReader(out).pages)
    appendix = tmp_path / "appendix.pdf"
    done = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), "report",
                           "proposal", proposal_id, "--appendix", "-o", str(appendix)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已写出服务方案内部审批附件" in done.stdout
    assert COMPETITOR in "".join(_pages(appendix.read_bytes()))
    assert COMPETITOR not in "".join(_pages(out.read_bytes()))


def test_withdrawn_product_stays_readable_in_old_proposals(db):
    proposal_id = make_proposal(db, lines=1)
    with db.transaction("测试经理") as session:
        product = pp.load_source(session, proposal_id).version.lines[0].product
        product.active = False
        name = product.name
    pages = _pages(pp.proposal_pack_pdf(db, proposal_id))
    sheet = next(page for page in pages if f"产品名称{name}" in page)
    assert "该产品已停止办理新业务" in sheet


def test_phone_or_id_typed_into_a_title_or_name_is_masked_and_kept_out_of_file_names(
        db, tmp_path):
    from tests.helpers import make_id_number

    id_number = make_id_number("35020019900101123")
    proposal_id = make_proposal(db, client_name=f"陈先生{MOBILE}")
    with db.transaction("测试经理") as session:
        proposal = session.get(Proposal, proposal_id)
        proposal.title = f"陈先生（身份证 {id_number}）理财方案"
        version = session.scalars(select(ProposalVersion).where(
            ProposalVersion.proposal_id == proposal_id)).one()
        version.our_people = f"测试经理 {MOBILE}"
        for line in version.lines:
            line.term = f"联系 {MOBILE}"
        client = proposal.client
        client.industry = f"咨询 {MOBILE}"
        client.contacts[0].position = f"财务总监 {id_number}"
    for document in PackDocument:
        masked = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, document=document)))
        assert MOBILE not in masked and id_number not in masked
        assert "138****5678" in masked
        reader = PdfReader(io.BytesIO(pp.proposal_pack_pdf(db, proposal_id, document=document)))
        assert MOBILE not in (reader.metadata.title or "")
        assert all(MOBILE not in item.title for item in reader.outline
                   if not isinstance(item, list))
        paths = pp.write_proposal_packs(db, [proposal_id], tmp_path, combined=False,
                                        document=document)
        assert [p.name for p in paths] and all(
            MOBILE not in p.name and id_number not in p.name for p in paths)
        with db.session() as session:
            suggested = pp.pack_file_name(session, proposal_id, document=document)
        assert MOBILE not in suggested and id_number not in suggested
        unmasked = "".join(_pages(pp.proposal_pack_pdf(db, proposal_id, document=document,
                                                       unmasked=True)))
        assert MOBILE in unmasked and id_number in unmasked
