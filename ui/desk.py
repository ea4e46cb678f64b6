"""The open desk as the widgets see it: database, data folder, the manager's profile,
and the signals that tell views to refresh after a change made elsewhere.

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

from PySide6.QtCore import QObject, Signal, SignalInstance

from cmdesk.paths import DataPaths
from cmdesk.services import settings as settings_service
from cmdesk.services.settings import Profile
from cmdesk.storage.db import Database
from ui import ops
from ui.ops import Changes, Kind, OpRunner


class Desk(QObject):
    """Shared state of one running desk, with change notifications."""

    profile_changed = Signal()  # desk.profile was read again after the profile changed
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
        self.profile: Profile = settings_service.read_profile(db)
        self.changed.connect(self._on_changed)
        self._announcing = False
        for kind, signal in self._legacy_signals():
            signal.connect(lambda kind=kind: self._legacy_emitted(kind))

    @property
    def actor(self) -> str:
        """Who the change log names for changes made at this desk."""
        return self.profile.name

    def announce(self, changes: Changes) -> None:
        """Tell every view what a committed write changed (ui.ops calls this)."""
        self._announcing = True
        try:
            self.changed.emit(changes)
            for kind, signal in self._legacy_signals():
                if changes.touches((kind,)):
                    signal.emit()
        finally:
            self._announcing = False

    def _legacy_signals(self) -> tuple[tuple[Kind, SignalInstance], ...]:
        return ((Kind.SETTINGS, self.tiers_changed),
                (Kind.CLIENTS, self.clients_changed), (Kind.DIARY, self.diary_changed),
                (Kind.PROJECTS, self.projects_changed), (Kind.PROPOSALS, self.proposals_changed))

    def _legacy_emitted(self, kind: Kind) -> None:
        """A view that still saves by itself and emits a legacy signal has changed `kind`:
        views that follow `changed` hear of it too (goes with the legacy signals)."""
        if not self._announcing:
            self.changed.emit(Changes.of(kind))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.PROFILE,)):
            ops.query(self, settings_service.get_profile, done=self._profile_read, parent=self,
                      key="desk.profile")

    def _profile_read(self, profile: Profile) -> None:
        self.profile = profile
        self.profile_changed.emit()
