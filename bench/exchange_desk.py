"""The desk's export to head office (cmdesk.exchange.desk.export_changes):

- incremental export of a week: a demo desk (60 clients, a year of diary; 30 with
  --quick) already exported once, then a week of typical work through the change log
  (35 diary entries, 7 visit reports, 8 follow-ups, 10 client files and 10 contacts
  edited); the export of that week is timed (median of 5 writes of the same package,
  with `resend`) with the current week's plan attached as PDF and XLSX, and without.
  Goal ≤ 0.3 s.
- full export of 100,000 records (20,000 with --quick): clients, contacts, diary entries
  and audit lines written with bulk INSERTs (not timed), then one full export timed.
  Goal ≤ 5 s for 100,000.
Wall-clock and this process's CPU time are both printed: on a shared machine the wall
clock includes waiting for the CPU.

    .venv/bin/python -m bench.exchange_desk [--quick]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from cmdesk.demo import generate_demo
from cmdesk.exchange import keys as keymod
from cmdesk.exchange.desk import export_changes, install_hq_key
from cmdesk.models import (
    Client,
    Contact,
    DiaryEntry,
    FileHistory,
    FollowUp,
    VisitReport,
    new_id,
)
from cmdesk.services.settings import Profile, get_profile, save_profile
from cmdesk.storage.desk import open_desk

WEEK_GOAL_S = 0.3
FULL_GOAL_S = 5.0
FULL_RECORDS = 100_000
TIMED_RUNS = 5
SEED = 11
BENCH_PASSWORD = "bench-exchange-desk"


def _ready(path: Path) -> object:
    desk = open_desk(path, BENCH_PASSWORD)  # encrypted, as a real desk is
    with desk.db.transaction() as session:
        if not get_profile(session).is_complete:
            save_profile(session, Profile(name="王芳", employee_id="E2048", branch="思明支行"))
    install_hq_key(desk, keymod.public_key_file(keymod.generate_keys().public))
    return desk


def _a_week_of_work(desk, rng: random.Random, monday: date) -> None:
    with desk.db.session() as session:
        clients = list(session.scalars(select(Client).where(Client.deleted_at.is_(None))))
    for day in range(5):
        with desk.db.transaction("王芳") as session:
            for n in range(7):
                client = rng.choice(clients)
                entry = DiaryEntry(entry_date=monday + timedelta(days=day), kind="visit" if n < 2 else "call",
                                   client_id=client.id, content=f"与{client.name}沟通融资需求和结算安排" * 3,
                                   outcome="客户同意下周提供报表", next_step="准备授信方案")
                session.add(entry)
                session.flush()
                if n == 0 or (n == 1 and day < 2):
                    session.add(VisitReport(entry_id=entry.id, place="客户办公室", purpose="了解扩产计划",
                                            discussion="客户计划新增生产线，需要中长期贷款" * 4))
                if n in (0, 3) and day < 4:
                    session.add(FollowUp(client_id=client.id, entry_id=entry.id, request="利率优惠申请",
                                         department="公司业务部", due_date=monday + timedelta(days=7)))
            for client in rng.sample(clients, 2):
                live = session.get(Client, client.id)
                live.notes = (live.notes or "") + f"；{monday + timedelta(days=day)} 跟进"
                contact = session.scalars(select(Contact).where(Contact.client_id == client.id)).first()
                if contact is not None:
                    contact.notes = (contact.notes or "") + "；更新联系方式"


def bench_week(root: Path, clients: int) -> dict[str, float]:
    desk = _ready(root / "week")
    try:
        today = date.today()
        generate_demo(desk.db, clients=clients, seed=SEED, today=today)
        export_changes(desk, root, full=True)
        _a_week_of_work(desk, random.Random(SEED), today - timedelta(days=today.weekday()))
        first = export_changes(desk, root / "week.cmdx")
        timings = {}
        for attach in (True, False):
            runs, cpu = [], []
            for _ in range(TIMED_RUNS):
                started, started_cpu = time.perf_counter(), time.process_time()
                export_changes(desk, root / "week-again.cmdx", resend=first.sequence,
                               attach_week_plan=attach)
                runs.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            key = "with_plan" if attach else "data_only"
            timings[key] = statistics.median(runs)
            timings[key + "_cpu"] = statistics.median(cpu)
        timings["records"] = first.records
        timings["bytes"] = first.size
        return timings
    finally:
        desk.close()


def _fill(desk, records: int) -> int:
    """Clients, contacts, diary entries and audit lines, ~`records` rows in all."""
    rng = random.Random(SEED)
    n_clients = records // 20
    now = datetime(2026, 11, 20, 9, 0)
    rows_written = 0
    with desk.db.transaction() as session:
        client_ids = [new_id() for _ in range(n_clients)]
        session.execute(insert(Client), [
            {"id": cid, "kind": "company", "name": f"测试客户{i:06d}有限公司", "industry": "制造业",
             "region": "厦门", "address": "思明区湖滨南路 100 号", "notes": "重点客户，年内计划扩产" * 3,
             "created_at": now, "updated_at": now, "revision": 1} for i, cid in enumerate(client_ids)])
        contacts = [{"id": new_id(), "client_id": rng.choice(client_ids), "name": "陈总",
                     "position": "财务总监", "phone": f"139{rng.randrange(10**8):08d}",
                     "created_at": now, "updated_at": now, "revision": 1}
                    for _ in range(n_clients * 3)]
        session.execute(insert(Contact), contacts)
        diary = [{"id": new_id(), "client_id": rng.choice(client_ids), "kind": "visit",
                  "entry_date": date(2026, 1, 1) + timedelta(days=rng.randrange(320)),
                  "content": "走访客户，了解资金需求、结算量和他行合作情况" * 4,
                  "outcome": "客户有意向", "next_step": "提交方案",
                  "created_at": now, "updated_at": now, "revision": 1}
                 for _ in range(n_clients * 10)]
        session.execute(insert(DiaryEntry), diary)
        lines = records - n_clients * 14
        session.execute(insert(FileHistory), [
            {"id": new_id(), "client_id": rng.choice(client_ids), "entity": "clients",
             "entity_id": rng.choice(client_ids), "action": "update", "field": "notes",
             "old_value": "旧备注", "new_value": "新备注", "summary": "测试客户", "actor": "王芳",
             "at": now, "seq": seq + 1_000_000, "desk_id": "bench", "prev_hash": "0" * 64,
             "row_hash": "1" * 64} for seq in range(lines)])
        rows_written = n_clients * 14 + lines
    return rows_written


def bench_full(root: Path, records: int) -> dict[str, float]:
    desk = _ready(root / "full")
    try:
        written = _fill(desk, records)
        started, started_cpu = time.perf_counter(), time.process_time()
        result = export_changes(desk, root, full=True, attach_week_plan=False)
        seconds = time.perf_counter() - started
        return {"records": result.records, "filled": written, "seconds": seconds,
                "cpu": time.process_time() - started_cpu, "bytes": result.size}
    finally:
        desk.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="desk export benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller desks")
    args = parser.parse_args(argv)
    clients = 30 if args.quick else 60
    records = 20_000 if args.quick else FULL_RECORDS
    with tempfile.TemporaryDirectory(prefix="cmdesk-bench-exchange-") as folder:
        root = Path(folder)
        week = bench_week(root, clients)
        print(f"incremental export of a week ({clients} demo clients, {week['records']:.0f} records, "
              f"{week['bytes'] / 1024:.0f} KiB): with week plan PDF+XLSX {week['with_plan']:.3f} s "
              f"(CPU {week['with_plan_cpu']:.3f} s), data only {week['data_only']:.3f} s "
              f"(CPU {week['data_only_cpu']:.3f} s)  (goal ≤ {WEEK_GOAL_S} s)")
        full = bench_full(root, records)
        rate = full["records"] / full["seconds"]
        scaled = full["seconds"] * FULL_RECORDS / full["records"]
        print(f"full export of {full['records']:,.0f} records ({full['bytes'] / 1e6:.1f} MB): "
              f"{full['seconds']:.2f} s (CPU {full['cpu']:.2f} s), {rate:,.0f} records/s"
              + (f" (≈ {scaled:.2f} s for {FULL_RECORDS:,})" if records != FULL_RECORDS else "")
              + f"  (goal ≤ {FULL_GOAL_S} s for {FULL_RECORDS:,})")


if __name__ == "__main__":
    main()
