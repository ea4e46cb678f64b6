"""A disk that fills up in the middle of a write: the old file stays as it was and no
partial file appears under the final name — for `atomic_write` itself and for the desk's
writers that use it (visit report PDF, the month's visit pack, the client import template).

The full disk is simulated below the writers: every file `atomic_write` opens accepts only
`room` bytes and then fails with ENOSPC, as the operating system does.
"""
from __future__ import annotations

import errno
import io
import os
from datetime import date

import pytest

from cmdesk import files
from cmdesk.errors import CmdeskError
from cmdesk.reports import visit_report as vr
from cmdesk.services import clients, diary
from cmdesk.services.client_import import write_template

OLD = b"the old file, which must survive"


class _FillingDisk(io.FileIO):
    """A file on a disk with `room` bytes left."""

    def __init__(self, fd: int, room: int):
        super().__init__(fd, "wb", closefd=True)
        self.room = room

    def write(self, data) -> int:
        size = memoryview(data).nbytes
        if size > self.room:
            if self.room:
                super().write(memoryview(data).cast("B")[:self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= size
        return super().write(data)


@pytest.fixture
def disk_with_room(monkeypatch):
    """Call with a byte count: from then on files written by atomic_write fill the disk."""
    def fill_after(room: int) -> None:
        monkeypatch.setattr(files.os, "fdopen", lambda fd, _mode="r": _FillingDisk(fd, room))
    return fill_after


def _visit(db) -> str:
    with db.transaction("测试经理") as session:
        client_id = clients.save_client_file(session, clients.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易贸易有限公司"},
            contacts=[{"name": "王五", "phone": "13812345678"}]))
        return diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": date(2026, 11, 20), "kind": "visit", "client_id": client_id,
                    "content": "走访" * 200},
            visit_report={"place": "客户办公室", "discussion": "代发工资迁移" * 300},
            follow_ups=[{"request": "开通企业网银"}]))


def _assert_old_file_only(path) -> None:
    assert path.read_bytes() == OLD
    assert sorted(os.listdir(path.parent)) == [path.name]  # no temp or partial file


@pytest.mark.parametrize("room", [0, 1, 4096, 65_537])
def test_atomic_write_on_a_filling_disk_keeps_the_old_file(tmp_path, disk_with_room, room):
    path = tmp_path / "export.bin"
    path.write_bytes(OLD)
    disk_with_room(room)
    with pytest.raises(CmdeskError, match="无法写入"):
        files.atomic_write(path, lambda handle: [handle.write(b"y" * 10_000) for _ in range(10)])
    _assert_old_file_only(path)


def test_a_write_that_fits_still_replaces_the_file(tmp_path, disk_with_room):
    path = tmp_path / "export.bin"
    path.write_bytes(OLD)
    disk_with_room(1_000_000)
    files.atomic_write(path, lambda handle: handle.write(b"new" * 1000))
    assert path.read_bytes() == b"new" * 1000


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.99])
def test_the_visit_report_pdf_on_a_filling_disk(db, tmp_path, disk_with_room, fraction):
    entry_id = _visit(db)
    size = len(vr.visit_report_pdf(db, entry_id))
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "访客报告.pdf"
    path.write_bytes(OLD)
    disk_with_room(int(size * fraction))
    with pytest.raises(CmdeskError, match="无法写入"):
        vr.write_visit_report(db, entry_id, path)
    _assert_old_file_only(path)


def test_the_visit_pack_on_a_filling_disk(db, tmp_path, disk_with_room):
    _visit(db)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "访客报告汇总.pdf"
    path.write_bytes(OLD)
    disk_with_room(2048)
    with pytest.raises(CmdeskError, match="无法写入"):
        vr.write_visit_pack(db, date(2026, 11, 1), date(2026, 11, 30), path)
    _assert_old_file_only(path)


@pytest.mark.parametrize("room", [0, 3000])
def test_the_client_template_on_a_filling_disk(tmp_path, disk_with_room, room):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "客户导入模板.xlsx"
    path.write_bytes(OLD)
    disk_with_room(room)
    with pytest.raises(CmdeskError, match="无法写入"):
        write_template(path)
    _assert_old_file_only(path)
