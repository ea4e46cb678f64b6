"""`python -m bench.hq_import [--quick] [--managers N] [--clients N] [--url URL]`:
head office imports a year of work from many managers into PostgreSQL.

One demo desk's last year (generate_demo, then the diary cut to the 365 days before
its "today") is the template; each simulated manager's package is that template with
every id varied (the first 8 hex digits of each UUID become the manager's number), its
own manager id and name, and its own desk key, sealed with the real package code. The
packages are imported with the real importer (`cmdesk.hq.importer`) into an empty
head-office database; then the same rows (as the packages carry them, opened outside
the clock) are loaded into a second empty database with PostgreSQL's COPY — the floor.
Goal: import ≤ 3 × the COPY floor.

PostgreSQL comes from --url, else $CMDESK_TEST_PG_URL (`./dev bench` starts a
throwaway server and sets it).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

GOAL_RATIO = 3.0
TODAY = date(2026, 11, 20)
_UUID = re.compile(r'"[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")')


def _year_of_work(clients: int) -> dict[str, list[dict[str, Any]]]:
    """One desk's records of the last year, in JSON form (what a full export carries)."""
    from sqlalchemy import select

    from cmdesk.demo import generate_demo
    from cmdesk.exchange.records import ENTITIES, encode_values
    from cmdesk.storage.desk import open_desk

    folder = Path(tempfile.mkdtemp(prefix="cmdesk-bench-hq-desk-"))
    try:
        desk = open_desk(folder, no_encryption=True)
        generate_demo(desk.db, clients=clients, seed=1, today=TODAY)
        with desk.db.session() as session:
            entities = {entity: [encode_values(entity, row) for row in
                                 session.execute(select(model.__table__)).mappings()]
                        for entity, model in ENTITIES.items()}
        desk.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    start = (TODAY - timedelta(days=365)).isoformat()
    dropped = {row["id"] for row in entities["diary_entries"] if row["entry_date"] < start}
    entities["diary_entries"] = [r for r in entities["diary_entries"] if r["id"] not in dropped]
    entities["visit_reports"] = [r for r in entities["visit_reports"] if r["entry_id"] not in dropped]
    for entity in ("follow_ups", "plan_items", "loan_checks"):
        for row in entities[entity]:
            if row.get("entry_id") in dropped:
                row["entry_id"] = None
    entities["file_history"] = [r for r in entities["file_history"] if r["entity_id"] not in dropped]
    return {entity: rows for entity, rows in entities.items() if rows}


def _manager_entities(template: str, number: int) -> dict[str, list[dict[str, Any]]]:
    """The template with the manager's own ids and own clients: each 统一社会信用代码 and
    身份证号 begins with the manager's number (else every client would be one client served
    by all managers together, cmdesk.hq.team)."""
    prefix = f'"{number:08x}'
    entities = json.loads(_UUID.sub(lambda match: prefix + match.group(1), template))
    for client in entities.get("clients", ()):
        for column in ("credit_code", "id_number"):
            if client.get(column):
                client[column] = f"{number:08d}" + client[column][8:]
    return entities


def write_packages(folder: Path, managers: int, clients: int, hq_public) -> tuple[list[Path], int]:
    """One package per simulated manager; returns the files and the records they carry."""
    from cmdesk.exchange.keys import generate_keys
    from cmdesk.exchange.package import build_package

    template_entities = _year_of_work(clients)
    per_manager = sum(len(rows) for rows in template_entities.values())
    template = json.dumps(template_entities, ensure_ascii=False)
    paths = []
    for number in range(1, managers + 1):
        data = build_package(kind="desk_export", manager_id=f"M{number:05d}",
                             manager_name=f"经理{number:04d}", desk_id=f"{number:08x}-0000-4000-8000-000000000000",
                             sequence=1, follows=None, full=True,
                             entities=_manager_entities(template, number),
                             signer=generate_keys(), recipient=hq_public, recipient_name="总行")
        path = folder / f"M{number:05d}.cmdx"
        path.write_bytes(data)
        paths.append(path)
    return paths, per_manager * managers


