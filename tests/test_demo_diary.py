"""The demo's diary: deterministic for a seed, lived-in, and valid by the diary's own rules."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cmdesk.demo import generate_demo
from cmdesk.demo.clients import HISTORY_DAYS
from cmdesk.domain import diary_fields as df
from cmdesk.models import (
    Client,
    DiaryEntry,
    FileHistory,
    FollowUp,
    Product,
    ServiceStatus,
    VisitReport,
)
from cmdesk.services import diary, today
from cmdesk.storage.desk import open_desk

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def demo_db(db):
    generate_demo(db, clients=15, seed=3, today=TODAY)
    return db


def diary_snapshot(db) -> list[tuple]:
    """Everything the demo wrote into the diary, without the random record ids."""
    with db.session() as session:
        names = dict(session.execute(select(Client.id, Client.name)).all())
        rows = []
        for view in diary.entries_between(session, TODAY - timedelta(days=HISTORY_DAYS), TODAY):
            entry, report = view.entry, view.report
            rows.append((entry.entry_date, entry.start_time, entry.kind,
                         names.get(entry.client_id), entry.content, entry.outcome,
                         [p["name"] for p in view.contacts_met],
                         report and (report.discussion, report.important_changes,
                                     [p.code for p in view.products_recommended]),
                         [(f.request, f.status, f.due_date) for f in view.follow_ups]))
    return sorted(rows, key=repr)


def test_the_same_seed_gives_the_same_diary(demo_db, tmp_path):
    other = open_desk(tmp_path / "other")
    try:
        generate_demo(other.db, clients=15, seed=3, today=TODAY)
        assert diary_snapshot(other.db) == diary_snapshot(demo_db)
    finally:
        other.close()
    different = open_desk(tmp_path / "different")
    try:
        generate_demo(different.db, clients=15, seed=4, today=TODAY)
        assert diary_snapshot(different.db) != diary_snapshot(demo_db)
    finally:
        different.close()


def test_entries_reports_and_follow_ups_fill_two_years_up_to_today(demo_db):
    with demo_db.session() as session:
        entries = list(session.scalars(select(DiaryEntry)))
        reports = list(session.scalars(select(VisitReport)))
        follow_ups = list(session.scalars(select(FollowUp)))
        created = dict(session.execute(select(Client.id, Client.created_at)).all())
        borrowers = set(session.scalars(
            select(ServiceStatus.client_id).join(Product, Product.id == ServiceStatus.product_id)
            .where(ServiceStatus.adopted.is_(True), Product.category.startswith("资产"))))
        view = today.today_view(session, TODAY)
    kinds = {e.kind for e in entries}
    assert {"visit", "call", "meeting", "post_loan", "internal"} <= kinds
    assert all(TODAY - timedelta(days=HISTORY_DAYS) <= e.entry_date <= TODAY for e in entries)
    assert all(e.entry_date >= created[e.client_id].date() for e in entries if e.client_id)
    assert all(e.client_id is None for e in entries if e.kind in ("internal", "training"))
    assert all(e.client_id in borrowers for e in entries if e.kind == "post_loan")
    visits = [e for e in entries if e.kind == "visit"]
    assert 0.15 < len(reports) / len(visits) < 0.5
    assert any(r.important_change_flag for r in reports)
    assert any(json.loads(r.client_participants) for r in reports)
    closed = [f for f in follow_ups if f.status in df.CLOSED_STATUSES]
    assert len(closed) > len(follow_ups) / 2
    assert all(f.result and f.told_client_on and f.closed_at for f in closed)
    assert any(f.status not in df.CLOSED_STATUSES and f.due_date < TODAY for f in follow_ups)
    # the Today view has a line in every list
    assert view.entries and view.contacts_due and view.follow_ups
    assert view.important_changes and view.birthdays


def test_every_generated_entry_is_valid_for_the_diary_service(demo_db):
    with demo_db.session() as session:
        ids = list(session.scalars(select(DiaryEntry.id)))
        drafts = {}
        for entry_id in ids:
            view = diary.get_entry(session, entry_id)
            report = view.report
            drafts[entry_id] = diary.EntryDraft(
                fields={spec.key: getattr(view.entry, spec.key) for spec in df.ENTRY.fields},
                contacts_met=view.contacts_met,
                visit_report=None if report is None else {
                    **{spec.key: getattr(report, spec.key) for spec in df.VISIT_REPORT.fields},
                    "client_participants": view.client_participants,
                    "products_recommended": [p.id for p in view.products_recommended]},
                follow_ups=[{"id": f.id, **{spec.key: getattr(f, spec.key)
                                            for spec in df.FOLLOW_UP.fields}}
                            for f in view.follow_ups])
    assert len(drafts) > 200
    with demo_db.session() as session:
        updates_before = session.scalar(select(func.count()).select_from(FileHistory).where(
            FileHistory.action == "update"))
    with demo_db.transaction("测试经理") as session:
        for entry_id, draft in drafts.items():
            assert diary.save_entry(session, draft, entry_id) == entry_id
    # and the service stores them exactly as generated: re-saving changes nothing
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(FileHistory).where(
            FileHistory.action == "update")) == updates_before


def cli(data_dir, capsys, *args: str) -> tuple[int, str, str]:
    from cmdesk import cli as command_line

    status = command_line.run(command_line.build_parser().parse_args(
        ["--data-dir", str(data_dir), *args]))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_json_of_diary_follow_ups_and_today(demo_db, data_dir, capsys):
    status, out, _ = cli(data_dir, capsys, "diary", "list", "--from", "2026-11-16", "--to",
                         "2026-11-20", "--json")
    entries = json.loads(out)
    assert status == 0 and entries
    assert {"id", "date", "time", "kind", "kind_label", "client_id", "client", "contacts_met",
            "content", "outcome", "next_step", "has_visit_report", "follow_ups"} <= set(entries[0])
    assert all("2026-11-16" <= e["date"] <= "2026-11-20" for e in entries)
    client_id = next(e["client_id"] for e in entries if e["client_id"])
    _, out, _ = cli(data_dir, capsys, "diary", "list", "--from", "2024-01-01", "--to", "2026-11-20",
                    "--client", client_id, "--json")
    assert {e["client_id"] for e in json.loads(out)} == {client_id}

    status, out, _ = cli(data_dir, capsys, "followups", "list", "--open", "--json")
    items = json.loads(out)
    assert status == 0 and items
    assert {"id", "client_id", "client", "entry_id", "request", "department", "chaser",
            "due_date", "status", "status_label", "overdue", "result",
            "told_client_on"} <= set(items[0])
    assert not {i["status"] for i in items} & df.CLOSED_STATUSES
    _, out, _ = cli(data_dir, capsys, "followups", "list", "--status", "已回复客户", "--json")
    assert {i["status"] for i in json.loads(out)} == {"told_client"}
    status, _, err = cli(data_dir, capsys, "followups", "list", "--status", "乱写")
    assert status == 1 and "不是督办状态" in err

    status, out, _ = cli(data_dir, capsys, "today", "--date", "2026-11-20", "--json")
    view = json.loads(out)
    assert status == 0 and view["today"] == "2026-11-20"
    assert {"item_id", "client_id", "subject", "purpose_label", "planned_date",
            "done"} <= set(view["plan_items"][0])
    assert {"entry_id", "client_id", "kind", "content"} <= set(view["entries"][0])
    assert {"client_id", "client_name", "tier", "last_contact", "due",
            "days_overdue"} <= set(view["contacts_due"][0])
    assert {"follow_up_id", "client_id", "due_date", "days_overdue"} <= set(view["follow_ups"][0])
    assert {"report_id", "entry_id", "client_id", "entry_date",
            "important_changes"} <= set(view["important_changes"][0])
    assert {"contact_id", "client_id", "contact_name", "on", "age"} <= set(view["birthdays"][0])
