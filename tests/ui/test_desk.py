"""The desk the widgets share: its copy of the manager's profile is read again on the
database thread after a profile change, and only then."""
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
