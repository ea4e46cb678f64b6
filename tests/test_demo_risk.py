"""Demo risk watch: borrowers with credit lines and loans, two-person checks linked to
diary entries, some checks overdue and loans maturing soon, a few warning signals; the
same for the same seed."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cmdesk.demo import generate_demo
from cmdesk.demo.risk import generate_risk
from cmdesk.models import Client
from cmdesk.services import risk

TODAY = date(2026, 11, 20)


def _made(db) -> tuple[int, list]:
    generate_demo(db, clients=60, seed=3, today=TODAY, diary=False)
    with db.session() as session:
        ids = list(session.scalars(select(Client.id).order_by(Client.created_at, Client.name)))
    return generate_risk(db, ids, seed=3, today=TODAY, actor="演示经理"), ids


def test_demo_covers_the_risk_watch(db):
    loans, _ids = _made(db)
    with db.session() as session:
        ledger = risk.list_loans(session)
        checks = risk.list_checks(session)
        signals = risk.list_signals(session)
        due = risk.checks_due(session, TODAY)
        maturing = risk.maturities_due(session, TODAY)
        watched = risk.watch_list(session)
    assert loans == len(ledger) > 5
    assert {loan.classification for loan in ledger} >= {"正常", "关注"}
    assert checks and all(c.checker != c.second_checker and c.entry_id for c in checks)
    assert signals and any(s.is_open for s in signals)
    assert any(line.days_overdue > 0 for line in due) and maturing and watched


def test_demo_risk_is_deterministic(tmp_path, db):
    from cmdesk.storage.desk import open_desk

    _made(db)
    other = open_desk(tmp_path / "other", no_encryption=True)
    _made(other.db)
    with db.session() as one, other.db.session() as two:
        first = [(l.contract_no, l.balance, l.maturity_date) for l in risk.list_loans(one)]
        second = [(l.contract_no, l.balance, l.maturity_date) for l in risk.list_loans(two)]
    other.close()
    assert first == second
