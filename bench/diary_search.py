"""Diary search at 100,000 and 1,000,000 entries: p50/p95 of `search_diary` for
two-character terms (names, products) and longer phrases, and the time to build the index.

A diary book is a copy of the 5,000-client demo book filled up to N entries by a
bench-only bulk generator (SQLAlchemy Core executemany: the ORM writes ~3,000 rows/s,
far too slow for a million). Entries are written as a manager would, from the book's own
clients and contacts, with a visit report for ~30% of visits and a follow-up for some.
The book is kept in bench/out/diary-<N> and reused, with its generation and index-build
times, while it still holds N entries.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import Connection, column, func, insert, select

from bench.books import ensure_book
from bench.timing import latency_summary
from cmdesk.models import (
    Client,
    Contact,
    DiaryEntry,
    FollowUp,
    VisitReport,
    new_id,
    utcnow,
)
from cmdesk.services.diary_search import refresh_index, search_diary
from cmdesk.storage.db import backup_database
from cmdesk.storage.desk import open_desk

SOURCE_BOOK_CLIENTS = 5_000
GENERATOR_SEED = 20261122
QUERY_SEED = 20240607
BATCH = 5_000
DIARY_DAYS = 10 * 365  # entries spread over the last ten years
LAST_DAY = date(2026, 11, 20)  # fixed, so a seed always gives the same diary
VISIT_REPORT_SHARE = 0.30
FOLLOW_UP_SHARE = 0.10

KIND_WEIGHTS = {"visit": 35, "call": 30, "meeting": 8, "post_loan": 5, "internal": 15,
                "training": 4, "other": 3}
PRODUCTS = ["代发工资", "理财", "流动资金贷款", "银行承兑汇票", "保函", "POS机", "网银", "跨境结算",
            "现金管理", "对公账户", "信用卡", "贸易融资", "票据贴现", "供应链融资", "固定资产贷款",
            "ETC", "企业年金", "大额存单"]
REACTIONS = ["比较认可", "需要内部讨论", "暂无需求", "对利率有异议", "希望尽快落地", "要求再比较他行方案",
             "表示满意", "担心手续繁琐"]
PRODUCT_WORDS = ["代发", "理财", "保函", "网银", "贷款", "承兑"]  # how a manager searches for them
TOPICS = ["反洗钱新规", "授信审批流程", "季度考核办法", "消费者权益保护", "合规案例", "营销技巧"]
PLACES = ["客户办公室", "客户会议室", "我行营业部", "客户工厂", "项目工地", "客户门店"]
CHANGES = ["更换法定代表人", "新增股东", "涉及重大诉讼", "主要厂房搬迁", "上半年出现较大亏损",
           "获得大额政府补贴"]
COLLEAGUES = ["张伟", "李娜", "刘洋", "陈静", "杨帆", "赵磊"]
DEPARTMENTS = ["公司业务部", "电子银行部", "运营管理部", "授信审批部", "国际业务部"]


@dataclass
class ClientPeople:
    """A client of the book and the contacts an entry about it can name."""

    id: str
    name: str
    contacts: list[tuple[str, str, str]]  # (id, name, position)


class DiaryWriter:
    """Entries as a manager writes them, cut from templates with the book's own people."""

    def __init__(self, rng: random.Random, clients: list[ClientPeople]):
        self.rng = rng
        self.clients = clients
        self.kinds = list(KIND_WEIGHTS)
        self.weights = list(KIND_WEIGHTS.values())

    def _amount(self) -> str:
        return f"{self.rng.randrange(50, 5000, 50)}万元"

    def _contact_words(self, client: ClientPeople) -> tuple[list[dict], str]:
        if not client.contacts:
            return [], "财务负责人"
        contact_id, name, position = self.rng.choice(client.contacts)
        return [{"id": contact_id, "name": name, "position": position}], f"{position}{name}"

    def entry(self, day: date) -> tuple[dict, dict | None, dict | None]:
        """One entry's row, its visit report row (or None) and its follow-up row (or None)."""
        rng = self.rng
        kind = rng.choices(self.kinds, self.weights)[0]
        product, other = rng.sample(PRODUCTS, 2)
        now = utcnow()
        row = {"id": new_id(), "entry_date": day, "kind": kind, "client_id": None,
               "contacts_met": "[]", "outcome": "", "next_step": "",
               "start_time": clock(rng.randint(8, 18), rng.choice((0, 15, 30, 45))),
               "duration_minutes": rng.choice((15, 30, 45, 60, 90, 120)),
               "created_at": now, "updated_at": now, "revision": 1, "deleted_at": None}
        if kind in ("internal", "training", "other"):
            row["content"] = rng.choice([
                f"部门例会，学习{rng.choice(TOPICS)}", f"整理{day.month}月客户台账，更新{product}营销清单",
                f"参加{product}产品培训", f"撰写{rng.choice(TOPICS)}学习心得"])
            return row, None, None
        client = rng.choice(self.clients)
        contacts, who = self._contact_words(client)
        row.update(client_id=client.id, contacts_met=json.dumps(contacts, ensure_ascii=False))
        if kind == "call":
            row["content"] = (f"电话联系{who}，确认{product}开户资料，"
                              f"约定{day.month}月{rng.randint(1, 28)}日上门")
        elif kind == "post_loan":
            row["content"] = (f"对{client.name}开展贷后检查，核实{self._amount()}贷款用途，"
                              f"与{who}核对库存和应收账款")
        else:
            row["content"] = (f"走访{client.name}，与{who}商谈{product}业务，"
                              f"了解{day.year}年资金需求约{self._amount()}，客户{rng.choice(REACTIONS)}")
        row["outcome"] = f"客户{rng.choice(REACTIONS)}，可推荐{other}"
        row["next_step"] = f"{rng.randint(1, 4)}周内回访，准备{product}方案"
        report = follow_up = None
        if kind == "visit" and rng.random() < VISIT_REPORT_SHARE:
            report = self._report(row, client, contacts, product, other)
        if rng.random() < FOLLOW_UP_SHARE:
            follow_up = {"id": new_id(), "client_id": client.id, "entry_id": row["id"],
                         "request": f"客户询问{other}的办理条件和费率",
                         "department": rng.choice(DEPARTMENTS), "chaser": rng.choice(COLLEAGUES),
                         "due_date": day + timedelta(days=14), "status": "open", "result": "",
                         "told_client_on": None, "closed_by": "", "closed_at": None,
                         "created_at": now, "updated_at": now, "revision": 1, "deleted_at": None}
        return row, report, follow_up

    def _report(self, entry: dict, client: ClientPeople, contacts: list[dict], product: str,
                other: str) -> dict:
        rng = self.rng
        change = rng.choice(CHANGES) if rng.random() < 0.1 else ""
        return {"id": new_id(), "entry_id": entry["id"], "place": rng.choice(PLACES),
                "our_participants": "、".join(rng.sample(COLLEAGUES, 2)),
                "client_participants": json.dumps(
                    [{"name": c["name"], "position": c["position"]} for c in contacts],
                    ensure_ascii=False),
                "purpose": f"了解{client.name}经营情况，推荐{product}",
                "discussion": (f"客户今年销售收入约{self._amount()}，主要结算行为他行。"
                               f"我方介绍了{product}和{other}的优势，客户关心办理时效和费用。"
                               f"双方约定下月由我行提交{product}方案。"),
                "needs_found": f"客户有{other}需求，预计规模{self._amount()}",
                "products_recommended": "[]", "client_reaction": rng.choice(REACTIONS),
                "important_changes": change, "important_change_flag": bool(change),
                "reported_at": None, "service_view": "对我行服务总体满意，希望审批更快",
                "next_visit_date": entry["entry_date"] + timedelta(days=30),
                "created_at": entry["created_at"], "updated_at": entry["created_at"],
                "revision": 1, "deleted_at": None}


