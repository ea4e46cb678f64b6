"""The one clock of the whole desk: every "today" and "now" the core, the interface and
the reports use comes from here, so the tests can pin it (time-machine) and a date never
hides in a default argument.

- `today()`: the manager's calendar day (local time);
- `now()`: local wall-clock time, naive, for what a manager reads (form defaults, file
  names, printed-at lines);
- `utcnow()`: naive UTC, for what is stored (created_at, updated_at, audit lines).
"""
from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    return date.today()


def now() -> datetime:
    return datetime.now()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def aware_utcnow() -> datetime:
    """The same instant as utcnow(), with its time zone (for ISO stamps that say UTC)."""
    return datetime.now(UTC)
