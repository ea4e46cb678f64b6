"""Waiting for background work in UI tests. Every wait is patient (30 s: a loaded CI
machine can stall for seconds; a wait that succeeds returns as soon as it does), and a
wait for the desk's database thread names, on a timeout, the operations still pending."""
from __future__ import annotations

from pytestqt.exceptions import TimeoutError as QtTimeoutError
from pytestqt.qtbot import QtBot

PATIENT_MS = 30_000


def make_waits_patient(monkeypatch) -> None:
    """qtbot.waitUntil / waitSignal / waitSignals default to PATIENT_MS instead of 5 s."""
    for name in ("waitUntil", "waitSignal", "waitSignals"):
        original = getattr(QtBot, name)

        def patient(self, *args, _original=original, timeout: int = PATIENT_MS, **kwargs):
            return _original(self, *args, timeout=timeout, **kwargs)

        monkeypatch.setattr(QtBot, name, patient)


def wait_for_ops(qtbot, desk, timeout: int = PATIENT_MS) -> None:
    """Until every operation asked of `desk` has been delivered (done/failed ran)."""
    try:
        qtbot.waitUntil(desk.ops.is_idle, timeout=timeout)
    except QtTimeoutError:
        raise AssertionError(f"the database thread is still busy after {timeout} ms: "
                             f"{', '.join(desk.ops.pending())}") from None
