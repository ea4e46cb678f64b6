"""Packages head office writes for desks: catalogue, targets, rules, handover and release
(the supervisor's review: cmdesk.hq.review).

Each is built by `cmdesk.exchange.package.build_package`, signed with head office's
key and encrypted to the recipient desk's key pinned at head office (a manager who
never sent a package cannot receive one). Every package is numbered per recipient
and recorded in hq_sent.

- catalogue: the product catalogue read from a .json or .xlsx catalogue file
  (`cmdesk.services.catalogue.read_catalogue_file`); product ids are derived from the
  code, so each issue updates the same records;
- targets: a manager's 工作任务书 for a year (indicators and targets) from a .json file
  {"indicators": [{"key": "deposit_new", "target": "1200"}, …]} or an .xlsx sheet with
  the columns 指标 and 目标 (standard indicators by key or Chinese name, others as
  custom_… with a 单位 column and a 口径 column — flow/累计值 or level/时点值, by default
  a level for a unit "%", else a flow);
- rules: a manager's grade (职级), the grade floors (对等配置) and head office's assessment
  rules (考核规则) when it keeps them, as one JSON attachment
  (services.head_office_rules.rules_document); `--all` writes one for every desk;
- handover (移交): some or all of manager A's clients go to manager B. B's package has
  each client's whole file — the client and its rows, diary entries and visit reports,
  follow-ups, development and strategy plans, projects, proposals with their versions,
  lines and events, the products they name — and its history. A's package (release)
  carries the same clients marked released to B. Head office moves the clients to B
  and writes a "handover" line into each client's history in the same transaction;
  each desk writes its own line when it applies its package.
"""
from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.domain.assessment import GRADES, REVIEW_LABELS, STAR_LABELS, period_label
from cmdesk.domain.task_book import (
    CUSTOM_PREFIX,
    FLOW,
    LEVEL,
    STANDARD_BY_KEY,
    STANDARD_INDICATORS,
    default_measure,
)
from cmdesk.errors import CmdeskError, FieldProblem, ImportFileError, ValidationError
from cmdesk.exchange.keys import KeyPair, PublicKeys, read_public_key_file
from cmdesk.exchange.package import ASSESSMENT_KIND, RULES_KIND, build_package
from cmdesk.exchange.records import ENTITIES, encode_values, record_to_dict
from cmdesk.files import atomic_write
from cmdesk.hq.importer import CLIENT_PARENTS, current_pin
from cmdesk.hq.models import ClientOwner, Manager, Origin, SentPackage
from cmdesk.hq.team import (
    GradeException,
    assessment_rules,
    find_manager,
    grade_exceptions,
    grade_floors,
    manager_grade,
)
from cmdesk.i18n import translate
from cmdesk.models import Assessment, FileHistory, new_id, utcnow
from cmdesk.services.catalogue import read_catalogue_file
from cmdesk.services.head_office_rules import RULES_ATTACHMENT, rules_document

HQ_SENDER_ID = "head-office"
HQ_SENDER_NAME = "总行"
_IDS = uuid.UUID("6f1d3c52-8a4e-4f0b-9d51-3c2f7e6b1a90")  # namespace of ids head office derives


@dataclass
class WrittenPackage:
    """One package file written for a desk."""

    path: Path
    manager_id: str
    manager_name: str
    kind: str
    sequence: int
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        total = sum(self.counts.values())
        return translate("已写出给 {manager_name} 的第 {sequence} 号数据包（{kind}，{total} 条记录）：{path}").format(manager_name=self.manager_name, sequence=self.sequence, kind=self.kind, total=total, path=self.path)


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(_IDS, "/".join(str(part) for part in parts)))


def _recipient(session: Session, manager: Manager) -> PublicKeys:
    pin = current_pin(session, manager.id)
    if pin is None:
        raise CmdeskError(translate("总行没有 {value} 的工作台公钥：需先收到他的一个数据包").format(value=manager.name or manager.id))
    return read_public_key_file(pin.public_key_file)


