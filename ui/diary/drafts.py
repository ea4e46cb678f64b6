"""Unsaved diary entries kept on disk so they are never lost: one JSON file per form in
the data folder's drafts/ ("diary-new.json" or "diary-<entry id>.json"), written
atomically (temp file in the same folder + os.replace) so a crash never leaves half a draft.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class DraftFile:
    """The draft of one entry form: `write(state)`, `read()`, `discard()`."""

    def __init__(self, folder: Path, entry_id: str | None):
        self.path = folder / f"diary-{entry_id or 'new'}.json"

    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".diary-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(state, stream, ensure_ascii=False, default=str)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise

    def read(self) -> dict[str, Any] | None:
        """The stored state, or None when there is none or it cannot be read."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