def _book_people(connection: Connection) -> list[ClientPeople]:
    clients = {client_id: ClientPeople(client_id, name, []) for client_id, name in
               connection.execute(select(Client.id, Client.name)
                                  .where(Client.deleted_at.is_(None)).order_by(Client.id))}
    for contact_id, client_id, name, position in connection.execute(
            select(Contact.id, Contact.client_id, Contact.name, Contact.position)
            .where(Contact.deleted_at.is_(None)).order_by(Contact.id)):
        if client_id in clients:
            clients[client_id].contacts.append((contact_id, name, position))
    return list(clients.values())


def _live_entries(connection: Connection) -> int:
    return connection.scalar(select(func.count()).select_from(DiaryEntry)
                             .where(DiaryEntry.deleted_at.is_(None)))


def _fill(connection: Connection, count: int) -> None:
    """Write `count` more entries (with their reports and follow-ups), a batch at a time.
    Bench-only: no history or outbox lines are written (search reads neither)."""
    rng = random.Random(GENERATOR_SEED)
    writer = DiaryWriter(rng, _book_people(connection))
    written = 0
    while written < count:
        entries, reports, follow_ups = [], [], []
        for _ in range(min(BATCH, count - written)):
            entry, report, follow_up = writer.entry(LAST_DAY - timedelta(rng.randrange(DIARY_DAYS)))
            entries.append(entry)
            if report:
                reports.append(report)
            if follow_up:
                follow_ups.append(follow_up)
        connection.execute(insert(DiaryEntry), entries)
        if reports:
            connection.execute(insert(VisitReport), reports)
        if follow_ups:
            connection.execute(insert(FollowUp), follow_ups)
        connection.commit()
        written += len(entries)


@dataclass
class DiaryBook:
    path: Path
    entries: int
    generated_now: bool
    generation_seconds: float
    index_seconds: float