def _empty_database(url: str, name: str) -> str:
    """A fresh database `name` on the server of `url`; returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def copy_floor(url: str, paths: list[Path], hq_keys) -> tuple[float, int]:
    """Seconds COPY takes to load the rows the packages carry (opened outside the clock)."""
    import psycopg
    from sqlalchemy.engine import make_url

    from cmdesk.exchange.package import open_package
    from cmdesk.exchange.records import ENTITIES
    from cmdesk.hq.db import create_schema, make_engine

    engine = make_engine(url, Path(tempfile.gettempdir()))
    create_schema(engine)
    engine.dispose()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    seconds, rows = 0.0, 0
    with psycopg.connect(plain) as connection:
        for path in paths:
            package = open_package(path.read_bytes(), hq_keys, lambda m: m.sender.public_keys)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for entity in ENTITIES:
                    records = package.entities.get(entity)
                    if not records:
                        continue
                    columns = [column.key for column in ENTITIES[entity].__table__.columns]
                    statement = f"COPY {entity} ({', '.join(columns)}) FROM STDIN"
                    with cursor.copy(statement) as copy:
                        for record in records:
                            copy.write_row([record.get(column) for column in columns])
                    rows += len(records)
            connection.commit()
            seconds += time.perf_counter() - started
    return seconds, rows


def measure(url: str, managers: int, clients: int) -> dict[str, Any]:
    from cmdesk.hq.db import open_hq
    from cmdesk.hq.importer import Importer
    from cmdesk.hq.keys import init_keys

    work = Path(tempfile.mkdtemp(prefix="cmdesk-bench-hq-"))
    try:
        hq = open_hq(work / "hq", _empty_database(url, "cmdesk_bench_hq"))
        keys = init_keys(hq.keys_dir)
        started = time.perf_counter()
        (work / "packages").mkdir()
        paths, records = write_packages(work / "packages", managers, clients, keys.public)
        generated = time.perf_counter() - started
        size = sum(path.stat().st_size for path in paths)
        print(f"生成 {managers} 个数据包（{records} 条记录，{size / 1e6:.1f} MB）：{generated:.1f} s",
              flush=True)

        def progress(done: int, total: int, _message: str) -> None:
            if done % max(1, total // 10) == 0:
                print(f"  导入 {done}/{total}", flush=True)

        started = time.perf_counter()
        summary = Importer(hq, keys).import_paths(paths, progress)
        imported = time.perf_counter() - started
        hq.close()
        if summary.refused or summary.applied != managers:
            raise SystemExit(f"import failed: {summary.describe()}")
        written = sum(summary.rows().values())
        floor, copied = copy_floor(_empty_database(url, "cmdesk_bench_floor"), paths, keys)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"managers": managers, "records": records, "rows_written": written,
            "import_s": round(imported, 2), "rows_per_s": round(written / imported),
            "copy_rows": copied, "copy_s": round(floor, 2),
            "ratio": round(imported / floor, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hq_import", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 managers instead of 1,000")
    parser.add_argument("--managers", type=int, help="how many simulated managers (default 1,000)")
    parser.add_argument("--clients", type=int, default=40, help="clients per manager (default 40)")
    parser.add_argument("--url", default=os.environ.get("CMDESK_TEST_PG_URL"),
                        help="a PostgreSQL URL (default $CMDESK_TEST_PG_URL)")
    args = parser.parse_args(argv)
    if not args.url:
        print("需要 PostgreSQL：用 --url 或 CMDESK_TEST_PG_URL 指定（./dev bench 会自动启动一个）",
              file=sys.stderr)
        return 2
    managers = args.managers or (20 if args.quick else 1_000)
    figures = measure(args.url, managers, args.clients)
    print(f"总行导入 {figures['managers']} 位客户经理：{figures['rows_written']} 行，"
          f"{figures['import_s']} s，{figures['rows_per_s']} 行/秒")
    print(f"PostgreSQL COPY 同样的 {figures['copy_rows']} 行（下限）：{figures['copy_s']} s")
    verdict = "达标" if figures["ratio"] <= GOAL_RATIO else "未达标"
    print(f"导入用时 / COPY 用时 = {figures['ratio']}（目标 ≤ {GOAL_RATIO}）{verdict}")
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
