"""Visit-report PDFs: one report warm (goal ≤ 50 ms) and the month-end pack of 100 reports.

A fresh desk in a temp folder gets a month of realistic visits (report form filled,
a few follow-ups, a discussion of some hundred characters). "Warm" means the font is
registered and the process has rendered once: the figure a manager feels on the second
print. Each timing includes reading the visit from the database.
"""
from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.timing import latency_summary
from cmdesk.reports import visit_report
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary
from cmdesk.services.catalogue import list_products
from cmdesk.services.settings import Profile, save_profile
from cmdesk.storage.desk import open_desk

SINGLE_WARM_GOAL_MS = 50.0
MONTH_START = date(2026, 11, 1)
DISCUSSION = ("客户财务总监介绍了今年的经营情况：销售收入同比增长百分之十二，出口订单增加，"
              "应收账款周转放缓。客户计划明年扩建二期厂房，预计需要固定资产贷款三千万元，"
              "并希望把代发工资和结算业务从他行迁到我行。我方介绍了代发工资、企业网银、"
              "单位结算卡和供应链融资的办理流程和费率，客户对网银的审批流程提出了改进意见。") * 3


def _fill_month(db, visits: int) -> list[str]:
    with db.transaction() as session:
        save_profile(session, Profile(name="李明", employee_id="B001", grade="高级客户经理",
                                      branch="某某银行厦门分行思明支行", supervisor="陈主管"))
        products = [p.id for p in list_products(session)[:3]]
    entry_ids = []
    with db.transaction("李明") as session:
        client_ids = [clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": f"厦门测试{i:02d}科技有限公司", "tier": "重点"},
            contacts=[{"name": "王五", "position": "财务总监", "phone": "13812345678"}]))
            for i in range(20)]
        for i in range(visits):
            draft = diary.EntryDraft(fields={
                "entry_date": MONTH_START + timedelta(days=i % 28), "start_time": "9:30",
                "kind": "visit", "client_id": client_ids[i % len(client_ids)],
                "content": "走访客户财务部", "outcome": "客户同意试点",
                "next_step": "下周提交方案"})
            draft.visit_report = {
                "place": "客户办公室", "our_participants": "李明、张三", "purpose": "了解结算需求",
                "discussion": DISCUSSION, "needs_found": "代发工资、企业网银、供应链融资",
                "client_reaction": "积极", "important_changes": "", "service_view": "满意",
                "client_participants": [{"name": "王五", "position": "财务总监"}],
                "products_recommended": products}
            draft.follow_ups = [{"request": f"第{n}项：开通企业网银并调整审批流程",
                                 "department": "电子银行部", "chaser": "张三",
                                 "due_date": MONTH_START + timedelta(days=30), "status": "open"}
                                for n in range(3)]
            entry_ids.append(diary.save_entry(session, draft))
    return entry_ids


def run(quick: bool) -> dict[str, object]:
    """Time one report cold and warm, and the month-end pack; the figures as a dict."""
    pack_size = 20 if quick else 100
    warm_runs = 10 if quick else 30
    with tempfile.TemporaryDirectory(prefix="cmdesk-bench-pdf-") as folder:
        desk = open_desk(Path(folder) / "desk")
        try:
            entry_ids = _fill_month(desk.db, pack_size)
            started = time.perf_counter()
            first = visit_report.visit_report_pdf(desk.db, entry_ids[0])
            cold_ms = (time.perf_counter() - started) * 1000
            warm, warm_cpu = [], []
            for i in range(warm_runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                visit_report.visit_report_pdf(desk.db, entry_ids[i % len(entry_ids)])
                warm.append((time.perf_counter() - started) * 1000)
                warm_cpu.append((time.process_time() - started_cpu) * 1000)
            started = time.perf_counter()
            count = visit_report.write_visit_pack(
                desk.db, MONTH_START, MONTH_START + timedelta(days=29), Path(folder) / "pack.pdf")
            pack_seconds = time.perf_counter() - started
            pack_bytes = (Path(folder) / "pack.pdf").stat().st_size
        finally:
            desk.close()
    single = latency_summary(warm)
    return {
        "single_cold_ms": round(cold_ms, 1),
        "single_warm": single,
        # CPU time of the same runs: the figure to trust when the machine is busy
        "single_warm_cpu": latency_summary(warm_cpu),
        "single_bytes": len(first),
        "single_warm_goal_ms": SINGLE_WARM_GOAL_MS,
        "single_warm_goal_met": single["p50_ms"] <= SINGLE_WARM_GOAL_MS,
        "pack_reports": count,
        "pack_seconds": round(pack_seconds, 2),
        "pack_ms_per_report": round(pack_seconds * 1000 / count, 1),
        "pack_bytes": pack_bytes,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), ensure_ascii=False, indent=2))
