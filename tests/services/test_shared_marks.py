"""The client list's 共同服务 marks (services.shared_clients.shared_marks): one per own file
of a client served together, saying 协办 with the lead named, 主办, or that head office
has not set a lead yet; a shared client with no file here, and a tombstoned one, give none."""
from __future__ import annotations

import json
from datetime import datetime
from uuid import uuid4

from cmdesk.models import Client
from cmdesk.services.shared_clients import SharedMark, apply_shared, shared_marks

NOW = datetime(2026, 12, 3, 2, 0)
SERVERS = json.dumps([{"id": "E1024", "name": "张明"}, {"id": "W001", "name": "王芳"}], ensure_ascii=False)


def _shared(code: str, lead_id: str, lead_name: str) -> dict:
    return {"id": str(uuid4()), "created_at": NOW, "updated_at": NOW, "revision": 1, "deleted_at": None,
            "manager_id": "E1024", "code": code, "client_id": None, "lead_id": lead_id,
            "lead_name": lead_name, "servers": SERVERS, "client_name": "", "as_of": NOW}


def test_each_shared_file_gets_its_mark_and_nothing_else(db):
    with db.transaction() as session:
        files = {}
        for name, code in (("甲公司", "91310115630123450N"), ("乙公司", "91350100M000100Y43"),
                           ("丙公司", "913502001234567890"), ("丁公司", "")):
            client = Client(kind="company", name=name, credit_code=code or None, tier="核心")
            session.add(client)
            session.flush()
            files[name] = client.id
        apply_shared(session, {"shared_clients": [
            _shared("91310115630123450N", "W001", "王芳"),  # 王芳 leads, 张明 co-serves
            _shared("91350100M000100Y43", "E1024", "张明"),  # 张明 leads
            _shared("913502001234567890", "", ""),  # no lead yet
            _shared("91350200999999999X", "W001", "王芳"),  # no file here
        ]})
    with db.session() as session:
        marks = shared_marks(session)
    assert dict(marks) == {
        files["甲公司"]: SharedMark("协办", "协办 · 主办：王芳（W001）"),
        files["乙公司"]: SharedMark("主办", "主办"),
        files["丙公司"]: SharedMark("共同服务", "共同服务，未定主办"),
    }
    # a package that no longer carries them leaves no mark
    with db.transaction() as session:
        apply_shared(session, {"shared_clients": []})
    with db.session() as session:
        assert not shared_marks(session)