def ensure_diary_book(out_dir: Path, entries: int) -> DiaryBook:
    """bench/out/diary-<entries>: the 5,000-client demo book filled up to `entries`
    diary entries, its search index built (both timed when done now)."""
    path = out_dir / f"diary-{entries}"
    record = out_dir / f"diary-{entries}.generated.json"
    database = path / "cmdesk.sqlite3"
    if database.is_file() and record.is_file():
        desk = open_desk(path)
        try:
            with desk.db.engine.connect() as connection:
                reusable = _live_entries(connection) == entries
            if reusable:
                refresh_index(desk.db.engine)  # nothing to do unless the index was dropped
                times = json.loads(record.read_text())
                return DiaryBook(path, entries, False, times["generation_seconds"],
                                 times["index_seconds"])
        finally:
            desk.close()
    source = ensure_book(out_dir, SOURCE_BOOK_CLIENTS)
    shutil.rmtree(path, ignore_errors=True)
    record.unlink(missing_ok=True)
    backup_database(source.path / "cmdesk.sqlite3", database)
    desk = open_desk(path)
    try:
        started = time.perf_counter()
        with desk.db.engine.connect() as connection:
            _fill(connection, entries - _live_entries(connection))
        generation_seconds = time.perf_counter() - started
        started = time.perf_counter()
        refresh_index(desk.db.engine)
        index_seconds = time.perf_counter() - started
    finally:
        desk.close()
    record.write_text(json.dumps({"entries": entries, "generation_seconds": generation_seconds,
                                  "index_seconds": index_seconds}))
    return DiaryBook(path, entries, True, generation_seconds, index_seconds)


# --- queries -----------------------------------------------------------------------------

_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _fragment(rng: random.Random, runs: list[str], length: int) -> str:
    """`length` consecutive Chinese characters from a random run long enough."""
    run = rng.choice([r for r in runs if len(r) >= length])
    start = rng.randrange(len(run) - length + 1)
    return run[start:start + length]


def _sample_runs(connection: Connection, rng: random.Random) -> list[str]:
    """The Chinese runs of the content of 500 entries picked by rowid (a cheap sample)."""
    rowid = column("rowid")
    total = connection.scalar(select(func.max(rowid)).select_from(DiaryEntry))
    picks = sorted({rng.randint(1, total) for _ in range(500)})
    contents = connection.scalars(select(DiaryEntry.content).where(rowid.in_(picks)))
    return [run for content in contents for run in _CHINESE_RUN.findall(content)]


def _contact_names(connection: Connection) -> list[str]:
    return list(connection.scalars(select(Contact.name).where(
        func.length(Contact.name) == 2).order_by(Contact.id)))


def _two_characters(rng: random.Random, runs: list[str], names: list[str]) -> str:
    """A two-character contact name, product word or piece of an entry, a third each."""
    source = rng.randrange(3)
    if source == 0:
        return rng.choice(names)
    if source == 1:
        return rng.choice(PRODUCT_WORDS)
    return _fragment(rng, runs, 2)


def _phrase(rng: random.Random, runs: list[str], _names: list[str]) -> str:
    return _fragment(rng, runs, rng.randint(3, 6))


QueryMaker = Callable[[random.Random, list[str], list[str]], str]

# kind of query -> how one is made from (rng, content runs, two-character contact names)
QUERY_KINDS: dict[str, QueryMaker] = {
    "two characters": _two_characters,
    "three to six characters": _phrase,
}


def build_queries(connection: Connection, per_kind: int) -> dict[str, list[str]]:
    rng = random.Random(QUERY_SEED)
    runs, names = _sample_runs(connection, rng), _contact_names(connection)
    return {kind: [make(rng, runs, names) for _ in range(per_kind)]
            for kind, make in QUERY_KINDS.items()}


def _read_through(path: Path) -> float:
    """Read the whole file once (into the OS file cache, as a desk in use has it); seconds."""
    started = time.perf_counter()
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass
    return time.perf_counter() - started


def measure_diary_search(out_dir: Path, entries: int, per_kind: int) -> dict[str, object]:
    """Book and index figures, then latency per kind of query (a fresh session per call,
    as the diary view does) and how many hits the queries showed (at most 50). The file is
    read through once first: the figures are for a desk in use, not for a disk that has
    never been read (this machine's disk reads ~150 MB/s cold, which the read time shows)."""
    book = ensure_diary_book(out_dir, entries)
    read_seconds = _read_through(book.path / "cmdesk.sqlite3")
    desk = open_desk(book.path)
    try:
        with desk.db.engine.connect() as connection:
            queries = build_queries(connection, per_kind)
        by_kind: dict[str, object] = {}
        for kind, texts in queries.items():
            latencies, hits = [], []
            for text in texts:
                started = time.perf_counter()
                with desk.db.session() as session:
                    found = search_diary(session, text)
                latencies.append((time.perf_counter() - started) * 1000.0)
                hits.append(len(found))
            by_kind[kind] = {**latency_summary(latencies),
                             "median_hits": statistics.median_low(hits), "examples": texts[:4]}
        return {"entries": entries, "path": str(book.path), "generated_now": book.generated_now,
                "generation_seconds": round(book.generation_seconds, 1),
                "index_seconds": round(book.index_seconds, 1),
                "database_mib": round((book.path / "cmdesk.sqlite3").stat().st_size / 2**20),
                "file_read_seconds": round(read_seconds, 1),
                "per_kind": by_kind}
    finally:
        desk.close()
