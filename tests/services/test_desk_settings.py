"""The desk's own settings: the profile read in a session of its own, and the idle time
after which the desk locks itself (0 = never; refused in words outside 0–240 minutes)."""
from __future__ import annotations

import pytest

from cmdesk.errors import ValidationError
from cmdesk.services.settings import (
    DEFAULT_LOCK_IDLE_MINUTES,
    MAX_LOCK_IDLE_MINUTES,
    lock_idle_minutes,
    read_profile,
    save_lock_idle_minutes,
)
from tests.conftest import TEST_PROFILE


def test_the_profile_is_read_in_a_session_of_its_own(db):
    assert read_profile(db) == TEST_PROFILE


@pytest.mark.parametrize("minutes", [0, 1, MAX_LOCK_IDLE_MINUTES])
def test_the_idle_time_is_stored(db, minutes):
    with db.session() as session:
        assert lock_idle_minutes(session) == DEFAULT_LOCK_IDLE_MINUTES
    with db.transaction() as session:
        save_lock_idle_minutes(session, minutes)
    with db.session() as session:
        assert lock_idle_minutes(session) == minutes


@pytest.mark.parametrize("minutes", [-1, MAX_LOCK_IDLE_MINUTES + 1, 2.5, "10"])
def test_an_idle_time_out_of_range_is_refused_in_words(db, minutes):
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        save_lock_idle_minutes(session, minutes)
    problem = refused.value.problems[0]
    assert problem.label == "自动锁定时间" and "0 到 240" in problem.message
    with db.session() as session:
        assert lock_idle_minutes(session) == DEFAULT_LOCK_IDLE_MINUTES
