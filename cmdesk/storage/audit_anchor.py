"""The audit chain's anchor: the head of this desk's chain kept outside the database.

A hash chain alone cannot tell a chain whose newest lines were deleted (or that was
re-hashed from some line on, as anyone with the file can) from an honest shorter one.
So the head — desk id, seq and row_hash of the newest line — is also written, after
every commit that extends the chain, to `cmdesk.audit-anchor.json` beside the key file
in the data folder (owner-only), and travels in every export manifest so head office
can check that each package's lines continue the last ones it received.

The anchor only moves forward along the chain: a transaction extends it when the chain
it starts from still holds the anchored line (same seq, same hash). A chain cut below
the anchor or re-hashed leaves the anchor where it was, and `audit.verify_chain` names
the missing tail or the re-hashed line. A restore (its audit line, `restore`) moves the
anchor to the restored chain: the restore itself is on the record.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.models import FileHistory

ANCHOR_FILE = "cmdesk.audit-anchor.json"
PATH_KEY = "audit_anchor_path"  # session.info: where this database's anchor lives
# session.info: {"extends": may this transaction move the anchor, "head": (desk, seq, hash)}
_STATE_KEY = "audit_anchor_state"


class AnchorError(CmdeskError):
    """The anchor file exists but cannot be read."""


@dataclass(frozen=True)
class Anchor:
    desk_id: str
    seq: int
    row_hash: str

    def to_json(self) -> dict[str, Any]:
        return {"desk_id": self.desk_id, "seq": self.seq, "row_hash": self.row_hash}


def anchor_path(database: Path) -> Path:
    return Path(database).parent / ANCHOR_FILE


def read_anchor(path: Path) -> Anchor | None:
    """The anchor at `path`; None when there is none yet; AnchorError when garbled."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        anchor = Anchor(str(data["desk_id"]), int(data["seq"]), str(data["row_hash"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorError(translate("审计锚点文件 {path} 无法读取（被改动或损坏）").format(path=path)) from exc
    return anchor


def write_anchor(path: Path, anchor: Anchor) -> None:
    text = json.dumps(anchor.to_json())
    atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))
    if os.name == "posix":
        path.chmod(0o600)


def _hash_at(session: Session, desk: str, seq: int) -> str | None:
    return session.scalar(select(FileHistory.row_hash).where(
        FileHistory.desk_id == desk, FileHistory.seq == seq))


def note_chain_start(session: Session, desk: str, last_seq: int, last_hash: str,
                     restoring: bool) -> None:
    """Called once per transaction, when the chain's head is read before new lines are
    sealed: remember whether this transaction may move the anchor (see the docstring)."""
    path = session.info.get(PATH_KEY)
    if path is None:
        return
    try:
        anchor = read_anchor(path)
    except AnchorError:
        anchor = Anchor(desk, -1, "")  # garbled: never overwritten silently
    extends = (restoring or anchor is None or anchor.desk_id != desk
               or (anchor.seq == last_seq and anchor.row_hash == last_hash)
               or (0 <= anchor.seq < last_seq and _hash_at(session, desk, anchor.seq) == anchor.row_hash))
    session.info[_STATE_KEY] = {"extends": extends, "head": None}


def note_restore(session: Session) -> None:
    """A restore line is being sealed in this transaction: it may move the anchor back."""
    state = session.info.get(_STATE_KEY)
    if state is not None:
        state["extends"] = True


def note_head(session: Session, desk: str, seq: int, row_hash: str) -> None:
    """The chain's head after this flush sealed its lines."""
    state = session.info.get(_STATE_KEY)
    if state is not None:
        state["head"] = (desk, seq, row_hash)


def forget(session: Session, _previous_transaction: object = None) -> None:
    """A rollback: nothing this transaction sealed stays (an after_soft_rollback hook)."""
    session.info.pop(_STATE_KEY, None)


def after_commit(session: Session) -> None:
    """Move the anchor to the head this transaction sealed (an after_commit hook)."""
    state = session.info.pop(_STATE_KEY, None)
    path = session.info.get(PATH_KEY)
    if state is None or state["head"] is None or path is None or not state["extends"]:
        return
    try:
        write_anchor(path, Anchor(*state["head"]))
    except CmdeskError as exc:  # the data is committed; the anchor lags until the next commit
        logging.getLogger(__name__).warning(translate("审计锚点未能更新：%s"), exc)


def anchored_seq(session: Session) -> int | None:
    """The seq the anchor names (None without an anchor, or when it cannot be read)."""
    path = session.info.get(PATH_KEY)
    try:
        anchor = read_anchor(path) if path is not None else None
    except AnchorError:
        return None
    return anchor.seq if anchor is not None else None


def anchor_problem(session: Session, desk: str, last_seq: int,
                   hash_at_anchor: str | None) -> tuple[int | None, str] | None:
    """What the anchor says is wrong with a chain that is whole up to `last_seq`
    (`hash_at_anchor`: the row_hash of its line at the anchor's seq, if it reached it):
    (first broken seq, reason), or None."""
    path = session.info.get(PATH_KEY)
    if path is None:
        return None
    try:
        anchor = read_anchor(path)
    except AnchorError as exc:
        return None, str(exc)
    if anchor is None or anchor.desk_id != desk:
        return None
    if anchor.seq > last_seq:
        return last_seq + 1, (translate("第 {last_seq} 至 {seq} 行缺失（审计链末尾被删除：锚点记录链已写到第 {seq} 行）").format(last_seq=last_seq + 1, seq=anchor.seq))
    if hash_at_anchor != anchor.row_hash:
        return anchor.seq, translate("第 {seq} 行与锚点记录的哈希不符（审计链被改写后重新计算过哈希）").format(seq=anchor.seq)
    return None


def current_head(session: Session, desk: str) -> Anchor | None:
    """This desk's chain head as stored (for an export manifest)."""
    row = session.execute(select(FileHistory.seq, FileHistory.row_hash).where(
        FileHistory.desk_id == desk, FileHistory.seq.is_not(None))
        .order_by(FileHistory.seq.desc()).limit(1)).first()
    return Anchor(desk, row[0], row[1]) if row else None
