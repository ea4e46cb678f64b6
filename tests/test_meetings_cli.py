"""`cmdesk meetings list|show|print` run as a manager would: a real process on a temp
data folder with one meeting's minutes; the listing, the minutes shown (a phone in the
text masked), a missing id refused in words, and the printed PDF read back."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from cmdesk.services import clients as clients_svc
from cmdesk.services import meetings
from cmdesk.storage.desk import open_desk

ROOT = Path(__file__).resolve().parents[1]


def cmdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir),
                           "--no-encryption", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)


def test_meetings_commands(tmp_path):
    data = tmp_path / "data"
    desk = open_desk(data, no_encryption=True)
    with desk.db.transaction("测试经理") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        meeting_id = meetings.save_meeting(session, meetings.MeetingDraft(
            fields={"meeting_date": "2026-12-07", "title": "十二月第一周例会", "chair": "王主任",
                    "attendees": "王主任、测试经理、李梅", "decisions": "年末存款冲刺"},
            reports=[{"speaker": "测试经理", "text": "财务总监手机 13912345678，已约下周见面"}],
            actions=[{"text": "落实结算方案报价", "owner": "测试经理", "client_id": client_id,
                      "due_date": "2026-12-14"}]))
    desk.close()

    listed = json.loads(cmdesk(data, "meetings", "list", "--json").stdout)
    assert [(m["id"], m["meeting_date"], m["attendees"], m["actions"]) for m in listed] == [
        (meeting_id, "2026-12-07", 3, 1)]
    assert cmdesk(data, "meetings", "list", "--since", "2026-12-08").stdout.strip() == \
        "还没有例会纪要。"

    shown = cmdesk(data, "meetings", "show", meeting_id)
    assert shown.returncode == 0
    assert "参会人员：王主任、测试经理、李梅" in shown.stdout
    assert "落实结算方案报价  承办：测试经理  客户：厦门港务集团有限公司  期限：2026-12-14  督办：待办" \
        in shown.stdout
    assert "13912345678" not in shown.stdout and "测试经理：财务总监手机" in shown.stdout
    missing = cmdesk(data, "meetings", "show", "no-such-id")
    assert missing.returncode != 0 and "找不到会议纪要 no-such-id" in missing.stderr

    pdf = tmp_path / "纪要.pdf"
    printed = cmdesk(data, "meetings", "print", meeting_id, "-o", str(pdf))
    assert printed.returncode == 0 and str(pdf) in printed.stdout
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    for expected in ("客户经理工作例会纪要", "十二月第一周例会", "王主任、测试经理、李梅",
                     "年末存款冲刺", "落实结算方案报价", "厦门港务集团有限公司", "2026-12-14"):
        assert expected in text
    assert "13912345678" not in text
