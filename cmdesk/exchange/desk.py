"""The desk's side of the exchange with head office.

- Keys: the desk's key pair is made on first use in the data folder (`keys/`, private
  keys 0600); head office's public key file is installed once (`install_hq_key`) and kept
  in the settings. Nothing can be exported before it is installed: the package is
  encrypted to it.
- Export (`export_changes`): every record changed since the last export (read from the
  outbox), or everything (`full`), plus the audit trail lines (file_history) written since,
  and the current week's plan as PDF and XLSX when there is one. Packages are numbered per
  desk (sequence, and the one it follows) by `numbering`, which keeps the numbers outside
  the database too, so a restored backup never reuses one; each manifest names the audit
  chain's head it reaches. The ledger (exchange_exports) keeps the outbox and history
  ranges of each, so a lost package can be written again (`resend`) with the same number
  and id. The ledger row is written only after the file is completely on disk
  (atomic write): a failed write sends nothing. Head office's copies (records.HEAD_OFFICE_COPIES:
  the shared clients) are never exported. New warning signals (预警信号) are important
  changes reported upward at once: the package's manifest lists them as `urgent`, and
  they are marked reported (reported_at = the manifest's created_at; head office sets the
  same) with the ledger row; so are visit reports whose 重要情况变动 is flagged for the
  supervisor (services.important_changes).
- Import (`import_package`): head-office packages — catalogue (replaces the catalogue),
  targets (the year's task book), handover (clients' whole files, applied with
  records.apply_records; a history line "由 X 移交" on each), release (clients handed to
  another manager: released_at/released_to, read-only, still visible), review (the
  supervisor's 主管审阅 of a month of this manager's diary: opinion and entry remarks,
  refused when it names another manager), acknowledgement (head office's 总行确认 of
  important changes this desk reported upward; another manager's refused), shared (共同服务:
  the clients this manager serves together with others, the lead and, where another leads,
  a read-only copy of the lead's file and visit summaries, services.shared_clients; another
  manager's refused, an older one than applied refused), rules (the manager's
  grade, 对等配置 and assessment rules: services.head_office_rules; another manager's
  refused). A preview lists what
  would change without writing. The apply runs in one transaction after a backup; any
  failure changes nothing. Every attempt is recorded in exchange_imports (applied, refused,
  duplicate) and in the audit trail.
Audit lines from another desk (handover) are stored as received, with that desk's id, seq
and hashes (audit.verify_chain checks each against its own hash); this desk's exports carry
its own lines only, since head office already holds the others.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.errors import CmdeskError
from cmdesk.exchange import keys as keymod
from cmdesk.exchange import numbering
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.package import (
    ASSESSMENT_KIND,
    FILE_SUFFIX,
    KIND_LABELS,
    RULES_KIND,
    SHARED_KIND,
    Manifest,
    Package,
    build_package,
    open_package,
    read_package_file,
)
from cmdesk.exchange.records import (
    ENTITIES,
    HEAD_OFFICE_COPIES,
    HISTORY,
    apply_records,
    encode_rows,
    entity_label,
)
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Assessment,
    Client,
    ExchangeExport,
    ExchangeImport,
    FileHistory,
    OutboxEntry,
    TaskActual,
    TaskBook,
    TaskIndicator,
    VisitReport,
    WarningSignal,
    new_id,
    utcnow,
)
from cmdesk.paths import DataPaths
from cmdesk.services import important_changes, risk, shared_clients
from cmdesk.services.settings import desk_id, get_profile, get_setting, put_setting
from cmdesk.storage import audit
from cmdesk.storage.db import Database

HQ_KEY_SETTING = "exchange_hq_public_keys"
DESK_EXPORT = "desk_export"
HEAD_OFFICE_KINDS = ("catalogue", "targets", "handover", "release", "review", "acknowledgement",
                     ASSESSMENT_KIND, SHARED_KIND, RULES_KIND)
_CHUNK = 500

Progress = Callable[[int, int], None]


class ExchangeError(CmdeskError):
    """The exchange cannot start (no head-office key, no profile, unknown package number)."""


class HasDesk:
    """What the exchange needs of a desk: its folders and its database (cmdesk.storage.desk.Desk)."""

    paths: DataPaths
    db: Database


# ---- keys -----------------------------------------------------------------------------------

def desk_keys(desk: HasDesk) -> keymod.KeyPair:
    """This desk's key pair, made and saved on first use."""
    folder = desk.paths.exchange_keys
    if not keymod.has_keys(folder):
        keymod.save_keys(keymod.generate_keys(), folder)
    return keymod.load_keys(folder)


def hq_public_keys(session: Session) -> keymod.PublicKeys | None:
    stored = get_setting(session, HQ_KEY_SETTING)
    return keymod.PublicKeys.from_json(stored) if stored else None


def install_hq_key(desk: HasDesk, data: bytes, actor: str = "") -> keymod.PublicKeys:
    """Install head office's public key file (replacing one installed before)."""
    with desk.db.transaction(actor) as session:
        return store_hq_key(session, data)


