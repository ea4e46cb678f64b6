"""Statuses and kinds as StrEnums: stored values unchanged (the database and packages
hold them), labels as before, and the rules the services and the UI share."""
from __future__ import annotations

from datetime import date

import pytest

from cmdesk.domain import client_fields as cf
from cmdesk.domain import development_fields as dev
from cmdesk.domain import diary_fields as df
from cmdesk.domain import plan_fields as lf
from cmdesk.domain import project_fields as jf
from cmdesk.domain import proposal_fields as pf


@pytest.mark.parametrize(("enum", "stored"), [
    (cf.ClientKind, ["company", "individual"]),
    (cf.ClientStatus, ["prospect", "active", "dormant", "lost"]),
    (cf.LinkKind, ["parent", "subsidiary", "affiliate", "referral"]),
    (df.EntryKind, ["visit", "call", "meeting", "internal", "post_loan", "training", "other"]),
    (df.FollowUpStatus, ["open", "with_department", "resolved", "told_client", "cannot"]),
    (lf.PlanItemStatus, ["planned", "done", "moved", "dropped"]),
    (jf.ProjectStatus, ["draft", "submitted", "approved", "rejected", "closed"]),
    (jf.MilestoneStatus, ["open", "done", "missed"]),
    (dev.DevelopmentPlanStatus, ["active", "won", "dropped"]),
    (dev.DevelopmentMilestoneStatus, ["open", "done", "missed"]),
    (pf.ProposalStatus, ["draft", "submitted", "approved", "rejected", "presented", "accepted",
                         "declined"]),
])
def test_stored_values_are_unchanged(enum, stored):
    assert [member.value for member in enum] == stored
    assert all(enum(value) == value for value in stored)


def test_labels_reach_choices_and_unknown_values_show_as_themselves():
    assert pf.PROPOSAL_STATUSES[1] == ("submitted", "待审批")
    assert df.FollowUpStatus("told_client").label == "已回复客户"
    assert pf.status_label("presented") == "已提交客户"
    assert jf.status_label("no_such_status") == "no_such_status"


def test_follow_up_closed_and_contact_kinds():
    assert {s for s in df.FollowUpStatus if s.closed} == {"told_client", "cannot"}
    assert {k for k in df.EntryKind if k.is_contact} == {"visit", "call", "meeting", "post_loan"}


def test_days_overdue_counts_only_open_follow_ups_past_their_deadline():
    today = date(2026, 11, 20)
    assert df.days_overdue("open", date(2026, 11, 17), today) == 3
    assert df.days_overdue("with_department", date(2026, 11, 21), today) == 0
    assert df.days_overdue("told_client", date(2026, 11, 1), today) == 0
    assert df.days_overdue("open", None, today) == 0
    assert [k for k in df.EntryKind if k.has_visit_report] == ["visit"]


def test_plan_items_needing_a_reason_and_open_items():
    assert {s for s in lf.PlanItemStatus if s.needs_reason} == {"moved", "dropped"}
    assert [s for s in lf.PlanItemStatus if s.open] == ["planned"]


def test_proposal_content_changes_in_draft_and_new_versions_until_approval_or_answer():
    assert [s for s in pf.ProposalStatus if s.editable] == ["draft"]
    new_version = {s for s in pf.ProposalStatus if s.new_version_allowed}
    assert new_version == {"draft", "approved", "rejected", "presented"}
    assert pf.ProposalStatus("draft").can_move_to("presented")
    assert not pf.ProposalStatus("accepted").can_move_to("draft")
    assert not pf.ProposalStatus("draft").can_move_to("no_such_status")
    assert pf.ProposalStatus.REJECTED.action_label == "退回"


def test_project_moves_decisions_and_proposal_text():
    assert jf.ProjectStatus.SUBMITTED.next_statuses == ("approved", "rejected", "draft")
    assert {s for s in jf.ProjectStatus if s.is_decision} == {"approved", "rejected"}
    assert {s for s in jf.ProjectStatus if s.proposal_editable} == {"draft", "rejected"}
    assert not jf.ProjectStatus.CLOSED.next_statuses
    assert [s for s in jf.ProjectStatus if s.ended] == ["closed"]


def test_fields_only_one_kind_of_client_fills():
    assert cf.KIND_ONLY_FIELDS == {"credit_code": "company", "id_number": "individual",
                                   "risk_appetite": "individual"}
