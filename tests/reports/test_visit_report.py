"""Visit-report PDFs: read back with pypdf — the Chinese content, masking, the embedded
font, long text over pages, page numbers, the month-end pack, cancel, and the CLI."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cmdesk.errors import Cancelled, CmdeskError
from cmdesk.models import FileHistory
from cmdesk.reports import visit_report as vr
from cmdesk.domain.identifiers import mask_free_text
from cmdesk.reports.style import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary
from cmdesk.services.catalogue import list_products
from tests.helpers import make_id_number, make_uscc

ROOT = Path(__file__).resolve().parents[2]
MOBILE = "13812345678"
TEXT_MOBILE = "13987654321"
ID_NUMBER = make_id_number("11010519491231002")
ACCOUNT = "6222021234567890123"
CLIENT = "厦门鹭易科技有限公司"
CREDIT_CODE = make_uscc("91350200MA2XXXXX1")


# --------------------------------------------------------------------------- helpers

def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def _page_texts(reader: PdfReader) -> list[str]:
    return [_compact(page.extract_text()) for page in reader.pages]


def _body_text(reader: PdfReader) -> str:
    """The text inside the body frame of every page (header and footer left out), so text
    flowing over a page break reads as one."""
    parts: list[str] = []

    def keep_body(text, cm, tm, _font, _size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if MARGIN_BOTTOM - 1 <= y <= PAGE_HEIGHT - MARGIN_TOP + 1:
            parts.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=keep_body)
    return _compact("".join(parts))


def _save_client(db, name=CLIENT, **fields):
    with db.transaction("测试经理") as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心", **fields},
            contacts=[{"name": "王五", "position": "财务总监", "phone": MOBILE}]))


def _save_visit(db, client_id, day="2026-11-20", discussion="代发工资迁移到我行", follow_ups=None,
                kind="visit"):
    with db.session() as session:
        contact = clients_svc.get_client(session, client_id).contacts[0]
        product = list_products(session)[0]
    draft = diary.EntryDraft(fields={
        "entry_date": day, "start_time": "9:30", "kind": kind, "client_id": client_id,
        "content": "拜访财务总监", "outcome": "客户同意试点", "next_step": "下周提交方案",
        "duration_minutes": "45"})
    draft.contacts_met = [{"id": contact.id, "name": contact.name, "position": contact.position}]
    if kind == "visit":
        draft.visit_report = {
            "place": "客户办公室", "our_participants": "测试经理、张三", "purpose": "了解代发需求",
            "discussion": discussion, "needs_found": "代发工资、企业网银",
            "client_reaction": "态度积极", "important_changes": "法定代表人变更为赵六",
            "important_change_flag": True, "service_view": "柜台排队时间长",
            "next_visit_date": "2026-12-01",
            "client_participants": [{"name": "王五", "position": "财务总监"},
                                    {"name": "赵六", "position": "总经理"}],
            "products_recommended": [product.id]}
        draft.follow_ups = follow_ups if follow_ups is not None else [
            {"request": "开通企业网银", "department": "电子银行部", "chaser": "张三",
             "due_date": "2026-11-25", "status": "with_department", "result": "已提交申请"},
            {"request": "下调代发手续费", "department": "公司业务部", "chaser": "李四",
             "due_date": "2026-11-30", "status": "open"}]
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, draft)


def _render(db, entry_id, unmasked=False) -> PdfReader:
    with db.session() as session:
        return _reader(vr.render_visit_report(session, entry_id, unmasked=unmasked))


@pytest.fixture
def client_id(db):
    return _save_client(db)


@pytest.fixture
def entry_id(db, client_id):
    return _save_visit(db, client_id, discussion=(
        f"客户财务总监手机 {TEXT_MOBILE}，法人身份证号 {ID_NUMBER}，结算账户 {ACCOUNT}。"
        "讨论代发工资迁移到我行。"))


def _history(db, action):
    with db.session() as session:
        return list(session.scalars(select(FileHistory).where(FileHistory.action == action)))


# --------------------------------------------------------------------------- one report

def test_the_report_holds_every_part_of_the_visit(db, entry_id):
    with db.session() as session:
        product = list_products(session)[0]
    text = "".join(_page_texts(_render(db, entry_id)))
    for expected in ["访客报告", CLIENT, "核心", "2026-11-20（星期五）", "09:30，45分钟",
                     "客户办公室",
                     "测试经理、张三", "王五（财务总监）、赵六（总经理）", "了解代发需求",
                     "讨论代发工资迁移到我行", "代发工资、企业网银", product.name, "态度积极",
                     "法定代表人变更为赵六", "需向主管报告：是（尚未报告）", "柜台排队时间长",
                     "2026-12-01", "拜访财务总监", "客户同意试点", "下周提交方案",
                     # header: branch, manager and grade from the profile; footer
                     "测试支行", "客户经理：测试经理", "生成时间：", "客户经理签字：",
                     "主管签字："]:
        assert _compact(expected) in text, expected
    # the follow-ups, one table row each: request, department, chaser, due, status, result
    assert "1开通企业网银电子银行部张三2026-11-25已转部门已提交申请" in text
    assert "2下调代发手续费公司业务部李四2026-11-30待办" in text


def test_personal_information_is_masked_by_default(db, entry_id):
    text = "".join(_page_texts(_render(db, entry_id)))
    for clear in (MOBILE, TEXT_MOBILE, ID_NUMBER, ACCOUNT):
        assert clear not in text
    for masked in ("138****5678", "139****4321", ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1],
                   "622202*********0123", "个人信息已隐去"):
        assert masked in text
    assert _history(db, vr.PRINT_UNMASKED) == []


def test_unmasked_prints_as_written_and_is_recorded_in_the_history(db, client_id, entry_id,
                                                                   tmp_path):
    path = vr.write_visit_report(db, entry_id, tmp_path / "v.pdf", unmasked=True, actor="测试经理")
    text = "".join(_page_texts(_reader(path.read_bytes())))
    for clear in (MOBILE, TEXT_MOBILE, ID_NUMBER, ACCOUNT, "未隐去个人信息"):
        assert clear in text
    assert "138****5678" not in text
    [line] = _history(db, vr.PRINT_UNMASKED)
    assert (line.entity, line.entity_id, line.client_id, line.actor) == (
        "diary_entries", entry_id, client_id, "测试经理")
    vr.write_visit_report(db, entry_id, tmp_path / "masked.pdf")
    assert len(_history(db, vr.PRINT_UNMASKED)) == 1  # a masked print records nothing


def test_an_individual_clients_id_number_is_masked(db):
    client_id = _save_client(db, "陈小姐", kind="individual", id_number=ID_NUMBER)
    text = "".join(_page_texts(_render(db, _save_visit(db, client_id))))
    assert "证件号码" in text and ID_NUMBER not in text
    assert ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1] in text


def test_the_cjk_font_is_embedded_as_a_subset(db, entry_id):
    reader = _render(db, entry_id)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert font["/Subtype"] == "/TrueType", name  # no Type0/CID font, no standard Type1
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name  # a subset
        assert "/FontFile2" in font["/FontDescriptor"], name  # embedded


def test_a_10000_character_discussion_flows_over_pages_and_is_all_there(db, client_id):
    discussion = "".join(f"第{i:04d}句：客户介绍了经营情况和融资需求，希望我行提供结算服务。"
                         for i in range(400))[:10_000]
    entry_id = _save_visit(db, client_id, discussion=discussion)
    reader = _render(db, entry_id)
    assert len(reader.pages) >= 4
    assert _compact(discussion) in _body_text(reader)


def test_every_page_says_which_page_of_how_many(db, client_id):
    follow_ups = [{"request": f"第{i}项：客户提出的问题", "department": "公司业务部",
                   "status": "open"} for i in range(60)]
    reader = _render(db, _save_visit(db, client_id, follow_ups=follow_ups))
    pages = _page_texts(reader)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"第{number}页共{len(pages)}页" in text
    # the follow-up table goes on over the pages, its header row repeated on each
    body = _body_text(reader)
    assert all(f"第{i}项：客户提出的问题" in body for i in range(60))
    assert sum("客户提出的问题责任部门督办人" in text for text in pages) >= 2


def test_only_a_visit_has_a_visit_report(db, client_id):
    call_id = _save_visit(db, client_id, kind="call")
    with db.session() as session, pytest.raises(CmdeskError, match="只有走访"):
        vr.render_visit_report(session, call_id)


@pytest.mark.parametrize("text,expected", [
    ("电话 138-1234-5678。", "电话 138****5678。"),
    ("+86 13812345678", "138****5678"),
    ("证件 11010519491231002x 号", "证件 1****************X 号"),
    ("卡号 6222 0212 3456 7890", "卡号 622202******7890"),
    (f"代码{CREDIT_CODE}", f"代码9{'*' * 16}{CREDIT_CODE[-1]}"),
    ("贷款 5000000 元，2026-11-20 到期，ABCDEFGHIJKLMNOPQR", None),
])
def test_personal_information_inside_free_text_is_masked(text, expected):
    assert mask_free_text(text) == (text if expected is None else expected)


# --------------------------------------------------------------------------- the pack

@pytest.fixture
def month(db, client_id):
    """Three visits in November (one long), one in December and a call in November."""
    other = _save_client(db, "泉州闽南纺织有限公司")
    ids = [_save_visit(db, client_id, "2026-11-03"),
           _save_visit(db, other, "2026-11-12", discussion="经营稳定。" * 1500),
           _save_visit(db, client_id, "2026-11-28")]
    _save_visit(db, client_id, "2026-12-02")
    _save_visit(db, other, "2026-11-15", kind="call")
    return ids


def test_the_pack_has_a_cover_contents_and_every_report(db, month, tmp_path):
    calls = []
    path = tmp_path / "pack.pdf"
    count = vr.write_visit_pack(db, date(2026, 11, 1), date(2026, 11, 30), path,
                                progress=lambda done, total: calls.append((done, total)))
    assert count == 3
    assert calls[-1] == (6, 6) and [done for done, _ in calls] == list(range(1, 7))
    reader = _reader(path.read_bytes())
    texts = _page_texts(reader)
    assert "访客报告汇总" in texts[0] and "2026-11-01至2026-11-30" in texts[0] and "3份" in texts[0]
    assert "测试经理（客户经理）" in texts[0]
    # one outline entry per report, in date order, each on the page the contents name
    outline = reader.outline
    assert [item.title for item in outline] == [
        f"2026-11-03 {CLIENT}", "2026-11-12 泉州闽南纺织有限公司", f"2026-11-28 {CLIENT}"]
    starts = [reader.get_destination_page_number(item) for item in outline]
    for i, (item, start) in enumerate(zip(outline, starts), 1):
        client = item.title.split(" ", 1)[1]
        assert re.search(rf"{i}{client}{item.title[:10]}（星期.）{start + 1}", texts[1])
        assert texts[start].startswith("访客报告") or "访客报告" + client in texts[start]
    # every report starts on a new page; the pack has exactly their pages plus two
    with db.session() as session:
        alone = [len(_reader(vr.render_visit_report(session, entry_id)).pages)
                 for entry_id in month]
    assert starts == [2, 2 + alone[0], 2 + alone[0] + alone[1]]
    assert len(reader.pages) == 2 + sum(alone)
    assert f"第{len(texts)}页共{len(texts)}页" in texts[-1]
    assert "2026-12-02" not in "".join(texts[2:])  # December is not in November's pack


def test_cancel_stops_the_pack_and_writes_nothing(db, month, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    path = out / "pack.pdf"
    path.write_bytes(b"last month's pack")
    asked = []

    def cancelled():
        asked.append(True)
        return len(asked) >= 2

    with pytest.raises(Cancelled):
        vr.write_visit_pack(db, date(2026, 11, 1), date(2026, 11, 30), path, cancelled=cancelled)
    assert len(asked) == 2  # asked between reports, stopped at once
    assert path.read_bytes() == b"last month's pack"
    assert [p.name for p in out.iterdir()] == ["pack.pdf"]


def test_a_period_without_visits_is_refused(db, month, tmp_path):
    with pytest.raises(CmdeskError, match="没有"):
        vr.write_visit_pack(db, date(2026, 1, 1), date(2026, 1, 31), tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()


# --------------------------------------------------------------------------- the CLI

def _cmdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_cli_prints_one_report_and_a_pack(desk, month, tmp_path):
    data_dir = desk.paths.root
    one = _cmdesk(data_dir, "report", "visit", month[0], "-o", str(tmp_path / "one.pdf"))
    assert one.returncode == 0, one.stderr
    assert CLIENT in "".join(_page_texts(_reader((tmp_path / "one.pdf").read_bytes())))
    unmasked = _cmdesk(data_dir, "report", "visit", month[0], "-o", str(tmp_path / "u.pdf"),
                       "--unmasked")
    assert unmasked.returncode == 0, unmasked.stderr
    assert MOBILE in "".join(_page_texts(_reader((tmp_path / "u.pdf").read_bytes())))
    assert [line.actor for line in _history(desk.db, vr.PRINT_UNMASKED)] == ["测试经理"]
    pack = _cmdesk(data_dir, "report", "visits", "--from", "2026-11-01", "--to", "2026-11-30",
                   "-o", str(tmp_path / "pack.pdf"))
    assert pack.returncode == 0, pack.stderr
    assert "3 份" in pack.stdout
    assert len(_reader((tmp_path / "pack.pdf").read_bytes()).outline) == 3


def test_cli_errors_are_in_chinese_with_a_non_zero_exit(desk, month, tmp_path):
    data_dir = desk.paths.root
    missing = _cmdesk(data_dir, "report", "visit", "no-such-entry", "-o", str(tmp_path / "x.pdf"))
    assert missing.returncode == 1 and "找不到日志" in missing.stderr
    empty = _cmdesk(data_dir, "report", "visits", "--from", "2026-01-01", "--to", "2026-01-31",
                    "-o", str(tmp_path / "x.pdf"))
    assert empty.returncode == 1 and "没有" in empty.stderr
    assert not (tmp_path / "x.pdf").exists()