def store_hq_key(session: Session, data: bytes) -> keymod.PublicKeys:
    """Install head office's public key file in the caller's transaction."""
    public = keymod.read_public_key_file(data)
    before = hq_public_keys(session)
    put_setting(session, HQ_KEY_SETTING, public.to_json())
    audit.record_event(session, audit.IMPORT, translate("安装总行公钥 {public}").format(public=public.fingerprint()),
                       entity="exchange_key", old=before.fingerprint() if before else None,
                       new=public.fingerprint())
    return public


def _require_hq_key(session: Session) -> keymod.PublicKeys:
    public = hq_public_keys(session)
    if public is None:
        raise ExchangeError(translate("尚未安装总行公钥：数据包要用总行公钥加密。请先在“数据交换 → 密钥设置”"
                            "中安装总行提供的公钥文件（或运行 cmdesk keys install-hq 文件），再导出或导入。"))
    return public


# ---- what waits to be sent ---------------------------------------------------------------------

def _last_export(session: Session) -> ExchangeExport | None:
    return session.scalars(select(ExchangeExport).order_by(ExchangeExport.sequence.desc())
                           .limit(1)).first()


def last_export(desk: HasDesk) -> ExchangeExport | None:
    with desk.db.session() as session:
        return _last_export(session)


def _own_lines(session: Session) -> Any:
    """This desk's own audit lines (not those received in a handover)."""
    return FileHistory.desk_id == desk_id(session)


def _history_head(session: Session) -> int:
    return session.scalar(select(func.max(FileHistory.seq)).where(_own_lines(session))) or 0


def pending_counts(desk: HasDesk) -> dict[str, int]:
    """Records changed since the last export, per entity (file_history: new audit lines)."""
    with desk.db.session() as session:
        return _pending_counts(session)


def _pending_counts(session: Session) -> dict[str, int]:
    last = _last_export(session)
    outbox_from = last.outbox_to if last else 0
    history_from = last.history_to if last else 0
    rows = session.execute(
        select(OutboxEntry.entity, func.count(func.distinct(OutboxEntry.entity_id)))
        .where(OutboxEntry.seq > outbox_from).group_by(OutboxEntry.entity)).all()
    counts = {entity: n for entity, n in rows if entity in ENTITIES}
    lines = session.scalar(select(func.count()).select_from(FileHistory)
                           .where(_own_lines(session), FileHistory.seq > history_from)) or 0
    if lines:
        counts[HISTORY] = lines
    return {entity: counts[entity] for entity in ENTITIES if counts.get(entity)}


# ---- export -----------------------------------------------------------------------------------

@dataclass
class ExportResult:
    sequence: int
    path: Path
    counts: dict[str, int]
    size: int
    full: bool
    resent: bool = False
    urgent: int = 0  # records flagged to be reported upward at once (new warning signals)

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def _rows(session: Session, entity: str, ids: list[str] | None) -> list[dict[str, Any]]:
    table = ENTITIES[entity].__table__
    if ids is None:
        return encode_rows(entity, session.execute(select(table)).all())
    found = []
    for start in range(0, len(ids), _CHUNK):
        query = select(table).where(table.c.id.in_(ids[start:start + _CHUNK]))
        found.extend(encode_rows(entity, session.execute(query).all()))
    return found


def _history_rows(session: Session, after: int, upto: int, full: bool) -> list[dict[str, Any]]:
    """This desk's audit lines in the seq range; a full export takes every line, also those
    received in a handover and those written before the chain existed (seq NULL)."""
    table = FileHistory.__table__
    query = select(table) if full else select(table).where(
        table.c.desk_id == desk_id(session), table.c.seq > after, table.c.seq <= upto)
    return encode_rows(HISTORY, session.execute(query.order_by(table.c.seq)).all())


def _week_plan_attachments(session: Session, today: date) -> dict[str, bytes]:
    """The current week's plan as PDF and XLSX, when the desk has a plan for it."""
    from cmdesk.reports.week_plan import render_week_plan
    from cmdesk.reports.week_plan_xlsx import render_week_workbook
    from cmdesk.services.plans import get_week_plan, week_of

    week = week_of(today)
    if get_week_plan(session, week) is None:
        return {}
    stem = translate("周计划-{week}").format(week=week)
    return {f"{stem}.pdf": render_week_plan(session, week), f"{stem}.xlsx": render_week_workbook(session, week)}


