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
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from cmdesk.paths import DataPaths
from cmdesk.services import settings as settings_service
from cmdesk.services.settings import Profile
from cmdesk.storage.db import Database
from ui import ops
from ui.ops import Changes, Kind, OpRunner


class Desk(QObject):
    """Shared state of one running desk, with change notifications."""

    profile_changed = Signal()  # desk.profile was read again after the profile changed
    status_message = Signal(str)  # a short note for the status bar
    changed = Signal(object)  # ui.ops.Changes: what a committed write changed

    def __init__(self, db: Database, paths: DataPaths, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.ops = OpRunner(self, self)
        self.profile: Profile = settings_service.read_profile(db)
        self.changed.connect(self._on_changed)

    @property
    def actor(self) -> str:
        """Who the change log names for changes made at this desk."""
        return self.profile.name

    def announce(self, changes: Changes) -> None:
        """Tell every view what a committed write changed (ui.ops calls this)."""
        self.changed.emit(changes)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.PROFILE,)):
            ops.query(self, settings_service.get_profile, done=self._profile_read, parent=self,
                      key="desk.profile")

    def _profile_read(self, profile: Profile) -> None:
        self.profile = profile
        self.profile_changed.emit()