def _full_row(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """A record's JSON form with every column: given values, else the column's default."""
    now = utcnow()
    row: dict[str, Any] = {}
    for column in ENTITIES[entity].__table__.columns:
        if column.key in values:
            row[column.key] = values[column.key]
        elif column.key in ("created_at", "updated_at"):
            row[column.key] = now
        elif column.default is not None and column.default.is_scalar:
            row[column.key] = column.default.arg
        else:
            row[column.key] = None
    return encode_values(entity, row)


def last_sent_sequence(session: Session, manager_id: str) -> int | None:
    """The number of the last package head office wrote for this manager (None: none yet);
    the next one carries this plus one."""
    return session.scalar(select(func.max(SentPackage.sequence)).where(
        SentPackage.manager_id == manager_id))


def write_package(session: Session, keys: KeyPair, manager: Manager, kind: str,
                  entities: dict[str, list[dict[str, Any]]], target: Path,
                  attachments: dict[str, bytes] | None = None) -> WrittenPackage:
    """Build, encrypt to `manager`'s desk, write atomically and record one package."""
    recipient = _recipient(session, manager)
    previous = last_sent_sequence(session, manager.id)
    sequence = (previous or 0) + 1
    package_id = new_id()
    data = build_package(kind=kind, manager_id=HQ_SENDER_ID, manager_name=HQ_SENDER_NAME,
                         desk_id="", sequence=sequence, follows=previous, entities=entities,
                         signer=keys, recipient=recipient, recipient_name=manager.name,
                         package_id=package_id, attachments=attachments)
    target = Path(target)
    atomic_write(target, lambda handle: handle.write(data))
    counts = {entity: len(rows) for entity, rows in entities.items() if rows}
    session.add(SentPackage(package_id=package_id, manager_id=manager.id, kind=kind,
                            sequence=sequence, file_name=target.name,
                            counts=json.dumps(counts, ensure_ascii=False)))
    return WrittenPackage(target, manager.id, manager.name, kind, sequence, counts)


# ---- catalogue ---------------------------------------------------------------------------

def catalogue_package(session: Session, keys: KeyPair, manager: str, source: Path,
                      target: Path) -> WrittenPackage:
    """The product catalogue of `source` (.json/.xlsx) for one manager's desk."""
    rows = read_catalogue_file(source)
    issue = session.scalar(select(func.count()).select_from(SentPackage)
                           .where(SentPackage.kind == "catalogue")) + 1
    products = [_full_row("products", {**values, "id": derived_id("product", values["code"]),
                                       "revision": issue})
                for values in rows]
    return write_package(session, keys, find_manager(session, manager), "catalogue",
                         {"products": products}, target)


# ---- targets -----------------------------------------------------------------------------

_BY_NAME = {item.name: item for item in STANDARD_INDICATORS}
_MEASURE_WORDS = {FLOW: FLOW, LEVEL: LEVEL, "累计值": FLOW, "流量": FLOW, "时点值": LEVEL, "存量": LEVEL}


def _target_rows(source: Path) -> list[dict[str, Any]]:
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise ImportFileError(translate("无法打开文件：{value}").format(value=exc.strerror or exc)) from None
    suffix = Path(source).suffix.lower()
    if suffix == ".json":
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ImportFileError(translate("不是有效的 JSON 任务指标文件：{exc}").format(exc=exc)) from None
        rows = document.get("indicators") if isinstance(document, dict) else None
        if not isinstance(rows, list):
            raise ImportFileError(translate('任务指标文件应含 "indicators" 列表'))
        return rows
    if suffix == ".xlsx":
        from openpyxl import load_workbook
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportFileError(translate("无法读取 Excel 文件：{exc}").format(exc=exc)) from None
        try:
            sheet_rows = book.worksheets[0].iter_rows(values_only=True)
            header = [str(cell).strip() if cell is not None else "" for cell in next(sheet_rows, ())]
            if "指标" not in header or "目标" not in header:
                raise ImportFileError(translate("第 1 行应有“指标”和“目标”两列"))
            keys = {"指标": "key", "目标": "target", "单位": "unit", "口径": "measure"}
            return [{keys[h]: v for h, v in zip(header, values) if h in keys}
                    for values in sheet_rows if any(v not in (None, "") for v in values)]
        finally:
            book.close()
    raise ImportFileError(translate("任务指标文件应为 .json 或 .xlsx"))


def read_targets(source: Path) -> list[dict[str, Any]]:
    """Indicators (key, name, unit, target, computed) read and checked whole."""
    problems = []
    indicators = []
    for row_number, row in enumerate(_target_rows(source)):
        label = str((row or {}).get("key") or "").strip() if isinstance(row, dict) else ""
        standard = STANDARD_BY_KEY.get(label) or _BY_NAME.get(label)
        if not label:
            problems.append(FieldProblem("key", translate("缺少指标"), "targets", row_number, translate("指标")))
            continue
        try:
            target = Decimal(str(row.get("target")).strip())
            if not target.is_finite() or target < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(FieldProblem("target", translate("应为不小于 0 的数字"), "targets", row_number, translate("目标")))
            continue
        if standard is not None:
            indicators.append({"key": standard.key, "name": standard.name, "unit": standard.unit,
                               "target": target, "computed": standard.computed,
                               "measure": standard.measure})
            continue
        key = label if label.startswith(CUSTOM_PREFIX) else CUSTOM_PREFIX + derived_id(label)[:8]
        unit = str(row.get("unit") or "")[:20]
        measure_word = str(row.get("measure") or "").strip()
        measure = _MEASURE_WORDS.get(measure_word) if measure_word else default_measure(key, unit)
        if measure is None:
            problems.append(FieldProblem("measure", translate("应为累计值（flow）或时点值（level）"),
                                         "targets", row_number, translate("口径")))
            continue
        indicators.append({"key": key, "name": label[:100], "unit": unit, "target": target,
                           "computed": False, "measure": measure})
    if problems:
        raise ValidationError(problems)
    if not indicators:
        raise ImportFileError(translate("任务指标文件中没有指标"))
    return indicators


def targets_package(session: Session, keys: KeyPair, manager: str, year: int, source: Path,
                    target: Path) -> WrittenPackage:
    """A manager's task book for `year` (source: see the module docstring)."""
    who = find_manager(session, manager)
    indicators = read_targets(source)
    book_id = derived_id("task_book", who.id, year)
    issue = session.scalar(select(func.count()).select_from(SentPackage).where(
        SentPackage.kind == "targets", SentPackage.manager_id == who.id)) + 1
    book = _full_row("task_books", {"id": book_id, "year": year, "source": "head_office",
                                    "issued_by": HQ_SENDER_NAME, "revision": issue})
    rows = [_full_row("task_indicators", {**item, "id": derived_id("task_indicator", book_id, item["key"]),
                                          "book_id": book_id, "sort_order": order,
                                          "revision": issue})
            for order, item in enumerate(indicators)]
    return write_package(session, keys, who, "targets",
                         {"task_books": [book], "task_indicators": rows}, target)


# ---- rules: grade, 对等配置, 考核规则 ----------------------------------------------------------

def rules_package(session: Session, keys: KeyPair, manager: str, target: Path) -> WrittenPackage:
    """The rules head office keeps for one manager's desk: the grade recorded for them, the
    grade floors (对等配置) and the assessment rules when head office keeps them; refused
    when head office has none of these yet."""
    who = find_manager(session, manager)
    grade, floors, assessment = manager_grade(session, who), grade_floors(session), assessment_rules(session)
    if not (grade or floors or assessment):
        raise CmdeskError(translate(
            "总行还没有登记 {name} 的职级、对等配置或考核规则：没有可下发的规则").format(name=who.name or who.id))
    document = rules_document(who.id, grade, floors, assessment)
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    return write_package(session, keys, who, RULES_KIND, {}, target,
                         attachments={RULES_ATTACHMENT: data})


def rules_packages(session: Session, keys: KeyPair, folder: Path) -> list[WrittenPackage]:
    """A rules package for every manager whose desk key head office holds, in `folder`
    (named rules-<工号>.cmdx)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [rules_package(session, keys, manager.id, folder / f"rules-{manager.id}.cmdx")
            for manager in session.scalars(select(Manager).order_by(Manager.id))
            if current_pin(session, manager.id) is not None]


# ---- assessment review (复评/审定) ----------------------------------------------------------

@dataclass(frozen=True)
class ReviewDecision:
    """Head office's 复评 or 审定 of one manager's 考核表."""

    status: str  # domain.assessment.REVIEWED | APPROVED
    grade: str
    opinion: str
    reviewed_by: str
    total: Decimal | None = None  # the 复评分; the desk's own total when not given
    stars: int | None = None


def _check_decision(decision: ReviewDecision) -> None:
    problems = []
    if decision.status not in REVIEW_LABELS:
        problems.append(FieldProblem("status", translate("应为复评或审定"), "assessment", None,
                                     translate("审核结论")))
    if decision.grade not in GRADES:
        problems.append(FieldProblem("grade", translate("应为优秀、称职、基本称职或不称职"), "assessment",
                                     None, translate("考核等次")))
    if decision.stars is not None and decision.stars not in STAR_LABELS:
        problems.append(FieldProblem("stars", translate("应为 0 到 5"), "assessment", None, translate("星级")))
    if decision.total is not None and not Decimal(0) <= decision.total <= Decimal(1000):
        problems.append(FieldProblem("total", translate("应在 0 到 1000 之间"), "assessment", None,
                                     translate("复评分")))
    if not decision.reviewed_by.strip():
        problems.append(FieldProblem("reviewed_by", translate("必须填写"), "assessment", None,
                                     translate("审核人")))
    if problems:
        raise ValidationError(problems)


def assessment_review_package(session: Session, keys: KeyPair, manager: str, year: int,
                              quarter: int, decision: ReviewDecision, target: Path) -> WrittenPackage:
    """The manager's 考核表 of a period with head office's 复评 or 审定, for their desk.
    Head office's own copy takes the review too (same revision: the desk's next save,
    which carries it, still wins as newer)."""
    _check_decision(decision)
    who = find_manager(session, manager)
    stored = session.scalars(select(Assessment).join(
        Origin, (Origin.entity == Assessment.__tablename__) & (Origin.entity_id == Assessment.id))
        .where(Origin.manager_id == who.id, Assessment.year == year, Assessment.quarter == quarter,
               Assessment.deleted_at.is_(None))).first()
    if stored is None:
        raise CmdeskError(translate("总行没有收到 {name} 的 {year} 年{period}考核表").format(
            name=who.name, year=year, period=period_label(quarter)))
    stored.review_status, stored.review_grade = decision.status, decision.grade
    stored.review_total = decision.total if decision.total is not None else stored.total_score
    stored.review_stars = decision.stars if decision.stars is not None else stored.stars
    stored.review_opinion, stored.reviewed_by = decision.opinion, decision.reviewed_by.strip()
    stored.reviewed_on = clock.today()
    session.flush()
    return write_package(session, keys, who, ASSESSMENT_KIND,
                         {"assessments": [record_to_dict(stored)]}, target)


# ---- handover ----------------------------------------------------------------------------

# The manager's own records that mention a client but are not part of its file.
NOT_IN_FILE = frozenset({"plan_items"})


def _rows(session: Session, entity: str, column: str, ids: set[str]) -> list[dict[str, Any]]:
    table = ENTITIES[entity].__table__
    found: list[dict[str, Any]] = []
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        query = select(table).where(table.c[column].in_(listed[start:start + 500]))
        found.extend(dict(row._mapping) for row in session.execute(query))
    return found


def client_files(session: Session, client_ids: set[str],
                 keep_links_to: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Every record of these client files (typed values), parents before children, with
    the products they name. A link to a client outside `keep_links_to` cannot travel
    (the receiver has no such client): links are left out, income sources cleared."""
    gathered: dict[str, list[dict[str, Any]]] = {"clients": _rows(session, "clients", "id", client_ids)}
    for entity, model in ENTITIES.items():
        if entity in ("clients", "products") or entity in NOT_IN_FILE:
            continue
        if "client_id" in model.__table__.c:
            gathered[entity] = _rows(session, entity, "client_id", client_ids)
        elif entity in CLIENT_PARENTS:
            column, parent = CLIENT_PARENTS[entity]
            parent_ids = {row["id"] for row in gathered.get(parent, ())}
            gathered[entity] = _rows(session, entity, column, parent_ids) if parent_ids else []
    gathered["client_links"] = [row for row in gathered.get("client_links", ())
                                if row["related_client_id"] in keep_links_to]
    for row in gathered.get("value_items", ()):
        if row["source_client_id"] not in keep_links_to:
            row["source_client_id"] = None
    product_ids = {row["product_id"] for rows in gathered.values() for row in rows
                   if row.get("product_id")}
    gathered["products"] = _rows(session, "products", "id", product_ids) if product_ids else []
    return {entity: rows for entity, rows in gathered.items() if rows}


