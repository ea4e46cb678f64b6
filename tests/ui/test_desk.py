"""The desk the widgets share: its copy of the manager's profile is read again on the
database thread after a profile change, and a legacy signal still emitted by a view that
saves by itself reaches the views that follow `desk.changed`, once."""
from __future__ import annotations

from dataclasses import replace

from cmdesk.services.settings import save_profile
from tests.ui.conftest import PROFILE
from ui import ops
from ui.ops import Changes, Kind


def test_the_profile_is_read_again_after_it_changed(qtbot, qdesk, wait_ops):
    assert qdesk.profile == PROFILE and qdesk.actor == PROFILE.name
    renamed = replace(PROFILE, name="李娜")
    with qtbot.waitSignal(qdesk.profile_changed):
        ops.write(qdesk, lambda session: save_profile(session, renamed), Changes.of(Kind.PROFILE))
    assert qdesk.profile == renamed and qdesk.actor == "李娜"
    changed_twice: list[bool] = []
    qdesk.profile_changed.connect(lambda: changed_twice.append(True))
    ops.write(qdesk, lambda session: None, Changes.of(Kind.CLIENTS))
    wait_ops()
    assert changed_twice == []  # other changes leave the profile alone


def test_a_legacy_signal_is_announced_once(qtbot, qdesk, wait_ops):
    heard: list[Changes] = []
    qdesk.changed.connect(heard.append)
    qdesk.projects_changed.emit()  # a view that still saves by itself
    assert heard == [Changes.of(Kind.PROJECTS)]
    heard.clear()
    projects_heard: list[bool] = []
    qdesk.projects_changed.connect(lambda: projects_heard.append(True))
    ops.write(qdesk, lambda session: None, Changes.of(Kind.PROJECTS, "p1"))
    wait_ops()
    assert heard == [Changes.of(Kind.PROJECTS, "p1")] and projects_heard == [True]
