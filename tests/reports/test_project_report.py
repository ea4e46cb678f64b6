"""The 立项建议书 PDF read back with pypdf (facts, sections, team, milestones, log, masked
phones, page numbers), the unmasked print in the audit trail, and the CLI commands
`report project` and `projects list`."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from cmdesk.models import FileHistory
from cmdesk.reports import project_report as pr
from cmdesk.services import clients as clients_svc
from cmdesk.services import projects

ROOT = Path(__file__).resolve().parents[2]
MOBILE = "13912345678"


def _text(data: bytes) -> tuple[str, int]:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages)), len(pages)


def make_project(db, logs: int = 2) -> str:
    with db.transaction("测试经理") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门港务集团有限公司", "tier": "核心"}))
        project_id = projects.save_project(session, projects.ProjectDraft(
            fields={"client_id": client_id, "title": "港口结算及供应链融资项目",
                    "opportunity": "集团新建码头", "expected_scale": "5亿",
                    "expected_income": "120万", "competitors": "工行、建行",
                    "strategy": "以结算带存款", "resources": "总行审批绿色通道",
                    "risks": f"集团负债率偏高；对方联系人 {MOBILE}"},
            members=[{"name": "张立", "role": "leader", "department": "公司业务部",
                      "phone": MOBILE},
                     {"name": "李梅", "role": "product", "department": "交易银行部"}],
            milestones=[{"title": "高层拜访", "due_date": "2026-12-01"}]))
        for i in range(logs):
            projects.add_log(session, project_id, {"log_date": date(2026, 11, 1 + i % 28),
                                                   "text": f"第{i + 1}条日志：跟进结算方案"})
        projects.change_status(session, project_id, "submitted", on=date(2026, 11, 20))
        return project_id


def test_project_report_reads_back(db):
    project_id = make_project(db)
    text, pages = _text(pr.project_report_pdf(db, project_id))
    for expected in ("大型客户立项建议书", "厦门港务集团有限公司", "港口结算及供应链融资项目",
                     "待审批", "500,000,000.00元（50,000.00万元）", "1,200,000.00元",
                     "一、项目机会集团新建码头", "二、竞争对手工行、建行", "三、营销策略以结算带存款",
                     "四、所需资源总行审批绿色通道", "五、风险及防范", "六、项目小组",
                     "张立组长公司业务部139****5678", "李梅业务经理（方案设计）交易银行部",
                     "七、里程碑", "高层拜访2026-12-01未完成", "八、项目日志",
                     "第2条日志", "状态：草稿→待审批", "项目组长签字", "审批人签字",
                     f"第1页共{pages}页"):
        assert expected in text, expected
    assert MOBILE not in text


def test_long_log_flows_over_pages_and_unmasked_print_is_recorded(db):
    project_id = make_project(db, logs=120)
    text, pages = _text(pr.project_report_pdf(db, project_id, unmasked=True, actor="测试经理"))
    assert pages >= 3 and "第120条日志" in text and MOBILE in text
    with db.session() as session:
        recorded = session.scalars(select(FileHistory).where(
            FileHistory.action == "print_unmasked", FileHistory.entity_id == project_id)).all()
        assert len(recorded) == 1


def _cmdesk(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_report_project_and_projects_list(db, data_dir, tmp_path):
    project_id = make_project(db)
    out = tmp_path / "project.pdf"
    done = _cmdesk(data_dir, "report", "project", project_id, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "已写出立项建议书" in done.stdout and "立项建议书" in _text(out.read_bytes())[0]
    listed = _cmdesk(data_dir, "projects", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["title"], r["status"], r["leader"]) for r in rows] == [
        (project_id, "港口结算及供应链融资项目", "submitted", "张立")]
    plain = _cmdesk(data_dir, "projects", "list")
    assert "待审批" in plain.stdout and "共 1 个立项" in plain.stdout
    missing = _cmdesk(data_dir, "report", "project", "nope", "-o", str(out))
    assert missing.returncode == 1 and "找不到立项" in missing.stderr