def _encoded(entities: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {entity: [encode_values(entity, row) for row in rows] for entity, rows in entities.items()}


@dataclass
class Handover:
    clients: int
    to_successor: WrittenPackage
    to_predecessor: WrittenPackage
    below_grade: list[GradeException] = field(default_factory=list)  # handed over anyway


def handover_packages(session: Session, keys: KeyPair, from_manager: str, to_manager: str,
                      client_ids: list[str] | None, target: Path, release_target: Path,
                      allow_below_grade: bool = False) -> Handover:
    """Hand clients of A to B (all of A's when `client_ids` is None): B's handover
    package at `target`, A's release at `release_target`, ownership moved to B.
    A client whose tier asks for a higher grade than B's (对等配置) stops the handover,
    unless `allow_below_grade`: then it goes ahead and the exceptions are returned."""
    giver, taker = find_manager(session, from_manager), find_manager(session, to_manager)
    if giver.id == taker.id:
        raise CmdeskError(translate("移交双方是同一位客户经理"))
    owned = set(session.scalars(select(ClientOwner.client_id).where(ClientOwner.manager_id == giver.id)))
    chosen = owned if client_ids is None else set(client_ids)
    strangers = sorted(chosen - owned)
    if strangers:
        raise CmdeskError(translate("这些客户不属于 {manager}：{clients}").format(
            manager=giver.name, clients=translate("、").join(strangers[:5])))
    if not chosen:
        raise CmdeskError(translate("{name} 名下没有可移交的客户").format(name=giver.name))
    below_grade = grade_exceptions(session, chosen, serving=taker)
    if below_grade and not allow_below_grade:
        named = translate("；").join(exception.describe() for exception in below_grade[:5])
        if len(below_grade) > 5:
            named = translate("{named}；等共 {count} 户").format(named=named, count=len(below_grade))
        raise CmdeskError(translate("未移交：接收方职级低于对等配置的要求。{exceptions}。"
                                    "确需移交请加 --allow-below-grade").format(exceptions=named))
    taker_clients = set(session.scalars(select(ClientOwner.client_id).where(
        ClientOwner.manager_id == taker.id)))
    files = client_files(session, chosen, chosen | taker_clients)
    now = utcnow()
    summary = translate("客户移交：由 {value} 移交给 {value2}").format(value=giver.name or giver.id, value2=taker.name or taker.id)
    lines = [FileHistory(id=new_id(), client_id=client_id, entity="clients", entity_id=client_id,
                         action="handover", field="", old_value=giver.name, new_value=taker.name,
                         summary=summary, actor=HQ_SENDER_NAME, at=now, seq=None, desk_id="",
                         prev_hash="", row_hash="")
             for client_id in sorted(chosen)]
    session.add_all(lines)
    released = [{**row, "released_at": now, "released_to": taker.name or taker.id,
                 "revision": row["revision"] + 1, "updated_at": now}
                for row in files["clients"]]
    to_taker = write_package(session, keys, taker, "handover", _encoded(files), target)
    to_giver = write_package(session, keys, giver, "release",
                             _encoded({"clients": released}), release_target)
    for owner in session.scalars(select(ClientOwner).where(ClientOwner.client_id.in_(sorted(chosen)))):
        owner.previous_manager_id, owner.manager_id, owner.since = giver.id, taker.id, now
    return Handover(len(chosen), to_taker, to_giver, below_grade)
