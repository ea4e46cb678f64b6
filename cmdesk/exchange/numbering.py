"""The desk's package numbers, kept outside the database so a restore never reuses one.

Restoring a backup rolls the export ledger (exchange_exports) back with the rest of the
database; numbering from the ledger alone would then give the next package a number
head office has already applied, with other content. So the highest number ever given
out and the highest whose file was completely written are also kept in a small file
beside the key file in the data folder (`cmdesk.exports.json`, owner-only), which no
restore touches. The next package is numbered max(ledger, file) + 1 and follows the last
one written; the number is reserved in the file before the package is built, and handed
back only when building or writing it fails in this process (a number lost to a crash
is skipped, never reused: the next package follows the last one written, so head office
sees no gap).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.i18n import translate

COUNTER_FILE = "cmdesk.exports.json"


@dataclass(frozen=True)
class Numbers:
    """The highest package number given out, and the highest completely written."""

    given: int = 0
    written: int = 0


def counter_path(root: Path) -> Path:
    return Path(root) / COUNTER_FILE


def read_numbers(root: Path) -> Numbers:
    """The numbers kept in the data folder (zeros when the file does not exist yet)."""
    path = counter_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        given, written = data["given"], data["written"]
    except FileNotFoundError:
        return Numbers()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CmdeskError(translate("数据包编号文件 {path} 无法读取（已损坏？）：为免重复使用编号，导出已停止。请联系信息技术人员核对后再导出。").format(path=path)) from exc
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (given, written)):
        raise CmdeskError(translate("数据包编号文件 {path} 内容不对：为免重复使用编号，导出已停止。").format(path=path))
    return Numbers(given, written)


def write_numbers(root: Path, numbers: Numbers) -> None:
    text = json.dumps({"given": numbers.given, "written": numbers.written})
    atomic_write(counter_path(root), lambda handle: handle.write(text.encode("utf-8")))
    if os.name == "posix":
        counter_path(root).chmod(0o600)


def next_numbers(root: Path, ledger_last: int) -> tuple[int, int | None]:
    """(the next package's number, the number it follows or None for the first)."""
    kept = read_numbers(root)
    sequence = max(ledger_last, kept.given) + 1
    follows = max(ledger_last, kept.written)
    return sequence, follows or None


def reserve(root: Path, sequence: int) -> Numbers:
    """Record `sequence` as given out before its package is built; returns the numbers
    before, for `give_back`."""
    before = read_numbers(root)
    write_numbers(root, Numbers(max(before.given, sequence), before.written))
    return before


def give_back(root: Path, before: Numbers, sequence: int) -> None:
    """Building or writing package `sequence` failed: its number was never used."""
    if read_numbers(root).given == sequence:
        write_numbers(root, Numbers(before.given, read_numbers(root).written))


def mark_written(root: Path, sequence: int) -> None:
    """Package `sequence` is completely on disk."""
    kept = read_numbers(root)
    write_numbers(root, Numbers(max(kept.given, sequence), max(kept.written, sequence)))
