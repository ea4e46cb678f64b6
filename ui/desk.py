"""The open desk as the widgets see it: database, data folder, the manager's profile,
and the signals that tell views to refresh after a change made elsewhere.

One Desk object is made by ui.app and handed to every view; views never open the
database themselves: they read and write through the operation layer (`ui.ops`),
which runs the work on the desk's database thread (`desk.ops`) and announces what
changed (`desk.changed`) after each write commits.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from cmdesk.paths import DataPaths
from cmdesk.services import settings as settings_service
from cmdesk.services.settings import Profile
from cmdesk.storage.db import Database
from ui.ops import Changes, Kind, OpRunner


class Desk(QObject):
    """Shared state of one running desk, with change notifications."""

    profile_changed = Signal()
    tiers_changed = Signal()
    clients_changed = Signal()  # a client file was created, saved, archived or imported
    diary_changed = Signal()  # a diary entry, visit report or follow-up was saved or deleted
    projects_changed = Signal()  # a large-client project (立项) was saved, moved or deleted
    proposals_changed = Signal()  # a proposal (服务方案) was saved, versioned or moved; or the catalogue replaced
    status_message = Signal(str)  # a short note for the status bar
    changed = Signal(object)  # ui.ops.Changes: what a committed write changed

    def __init__(self, db: Database, paths: DataPaths, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.ops = OpRunner(self, self)
        self.profile = Profile()
        self.reload_profile()

    @property
    def actor(self) -> str:
        """Who the change log names for changes made at this desk."""
        return self.profile.name

    def announce(self, changes: Changes) -> None:
        """Tell every view what a committed write changed (ui.ops calls this)."""
        self.changed.emit(changes)
        legacy = ((Kind.PROFILE, self.profile_changed), (Kind.SETTINGS, self.tiers_changed),
                  (Kind.CLIENTS, self.clients_changed), (Kind.DIARY, self.diary_changed),
                  (Kind.PROJECTS, self.projects_changed), (Kind.PROPOSALS, self.proposals_changed))
        for kind, signal in legacy:
            if changes.touches((kind,)):
                signal.emit()

    def reload_profile(self) -> Profile:
        with self.db.session() as session:
            self.profile = settings_service.get_profile(session)
        return self.profile

    def tiers(self) -> tuple[str, ...]:
        with self.db.session() as session:
            return settings_service.get_tiers(session)
