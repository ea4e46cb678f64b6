"""Importing desk packages at head office, in any order, each in one transaction.

For every file: `cmdesk.exchange.package.open_package` runs the package checks (size
limits, decryption with head office's key, the signature against the desk key pinned
for that manager, hashes, versions, every record); then, in one transaction:

- the same package twice (or another copy of a sequence already applied) changes
  nothing and says so;
- a package whose predecessor has not arrived is held (kept as received, still
  encrypted) and reported — "等待 王芳 的第 4 号数据包" — and applied as soon as the
  gap closes (a full snapshot closes any gap);
- the first package of a manager pins its desk's public key; a package signed by
  another key is refused until head office re-enrols that manager's desk
  (`cmdesk-hq desks re-enrol`);
- records are applied by `cmdesk.exchange.records.apply_records` under the conflict
  rule (docs/head-office.md): each client file belongs to one manager (the first to
  send it, until a handover moves it); a record is written when its revision is newer,
  and at equal revisions a tombstone wins; a record of a client file its sender no
  longer owns is not applied but stored in hq_conflicts for review;
- the import ledger (hq_imports) records every package read, refusals included;
- the records a package flags urgent (new warning signals, visit reports' flagged
  重要情况变动) are marked reported at the package's time, as the desk marked them, and
  the import says so;
- a package carrying head office's own copies (records.HEAD_OFFICE_COPIES: shared
  clients), which no desk exports, is refused;
- the codes of the package's clients are recorded (`cmdesk.hq.team`): a client another
  manager also serves (same 统一社会信用代码 / 身份证号) is reported, and so is a client
  whose tier asks for a higher grade than its manager's (对等配置).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cmdesk.errors import CmdeskError
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.keys import (
    KeyPair,
    PublicKeys,
    public_key_file,
    read_public_key_file,
)
from cmdesk.exchange.package import (
    Manifest,
    Package,
    display_name,
    open_package,
    read_package_file,
)
from cmdesk.exchange.records import (
    ENTITIES,
    HEAD_OFFICE_COPIES,
    apply_records,
    encode_values,
    entity_label,
)
from cmdesk.hq.db import HqDatabase
from cmdesk.hq.keys import hq_keys
from cmdesk.hq.models import (
    AuditHead,
    ClientOwner,
    Conflict,
    DeskKey,
    HeldPackage,
    ImportRecord,
    KeptPackage,
    Manager,
    Origin,
)
from cmdesk.hq.team import (
    GradeException,
    SharedClient,
    grade_exceptions,
    record_client_codes,
    shared_clients,
)
from cmdesk.i18n import translate
from cmdesk.models import VisitReport, WarningSignal, utcnow
from cmdesk.services.important_changes import mark_changes_reported
from cmdesk.services.risk import mark_signals_reported

Progress = Callable[[int, int, str], None]

# Records that belong to no client file for the conflict rule: a week plan's lines are
# the manager's own plan, history lines are append-only facts about what a desk did.
OWNERLESS = frozenset({"file_history", "plan_items"})
# Records whose sending manager head office remembers (hq_origins): what the weekly
# report counts per manager besides the client files' owners; follow-ups for the internal
# ones (a meeting's action item without a client), which no client file's owner names.
ORIGIN_ENTITIES = frozenset({"clients", "diary_entries", "week_plans", "meetings", "assessments",
                             "follow_ups"})
APPLIED, HELD, DUPLICATE, REFUSED = "applied", "held", "duplicate", "refused"
# A package whose number the same desk already used for another package: kept, unapplied.
CONFLICT = "conflict"
# How far ahead of the last package applied a desk's number may be: a desk exports a
# package a week, so a jump of ten thousand is not a real number.
MAX_SEQUENCE_AHEAD = 10_000


def _client_parents() -> dict[str, tuple[str, str]]:
    """entity -> (column, parent entity) for records that reach their client file
    through a parent (a visit report through its diary entry, a proposal line through
    its version and proposal …)."""
    parents = {}
    for entity, model in ENTITIES.items():
        table = model.__table__
        if entity == "clients" or "client_id" in table.c:
            continue
        for column in table.columns:
            targets = [fk.column.table.name for fk in column.foreign_keys]
            if not column.nullable and targets and targets[0] in ENTITIES \
                    and targets[0] != "products":
                parents[entity] = (column.key, targets[0])
                break
    return parents


CLIENT_PARENTS = _client_parents()


@dataclass
class PackageOutcome:
    """What happened to one file."""

    file_name: str
    result: str
    message: str
    manager_id: str = ""
    manager_name: str = ""
    sequence: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    code: str = ""
    audit_problem: str = ""  # the package's audit lines do not continue the last ones
    urgent: int = 0  # records the desk flagged to be reported upward at once
    shared: list[SharedClient] = field(default_factory=list)  # its clients other managers serve
    below_grade: list[GradeException] = field(default_factory=list)  # its clients, 对等配置


@dataclass
class ImportSummary:
    outcomes: list[PackageOutcome] = field(default_factory=list)

    def _count(self, result: str) -> int:
        return sum(outcome.result == result for outcome in self.outcomes)

    @property
    def applied(self) -> int:
        return self._count(APPLIED)

    @property
    def held(self) -> int:
        return self._count(HELD)

    @property
    def refused(self) -> int:
        return self._count(REFUSED)

    @property
    def duplicates(self) -> int:
        return self._count(DUPLICATE)

    @property
    def kept(self) -> int:
        """Packages kept unapplied: their number was used before with other content."""
        return self._count(CONFLICT)

    @property
    def audit_breaks(self) -> int:
        return sum(bool(outcome.audit_problem) for outcome in self.outcomes)

    @property
    def needs_attention(self) -> bool:
        return bool(self.refused or self.kept or self.audit_breaks)

    @property
    def conflicts(self) -> int:
        return sum(outcome.conflicts for outcome in self.outcomes)

    def rows(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for outcome in self.outcomes:
            total.update(outcome.counts)
        return {entity: total[entity] for entity in ENTITIES if total[entity]}

    def describe(self) -> list[str]:
        """The closing summary, in Chinese."""
        kept = translate("；编号冲突、保存待核对 {kept} 个").format(kept=self.kept) if self.kept else ""
        if self.audit_breaks:
            kept += translate("；审计链不连续 {audit_breaks} 个（见各包说明）").format(audit_breaks=self.audit_breaks)
        lines = [(translate("导入完成：已应用 {applied} 个，等待前序 {held} 个，重复 {duplicates} 个，拒绝 {refused} 个，冲突记录 {conflicts} 条{kept}").format(applied=self.applied, held=self.held, duplicates=self.duplicates, refused=self.refused, conflicts=self.conflicts, kept=kept))]
        rows = self.rows()
        if rows:
            lines.append(translate("写入记录：") + translate("，").join(f"{entity_label(entity)} {n}"
                                              for entity, n in rows.items()))
        shared = {client.code: client for outcome in self.outcomes for client in outcome.shared}
        if shared:
            lines.append(translate("共同服务的客户（同一证件号在两位以上客户经理处）{count} 户：").format(
                count=len(shared)))
            lines.extend(client.describe() for client in shared.values())
        below = {exception.client_id: exception
                 for outcome in self.outcomes for exception in outcome.below_grade}
        if below:
            lines.append(translate("低于对等配置的客户 {count} 户：").format(count=len(below)))
            lines.extend(exception.describe() for exception in below.values())
        return lines


def current_pin(session: Session, manager_id: str) -> DeskKey | None:
    return session.scalar(select(DeskKey).where(DeskKey.manager_id == manager_id,
                                                DeskKey.retired_at.is_(None)))


def last_sequence(session: Session, manager_id: str) -> int | None:
    """The newest desk package sequence applied for a manager (None before the first)."""
    return session.scalar(select(func.max(ImportRecord.sequence)).where(
        ImportRecord.manager_id == manager_id, ImportRecord.result == APPLIED,
        ImportRecord.kind == "desk_export"))


def missing_sequences(session: Session, manager_id: str, follows: int) -> list[int]:
    """The sequences still missing before a package that follows `follows`."""
    last = last_sequence(session, manager_id) or 0
    held = set(session.scalars(select(HeldPackage.sequence).where(HeldPackage.manager_id == manager_id)))
    return [number for number in range(last + 1, follows + 1) if number not in held]


# What the checks let through and the database still refuses: that file is refused
# (rolled back, nothing written) and the batch goes on.
STORE_FAILURES = (SQLAlchemyError, CmdeskError, ValueError)


def not_stored(exc: Exception) -> PackageError:
    """The refusal for a store failure: it names the kind of failure only, never the
    values (the statement's parameters are client data)."""
    return PackageError("not_stored",
                        translate("数据包无法写入总行数据库（{kind}），未改动任何数据").format(kind=type(exc).__name__))


def _refuse_key_of_another_manager(session: Session, manifest: Manifest) -> None:
    """A desk key signs for the manager it was enrolled for only: a package naming
    another manager (工号) but signed by a key pinned for someone else is refused."""
    sender = manifest.sender
    enrolled_for = session.scalar(select(DeskKey.manager_id).where(
        DeskKey.fingerprint == sender.public_keys.fingerprint(), DeskKey.retired_at.is_(None),
        DeskKey.manager_id != sender.manager_id).limit(1))
    if enrolled_for is not None:
        raise PackageError("wrong_manager", (
            translate("数据包自称来自工号 {manager_id} 的客户经理，但签名密钥登记给工号 {enrolled_for}：未导入（一台工作台只能替登记它的客户经理发送数据）").format(manager_id=sender.manager_id, enrolled_for=enrolled_for)))


def _check_sequence(manifest: Manifest, last: int | None) -> None:
    """Refuse a number no desk gives: below 1, following itself or a later number, or
    far ahead of the last package applied."""
    sequence, follows = manifest.sequence, manifest.follows
    if (sequence < 1 or (follows is not None and follows >= sequence)
            or sequence - (last or 0) > MAX_SEQUENCE_AHEAD):
        raise PackageError("bad_sequence", (
            translate("数据包编号不合理（第 {sequence} 号，接在第 {value} 号之后；该客户经理已导入到第 {value2} 号），已拒绝").format(sequence=sequence, value=follows if follows is not None else '—', value2=last or 0)))


def _same_number(session: Session, manager_id: str, sequence: int) -> str | None:
    """The id of another package of this manager with the same number, applied or held."""
    return session.scalar(select(ImportRecord.package_id).where(
        ImportRecord.manager_id == manager_id, ImportRecord.kind == "desk_export",
        ImportRecord.result == APPLIED, ImportRecord.sequence == sequence).limit(1)) \
        or session.scalar(select(HeldPackage.package_id).where(
            HeldPackage.manager_id == manager_id, HeldPackage.sequence == sequence).limit(1))


def _chain_problem(lines: dict[int, dict[str, Any]]) -> str:
    """The first of a package's own audit lines (by seq) that does not link to the line
    before it; "" when they all do. (Each line's own hash is the desk's check, `cmdesk
    audit verify`; head office checks that the chain it receives is one chain.)"""
    before: tuple[int, str] | None = None
    for seq in sorted(lines):
        line = lines[seq]
        if before is not None and before[0] == seq - 1 and line.get("prev_hash") != before[1]:
            return translate("第 {seq} 行接不上第 {seq2} 行").format(seq=seq, seq2=seq - 1)
        before = (seq, line.get("row_hash"))
    return ""


def _audit_continuity(session: Session, package: Package) -> str:
    """Check the package's audit lines against the chain head its manifest names and the
    last head this manager's desk sent; remember the new head. Returns the problem ("":
    none). A break is reported, not refused: the records are the desk's real work."""
    manifest = package.manifest
    head = manifest.audit
    if head is None:
        return ""
    lines = {line["seq"]: line for line in package.entities.get("file_history") or ()
             if line.get("desk_id") == head["desk_id"] and line.get("seq") is not None}
    problem = _chain_problem(lines)
    if not problem and head["seq"] in lines and lines[head["seq"]].get("row_hash") != head["row_hash"]:
        problem = translate("清单所记的链头（第 {seq} 行）与所附记录不符").format(seq=head['seq'])
    last = session.get(AuditHead, manifest.sender.manager_id)
    if not problem and last is not None and last.desk_id == head["desk_id"]:
        if head["seq"] < last.seq:
            problem = (translate("上次已收到第 {seq} 行，本包只到第 {seq2} 行（工作台可能从备份恢复过，或审计记录末尾被删除）").format(seq=last.seq, seq2=head['seq']))
        elif head["seq"] == last.seq and head["row_hash"] != last.row_hash:
            problem = translate("第 {seq} 行与上次收到的不同（审计链被改写）").format(seq=last.seq)
        elif last.seq in lines and lines[last.seq].get("row_hash") != last.row_hash:
            problem = translate("第 {seq} 行与上次收到的不同（审计链被改写）").format(seq=last.seq)
        elif last.seq + 1 in lines and lines[last.seq + 1].get("prev_hash") != last.row_hash:
            problem = translate("第 {seq} 行接不上上次收到的第 {seq2} 行（审计链被改写）").format(seq=last.seq + 1, seq2=last.seq)
        elif head["seq"] > last.seq and last.seq not in lines and last.seq + 1 not in lines:
            problem = translate("缺少第 {seq} 至 {min} 行").format(seq=last.seq + 1, min=min(lines or [head['seq'] + 1]) - 1)
    if last is None:
        session.add(AuditHead(manager_id=manifest.sender.manager_id, desk_id=head["desk_id"],
                              seq=head["seq"], row_hash=head["row_hash"],
                              package_id=manifest.package_id))
    else:
        last.desk_id, last.seq, last.row_hash = head["desk_id"], head["seq"], head["row_hash"]
        last.package_id, last.at = manifest.package_id, utcnow()
    return problem


def waiting_message(name: str, missing: list[int]) -> str:
    numbers = translate("、").join(str(n) for n in missing)
    return translate("等待 {name} 的第 {numbers} 号数据包").format(name=name, numbers=numbers)


class _OwnerRule:
    """The conflict rule for one package: the owner_check `apply_records` asks."""

    def __init__(self, session: Session, package: Package, manager_id: str, package_id: str):
        self.session = session
        self.manager_id = manager_id
        self.package_id = package_id
        self.entities = package.entities
        self.owners: dict[str, str | None] = {}
        self.new_owners: dict[str, str] = {}
        self.client_of_cache: dict[tuple[str, str], str | None] = {}
        self.by_id: dict[str, dict[str, dict[str, Any]]] = {}
        self.conflicts: list[Conflict] = []
        self.written: list[dict[str, str]] = []
        self._read_owners()

    def _read_owners(self) -> None:
        """The owners of every client file the package names directly (its clients and
        every client_id), in one query per thousand files rather than one per file."""
        named = {row["id"] for row in self.entities.get("clients") or ()}
        for entity, rows in self.entities.items():
            if entity not in OWNERLESS and "client_id" in ENTITIES[entity].__table__.c:
                named.update(row["client_id"] for row in rows if row.get("client_id"))
        ordered = sorted(named)
        for start in range(0, len(ordered), 1000):
            chunk = ordered[start:start + 1000]
            found = dict(self.session.execute(select(ClientOwner.client_id, ClientOwner.manager_id)
                                              .where(ClientOwner.client_id.in_(chunk))).all())
            self.owners.update({client_id: found.get(client_id) for client_id in chunk})

    def _incoming(self, entity: str, record_id: str) -> dict[str, Any] | None:
        if entity not in self.by_id:
            self.by_id[entity] = {row["id"]: row for row in self.entities.get(entity) or ()}
        return self.by_id[entity].get(record_id)

    def client_of(self, entity: str, values: dict[str, Any]) -> str | None:
        if entity == "clients":
            return values["id"]
        if "client_id" in ENTITIES[entity].__table__.c:
            return values.get("client_id")
        if entity not in CLIENT_PARENTS:
            return None
        column, parent = CLIENT_PARENTS[entity]
        parent_id = values.get(column)
        if parent_id is None:
            return None
        key = (parent, parent_id)
        if key not in self.client_of_cache:
            row = self._incoming(parent, parent_id)
            if row is None:
                table = ENTITIES[parent].__table__
                found = self.session.execute(select(table).where(table.c.id == parent_id)).first()
                row = dict(found._mapping) if found else None
            self.client_of_cache[key] = self.client_of(parent, row) if row else None
        return self.client_of_cache[key]

    def owner(self, client_id: str) -> str | None:
        if client_id not in self.owners:
            self.owners[client_id] = self.session.scalar(
                select(ClientOwner.manager_id).where(ClientOwner.client_id == client_id))
        return self.owners[client_id]

    def __call__(self, entity: str, values: dict[str, Any]) -> bool:
        client_id = None if entity in OWNERLESS else self.client_of(entity, values)
        if client_id is not None:
            owner = self.owner(client_id)
            if owner is None:
                self.owners[client_id] = self.new_owners[client_id] = self.manager_id
            elif owner != self.manager_id:
                self.conflicts.append(Conflict(
                    package_id=self.package_id, manager_id=self.manager_id, owner_id=owner,
                    client_id=client_id, entity=entity, entity_id=values["id"],
                    revision=values.get("revision") or 0,
                    record=json.dumps(encode_values(entity, {
                        column.key: values.get(column.key)
                        for column in ENTITIES[entity].__table__.columns}), ensure_ascii=False)))
                return False
        if entity in ORIGIN_ENTITIES:
            self.written.append({"entity": entity, "entity_id": values["id"],
                                 "manager_id": self.manager_id})
        return True

    def finish(self) -> None:
        """Store new owners, conflicts and the origins of records seen for the first time."""
        self.session.add_all(ClientOwner(client_id=client_id, manager_id=manager_id)
                             for client_id, manager_id in self.new_owners.items())
        self.session.add_all(self.conflicts)
        if self.written:
            _record_origins(self.session, self.written)
        self.session.flush()


def _record_origins(session: Session, written: list[dict[str, str]]) -> None:
    """Remember the sending manager of records head office has not seen before (a record
    already in hq_origins keeps its first sender). PostgreSQL takes them all in one
    statement (arrays unnested); other engines insert with executemany."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            "INSERT INTO hq_origins (entity, entity_id, manager_id) "
            "SELECT * FROM unnest(CAST(:entities AS text[]), CAST(:entity_ids AS text[]), "
            "CAST(:managers AS text[])) ON CONFLICT (entity, entity_id) DO NOTHING"),
            {"entities": [row["entity"] for row in written],
             "entity_ids": [row["entity_id"] for row in written],
             "managers": [row["manager_id"] for row in written]})
        return
    from sqlalchemy.dialects.sqlite import insert

    statement = insert(Origin.__table__).on_conflict_do_nothing(
        index_elements=["entity", "entity_id"])
    for start in range(0, len(written), 5000):
        session.execute(statement, written[start:start + 5000])


class Importer:
    """Imports desk packages into one head-office database."""

    def __init__(self, hq: HqDatabase, keys: KeyPair | None = None):
        self.hq = hq
        self.keys = keys or hq_keys(hq.keys_dir)

    # ---- one file -------------------------------------------------------------------
    def _open(self, data: bytes, session: Session) -> tuple[Package, bool]:
        """Open and check a package; (package, first package of this manager)."""
        rekeyed: list[tuple[str, str, str]] = []
        first = [False]

        def signer_key(manifest: Manifest) -> PublicKeys | None:
            sender = manifest.sender
            offered = sender.public_keys
            _refuse_key_of_another_manager(session, manifest)
            pin = current_pin(session, sender.manager_id)
            if pin is None:
                first[0] = True
                return offered
            pinned = read_public_key_file(pin.public_key_file)
            if pinned != offered:
                rekeyed.append((sender.manager_name or sender.manager_id, pin.fingerprint,
                                offered.fingerprint()))
                return None
            return pinned

        try:
            package = open_package(data, self.keys, signer_key)
        except PackageError as exc:
            if rekeyed and exc.code == "unknown_signer":
                name, pinned, offered = rekeyed[0]
                raise PackageError("rekeyed_desk", (
                    translate("{name} 的数据包用另一把密钥签名（已登记指纹 {pinned}，本包 {offered}），未导入。如确认该客户经理换了电脑，请先运行 cmdesk-hq desks re-enrol {name}").format(name=name, pinned=pinned, offered=offered))) from None
            raise
        copies = sorted(HEAD_OFFICE_COPIES & set(package.entities))
        if copies:
            raise PackageError("bad_record", translate(
                "工作台数据包含有总行下发的{entity}，工作台不会上报这些记录：未导入").format(
                entity=entity_label(copies[0])))
        return package, first[0]

    @staticmethod
    def _enrol(session: Session, manifest: Manifest, first: bool) -> None:
        """Know the sender (its name may change) and pin its key on its first package."""
        sender = manifest.sender
        manager = session.get(Manager, sender.manager_id)
        if manager is None:
            session.add(Manager(id=sender.manager_id, name=sender.manager_name))
        elif sender.manager_name and manager.name != sender.manager_name:
            manager.name = sender.manager_name
        if first:
            session.add(DeskKey(manager_id=sender.manager_id, desk_id=sender.desk_id,
                                public_key_file=public_key_file(sender.public_keys,
                                                                owner=sender.manager_name),
                                fingerprint=sender.public_keys.fingerprint()))
        session.flush()

    def _apply(self, session: Session, package: Package, file_name: str,
               sha256: str) -> PackageOutcome:
        manifest = package.manifest
        manager_id, name = manifest.sender.manager_id, manifest.sender.manager_name
        rule = _OwnerRule(session, package, manager_id, manifest.package_id)
        counts = apply_records(session, package.entities, owner_check=rule)
        rule.finish()
        client_ids = {row["id"] for row in package.entities.get("clients") or ()}
        shared = shared_clients(session, record_client_codes(session, client_ids))
        below_grade = grade_exceptions(session, client_ids)
        audit_problem = _audit_continuity(session, package)
        message = translate("{name} 第 {sequence} 号数据包已导入：{sum} 条记录").format(name=name, sequence=manifest.sequence, sum=sum(counts.values()))
        if rule.conflicts:
            message += translate("，{count} 条因客户已移交未应用（见冲突）").format(count=len(rule.conflicts))
        if audit_problem:
            message += translate("；审计链不连续：{audit_problem}").format(audit_problem=audit_problem)
        urgent = sum(len(ids) for ids in manifest.urgent.values())
        mark_signals_reported(session, manifest.urgent.get(WarningSignal.__tablename__, []),
                              manifest.created)
        mark_changes_reported(session, manifest.urgent.get(VisitReport.__tablename__, []),
                              manifest.created)
        if urgent:
            message += translate("；紧急上报：{urgent} 条重要情况变动（cmdesk-hq urgent 列出）").format(urgent=urgent)
        session.add(ImportRecord(package_id=manifest.package_id, manager_id=manager_id,
                                 kind=manifest.kind, sequence=manifest.sequence, file_name=file_name,
                                 sha256=sha256, result=APPLIED, message=message,
                                 counts=json.dumps(counts, ensure_ascii=False)))
        return PackageOutcome(file_name, APPLIED, message, manager_id, name, manifest.sequence,
                              counts, len(rule.conflicts), audit_problem=audit_problem,
                              urgent=urgent, shared=shared, below_grade=below_grade)

    def _import_one(self, data: bytes, file_name: str) -> list[PackageOutcome]:
        sha256 = hashlib.sha256(data).hexdigest()
        try:
            with self.hq.transaction() as session:
                package, first = self._open(data, session)
                outcome = self._place(session, package, first, data, file_name, sha256)
        except PackageError as exc:
            return [self._refuse(file_name, sha256, exc)]
        except STORE_FAILURES as exc:
            return [self._refuse(file_name, sha256, not_stored(exc))]
        outcomes = [outcome]
        if outcome.result == APPLIED:
            outcomes.extend(self._release_held(outcome.manager_id))
        return outcomes

    def _place(self, session: Session, package: Package, first: bool, data: bytes,
               file_name: str, sha256: str) -> PackageOutcome:
        """Apply, hold or recognise as a duplicate one opened package."""
        manifest = package.manifest
        sender = manifest.sender
        manager_id, name = sender.manager_id, sender.manager_name or sender.manager_id
        if manifest.kind != "desk_export":
            raise PackageError("wrong_kind", translate("这是总行发给客户经理的数据包（{kind}），总行不导入").format(kind=manifest.kind))

        def ledger(result: str, message: str) -> PackageOutcome:
            session.add(ImportRecord(package_id=manifest.package_id, manager_id=manager_id,
                                     kind=manifest.kind, sequence=manifest.sequence,
                                     file_name=file_name, sha256=sha256, result=result,
                                     message=message))
            return PackageOutcome(file_name, result, message, manager_id, name, manifest.sequence)

        last = last_sequence(session, manager_id)
        already = session.scalar(select(ImportRecord.id).where(
            ImportRecord.package_id == manifest.package_id, ImportRecord.result == APPLIED))
        if already is not None:
            return ledger(DUPLICATE, translate("{name} 第 {sequence} 号数据包已导入过，没有任何改动").format(name=name, sequence=manifest.sequence))
        if session.get(HeldPackage, manifest.package_id) is not None:
            return ledger(DUPLICATE, translate("{name} 第 {sequence} 号数据包已在等待前序数据包，没有任何改动").format(name=name, sequence=manifest.sequence))
        if session.get(KeptPackage, manifest.package_id) is not None:
            return ledger(DUPLICATE, translate("{name} 第 {sequence} 号数据包已因编号冲突保存待核对，没有任何改动").format(name=name, sequence=manifest.sequence))
        _check_sequence(manifest, last)
        clash = _same_number(session, manager_id, manifest.sequence)
        if clash is not None:
            session.add(KeptPackage(package_id=manifest.package_id, manager_id=manager_id,
                                    manager_name=name, sequence=manifest.sequence,
                                    clashes_with=clash, file_name=file_name, sha256=sha256,
                                    data=data))
            return ledger(CONFLICT, (
                translate("{file_name}：{name} 第 {sequence} 号数据包与已收到的同号数据包内容不同（编号被重复使用，工作台可能从备份恢复过）：已原样保存待核对，未应用，没有丢弃任何数据").format(file_name=file_name, name=name, sequence=manifest.sequence)))
        if last is not None and manifest.sequence <= last:
            return ledger(DUPLICATE, translate("{name} 第 {sequence} 号数据包的内容已含在更新的全量数据包中，没有任何改动").format(name=name, sequence=manifest.sequence))
        self._enrol(session, manifest, first)
        follows = manifest.follows
        in_order = follows == last or (last is None and follows in (None, 0))
        if in_order or manifest.full:
            return self._apply(session, package, file_name, sha256)
        session.add(HeldPackage(package_id=manifest.package_id, manager_id=manager_id,
                                manager_name=name, sequence=manifest.sequence,
                                follows=follows or 0, file_name=file_name, data=data))
        session.flush()
        return ledger(HELD, translate("{file_name}：{waiting_message}").format(file_name=file_name, waiting_message=waiting_message(name, missing_sequences(session, manager_id, follows or 0))))

    def _release_held(self, manager_id: str) -> list[PackageOutcome]:
        """Apply held packages of a manager whose predecessor is now in, in order; one
        that no longer passes the checks (its desk was re-keyed since) is refused."""
        outcomes = []
        with self.hq.transaction() as session:  # overtaken by a full snapshot
            last = last_sequence(session, manager_id)
            for stale in session.scalars(select(HeldPackage).where(
                    HeldPackage.manager_id == manager_id, HeldPackage.sequence <= last)):
                message = (translate("{manager_name} 第 {sequence} 号数据包的内容已含在更新的全量数据包中，没有任何改动").format(manager_name=stale.manager_name, sequence=stale.sequence))
                session.add(ImportRecord(package_id=stale.package_id, manager_id=manager_id,
                                         kind="desk_export", sequence=stale.sequence,
                                         file_name=stale.file_name, result=DUPLICATE,
                                         message=message))
                session.delete(stale)
                outcomes.append(PackageOutcome(stale.file_name, DUPLICATE, message, manager_id,
                                               stale.manager_name, stale.sequence))
        while True:
            with self.hq.session() as session:
                last = last_sequence(session, manager_id)
                held = session.scalar(select(HeldPackage).where(
                    HeldPackage.manager_id == manager_id, HeldPackage.follows == last))
            if held is None:
                return outcomes
            sha256 = hashlib.sha256(held.data).hexdigest()
            try:
                with self.hq.transaction() as session:
                    session.execute(delete(HeldPackage).where(
                        HeldPackage.package_id == held.package_id))
                    package, _first = self._open(held.data, session)
                    outcome = self._apply(session, package, held.file_name, sha256)
                    outcome.message += translate("（前序数据包已到，自动应用）")
            except (PackageError, *STORE_FAILURES) as exc:
                refusal = exc if isinstance(exc, PackageError) else not_stored(exc)
                outcome = self._refuse(held.file_name, sha256, refusal)
                with self.hq.transaction() as session:
                    session.execute(delete(HeldPackage).where(
                        HeldPackage.package_id == held.package_id))
            outcomes.append(outcome)

    def _refuse(self, file_name: str, sha256: str, exc: PackageError) -> PackageOutcome:
        with self.hq.transaction() as session:
            session.add(ImportRecord(file_name=file_name, sha256=sha256, result=REFUSED,
                                     message=exc.message))
        return PackageOutcome(file_name, REFUSED, translate("{file_name}：{message}").format(file_name=file_name, message=exc.message), code=exc.code)

    # ---- many files -----------------------------------------------------------------
    def import_paths(self, paths: list[Path], progress: Progress | None = None) -> ImportSummary:
        """Import files by path; one that cannot be read (missing, a folder, no permission,
        over the size limit) is refused and the batch goes on."""
        summary = ImportSummary()
        for done, path in enumerate(paths, start=1):
            file_name = display_name(Path(path).name)
            try:
                data = read_package_file(Path(path))
            except PackageError as exc:
                outcomes = [self._refuse(file_name, "", exc)]
            else:
                outcomes = self._import_one(data, file_name)
            summary.outcomes.extend(outcomes)
            if progress is not None:
                for outcome in outcomes:
                    progress(done, len(paths), outcome.message)
        return summary


def re_enrol(session: Session, manager: str) -> DeskKey:
    """Retire the desk key pinned for a manager (by id or name): that manager's next
    package pins its new key. Returns the retired pin."""
    manager_row = session.get(Manager, manager) or session.scalar(
        select(Manager).where(Manager.name == manager))
    if manager_row is None:
        raise CmdeskError(translate("没有客户经理“{manager}”的数据包记录").format(manager=manager))
    pin = current_pin(session, manager_row.id)
    if pin is None:
        raise CmdeskError(translate("{value} 当前没有登记的密钥").format(value=manager_row.name or manager_row.id))
    pin.retired_at = utcnow()
    return pin
