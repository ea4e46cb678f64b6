"""Any input to a client file either saves and reads back equal, or is refused naming
the field — never a crash, never half-saved."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cmdesk.errors import ValidationError
from cmdesk.models import Client, Contact
from cmdesk.services import clients as svc
from tests.helpers import stored_text

texts = st.one_of(st.text(max_size=300), st.text(alphabet="厦门鹭易王五😀\u200b\x00\n 　", max_size=50))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=texts, notes=st.text(max_size=2000), phone=texts, revenue=texts, contact=texts)
def test_client_saves_equal_or_names_the_field(db, name, notes, phone, revenue, contact):
    draft = svc.ClientDraft(
        fields={"kind": "company", "name": name, "notes": notes, "annual_revenue": revenue},
        contacts=[{"name": contact, "phone": phone}])
    with db.session() as session:
        before = (session.scalar(select(func.count()).select_from(Client)),
                  session.scalar(select(func.count()).select_from(Contact)))
    try:
        with db.transaction() as session:
            client_id = svc.save_client_file(session, draft)
    except ValidationError as error:
        known = {"name", "notes", "annual_revenue", "phone"}
        assert error.problems and all(p.field in known and p.message for p in error.problems)
        with db.session() as session:
            after = (session.scalar(select(func.count()).select_from(Client)),
                     session.scalar(select(func.count()).select_from(Contact)))
        assert after == before
        return
    with db.session() as session:
        client = svc.get_client(session, client_id)
        assert client.name == stored_text(name)
        assert client.notes == stored_text(notes, long=True)
        assert client.contacts[0].name == stored_text(contact)