def _urgent_changes(session: Session, entities: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The visit reports this package carries whose flagged important change (重要情况变动)
    was never reported upward: the manifest lists them urgent, like new warning signals."""
    carried = {record["id"] for record in entities.get(VisitReport.__tablename__, ())}
    return [report_id for report_id in important_changes.unreported_change_ids(session)
            if report_id in carried]


def _collect(session: Session, *, full: bool, outbox_from: int, outbox_to: int,
             history_from: int, history_to: int,
             progress: Progress | None) -> dict[str, list[dict[str, Any]]]:
    wanted: dict[str, list[str]] | None = None
    if not full:
        wanted = {}
        rows = session.execute(
            select(OutboxEntry.entity, OutboxEntry.entity_id)
            .where(OutboxEntry.seq > outbox_from, OutboxEntry.seq <= outbox_to).distinct())
        for entity, entity_id in rows:
            if entity in ENTITIES:
                wanted.setdefault(entity, []).append(entity_id)
    entities: dict[str, list[dict[str, Any]]] = {}
    steps = [entity for entity in ENTITIES if entity not in HEAD_OFFICE_COPIES]
    for done, entity in enumerate(steps):
        if progress is not None:
            progress(done, len(steps))
        if entity == HISTORY:
            records = _history_rows(session, history_from, history_to, full)
        elif wanted is None:
            records = _rows(session, entity, None)
        else:
            ids = wanted.get(entity)
            records = _rows(session, entity, ids) if ids else []
        if records:
            entities[entity] = records
    if progress is not None:
        progress(len(steps), len(steps))
    return entities


def _target_path(out_path: Path, employee_id: str, sequence: int) -> Path:
    if out_path.is_dir():
        stamp = clock.now().strftime("%Y%m%d")
        return out_path / f"cmdesk-{employee_id or 'desk'}-{sequence:04d}-{stamp}{FILE_SUFFIX}"
    return out_path


def export_changes(desk: HasDesk, out_path: str | Path, full: bool = False, *,
                   resend: int | None = None, attach_week_plan: bool = True,
                   progress: Progress | None = None, actor: str = "",
                   today: date | None = None) -> ExportResult:
    """Write the next package for head office to `out_path` (a file, or a folder to put a
    named file in). `resend=N` writes package N again (same number and id, its ranges,
    current record states) for a package that was lost."""
    keys = desk_keys(desk)
    with desk.db.session() as session, session.begin():
        recipient = _require_hq_key(session)
        profile = get_profile(session)
        if not profile.is_complete:
            raise ExchangeError(translate("请先在“设置”中填写客户经理姓名和工号：总行按工号识别数据包。"))
        this_desk = desk_id(session)
        if resend is not None:
            original = session.get(ExchangeExport, resend)
            if original is None:
                raise ExchangeError(translate("没有第 {resend} 号数据包，无法重发").format(resend=resend))
            sequence, package_id, full = original.sequence, original.package_id, original.full
            original_file = original.file_name
            follows = session.scalar(select(func.max(ExchangeExport.sequence)).where(
                ExchangeExport.sequence < resend))
            ranges = (original.outbox_from, original.outbox_to,
                      original.history_from, original.history_to)
        else:
            original_file = None
            last = _last_export(session)
            sequence, follows = numbering.next_numbers(desk.paths.root,
                                                       last.sequence if last else 0)
            package_id = new_id()
            ranges = (last.outbox_to if last else 0,
                      session.scalar(select(func.max(OutboxEntry.seq))) or 0,
                      last.history_to if last else 0, _history_head(session))
        outbox_from, outbox_to, history_from, history_to = ranges
        audit_head = session.scalar(select(FileHistory.row_hash).where(
            FileHistory.desk_id == this_desk, FileHistory.seq == history_to)) if history_to else None
        entities = _collect(session, full=full, outbox_from=outbox_from, outbox_to=outbox_to,
                            history_from=history_from, history_to=history_to, progress=progress)
        attachments = (_week_plan_attachments(session, today or clock.today())
                       if attach_week_plan else {})
        carried = {record["id"] for record in entities.get(WarningSignal.__tablename__, ())}
        urgent = [signal_id for signal_id in risk.unreported_signal_ids(session)
                  if signal_id in carried]
        urgent_changes = _urgent_changes(session, entities)
    created = clock.aware_utcnow().replace(microsecond=0)  # as the manifest writes it
    root = desk.paths.root
    before = numbering.reserve(root, sequence) if resend is None else None
    try:
        data = build_package(
            signer=keys, recipient=recipient, recipient_name=translate("总行"), kind=DESK_EXPORT,
            manager_id=profile.employee_id, manager_name=profile.name, desk_id=this_desk,
            sequence=sequence, follows=follows, full=full,
            entities=entities, attachments=attachments, package_id=package_id,
            audit={"desk_id": this_desk, "seq": history_to, "row_hash": audit_head}
            if audit_head else None,
            urgent={WarningSignal.__tablename__: urgent, VisitReport.__tablename__: urgent_changes},
            created_at=created)
        target = _target_path(Path(out_path), profile.employee_id, sequence)
        # a package file already written (and named in the ledger) is never replaced by
        # another package; a resend may replace only its own earlier file
        own_file = original_file is not None and str(target) == original_file
        atomic_write(target, lambda handle: handle.write(data), replace=own_file)
    except BaseException:
        if before is not None:
            numbering.give_back(root, before, sequence)
        raise
    numbering.mark_written(root, sequence)
    counts = {entity: len(records) for entity, records in entities.items()}
    digest = hashlib.sha256(data).hexdigest()
    with desk.db.transaction(actor) as session:
        if resend is None:
            session.add(ExchangeExport(
                sequence=sequence, package_id=package_id, kind=DESK_EXPORT, full=full,
                outbox_from=outbox_from, outbox_to=outbox_to, history_from=history_from,
                history_to=history_to, file_name=str(target), size=len(data), sha256=digest,
                counts=json.dumps(counts, ensure_ascii=False)))
        else:
            ledger = session.get(ExchangeExport, resend)
            ledger.file_name, ledger.size, ledger.sha256 = str(target), len(data), digest
        risk.mark_signals_reported(session, urgent, created.replace(tzinfo=None))
        important_changes.mark_changes_reported(session, urgent_changes, created.replace(tzinfo=None))
        what = translate("重发") if resend is not None else (translate("全量导出") if full else translate("导出"))
        audit.record_event(session, audit.EXPORT,
                           translate("{what}第 {sequence} 号数据包（{sum} 条记录）").format(what=what, sequence=sequence, sum=sum(counts.values())),
                           entity="exchange", entity_id=str(sequence))
    return ExportResult(sequence=sequence, path=target, counts=counts, size=len(data), full=full,
                        resent=resend is not None, urgent=len(urgent) + len(urgent_changes))



# ---- import ------------------------------------------------------------------------------------

@dataclass
class ImportPreview:
    """What a head-office package would change, before it is applied."""

    manifest: Manifest
    file_name: str
    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    clients: list[str] = field(default_factory=list)  # client names the package touches
    notes: list[str] = field(default_factory=list)
    duplicate: bool = False

    @property
    def kind_label(self) -> str:
        return translate(KIND_LABELS.get(self.manifest.kind, self.manifest.kind))

    def lines(self) -> list[str]:
        """The preview in the manager's words, one line each."""
        m = self.manifest
        out = [translate("{kind}数据包（第 {sequence} 号，{created} 由{sender}签发）").format(
            kind=self.kind_label, sequence=m.sequence, created=m.created_at.replace("T", " "),
            sender=m.sender.manager_name or translate("总行"))]
        if self.duplicate:
            out.append(translate("这个数据包已经导入过，不会再改动任何数据。"))
        for entity in ENTITIES:
            parts = [translate(template).format(count=counts[entity]) for template, counts in
                     ((mark("新增 {count} 条"), self.new), (mark("更新 {count} 条"), self.updated),
                      (mark("不变 {count} 条"), self.unchanged))
                     if counts.get(entity)]
            if parts:
                out.append(translate("{entity}：{parts}").format(entity=entity_label(entity),
                                                               parts=translate("，").join(parts)))
        if self.clients:
            shown = translate("、").join(self.clients[:20])
            more = translate(" 等 {count} 户").format(count=len(self.clients)) if len(self.clients) > 20 else ""
            out.append(translate("涉及客户：{shown}{more}").format(shown=shown, more=more))
        out.extend(self.notes)
        return out


@dataclass
class ImportResult:
    preview: ImportPreview
    result: str  # preview | applied | duplicate
    counts: dict[str, int] = field(default_factory=dict)
    message: str = ""


def _open(desk: HasDesk, data: bytes) -> Package:
    keys = desk_keys(desk)
    with desk.db.session() as session:
        hq = _require_hq_key(session)
    package = open_package(data, keys, lambda manifest: hq)
    if package.manifest.kind not in HEAD_OFFICE_KINDS:
        raise PackageError("wrong_kind", translate(
            "这是{kind_label}数据包，工作台只导入总行发来的产品目录、任务指标、客户移交、客户移出、主管审阅、总行确认、考核审定、共同服务和总行规则数据包")
            .format(kind_label=package.manifest.kind_label))
    return package


def _refuse_older_issue(session: Session, package: Package) -> None:
    """A catalogue or a year's targets older than the one already applied is refused:
    head office numbers its packages per desk, and each issue of a year's task book is
    the same record (its id derived from manager and year) stamped with the issue's
    creation time, which edits on the desk never change."""
    manifest = package.manifest
    if manifest.kind in ("catalogue", SHARED_KIND):
        newest = session.scalar(select(func.max(ExchangeImport.sequence)).where(
            ExchangeImport.kind == manifest.kind, ExchangeImport.result == "applied"))
        if newest is not None and manifest.sequence < newest:
            raise PackageError("older_issue", (
                translate("这是较早的产品目录（总行第 {sequence} 号数据包），本机已导入更新的第 {newest} 号：未导入，产品目录保持不变")
                if manifest.kind == "catalogue" else
                translate("这是较早的共同服务信息（总行第 {sequence} 号数据包），本机已导入更新的第 {newest} 号：未导入，共同服务信息保持不变")
            ).format(sequence=manifest.sequence, newest=newest))
    if manifest.kind == "targets":
        for book in package.entities.get("task_books", []):
            stored = session.get(TaskBook, book["id"])
            if (stored is not None and book.get("created_at") is not None
                    and stored.created_at > book["created_at"]):
                raise PackageError("older_issue", (
                    translate("这是较早下达的 {year} 年任务指标（总行第 {sequence} 号数据包），本机已有更新的一版：未导入，任务书保持不变").format(year=book['year'], sequence=manifest.sequence)))


def _stored_revisions(session: Session, entity: str, ids: list[str]) -> dict[str, int]:
    table = ENTITIES[entity].__table__
    found: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        if "revision" in table.c:
            query = select(table.c.id, table.c.revision).where(table.c.id.in_(chunk))
            found.update(dict(session.execute(query).all()))
        else:
            found.update({row_id: 0 for row_id in session.scalars(
                select(table.c.id).where(table.c.id.in_(chunk)))})
    return found


def _preview(session: Session, package: Package, file_name: str) -> ImportPreview:
    manifest = package.manifest
    preview = ImportPreview(manifest=manifest, file_name=file_name)
    preview.duplicate = session.scalar(
        select(func.count()).select_from(ExchangeImport).where(
            ExchangeImport.package_id == manifest.package_id,
            ExchangeImport.result == "applied")) > 0
    for entity, records in package.entities.items():
        stored = _stored_revisions(session, entity, [r["id"] for r in records])
        for record in records:
            before = stored.get(record["id"])
            if before is None:
                bucket = preview.new
            elif entity != HISTORY and record.get("revision", 1) > before:
                bucket = preview.updated
            else:
                bucket = preview.unchanged
            bucket[entity] = bucket.get(entity, 0) + 1
    clients = package.entities.get("clients", [])
    preview.clients = [c["name"] for c in clients]
    if manifest.kind == "catalogue":
        change = _apply_catalogue_change(session, package)
        session.rollback()  # a dry run: what replacing would do
        preview.new, preview.updated, preview.unchanged = {}, {}, {}
        preview.notes.append(translate("产品目录将被替换：{change}（停用的产品不删除，旧方案仍可查看）。").format(change=change.summary()))
    elif manifest.kind == "targets":
        years = sorted({b["year"] for b in package.entities.get("task_books", [])})
        preview.notes.append(translate("将使用总行下达的 {years} 年任务指标，替换本机同年度的任务书"
                                       "（已填的月度完成数保留）。").format(
            years=translate("、").join(map(str, years))))
    elif manifest.kind == "release":
        known = set(_stored_revisions(session, "clients", [c["id"] for c in clients]))
        missing = len(clients) - len(known)
        preview.notes.append(translate("{count} 户客户将标记为已移交给其他客户经理：档案仍可查看，不再修改。").format(count=len(known)))
        if missing:
            preview.notes.append(translate("{missing} 户客户本机没有，将跳过。").format(missing=missing))
    elif manifest.kind == "handover":
        from cmdesk.services.grade_check import handover_notices

        preview.notes.append(translate("将接收 {count} 户客户的完整档案、日志、报告、督办、计划和方案。").format(count=len(clients)))
        preview.notes += handover_notices(session, [(c["name"], c.get("tier") or "") for c in clients])
    elif manifest.kind == "review":
        preview.notes.extend(_review_notes(session, package))
    elif manifest.kind == "acknowledgement":
        _refuse_records_of_another_manager(session, package, "acknowledgements")
        preview.notes.append(translate("总行确认收到 {count} 项紧急上报的重要情况变动。").format(
            count=len(package.entities.get("acknowledgements", []))))
    elif manifest.kind == ASSESSMENT_KIND:
        preview.notes += _assessment_review_notes(package)
    elif manifest.kind == SHARED_KIND:
        _refuse_records_of_another_manager(session, package, "shared_clients")
        preview.new, preview.updated, preview.unchanged = {}, {}, {}
        preview.notes += shared_clients.shared_notes(session, package.entities)
    elif manifest.kind == RULES_KIND:
        preview.notes += _rules_notes(session, package)
    return preview


def _rules_document(session: Session, package: Package) -> Any:
    """The rules package's JSON, refused when it is for another manager."""
    from cmdesk.services.head_office_rules import RULES_ATTACHMENT, read_rules_document

    try:
        document = json.loads(package.attachments[RULES_ATTACHMENT].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError):
        raise PackageError("bad_record", translate("总行规则数据包缺少规则内容：未导入")) from None
    manager_id = read_rules_document(document)[0]
    me = get_profile(session).employee_id
    if manager_id != me:
        raise PackageError("wrong_manager", translate(
            "这是给客户经理 {other} 的{kind}，不是本机（工号 {me}）的：未导入").format(
            other=manager_id, kind=package.manifest.kind_label, me=me or translate("未填写")))
    return document


def _rules_notes(session: Session, package: Package) -> list[str]:
    """What the rules would change, in the manager's words: worked out by applying them in
    the session and rolling back."""
    from cmdesk.services.grade_check import check_grades
    from cmdesk.services.head_office_rules import store_rules

    document = _rules_document(session, package)
    before = get_profile(session).grade
    store_rules(session, document, package.manifest.sequence, package.manifest.created.date())
    check = check_grades(session)
    session.rollback()
    notes = []
    if document.get("grade"):
        notes.append(translate("总行登记您的职级为 {grade}（本机原为 {before}），此后职级以总行为准。").format(
            grade=document["grade"], before=before or translate("未填写")))
    floors = document.get("grade_floors") or {}
    notes.append(translate("对等配置：{rules}。").format(rules=translate("，").join(
        translate("{tier}客户由{grade}以上服务").format(tier=tier, grade=grade)
        for tier, grade in sorted(floors.items()))) if floors
        else translate("总行没有设对等配置要求。"))
    if "assessment_rules" in document:
        notes.append(translate("将使用总行下发的考核规则，替换本机的考核规则（此后不能在本机修改）。"))
    if check.below:
        shown = translate("、").join(client.name for client in check.below[:20])
        more = translate(" 等 {count} 户").format(count=len(check.below)) if len(check.below) > 20 else ""
        notes.append(translate("按总行规则，这些客户属对等配置例外，请向主管报告：{shown}{more}").format(
            shown=shown, more=more))
    return notes


def _apply_rules(session: Session, package: Package) -> dict[str, int]:
    """Keep head office's grade, 对等配置 and assessment rules (settings rows; the audit
    trail records it)."""
    from cmdesk.services.head_office_rules import HEAD_OFFICE_RULES_KEY, store_rules

    rules = store_rules(session, _rules_document(session, package), package.manifest.sequence,
                        package.manifest.created.date())
    audit.record_event(session, audit.IMPORT, translate("总行规则：职级 {grade}，对等配置 {count} 条{assessment}").format(
        grade=rules.grade or translate("未登记"), count=len(rules.grade_floors),
        assessment=translate("，考核规则") if rules.has_assessment_rules else ""),
        entity="settings", entity_id=HEAD_OFFICE_RULES_KEY)
    return {}


def _assessment_review_notes(package: Package) -> list[str]:
    from cmdesk.domain import assessment as am

    return [translate("总行对 {year} 年{period}考核表的结论：{status}，{grade}。").format(
        year=record["year"], period=am.period_label(record["quarter"]),
        status=translate(am.REVIEW_LABELS[record["review_status"]]), grade=record.get("review_grade") or "")
        for record in package.entities.get("assessments", [])
        if record.get("review_status") in am.REVIEW_LABELS]


def _apply_catalogue_change(session: Session, package: Package) -> Any:
    """Replace the catalogue with the package's live products (services.catalogue checks
    every row first); returns its CatalogueChange."""
    from cmdesk.services.catalogue import (
        PRODUCT_KEYS,
        check_products,
        replace_catalogue,
    )

    rows = [{key: product.get(key) for key in PRODUCT_KEYS}
            for product in package.entities.get("products", []) if product.get("deleted_at") is None]
    return replace_catalogue(session, check_products(rows))


def _apply_catalogue(session: Session, package: Package) -> dict[str, int]:
    change = _apply_catalogue_change(session, package)
    changed = len(change.added) + len(change.updated) + len(change.deactivated)
    return {"products": changed} if changed else {}


def _apply_targets(session: Session, package: Package) -> dict[str, int]:
    incoming = package.entities.get("task_books", [])
    indicators = package.entities.get("task_indicators", [])
    moved_actuals: list[tuple[str, str, str]] = []  # (old indicator id, new book id, key)
    for book in incoming:
        local = session.scalars(select(TaskBook).where(
            TaskBook.year == book["year"], TaskBook.deleted_at.is_(None),
            TaskBook.id != book["id"])).first()
        if local is None:
            continue
        now = utcnow()
        for indicator in session.scalars(select(TaskIndicator).where(
                TaskIndicator.book_id == local.id, TaskIndicator.deleted_at.is_(None))):
            moved_actuals.append((indicator.id, book["id"], indicator.key))
            indicator.deleted_at = now
        local.deleted_at = now
    session.flush()
    counts = apply_records(session, {"task_books": incoming, "task_indicators": indicators})
    new_by_key = {(i["book_id"], i["key"]): i["id"] for i in indicators
                  if i.get("deleted_at") is None}
    for old_id, book_id, key in moved_actuals:
        target = new_by_key.get((book_id, key))
        if target is None:
            continue
        for actual in session.scalars(select(TaskActual).where(
                TaskActual.indicator_id == old_id, TaskActual.deleted_at.is_(None))):
            actual.indicator_id = target
    return counts


def _apply_handover(session: Session, package: Package) -> dict[str, int]:
    me = get_profile(session).name
    entities = package.entities
    previous = {c["id"]: c.get("manager_name") or "" for c in entities.get("clients", [])}
    counts = apply_records(session, entities)
    for client_id, before in previous.items():
        client = session.get(Client, client_id)
        if client is None:
            continue
        source = before if before and before != me else translate("总行")
        audit.record_event(session, audit.HANDOVER, translate("由 {source} 移交给 {manager}").format(
                               source=source, manager=me or translate("本机")),
                           entity="clients", entity_id=client_id, client_id=client_id)
        if me and client.manager_name != me:
            client.manager_name = me
        if client.released_at is not None:
            client.released_at, client.released_to = None, ""
    return counts


def _apply_release(session: Session, package: Package) -> dict[str, int]:
    """Mark the clients released. Written past the change log (head office already knows:
    it is its statement), so the release does not travel back as this desk's edit of a
    client it no longer owns; the history line records it."""
    released = 0
    now = utcnow()
    table = Client.__table__
    for record in package.entities.get("clients", []):
        client = session.get(Client, record["id"])
        if client is None:
            continue
        successor = record.get("released_to") or translate("其他客户经理")
        session.execute(update(table).where(table.c.id == client.id).values(
            released_at=record.get("released_at") or now, released_to=successor))
        audit.record_event(session, audit.HANDOVER, translate("移交给 {successor}（本机档案只读）").format(successor=successor),
                           entity="clients", entity_id=client.id, client_id=client.id)
        released += 1
    return {"clients": released} if released else {}


def _refuse_records_of_another_manager(session: Session, package: Package, entity: str) -> None:
    """A review or an acknowledgement names the manager it is for: another's is refused."""
    me = get_profile(session).employee_id
    for record in package.entities.get(entity, []):
        if record["manager_id"] != me:
            raise PackageError("wrong_manager", translate(
                "这是给客户经理 {other} 的{kind}，不是本机（工号 {me}）的：未导入").format(
                other=record["manager_id"], kind=package.manifest.kind_label,
                me=me or translate("未填写")))


def _review_notes(session: Session, package: Package) -> list[str]:
    _refuse_records_of_another_manager(session, package, "diary_reviews")
    return [translate("主管 {reviewer} 审阅了 {month} 的日志：{opinion}（批注 {remarks} 条）").format(
        reviewer=review["reviewer"] or translate("总行"), month=review["month"],
        opinion=review["opinion"], remarks=len(package.entities.get("diary_remarks", [])))
        for review in package.entities.get("diary_reviews", [])]


def _apply_review(session: Session, package: Package) -> dict[str, int]:
    """Store the supervisor's review and remarks (head office's records, past the change
    log: they never travel back as this desk's edits)."""
    _refuse_records_of_another_manager(session, package, "diary_reviews")
    return apply_records(session, {"diary_reviews": package.entities.get("diary_reviews", []),
                                   "diary_remarks": package.entities.get("diary_remarks", [])})


def _apply_acknowledgements(session: Session, package: Package) -> dict[str, int]:
    """Store head office's acknowledgements of reported changes (past the change log)."""
    _refuse_records_of_another_manager(session, package, "acknowledgements")
    return apply_records(session, {"acknowledgements": package.entities.get("acknowledgements", [])})


def _apply_assessment_review(session: Session, package: Package) -> dict[str, int]:
    """Write head office's 复评/审定 onto this desk's 考核表 (only the review columns; a
    考核表 this desk does not have is skipped). Written past the change log, like a
    release: it is head office's own statement; the audit trail records it."""
    from cmdesk.domain import assessment as am

    columns = ("review_status", "review_total", "review_grade", "review_stars", "review_opinion",
               "reviewed_by", "reviewed_on")
    table = Assessment.__table__
    reviewed = 0
    for record in package.entities.get("assessments", []):
        if session.get(Assessment, record["id"]) is None or record.get("review_status") not in am.REVIEW_LABELS:
            continue
        session.execute(update(table).where(table.c.id == record["id"]).values(
            {column: record.get(column) for column in columns}))
        audit.record_event(session, audit.IMPORT, translate("总行{status} {year} 年{period}考核表：{grade}").format(
            status=translate(am.REVIEW_LABELS[record["review_status"]]), year=record["year"],
            period=am.period_label(record["quarter"]), grade=record.get("review_grade")),
            entity="assessments", entity_id=record["id"])
        reviewed += 1
    session.expire_all()
    return {"assessments": reviewed} if reviewed else {}


def _apply_shared(session: Session, package: Package) -> dict[str, int]:
    """Replace head office's word on the clients served together (past the change log)."""
    _refuse_records_of_another_manager(session, package, "shared_clients")
    return shared_clients.apply_shared(session, package.entities)


_APPLY = {"catalogue": _apply_catalogue, "targets": _apply_targets,
          "handover": _apply_handover, "release": _apply_release, "review": _apply_review,
          "acknowledgement": _apply_acknowledgements, ASSESSMENT_KIND: _apply_assessment_review,
          SHARED_KIND: _apply_shared, RULES_KIND: _apply_rules}


# What an applied package that changes no record (only settings) says it did.
_NOTHING_COUNTED = {RULES_KIND: mark("已采用总行下发的职级、对等配置和考核规则")}


def _ledger(db: Database, actor: str, *, result: str, message: str, file_name: str,
            manifest: Manifest | None = None, counts: dict[str, int] | None = None) -> None:
    with db.transaction(actor) as session:
        _ledger_row(session, result=result, message=message, file_name=file_name,
                    manifest=manifest, counts=counts)


def _ledger_row(session: Session, *, result: str, message: str, file_name: str,
                manifest: Manifest | None, counts: dict[str, int] | None) -> None:
    session.add(ExchangeImport(
        package_id=manifest.package_id if manifest else "", kind=manifest.kind if manifest else "",
        sequence=manifest.sequence if manifest else None, file_name=file_name, result=result,
        message=message, counts=json.dumps(counts or {}, ensure_ascii=False)))
    label = {"applied": translate("导入"), "refused": translate("拒绝导入"), "duplicate": translate("重复导入")}[result]
    what = translate("{kind}数据包第 {sequence} 号").format(
        kind=translate(KIND_LABELS.get(manifest.kind, manifest.kind)), sequence=manifest.sequence) \
        if manifest else translate("数据包")
    audit.record_event(session, audit.IMPORT, translate("{label}{what}：{message}").format(label=label, what=what, message=message)[:500],
                       entity="exchange", entity_id=manifest.package_id if manifest else "")


def import_package(desk: HasDesk, path: str | Path, preview: bool = False, *,
                   actor: str = "", backup: bool = True) -> ImportResult:
    """Check, preview and (unless `preview`) apply a head-office package in one
    transaction. A refused package raises PackageError after being recorded."""
    source = Path(path)
    data = read_package_file(source)
    manifest: Manifest | None = None
    try:
        package = _open(desk, data)
        manifest = package.manifest
        with desk.db.session() as session:
            _refuse_older_issue(session, package)
            seen = _preview(session, package, source.name)
        if preview:
            return ImportResult(preview=seen, result="preview")
        if seen.duplicate:
            message = translate("这个数据包已经导入过，没有改动任何数据")
            _ledger(desk.db, actor, result="duplicate", message=message, file_name=source.name,
                    manifest=manifest)
            return ImportResult(preview=seen, result="duplicate", message=message)
        if backup:
            from cmdesk.storage.backup import make_backup

            make_backup(desk, "before-handover" if manifest.kind in ("handover", "release")
                        else "before-import")
        with desk.db.transaction(actor) as session:
            counts = _APPLY[manifest.kind](session, package)
            message = translate("已导入：") + (translate("，").join(translate("{entity_label} {n} 条").format(entity_label=entity_label(e), n=n) for e, n in counts.items())
                                    or translate(_NOTHING_COUNTED.get(manifest.kind, mark("没有需要改动的记录"))))
            _ledger_row(session, result="applied", message=message, file_name=source.name,
                        manifest=manifest, counts=counts)
        return ImportResult(preview=seen, result="applied", counts=counts, message=message)
    except (PackageError, ExchangeError) as exc:
        _ledger(desk.db, actor, result="refused", message=str(exc), file_name=source.name,
                manifest=manifest)
        raise
    except CmdeskError as exc:
        refusal = PackageError("bad_record", translate("数据包内容无法应用，未改动任何数据：{exc}").format(exc=exc))
        _ledger(desk.db, actor, result="refused", message=refusal.message, file_name=source.name,
                manifest=manifest)
        raise refusal from exc


# ---- history --------------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerLine:
    """One line of the exchange history the manager reads."""

    at: datetime
    direction: str  # 导出 | 导入
    what: str
    result: str
    detail: str


def exchange_history(desk: HasDesk, limit: int = 200) -> list[LedgerLine]:
    """Exports and imports, newest first."""
    with desk.db.session() as session:
        return _history(session, limit)


def _import_what(kind: str | None, sequence: int | None) -> str:
    """What an imported package was, for the exchange ledger: its kind and number."""
    label = translate(KIND_LABELS.get(kind, kind)) if kind else translate("未知")
    if sequence is None:
        return label
    return translate("{kind} 第 {sequence} 号").format(kind=label, sequence=sequence)


def _history(session: Session, limit: int) -> list[LedgerLine]:
    lines = [LedgerLine(at=e.created_at, direction=translate("导出"),
                        what=(translate("第 {sequence} 号（全量）") if e.full
                              else translate("第 {sequence} 号")).format(sequence=e.sequence),
                        result=translate("已写出"), detail=f"{_records_text(e.counts)} · {e.file_name}")
             for e in session.scalars(select(ExchangeExport).order_by(
                 ExchangeExport.sequence.desc()).limit(limit))]
    results = {"applied": translate("已导入"), "refused": translate("已拒绝"), "duplicate": translate("重复，未改动")}
    lines += [LedgerLine(at=i.imported_at, direction=translate("导入"),
                         what=_import_what(i.kind, i.sequence),
                         result=results.get(i.result, i.result),
                         detail=f"{i.message} · {i.file_name}")
              for i in session.scalars(select(ExchangeImport).order_by(
                  ExchangeImport.id.desc()).limit(limit))]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:limit]


def _records_text(counts_json: str) -> str:
    counts = json.loads(counts_json or "{}")
    return translate("{sum} 条记录").format(sum=sum(counts.values()))


# ---- what the desk's 数据交换 view shows ------------------------------------------------------

@dataclass(frozen=True)
class LastExport:
    sequence: int
    created_at: datetime
    file_name: str


@dataclass(frozen=True)
class ExchangeOverview:
    """The state of the exchange in one read: what waits to be sent, the last export,
    both keys' fingerprints (head office's None until installed) and the history."""

    pending: dict[str, int]
    last_export: LastExport | None
    desk_fingerprint: str
    hq_fingerprint: str | None
    history: list[LedgerLine]


def exchange_overview(desk: HasDesk, session: Session, limit: int = 200) -> ExchangeOverview:
    last = _last_export(session)
    hq = hq_public_keys(session)
    return ExchangeOverview(
        pending=_pending_counts(session),
        last_export=LastExport(last.sequence, last.created_at, last.file_name) if last else None,
        desk_fingerprint=desk_keys(desk).public.fingerprint(),
        hq_fingerprint=hq.fingerprint() if hq else None,
        history=_history(session, limit))
