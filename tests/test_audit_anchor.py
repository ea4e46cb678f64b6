"""The audit chain's anchor outside the database: a deleted tail and a chain re-hashed
from some line on are named by `verify_chain` and `cmdesk audit verify`; a later save does
not paper over them; a restore moves the anchor with it."""
from __future__ import annotations

from sqlalchemy import select, text

from cmdesk.models import FileHistory
from cmdesk.storage import audit
from cmdesk.storage.audit_anchor import ANCHOR_FILE, read_anchor
from cmdesk.storage.backup import make_backup
from cmdesk.storage.desk import open_desk
from cmdesk.storage.recovery import restore_backup
from tests.test_audit import _cli, _lines, _save_client, _verify


def _chain(db, count: int = 3) -> list[FileHistory]:
    for number in range(count):
        _save_client(db, name=f"厦门鹭易贸易有限公司{number}")
    return _lines(db)


def _truncate(db, keep: int) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM file_history WHERE seq > :keep"), {"keep": keep})


def _rehash_from(db, seq: int) -> None:
    """Edit line `seq` and re-hash it and every line after it, as anyone with the file can."""
    with db.session() as session, session.begin():
        lines = list(session.scalars(select(FileHistory).where(FileHistory.seq >= seq)
                                     .order_by(FileHistory.seq)))
        prev = session.scalar(select(FileHistory.row_hash).where(FileHistory.seq == seq - 1)) or ""
        lines[0].summary = "改过的内容"
        for line in lines:
            line.prev_hash = prev
            line.row_hash = prev = audit.line_hash(prev, line)
        updates = [{"i": line.id, "s": line.summary, "p": line.prev_hash, "r": line.row_hash}
                   for line in lines]
        session.expunge_all()
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE file_history SET summary = :s, prev_hash = :p, "
                                "row_hash = :r WHERE id = :i"), updates)


def test_anchor_follows_every_commit(desk, db):
    lines = _chain(db)
    anchor = read_anchor(desk.paths.root / ANCHOR_FILE)
    assert (anchor.seq, anchor.row_hash) == (lines[-1].seq, lines[-1].row_hash)
    assert _verify(db).ok


def test_deleted_tail_is_named(desk, db, capsys):
    lines = _chain(db)
    keep = lines[-1].seq - 4
    _truncate(db, keep)
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == keep + 1
    assert f"第 {keep + 1} 至 {lines[-1].seq} 行缺失" in result.reason
    assert _cli(desk, "audit", "verify") == 3
    assert "末尾被删除" in capsys.readouterr().out


def test_rehashed_chain_is_named(db):
    lines = _chain(db)
    _rehash_from(db, lines[2].seq)
    assert all(line.row_hash == audit.line_hash(line.prev_hash, line) for line in _lines(db))
    result = _verify(db)
    assert not result.ok and result.first_broken_seq == lines[-1].seq
    assert "重新计算过哈希" in result.reason


def test_a_save_after_truncation_does_not_move_the_anchor(desk, db):
    lines = _chain(db)
    _truncate(db, lines[-1].seq - 4)
    _save_client(db, name="截断之后的客户")
    anchor = read_anchor(desk.paths.root / ANCHOR_FILE)
    assert (anchor.seq, anchor.row_hash) == (lines[-1].seq, lines[-1].row_hash)
    assert not _verify(db).ok


def test_restore_moves_the_anchor_to_the_restored_chain(desk, data_dir):
    _chain(desk.db, 1)
    backup = make_backup(desk, "manual").path
    _chain(desk.db, 3)
    desk.close()
    restore_backup(data_dir, backup)
    restored = open_desk(data_dir)
    try:
        result = _verify(restored.db)
        assert result.ok, result.reason
        head = _lines(restored.db)[-1]
        assert head.action == audit.RESTORE
        assert read_anchor(data_dir / ANCHOR_FILE).seq == head.seq
    finally:
        restored.close()
