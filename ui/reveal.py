"""Masked identifiers on screen, and revealing one as an explicit, recorded action.

Forms and tables show a client's mobile number, ID number, credit code or account masked
(cmdesk.domain.identifiers: 138****5678, first and last character, first 6 + last 4).
The field editor (ui.widgets.field_editor) puts a 显示 button beside such a field and the
section tables (ui.clients.section_panel) a 显示 context action on such a cell; either
shows the whole value, lets it be edited, and writes a `view_unmasked` line into the
audit trail (cmdesk.storage.audit: who, when, which client and which field — never the value),
written on the desk's database thread (ui.ops).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cmdesk.domain.identifiers import mask_account, mask_id, mask_phone
from cmdesk.storage import audit
from ui import ops
from ui.ops import Changes

# Field kinds (cmdesk.domain.client_fields.FieldSpec.kind) shown masked until revealed.
MASKS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone, "id_number": mask_id, "credit_code": mask_id, "account": mask_account,
}


def masked(kind: str, text: str) -> str:
    """`text` (of a field of `kind`) as shown before it is revealed."""
    return MASKS[kind](text) if text and kind in MASKS else text


def record_reveal(desk: Any, client_id: str | None, field: str, label: str,
                  subject: str = "") -> None:
    """Write the unmasked view of one identifier into the audit trail (the client file's
    history), in the background."""
    summary = f"查看完整的{label}" + (f"：{subject}" if subject else "")

    def record(session: Any) -> None:
        audit.record_event(session, audit.VIEW_UNMASKED, summary, entity="clients",
                           entity_id=client_id or "", client_id=client_id, field=field)

    # an audit line only: no list changes (the file's history shows it when next read)
    ops.write(desk, record, Changes.of((), client_id))
