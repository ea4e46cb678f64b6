"""`cmdesk loans …` and `cmdesk risk …` run as a manager would: a real process on a temp
data folder — template, import with a bad row reported, list and show, a signal that
tags the client, checks due, and the printouts written."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from cmdesk.storage.desk import open_desk
from cmdesk.services import clients as clients_svc

ROOT = Path(__file__).resolve().parents[1]


def cmdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir),
                           "--no-encryption", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_loans_and_risk_commands(tmp_path):
    data = tmp_path / "data"
    desk = open_desk(data, no_encryption=True)
    with desk.db.transaction() as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
    desk.close()

    template = tmp_path / "贷款台账.xlsx"
    assert cmdesk(data, "loans", "template", "-o", str(template)).returncode == 0
    book = load_workbook(template)
    sheet = book["贷款台账"]
    headers = [cell.value for cell in sheet[1]]
    rows = [{"客户名称": "厦门港务集团有限公司", "合同编号": "XM-001", "贷款品种": "流动资金贷款",
             "合同金额": "500万", "贷款余额": "300万", "起始日": "2020-06-10", "到期日": "2099-06-10"},
            {"客户名称": "厦门港务集团有限公司", "合同编号": "XM-002", "贷款品种": "流动资金贷款",
             "合同金额": "100万", "贷款余额": "300万", "起始日": "2020-06-10", "到期日": "2099-06-10"}]
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    book.save(template)
    result = cmdesk(data, "loans", "import", str(template))
    assert result.returncode == 1
    assert "第 3 行「贷款余额」：贷款余额不能大于合同金额" in result.stderr
    assert "已导入 1 笔贷款，拒绝 1 行。" in result.stdout

    listed = json.loads(cmdesk(data, "loans", "list", "--json").stdout)
    assert [(loan["contract_no"], loan["balance"]) for loan in listed] == [("XM-001", "3000000.00")]
    shown = cmdesk(data, "loans", "show", "XM-001")
    assert "合同金额（元）：5000000.00" in shown.stdout and "担保方式：信用" in shown.stdout
    assert cmdesk(data, "loans", "show", "NONE").stderr.startswith("错误：台账中没有合同编号为 NONE")

    signal = cmdesk(data, "risk", "signal", "--client", client_id, "--type", "涉诉涉执",
                    "--found-on", "2026-12-01", "--source", "法院公告", "--cause", "被起诉")
    assert signal.returncode == 0 and "客户已标为关注" in signal.stdout
    bad = cmdesk(data, "risk", "signal", "--client", client_id, "--type", "天气",
                 "--found-on", "2026-12-01", "--source", "法院公告", "--cause", "x")
    assert bad.returncode == 1 and "信号类型：“天气”不在可选项中" in bad.stderr
    signals = json.loads(cmdesk(data, "risk", "signals", "--open", "--json").stdout)
    assert [s["type_label"] for s in signals] == ["涉诉涉执"]

    due = cmdesk(data, "risk", "checks", "--due")
    assert "厦门港务集团有限公司" in due.stdout and "共 1 户应做贷后检查。" in due.stdout

    watch_pdf, watch_xlsx = tmp_path / "watch.pdf", tmp_path / "watch.xlsx"
    assert cmdesk(data, "risk", "report", "watch", "-o", str(watch_pdf)).returncode == 0
    assert cmdesk(data, "risk", "report", "watch", "-o", str(watch_xlsx)).returncode == 0
    text = "".join("".join(page.extract_text() for page in PdfReader(watch_pdf).pages).split())
    assert "预警客户清单" in text and "厦门港务集团有限公司" in text
    assert load_workbook(watch_xlsx)["预警客户清单"]["B3"].value == "厦门港务集团有限公司"
    month = cmdesk(data, "risk", "report", "month", "--month", "2026-12", "-o",
                   str(tmp_path / "month.xlsx"))
    assert month.returncode == 0 and "2026-12 贷后检查清单" in month.stdout
