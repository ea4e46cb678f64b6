"""The open desk as the widgets see it: database, data folder, the manager's profile,
and the one signal that tells views what a committed write changed (`changed`).

One Desk object is made by ui.app and handed to every view; views never open the
database themselves: they read and write through the operation layer (`ui.ops`),
which runs the work on the desk's database thread (`desk.ops`) and announces what
changed (`desk.changed`) after each write commits.

The desk keeps a copy of the manager's profile (`desk.profile`: the name the change log
records, the owner printouts carry). It is read once as the desk opens and again, on the
database thread, after any change of the profile; `profile_changed` says the copy was
replaced.

A desk may exist before its database is open (`Desk(None, paths)` then `open_in_background`):
the open is the database thread's first job, so every read and write asked meanwhile waits
behind it, and the window shows (and takes typing) while SQLAlchemy and the models load.
This module loads neither: the core's services are imported where they run.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cmdesk.paths import DataPaths
from ui import ops
from ui.ops import Changes, Kind, OpRunner
from ui.worker import Worker

if TYPE_CHECKING:
    from cmdesk.services.settings import Profile
    from cmdesk.storage.db import Database


class Desk(QObject):
    """Shared state of one running desk, with change notifications."""

    profile_changed = Signal()  # desk.profile was read again after the profile changed
    status_message = Signal(str)  # a short note for the status bar
    changed = Signal(object)  # ui.ops.Changes: what a committed write changed
    opened = Signal(object)  # open_in_background: the core desk (cmdesk.storage.desk.Desk)
    open_failed = Signal(object)  # open_in_background: the error

    def __init__(self, db: Database | None, paths: DataPaths, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.ops = OpRunner(self, self)
        self.profile: Profile | None = None  # None until the database is open
        if db is not None:
            from cmdesk.services.settings import read_profile

            self.profile = read_profile(db)
        self._opening: Worker | None = None
        self.changed.connect(self._on_changed)

    @property
    def actor(self) -> str:
        """Who the change log names for changes made at this desk."""
        return self.profile.name if self.profile is not None else ""

    def open_in_background(self, open_desk: Callable[[], Any]) -> None:
        """Open the database on the desk's database thread, as its first job: `open_desk()`
        returns the core desk; then the profile is read. `opened` (the core desk) or
        `open_failed` (the error) follows on the GUI thread."""
        def open_and_read(_progress: Any) -> Any:
            core = open_desk()
            from cmdesk.services.settings import read_profile  # loaded by open_desk

            self.profile = read_profile(core.db)
            self.db = core.db  # the jobs queued behind this one read it as they start
            return core

        self._opening = Worker(open_and_read)
        self._opening.signals.finished.connect(self._on_opened)
        self._opening.signals.failed.connect(self._on_open_failed)
        self.ops.pool.start(self._opening)

    def _on_opened(self, core: Any) -> None:
        self._opening = None
        self.profile_changed.emit()
        self.opened.emit(core)

    def _on_open_failed(self, exc: BaseException) -> None:
        self._opening = None
        self.open_failed.emit(exc)

    def announce(self, changes: Changes) -> None:
        """Tell every view what a committed write changed (ui.ops calls this)."""
        self.changed.emit(changes)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.PROFILE,)):
            ops.query(self, _stored_profile, done=self._profile_read, parent=self,
                      key="desk.profile")

    def _profile_read(self, profile: Profile) -> None:
        self.profile = profile
        self.profile_changed.emit()


def _stored_profile(session: Any) -> Profile:
    from cmdesk.services.settings import get_profile

    return get_profile(session)
