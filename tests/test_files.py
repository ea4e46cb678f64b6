"""Atomic file writing: a failing writer, a full disk or a failing fsync never leaves a
half file under the final name, and the old file stays as it was."""
from __future__ import annotations

import errno
import os

import pytest

from cmdesk import files
from cmdesk.errors import CmdeskError


def _writer_failing_after(count: int, error: BaseException):
    def write(handle):
        handle.write(b"x" * count)
        raise error
    return write


def test_the_whole_file_replaces_the_old_one(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old")
    assert files.atomic_write(path, lambda handle: handle.write(b"new content")) == path
    assert path.read_bytes() == b"new content"
    assert os.listdir(tmp_path) == ["report.pdf"]


@pytest.mark.parametrize("error,raised", [
    (OSError(errno.ENOSPC, "No space left on device"), CmdeskError),  # a full disk
    (RuntimeError("writer crashed"), RuntimeError),
    (KeyboardInterrupt(), KeyboardInterrupt),
])
def test_a_writer_failing_after_n_bytes_leaves_the_old_file_intact(tmp_path, error, raised):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"the old report")
    with pytest.raises(raised):
        files.atomic_write(path, _writer_failing_after(100_000, error))
    assert path.read_bytes() == b"the old report"
    assert os.listdir(tmp_path) == ["report.pdf"]  # no temp file left behind


def test_a_failing_write_leaves_no_file_when_there_was_none(tmp_path):
    with pytest.raises(CmdeskError, match="无法写入"):
        files.atomic_write(tmp_path / "new.pdf",
                           _writer_failing_after(10, OSError(errno.ENOSPC, "No space left")))
    assert os.listdir(tmp_path) == []


def test_a_failing_fsync_never_renames(tmp_path, monkeypatch):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(CmdeskError):
        files.atomic_write(path, lambda handle: handle.write(b"new"))
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CmdeskError, match="文件夹不存在"):
        files.atomic_write(tmp_path / "nowhere" / "report.pdf", lambda handle: handle.write(b"x"))
